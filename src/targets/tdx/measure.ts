import { EnclaveBuildError } from '../../errors.js'
import { replay, sha384 } from './eventlog.js'
import { ACPI_DATA_SIZE, checkBzImage, rtmr1Log, rtmr2Log } from './kernel.js'
import { parseTdvf } from './metadata.js'
import { dstackRegions, mrtdOf, type PageAddOrder } from './mrtd.js'
import { rtmr0Log, type AcpiDigests } from './rtmr0.js'
import { tdHobHash } from './tdhob-qemu.js'

/**
 * MRTD and RTMR0-2 of a TD that QEMU boots directly (-bios TDVF -kernel
 * -initrd -append), with dstack-mr's algorithms and defaults.
 */

/** What the TD's measurements depend on. */
export interface TdxInput {
  firmware: Uint8Array
  /** RAM in bytes (-m). */
  memory: bigint
  /** Page-add order (QEMU 8.x: two-pass; 9.x and later: single). */
  order?: PageAddOrder
  /** Needed for RTMR1/RTMR2 (with a non-empty initrd); without it only MRTD and RTMR0 are computed. */
  kernel?: Uint8Array
  initrd?: Uint8Array
  cmdline?: string
  /** SHA-384s of QEMU's ACPI fw_cfg blobs; without them RTMR0 is not computed. */
  acpi?: AcpiDigests
  acpiDataSize?: number
}

/** The four registers, hex; absent when an input they need was not given. */
export interface TdxMeasurements {
  mrtd: string
  rtmr0?: string
  rtmr1?: string
  rtmr2?: string
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** The QEMU page-add order for a QEMU version "MAJOR.MINOR.PATCH", as dstack-mr decides it. */
export function orderForQemu(version: string): PageAddOrder {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  if (m === null)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `QEMU version ${JSON.stringify(version)} must be MAJOR.MINOR.PATCH`
    )
  const major = Number(m[1])
  if (major < 8)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `QEMU ${version} is not supported (TDX needs 8.0.0 or later)`
    )
  return major === 8 ? 'two-pass' : 'single'
}

/** Measures a direct-boot TD. */
export function measureTdx(input: TdxInput): TdxMeasurements {
  const sections = parseTdvf(input.firmware)
  const out: TdxMeasurements = {
    mrtd: hex(mrtdOf(dstackRegions(input.firmware, sections), input.order))
  }
  if (input.acpi !== undefined)
    out.rtmr0 = hex(
      replay(rtmr0Log(tdHobHash(sections, input.memory), input.acpi))
    )
  if (input.kernel !== undefined) {
    // dstack-mr's event layout has an initrd event; a boot without one logs differently.
    const initrd = input.initrd
    if (initrd === undefined || initrd.length === 0)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        'RTMR1 and RTMR2 are computed for a boot with an initrd: pass --initrd'
      )
    // what QEMU would not boot has no RTMR1 (dstack-mr does not check)
    checkBzImage(input.kernel)
    out.rtmr1 = hex(
      replay(
        rtmr1Log(
          input.kernel,
          initrd.length,
          input.memory,
          input.acpiDataSize ?? ACPI_DATA_SIZE
        )
      )
    )
    out.rtmr2 = hex(replay(rtmr2Log(input.cmdline ?? '', initrd)))
  }
  return out
}

/** ACPI digests from QEMU's three fw_cfg files (etc/table-loader, etc/acpi/rsdp, etc/acpi/tables). */
export function acpiDigests(
  loader: Uint8Array,
  rsdp: Uint8Array,
  tables: Uint8Array
): AcpiDigests {
  return { loader: sha384(loader), rsdp: sha384(rsdp), tables: sha384(tables) }
}
