import { footerEntries } from '../cvm/footer.js'
import { GUIDS, guidBytesLe } from '../cvm/guid.js'
import {
  invalidFirmware,
  MAX_SECTION_MEMORY,
  TdvfSectionType,
  type TdvfSection
} from './metadata.js'

/**
 * The TDX metadata as gce-tcb-verifier v0.3.1 reads it (ovmf/fw_guid_table_ops.go
 * GetFwGUIDTable/GetFwGUIDToBlockMap, ovmf/tdx_data.go extractTDXMetadata and
 * validateTDXMetadataSections, tdx/measurement.go InitMemoryRegion): the whole
 * footer table must walk cleanly, the offset is the first u32 of the entry,
 * the metadata GUID must precede "TDVF", and only BFV, CFV, TD_HOB and
 * TEMP_MEM sections are allowed, firmware volumes filling the image.
 */

const METADATA = guidBytesLe('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae')
const ENTRY = 18 // u16 size + 16-byte GUID

/** The TDX metadata offset block of the footer table, walked as Google does. */
function offsetBlock(fw: Uint8Array): Uint8Array {
  // the whole table is walked (and may be refused) before the lookup
  const blocks = new Map<string, Uint8Array>()
  for (const e of footerEntries(fw, 'gce-tcb-verifier', invalidFirmware))
    blocks.set(e.guid, e.data)
  const block = blocks.get(GUIDS.tdxMetadataOffset)
  if (block === undefined)
    throw invalidFirmware('no TDX metadata offset entry (GUID e47a6535-...)')
  if (block.length < 4 + ENTRY)
    throw invalidFirmware('TDX metadata offset entry too small')
  return block
}

/** The sections of a TDVF image, accepted only where gce-tcb-verifier accepts them. */
export function gceSections(fw: Uint8Array): TdvfSection[] {
  const block = offsetBlock(fw)
  const len = fw.length
  const offset = new DataView(block.buffer, block.byteOffset, 4).getUint32(
    0,
    true
  )
  if (offset > len - 16 || offset < 16)
    throw invalidFirmware(
      `unexpected TDX metadata offset 0x${offset.toString(16)}`
    )
  const at = len - offset
  if (!METADATA.every((b, i) => fw[at - 16 + i] === b))
    throw invalidFirmware(
      'no TDX metadata GUID (e9eaf9f3-...) before the descriptor'
    )
  const v = new DataView(fw.buffer, fw.byteOffset, fw.byteLength)
  const count = v.getUint32(at + 12, true)
  if (count * 32 > offset - 16)
    throw invalidFirmware(
      `TDX metadata declares ${count} sections past the image end`
    )
  if (v.getUint32(at, true) !== 0x46564454)
    throw invalidFirmware('wrong TDX metadata signature (expected "TDVF")')
  if (v.getUint32(at + 8, true) !== 1)
    throw invalidFirmware('unsupported TDX metadata version')
  if (v.getUint32(at + 4, true) !== 16 + 32 * count)
    throw invalidFirmware('TDX metadata descriptor length is wrong')
  const sections: TdvfSection[] = []
  let fvSize = 0
  let hobs = 0
  let bfv = false
  let total = 0n
  for (let i = 0; i < count; i++) {
    const p = at + 16 + 32 * i
    const s: TdvfSection = {
      dataOffset: v.getUint32(p, true),
      rawDataSize: v.getUint32(p + 4, true),
      memoryAddress: v.getBigUint64(p + 8, true),
      memoryDataSize: v.getBigUint64(p + 16, true),
      type: v.getUint32(p + 24, true),
      attributes: v.getUint32(p + 28, true)
    }
    if (s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV) {
      bfv ||= s.type === TdvfSectionType.BFV
      if (
        s.dataOffset > len ||
        s.rawDataSize === 0 ||
        len - s.dataOffset < s.rawDataSize
      )
        throw invalidFirmware('TDX firmware volume outside the image')
      if (s.memoryDataSize !== BigInt(s.rawDataSize))
        throw invalidFirmware(
          'TDX firmware volume memory size differs from its raw size'
        )
      fvSize += s.rawDataSize
    } else if (s.type === TdvfSectionType.TD_HOB) {
      if (++hobs > 1) throw invalidFirmware('TDX metadata has several TD HOBs')
    } else if (s.type !== TdvfSectionType.TEMP_MEM)
      throw invalidFirmware(`section type ${s.type} is not supported on GCE`)
    sections.push(s)
  }
  if (hobs === 0) throw invalidFirmware('TDX metadata has no TD HOB')
  if (!bfv) throw invalidFirmware('TDX metadata has no boot firmware volume')
  if (fvSize !== len)
    throw invalidFirmware('TDX firmware volumes do not add up to the image')
  // Overlap as Google's pairwise intersection: empty ranges never overlap.
  const ranges = sections
    .filter((s) => s.memoryDataSize > 0n)
    .map((s) => [s.memoryAddress, s.memoryAddress + s.memoryDataSize])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  let end = 0n
  for (const [start, stop] of ranges) {
    if (start < end) throw invalidFirmware('TDX metadata sections overlap')
    if (stop > end) end = stop
  }
  for (const s of sections) {
    if (s.memoryAddress % 4096n !== 0n || s.memoryDataSize % 4096n !== 0n)
      throw invalidFirmware('TDX section not page-aligned')
    total += s.memoryDataSize
    if (
      total > MAX_SECTION_MEMORY ||
      s.memoryAddress + s.memoryDataSize > 2n ** 52n
    )
      throw invalidFirmware(
        `TDX sections describe more than ${MAX_SECTION_MEMORY >> 20n} MiB of memory`
      )
  }
  return sections
}
