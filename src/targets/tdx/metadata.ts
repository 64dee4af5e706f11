import { EnclaveBuildError } from '../../errors.js'
import { footerEntries } from '../cvm/footer.js'
import { GUIDS } from '../cvm/guid.js'

/**
 * The TDX metadata of a TDVF (OVMF built for Intel TDX): the "TDVF"
 * descriptor that the OVMF GUIDed footer table points at, and its 32-byte
 * section records (TDX Virtual Firmware Design Guide, section 11). The walk
 * and the refusals are dstack-mr's (tdvf.rs), so the same image gives the
 * same sections or a refusal.
 */

/** Section types of the TDX metadata (design guide, table 11-3). */
export const TdvfSectionType = {
  BFV: 0,
  CFV: 1,
  TD_HOB: 2,
  TEMP_MEM: 3,
  PERM_MEM: 4,
  PAYLOAD: 5,
  PAYLOAD_PARAM: 6
} as const

/** Section attributes: MR.EXTEND the bytes; PAGE.AUG (added later, not at build). */
export const ATTR_MR_EXTEND = 0x1
export const ATTR_PAGE_AUG = 0x2

/** One TDX metadata section record. */
export interface TdvfSection {
  /** Offset of the raw bytes in the firmware file. */
  dataOffset: number
  rawDataSize: number
  /** Guest physical address (bigint: it is a u64 in the record). */
  memoryAddress: bigint
  memoryDataSize: bigint
  type: number
  attributes: number
}

const PAGE = 0x1000n
const DESCRIPTOR = 16
const SECTION = 32
/**
 * Most memory the sections may describe. Real TDVF images describe a few
 * MiB; a corrupt size would otherwise mean billions of records (dstack-mr
 * then runs for hours), so more is refused.
 */
export const MAX_SECTION_MEMORY = 256n << 20n

/** A coded refusal of a firmware image. */
export function invalidFirmware(message: string): EnclaveBuildError {
  return new EnclaveBuildError(
    'FIRMWARE_INVALID',
    `${message}; pass the TDVF/OVMF image the TD boots (an IntelTdx or OvmfPkgX64 build with TDX metadata)`
  )
}

/** The TDX metadata offset entry of the footer table, found as dstack-mr walks it. */
function metadataOffsetEntry(fw: Uint8Array): Uint8Array {
  for (const e of footerEntries(fw, 'dstack-mr', invalidFirmware))
    if (e.guid === GUIDS.tdxMetadataOffset) return e.data
  throw invalidFirmware(
    'the OVMF footer table has no TDX metadata offset entry (GUID e47a6535-...)'
  )
}

/** Parses the TDX metadata sections of a TDVF image; FIRMWARE_INVALID where dstack-mr refuses. */
export function parseTdvf(fw: Uint8Array): TdvfSection[] {
  const entry = metadataOffsetEntry(fw)
  if (entry.length < 4) throw invalidFirmware('TDX metadata entry too small')
  const ev = new DataView(entry.buffer, entry.byteOffset, entry.length)
  const raw = ev.getUint32(entry.length - 4, true)
  if (raw > fw.length)
    throw invalidFirmware('TDX metadata offset exceeds the firmware size')
  const start = fw.length - raw
  if (start + DESCRIPTOR > fw.length)
    throw invalidFirmware('TDX metadata descriptor runs past the end')
  const view = new DataView(fw.buffer, fw.byteOffset, fw.byteLength)
  if (Buffer.from(fw.subarray(start, start + 4)).toString('latin1') !== 'TDVF')
    throw invalidFirmware('wrong TDX metadata signature (expected "TDVF")')
  const version = view.getUint32(start + 8, true)
  if (version !== 1)
    throw invalidFirmware(`unsupported TDX metadata version ${version}`)
  const count = view.getUint32(start + 12, true)
  // QEMU's tdvf_parse_metadata (hw/i386/tdvf.c) refuses fewer than two
  // sections and a descriptor length that is not 16 + 32 per section: such
  // an image never boots, so it has no measurement
  if (count < 2)
    throw invalidFirmware(
      `TDX metadata declares ${count} section(s); QEMU refuses fewer than 2`
    )
  const length = view.getUint32(start + 4, true)
  if (length !== DESCRIPTOR + SECTION * count)
    throw invalidFirmware(
      `TDX metadata length ${length} is not ${DESCRIPTOR + SECTION * count} (16 + 32 x ${count} sections); QEMU refuses it`
    )
  const sections: TdvfSection[] = []
  let total = 0n
  for (let i = 0; i < count; i++) {
    const at = start + DESCRIPTOR + SECTION * i
    if (at + SECTION > fw.length)
      throw invalidFirmware(
        `TDX metadata declares ${count} sections but the image holds ${i}`
      )
    const s: TdvfSection = {
      dataOffset: view.getUint32(at, true),
      rawDataSize: view.getUint32(at + 4, true),
      memoryAddress: view.getBigUint64(at + 8, true),
      memoryDataSize: view.getBigUint64(at + 16, true),
      type: view.getUint32(at + 24, true),
      attributes: view.getUint32(at + 28, true)
    }
    // QEMU knows four section types; each says whether it has raw bytes
    const fromImage =
      s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV
    const inMemoryOnly =
      s.type === TdvfSectionType.TD_HOB || s.type === TdvfSectionType.TEMP_MEM
    if (!fromImage && !inMemoryOnly)
      throw invalidFirmware(
        `TDX section ${i} has type ${s.type}, which QEMU does not support (BFV, CFV, TD_HOB, TEMP_MEM)`
      )
    if (fromImage && s.rawDataSize === 0)
      throw invalidFirmware(`TDX section ${i} (BFV/CFV) has no raw data`)
    if (inMemoryOnly && s.rawDataSize !== 0)
      throw invalidFirmware(
        `TDX section ${i} (TD_HOB/TEMP_MEM) has raw data, which QEMU refuses`
      )
    if (s.memoryAddress % PAGE !== 0n)
      throw invalidFirmware(`TDX section ${i}: memory address not page-aligned`)
    if (s.memoryDataSize < BigInt(s.rawDataSize))
      throw invalidFirmware(`TDX section ${i}: memory size below raw size`)
    if (s.memoryDataSize % PAGE !== 0n)
      throw invalidFirmware(`TDX section ${i}: memory size not page-aligned`)
    total += s.memoryDataSize
    if (total > MAX_SECTION_MEMORY)
      throw invalidFirmware(
        `TDX sections describe more than ${MAX_SECTION_MEMORY >> 20n} MiB of memory`
      )
    sections.push(s)
  }
  return sections
}
