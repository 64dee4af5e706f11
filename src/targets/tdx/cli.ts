// Why this file is long: dstack-mr's flags, the image metadata.json and every check of them in one module, so that all problems are reported at once and `tdx measure` loads as one small chunk (the measuring is in measure.ts).
import { cmdlineTextProblem } from '../../util/text.js'
import { readInputFileSync } from '../../util/fs.js'
import { INPUT_LIMITS, limitOf } from '../../util/limits.js'
import { EnclaveBuildError } from '../../errors.js'
import { parse } from '../../cli/args.js'
import { printJson, type Command } from '../../cli/io.js'
import { readInputSoon } from '../cvm/files.js'
import type { TdxMeasurements } from './measure.js'

// Only light modules above: `tdx measure` must start in tens of milliseconds.

const bad = (message: string): EnclaveBuildError =>
  new EnclaveBuildError('INPUT_INVALID', message)

const options = {
  bios: {
    type: 'string',
    arg: 'FILE',
    file: 'firmware',
    help: 'The TDVF/OVMF firmware (-bios); overrides metadata.json.'
  },
  firmware: {
    type: 'string',
    arg: 'FILE',
    file: 'firmware',
    help: 'Same as --bios.'
  },
  kernel: {
    type: 'string',
    arg: 'FILE',
    file: 'kernel',
    help: 'The bzImage booted directly (-kernel); with --initrd, gives RTMR1 and RTMR2.'
  },
  initrd: {
    type: 'string',
    arg: 'FILE',
    file: 'initrd',
    help: 'The initrd (-initrd).'
  },
  cmdline: {
    type: 'string',
    arg: 'TEXT',
    help: 'The kernel command line (-append), byte for byte.'
  },
  append: { type: 'string', arg: 'TEXT', help: 'Same as --cmdline.' },
  cpu: {
    type: 'string',
    short: 'c',
    default: '1',
    arg: 'N',
    help: "vCPUs, as dstack-mr's -c (only the ACPI tables depend on it)."
  },
  memory: {
    type: 'string',
    short: 'm',
    default: '2G',
    arg: 'SIZE',
    help: 'Guest RAM (-m), e.g. 2G or 0x80000000.'
  },
  'two-pass-add-pages': {
    type: 'string',
    arg: 'true|false',
    help: 'Page-add order of MRTD (default: from --qemu-version).'
  },
  'qemu-version': {
    type: 'string',
    arg: 'X.Y.Z',
    help: 'Host QEMU version (default 9.1.0); 8.x adds pages in two passes.'
  },
  'acpi-tables': {
    type: 'string',
    arg: 'FILE',
    file: 'acpi',
    help: "QEMU's etc/acpi/tables blob; with --acpi-rsdp and --acpi-loader, RTMR0 is computed."
  },
  'acpi-rsdp': {
    type: 'string',
    arg: 'FILE',
    file: 'acpi',
    help: "QEMU's etc/acpi/rsdp blob."
  },
  'acpi-loader': {
    type: 'string',
    arg: 'FILE',
    file: 'acpi',
    help: "QEMU's etc/table-loader blob."
  },
  'gce-shape': {
    type: 'string',
    arg: 'SHAPE',
    help: 'Only the MRTD Google Compute Engine gives this C3 shape (c3-standard-4 ... 176).'
  },
  json: {
    type: 'boolean',
    help: 'Print {"mrtd", "rtmr0", "rtmr1", "rtmr2"} as dstack-mr --json does.'
  }
} as const

/** dstack-mr's options that only change the ACPI tables QEMU generates: here those are inputs. */
const ACPI_ONLY = [
  'pic',
  'smm',
  'pci-hole64-size',
  'hugepages',
  'num-gpus',
  'num-nvswitches',
  'num-nics',
  'num-verity-volumes',
  'swtpm',
  'hotplug-off',
  'root-verity'
]

/** dstack's image metadata.json: paths relative to its folder. */
interface ImageInfo {
  bios: string
  kernel: string
  initrd: string
  cmdline: string
}

function readMetadata(path: string): ImageInfo {
  // a regular file within the JSON limit, with the coded file errors
  const text = readInputFileSync(path, 'image metadata', {
    maxBytes: INPUT_LIMITS.json
  }).toString('utf8')
  let info: Partial<ImageInfo>
  try {
    info = JSON.parse(text) as Partial<ImageInfo>
  } catch (err) {
    throw bad(`cannot read image metadata ${path}: ${(err as Error).message}`)
  }
  const dir = process.getBuiltinModule('node:path').dirname(path)
  const join = (p: unknown, key: string): string => {
    if (typeof p !== 'string' || p === '') throw bad(`${path} has no "${key}"`)
    return process.getBuiltinModule('node:path').join(dir, p)
  }
  return {
    bios: join(info.bios, 'bios'),
    kernel: join(info.kernel, 'kernel'),
    initrd: join(info.initrd, 'initrd'),
    // dstack-mr appends what OVMF's loader adds for the initrd it was given.
    cmdline: `${typeof info.cmdline === 'string' ? info.cmdline : ''} initrd=initrd`
  }
}

function bool(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw bad(`${flag} takes true or false`)
}

/**
 * `tdx measure [METADATA.json]`: MRTD and RTMR0-2 of a QEMU direct-boot TD
 * with dstack-mr's flags, or with --gce-shape the MRTD Google's hypervisor
 * gives that C3 shape. JSON as dstack-mr's: {"mrtd", "rtmr0", "rtmr1", "rtmr2"}.
 */
