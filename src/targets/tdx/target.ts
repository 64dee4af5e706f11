import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { measurement } from '../../model/measurement.js'
import { sha256Hex } from '../../util/fs.js'
import { readInput } from '../cvm/files.js'
import { closurePins } from '../cgo/closure.js'
import { targetInitrd } from '../cvm/go-initrd.js'
import { pinnedFile } from '../cvm/pinned.js'
import type { Target, TargetContext, TargetResult } from '../target.js'
import { acpiDigests, measureTdx, orderForQemu } from './measure.js'
import type { TdxOptions, TdxOutput } from './options.js'
import { parseMemorySize } from './size.js'
import { actionInputName } from '../../util/input-name.js'

/**
 * The Intel TDX target of the action: the Go binary as /init of the same
 * deterministic initrd as SNP's, and MRTD plus RTMR0-2 of a QEMU
 * direct-boot TD as dstack-mr computes them (RTMR0 only when QEMU's ACPI
 * blobs are given).
 */

/** Runs the target for the action. */
export async function runTdx(
  ctx: TargetContext,
  o: TdxOptions
): Promise<TargetResult<TdxOutput>> {
  const name = ctx.input ?? actionInputName
  const firmware = await pinnedFile(
    o['tdx-ovmf'],
    o['tdx-ovmf-sha256'],
    'tdx-ovmf',
    { name }
  )
  const kernel = await pinnedFile(
    o['tdx-kernel'],
    o['tdx-kernel-sha256'],
    'tdx-kernel',
    { name }
  )
  const memory = parseMemorySize(o['tdx-memory'])
  const order = orderForQemu(o['tdx-qemu-version'])
  const acpiPaths = [
    o['tdx-acpi-loader'],
    o['tdx-acpi-rsdp'],
    o['tdx-acpi-tables']
  ]
  const given = acpiPaths.filter((p) => p !== undefined)
  if (given.length !== 0 && given.length !== 3)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `RTMR0 needs all three of ${name('tdx-acpi-tables')}, ${name('tdx-acpi-rsdp')} and ${name('tdx-acpi-loader')}`
    )
  const acpiFiles =
    given.length === 3
      ? await Promise.all(given.map((p) => readInput(p, 'the ACPI blob')))
      : undefined

  // a cgo binary brings its loader and libraries (or is refused, coded):
  // the same initrd for snp, tdx and uki
  const { initrd, closure, initrdPath } = await targetInitrd(ctx)
  const initrdSha256 = sha256Hex(initrd)
  const cmdline = o['tdx-cmdline']

  const m = measureTdx({
    firmware,
    memory,
    order,
    kernel,
    initrd,
    cmdline,
    acpi: acpiFiles
      ? acpiDigests(acpiFiles[0], acpiFiles[1], acpiFiles[2])
      : undefined
  })
  if (m.rtmr0 === undefined)
    ctx.warn(
      'no tdx-acpi-* inputs: RTMR0 is not computed (MRTD, RTMR1 and RTMR2 are)'
    )
  const measurements = [measurement('MRTD', 'sha384', m.mrtd)]
  // Every output is set; rtmr0 is empty without the ACPI inputs.
  const outputs: Record<TdxOutput, string> = {
    mrtd: m.mrtd,
    rtmr0: '',
    rtmr1: '',
    rtmr2: '',
    'initrd-path': initrdPath
  }
  for (const k of ['rtmr0', 'rtmr1', 'rtmr2'] as const) {
    const value = m[k]
    if (value === undefined) continue
    measurements.push(measurement(k.toUpperCase(), 'sha384', value))
    outputs[k] = value
  }
  ctx.log(`TDX MRTD: ${m.mrtd}`)

  return {
    target: 'tdx',
    artifacts: [{ kind: 'initrd', path: initrdPath, sha256: initrdSha256 }],
    measurements,
    pinned: [
      {
        name: 'ovmf',
        path: o['tdx-ovmf'],
        sha256: o['tdx-ovmf-sha256'].toLowerCase()
      },
      {
        name: 'kernel',
        path: o['tdx-kernel'],
        sha256: o['tdx-kernel-sha256'].toLowerCase()
      },
      ...closurePins(closure, ctx.cgoSysroot ?? '')
    ],
    outputs,
    parameters: {
      memory: memory.toString(),
      qemuVersion: o['tdx-qemu-version'],
      pageAddOrder: order,
      cmdline,
      initrdSha256,
      acpi: acpiFiles
        ? acpiFiles.map((f) => createHash('sha384').update(f).digest('hex'))
        : null,
      referenceTool:
        'dstack-mr (Dstack-TEE/dstack, OVMF before edk2-stable202505)'
    }
  }
}

/** The TDX target. */
export const tdxTarget: Target<TdxOptions, TdxOutput> = {
  name: 'tdx',
  run: runTdx
}
