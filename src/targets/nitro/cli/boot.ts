import { EnclaveBuildError } from '../../../errors.js'
import type { CliIO } from '../../../cli/io.js'
import { trimCmdline } from '../pcr.js'
import { BOOTSTRAP_REFERENCE_MTIME, bootstrapRamdisk } from '../ramdisk.js'
import { readInput } from './common.js'

// The boot inputs `nitro build` and `nitro pcr1` share: kernel, command
// line and the bootstrap ramdisk made from AWS's blobs. PCR1 covers exactly
// these, so both subcommands must read them the same way: one definition.

/** The flags of the kernel and its command line (build and pcr1). */
export const kernelOptions = {
  kernel: {
    type: 'string',
    arg: 'FILE',
    file: 'kernel',
    required: true,
    help: 'Enclave kernel (bzImage on x86_64, Image on aarch64).'
  },
  cmdline: {
    type: 'string',
    arg: 'TEXT',
    help: 'Kernel command line (trimmed like nitro-cli).'
  },
  'cmdline-file': {
    type: 'string',
    arg: 'FILE',
    file: 'cmdline',
    help: "The command line from a file (AWS's blobs/<arch>/cmdline), read as nitro-cli does."
  }
} as const

/** The flags that make the bootstrap ramdisk from AWS's blobs (build and pcr1). */
export const bootstrapOptions = {
  init: {
    type: 'string',
    arg: 'FILE',
    file: 'blob',
    help: "AWS's enclave init (blobs/<arch>/init): with --nsm, the bootstrap ramdisk is made and goes first."
  },
  nsm: {
    type: 'string',
    arg: 'FILE',
    file: 'blob',
    help: 'The NSM driver nsm.ko (blobs/<arch>/nsm.ko); goes with --init.'
  },
  'bootstrap-layout': {
    type: 'string',
    default: 'linuxkit',
    arg: 'linuxkit|reference',
    help: "How the bootstrap ramdisk is archived: as nitro-cli's linuxkit does, or our canonical cpio (mtime 1), as the action's nitro-bootstrap-layout."
  }
} as const

/** The kernel command line from --cmdline or --cmdline-file (exactly one), trimmed. */
export async function cmdlineOf(
  io: CliIO,
  text: string | undefined,
  file: string | undefined
): Promise<string> {
  if ((text === undefined) === (file === undefined))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give the kernel command line: --cmdline TEXT or --cmdline-file FILE (one of them)'
    )
  if (text !== undefined) return trimCmdline(text)
  const bytes = await readInput(io, file as string, 'cmdline file')
  let decoded: string
  try {
    // nitro-cli reads the blob with read_to_string: it must be UTF-8.
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the cmdline file ${file as string} is not UTF-8 text`
    )
  }
  return trimCmdline(decoded)
}

/** The bootstrap ramdisk from --init and --nsm, or undefined when neither is given. */
export async function bootstrapOf(
  io: CliIO,
  v: { init?: string; nsm?: string; 'bootstrap-layout': string }
): Promise<Uint8Array | undefined> {
  if (v.init === undefined && v.nsm === undefined) return undefined
  if (v.init === undefined || v.nsm === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--init and --nsm go together: the bootstrap ramdisk holds both'
    )
  const layout = v['bootstrap-layout']
  if (layout !== 'linuxkit' && layout !== 'reference')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--bootstrap-layout must be linuxkit or reference'
    )
  const [init, nsm] = await Promise.all([
    readInput(io, v.init, 'init'),
    readInput(io, v.nsm, 'nsm.ko')
  ])
  // The same ramdisk the action's target makes from the same blobs.
  return bootstrapRamdisk({
    init,
    nsm,
    layout,
    mtime: BOOTSTRAP_REFERENCE_MTIME
  })
}