export const tdxMeasure: Command = async (args, io) => {
  for (const a of args)
    if (ACPI_ONLY.includes(a.replace(/^--/, '').split('=')[0]))
      throw bad(
        `${a.split('=')[0]} only changes the ACPI tables QEMU builds; pass the tables that QEMU produced with --acpi-tables, --acpi-rsdp and --acpi-loader instead`
      )
  const { values: v, positionals } = parse(args, options, {
    positionals: '[METADATA.json]',
    positionalFiles: ['json'],
    about:
      "METADATA.json is a dstack image's metadata.json (bios, kernel, initrd, cmdline beside it)."
  })
  if (positionals.length > 1) throw bad('at most one metadata.json')
  const meta =
    positionals.length === 1 ? readMetadata(positionals[0]) : undefined
  // Every problem of the flags is reported at once (docs/failure.md).
  const problems: string[] = []
  const checked = <T>(work: () => T): T | undefined => {
    try {
      return work()
    } catch (err) {
      if (!(err instanceof EnclaveBuildError) || err.code !== 'INPUT_INVALID')
        throw err
      problems.push(err.message)
      return undefined
    }
  }
  const fwPath = v.bios ?? v.firmware ?? meta?.bios
  if (fwPath === undefined)
    problems.push('--bios FIRMWARE (or a metadata.json) is required')
  const kernelPath = v.kernel ?? meta?.kernel
  const initrdPath = v.initrd ?? meta?.initrd
  if (initrdPath && !kernelPath) problems.push('--initrd needs --kernel')
  if (kernelPath && !initrdPath) problems.push('--kernel needs --initrd')
  const acpiPaths = [v['acpi-loader'], v['acpi-rsdp'], v['acpi-tables']]
  const nAcpi = acpiPaths.filter((p) => p !== undefined).length
  if (nAcpi !== 0 && nAcpi !== 3)
    problems.push(
      'RTMR0 needs all three of --acpi-tables, --acpi-rsdp and --acpi-loader'
    )
  // reads start now and finish on other threads while the checks run and
  // the measuring code loads; their errors wait until they are awaited
  const firmwareSoon =
    fwPath === undefined
      ? undefined
      : readInputSoon(fwPath, '--bios', limitOf('firmware'))
  const kernelSoon = kernelPath
    ? readInputSoon(kernelPath, '--kernel', limitOf('kernel'))
    : undefined
  const initrdSoon = initrdPath
    ? readInputSoon(initrdPath, '--initrd', limitOf('initrd'))
    : undefined
  const acpiSoon =
    nAcpi === 3
      ? acpiPaths.map((p) =>
          readInputSoon(p as string, 'ACPI file', limitOf('acpi'))
        )
      : undefined
  if (v['gce-shape'] !== undefined && (kernelPath || nAcpi))
    problems.push(
      '--gce-shape gives the MRTD only: drop --kernel and the ACPI flags'
    )
  if (!/^[1-9][0-9]{0,3}$/.test(v.cpu))
    problems.push(`--cpu must be a vCPU count (1 to 9999), not ${v.cpu}`)
  const { parseMemorySize } = await import('./size.js')
  const memory = checked(() => parseMemorySize(v.memory))
  const { measureTdx, orderForQemu, acpiDigests } = await import('./measure.js')
  const twoPass = checked(() =>
    bool(v['two-pass-add-pages'], '--two-pass-add-pages')
  )
  // as before: the QEMU version decides the order only when it is not given
  const qemuOrder =
    twoPass === undefined
      ? checked(() => orderForQemu(v['qemu-version'] ?? '9.1.0'))
      : undefined
  const cmdline = v.cmdline ?? v.append ?? meta?.cmdline ?? ''
  const cmdlineProblem = cmdlineTextProblem(cmdline)
  if (cmdlineProblem !== undefined)
    problems.push(`the kernel command line ${cmdlineProblem}`)
  if (problems.length > 0 || !firmwareSoon || memory === undefined)
    throw bad(problems.join('; '))
  const order =
    twoPass !== undefined ? (twoPass ? 'two-pass' : 'single') : qemuOrder
  const firmware = await firmwareSoon
  let result: TdxMeasurements
  if (v['gce-shape'] !== undefined) {
    const { gceMrtd } = await import('./gce.js')
    result = {
      mrtd: Buffer.from(gceMrtd(firmware, v['gce-shape'])).toString('hex')
    }
  } else {
    const acpiFiles = acpiSoon ? await Promise.all(acpiSoon) : undefined
    result = measureTdx({
      firmware,
      memory,
      order,
      kernel: kernelSoon ? await kernelSoon : undefined,
      initrd: initrdSoon ? await initrdSoon : undefined,
      cmdline,
      acpi: acpiFiles
        ? acpiDigests(acpiFiles[0], acpiFiles[1], acpiFiles[2])
        : undefined
    })
  }
  if (v.json) printJson(io, result)
  else {
    const lines = ['Machine measurements:', `MRTD: ${result.mrtd}`]
    for (const k of ['rtmr0', 'rtmr1', 'rtmr2'] as const)
      if (result[k] !== undefined)
        lines.push(`${k.toUpperCase()}: ${result[k]}`)
    io.stdout(`${lines.join('\n')}\n`)
  }
  return 0
}
