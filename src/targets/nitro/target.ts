import { createHash } from 'node:crypto'
import { basename, join } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { measurement } from '../../model/measurement.js'
import type {
  Measurement,
  Target,
  TargetContext,
  TargetResult
} from '../target.js'
import { loadBlob } from './blobs.js'
import { writeEif } from './eif-writer.js'
import {
  BUILD_TOOL,
  BUILD_TOOL_VERSION,
  DEFAULT_KERNEL_VERSION,
  DEFAULT_OS,
  formatBuildTime
} from './metadata.js'
import type { NitroOutput, NitroOptions } from './options.js'
import { trimCmdline } from './pcr.js'
import { closureEntries, closurePins, initClosure } from '../cgo/closure.js'
import { readInputFile } from '../../util/fs.js'
import {
  BOOTSTRAP_REFERENCE_MTIME,
  ROOTFS_FIXED,
  bootstrapRamdisk,
  customerRamdiskFromFile,
  DEFAULT_ENV
} from './ramdisk.js'
import { actionInputName, type InputName } from '../../util/input-name.js'

/**
 * The Nitro Enclaves target of the action: the built Go binary becomes the
 * customer ramdisk, AWS's pinned blobs the kernel and bootstrap ramdisk,
 * and the EIF is written with the commit time (never now) so that a
 * rebuild of the same commit gives the same bytes and PCRs.
 */

/** Multi-line input → lines; CR stripped, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
}

const ARCH: Record<string, 'x86_64' | 'aarch64' | undefined> = {
  amd64: 'x86_64',
  arm64: 'aarch64'
}

/** A PCR as a Measurement (sha384; looked up by sha256 of its raw bytes). */
function pcr(name: string, value: string): Measurement {
  return measurement(name, 'sha384', value)
}

function signingPair(
  o: NitroOptions,
  name: InputName
): { certificatePem: string; privateKeyPem: string } | undefined {
  const cert = o['nitro-signing-certificate'].trim()
  const key = o['nitro-signing-key'].trim()
  if (cert === '' && key === '') return undefined
  if (cert === '' || key === '')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${name('nitro-signing-certificate')} and ${name('nitro-signing-key')} go together: set both (PEM text from secrets) or neither`
    )
  return { certificatePem: `${cert}\n`, privateKeyPem: `${key}\n` }
}

/** The Nitro target. */
export const nitroTarget: Target<NitroOptions, NitroOutput> = {
  name: 'nitro',
  async run(
    ctx: TargetContext,
    o: NitroOptions
  ): Promise<TargetResult<NitroOutput>> {
    const arch = ARCH[ctx.build.goarch]
    if (!arch)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `Nitro Enclaves run amd64 or arm64 binaries, not ${ctx.build.goarch}`
      )
    const input = ctx.input ?? actionInputName
    const blobInputs = [
      ['kernel', 'nitro-kernel'],
      ['init', 'nitro-init'],
      ['nsm.ko', 'nitro-nsm'],
      ['cmdline', 'nitro-cmdline']
    ] as const
    const [kernel, init, nsm, cmdlineBlob] = await Promise.all(
      blobInputs.map(([name, key]) =>
        loadBlob(name, o[key], o[`${key}-sha256`], input(`${key}-sha256`))
      )
    )
    for (const [i, [name, key]] of blobInputs.entries())
      if (o[`${key}-sha256`] === '')
        ctx.warn(
          `nitro: the ${name} blob is not pinned, and it is measured; pin it (${input(`${key}-sha256`, [kernel, init, nsm, cmdlineBlob][i].sha256)})`
        )
    const cmdline = trimCmdline(new TextDecoder().decode(cmdlineBlob.bytes))
    const binaryName = basename(ctx.binaryPath)
    const cmd = lines(o['nitro-cmd'])
    const env = lines(o['nitro-env'])
    const mtime = Math.floor(ctx.commitTime.getTime() / 1000)
    // a cgo binary brings its loader and libraries into rootfs/ (or is
    // refused, coded): nitro's init chroots there and execs the program
    const closure = await initClosure(
      await readInputFile(ctx.binaryPath, 'the built binary'),
      ctx.cgoSysroot ?? '',
      input
    )
    // The binary is read straight into its place in the ramdisk: the only
    // copy of its 20 MB, shared by the EIF writer and both PCR hashers.
    const customer = await customerRamdiskFromFile(
      {
        binaryName,
        cmd: cmd.length > 0 ? cmd : undefined,
        env: env.length > 0 ? env : DEFAULT_ENV,
        mtime,
        extra: closureEntries(closure, new Set([binaryName, ...ROOTFS_FIXED]))
      },
      ctx.binaryPath
    )
    const layout = o['nitro-bootstrap-layout']
    // The bootstrap ramdisk holds only AWS's blobs (fixed mtime: see there).
    const bootstrap = bootstrapRamdisk({
      init: init.bytes,
      nsm: nsm.bytes,
      layout,
      mtime: BOOTSTRAP_REFERENCE_MTIME
    })
    const signing = signingPair(o, input)
    const eifName = o['nitro-eif-name']
    const buildTime = formatBuildTime(ctx.commitTime)
    const metadata = {
      imageName: eifName.replace(/\.eif$/, ''),
      imageVersion: ctx.build.source.commit,
      buildTime,
      buildTool: BUILD_TOOL,
      buildToolVersion: BUILD_TOOL_VERSION,
      operatingSystem: DEFAULT_OS,
      kernelVersion: DEFAULT_KERNEL_VERSION
    }
    const eifPath = join(ctx.outDir, eifName)
    const built = await writeEif(eifPath, {
      kernel: [kernel.bytes],
      cmdline,
      ramdisks: [[bootstrap], [customer]],
      arch,
      metadata,
      signing
    })
    const eifHash = createHash('sha256')
    for (const c of built.chunks) eifHash.update(c)
    const eifSha256 = eifHash.digest('hex')
    const { PCR0, PCR1, PCR2, PCR8 } = built.pcrs
    ctx.log(`nitro: ${eifPath} PCR0 ${PCR0}`)
    const measurements = [
      pcr('PCR0', PCR0),
      pcr('PCR1', PCR1),
      pcr('PCR2', PCR2)
    ]
    if (PCR8) measurements.push(pcr('PCR8', PCR8))
    return {
      target: 'nitro',
      artifacts: [{ kind: 'eif', path: eifPath, sha256: eifSha256 }],
      measurements,
      signer: PCR8 ? { pcr8: PCR8 } : undefined,
      pinned: [
        ...[kernel, init, nsm, cmdlineBlob].map((b) => ({
          name: b.name,
          path: b.path,
          sha256: b.sha256
        })),
        ...closurePins(closure, ctx.cgoSysroot ?? '')
      ],
      outputs: {
        eif: eifPath,
        pcr0: PCR0,
        pcr1: PCR1,
        pcr2: PCR2,
        pcr8: PCR8 ?? ''
      },
      parameters: {
        arch,
        cmdline,
        cmd: cmd.length > 0 ? cmd : [`/${binaryName}`],
        env: env.length > 0 ? env : DEFAULT_ENV,
        bootstrapLayout: layout,
        ramdiskMtime: mtime,
        blobGitIds: Object.fromEntries(
          [kernel, init, nsm, cmdlineBlob].map((b) => [b.name, b.gitBlobId])
        ),
        metadata,
        signed: signing !== undefined
      }
    }
  }
}
