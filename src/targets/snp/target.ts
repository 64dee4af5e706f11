import { EnclaveBuildError } from '../../errors.js'
import { sha256Hex } from '../../util/fs.js'
import { measurement as registerValue } from '../../model/measurement.js'
import type { Target, TargetContext, TargetResult } from '../target.js'
import { pinnedFile } from '../cvm/pinned.js'
import { sevHashes } from './hashes.js'
import { closurePins } from '../cgo/closure.js'
import { targetInitrd } from '../cvm/go-initrd.js'
import { launchDigest } from './measure.js'
import type { SnpOutput, SnpOptions } from './options.js'
import { parsePyIntAuto } from './pyint.js'
import { qemuCommandLine } from './qemu.js'
import { vcpuSigOf } from './vcpu.js'
import { VMM_TYPES, type VmmType } from './vmsa.js'
import { MAX_FIRMWARE_BYTES } from '../../util/limits.js'
import { actionInputName } from '../../util/input-name.js'

/**
 * The SEV-SNP target of the action: packs the Go binary as /init of a
 * deterministic initrd, computes the launch digest of OVMF + kernel +
 * initrd + cmdline + vCPUs exactly as sev-snp-measure does, and says how to
 * launch QEMU so that the hardware reports that digest.
 */

/** vCPU type name or signature → [QEMU model name or undefined, signature]. */
function vcpu(
  value: string,
  vcpuType: string
): { model?: string; sig: bigint } {
  const named = vcpuSigOf(value)
  if (named !== undefined) return { model: value, sig: named }
  const sig = /^0x[0-9a-f]+$/i.test(value) ? parsePyIntAuto(value) : undefined
  if (sig === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${vcpuType} ${JSON.stringify(value)} is neither a known vCPU type (EPYC-v4, EPYC-Milan, EPYC-Genoa...) nor a 0x signature`
    )
  return { sig }
}

/** Runs the target for the action. */
export async function runSnp(
  ctx: TargetContext,
  o: SnpOptions
): Promise<TargetResult<SnpOutput>> {
  const name = ctx.input ?? actionInputName
  const firmware = await pinnedFile(
    o['snp-ovmf'],
    o['snp-ovmf-sha256'],
    'snp-ovmf',
    { maxBytes: MAX_FIRMWARE_BYTES, name }
  )
  const kernel = await pinnedFile(
    o['snp-kernel'],
    o['snp-kernel-sha256'],
    'snp-kernel',
    { name }
  )
  const vmmType = VMM_TYPES.find(
    (t) => t.toLowerCase() === o['snp-vmm-type'].toLowerCase()
  ) as VmmType
  const { model, sig } = vcpu(o['snp-vcpu-type'], name('snp-vcpu-type'))
  const vcpus = Number(o['snp-vcpus'])
  const guestFeatures = parsePyIntAuto(o['snp-guest-features']) ?? 1n
  const cmdline = o['snp-cmdline']

  // a cgo binary brings its loader and libraries (or is refused, coded):
  // the same initrd for snp, tdx and uki
  const { initrd, closure, initrdPath } = await targetInitrd(ctx)
  const initrdSha256 = sha256Hex(initrd)

  const digest = launchDigest({
    mode: 'snp',
    firmware,
    vcpus,
    vcpuSig: sig,
    vmmType,
    guestFeatures,
    hashes: sevHashes(kernel, initrd, cmdline)
  })
  const measurement = Buffer.from(digest).toString('hex')
  ctx.log(`SEV-SNP launch digest: ${measurement}`)

  let qemu = ''
  if (vmmType !== 'QEMU')
    ctx.warn(
      `${name('snp-vmm-type', vmmType)}: the launch is up to that platform, no QEMU options`
    )
  else if (model === undefined)
    ctx.warn(
      `${name('snp-vcpu-type')} is a signature: give the matching -cpu model to QEMU yourself`
    )
  else {
    const launch = {
      ovmf: o['snp-ovmf'],
      kernel: o['snp-kernel'],
      initrd: initrdPath,
      cmdline,
      vcpus,
      vcpuType: model
    }
    qemu = qemuCommandLine(launch)
  }

  return {
    target: 'snp',
    artifacts: [{ kind: 'initrd', path: initrdPath, sha256: initrdSha256 }],
    measurements: [registerValue('SNP_LAUNCH_DIGEST', 'sha384', measurement)],
    pinned: [
      {
        name: 'ovmf',
        path: o['snp-ovmf'],
        sha256: o['snp-ovmf-sha256'].toLowerCase()
      },
      {
        name: 'kernel',
        path: o['snp-kernel'],
        sha256: o['snp-kernel-sha256'].toLowerCase()
      },
      ...closurePins(closure, ctx.cgoSysroot ?? '')
    ],
    outputs: { measurement, 'initrd-path': initrdPath, 'qemu-options': qemu },
    parameters: {
      mode: 'snp',
      vcpus,
      vcpuType: model ?? null,
      vcpuSig: `0x${sig.toString(16)}`,
      vmmType,
      guestFeatures: `0x${BigInt.asUintN(64, guestFeatures).toString(16)}`,
      cmdline,
      initrdSha256,
      kernelHashes: true,
      referenceTool: 'sev-snp-measure 0.0.13'
    }
  }
}

/** The SEV-SNP target. */
export const snpTarget: Target<SnpOptions, SnpOutput> = {
  name: 'snp',
  run: runSnp
}
