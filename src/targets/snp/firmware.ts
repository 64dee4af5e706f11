import { EnclaveBuildError } from '../../errors.js'
import { footerEntries } from '../cvm/footer.js'
import { GUIDS } from '../cvm/guid.js'
import { leUint, pySlice } from '../cvm/python.js'

/**
 * OVMF firmware as the SEV launch measurement sees it: the GUIDed footer
 * table, the SEV metadata section list, the SEV-ES reset block and the SEV
 * hashes-table location. The parser accepts exactly what virtee's
 * sev-snp-measure (ovmf.py) accepts and refuses what it refuses, so the
 * same firmware gives the same digest or the same refusal.
 */

/** SEV metadata section types (edk2 OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm). */
export const SectionType = {
  SNP_SEC_MEM: 1,
  SNP_SECRETS: 2,
  CPUID: 3,
  SVSM_CAA: 4,
  SNP_KERNEL_HASHES: 0x10
} as const

/** One SEV metadata descriptor, in the order the firmware lists it. */
export interface MetadataSection {
  gpa: number
  size: number
  /** Raw type; not checked here, since only SNP mode interprets it. */
  type: number
}

/** A parsed firmware image. */
export interface Firmware {
  data: Uint8Array
  /** Footer-table entries by GUID string (lower case) → entry data. */
  table: Map<string, Uint8Array>
  metadata: MetadataSection[]
  /** Guest physical address of the first byte: the image ends at 4 GiB. */
  gpa: number
}

const FOUR_GB = 0x1_0000_0000
const META_HEADER = 16 // "ASEV", u32 size, u32 version, u32 num_items
const META_ITEM = 12

function invalid(message: string): EnclaveBuildError {
  return new EnclaveBuildError(
    'FIRMWARE_INVALID',
    `${message}; pass the OVMF image the guest boots with (an AmdSev build for direct boot)`
  )
}

/** Walks the GUIDed table that ends 32 bytes before the end of the image, as ovmf.py does. */
function parseFooterTable(data: Uint8Array): Map<string, Uint8Array> {
  const table = new Map<string, Uint8Array>()
  // Walking backwards, an earlier duplicate overwrites a later one, as in the reference.
  for (const e of footerEntries(data, 'sev-snp-measure', invalid))
    table.set(e.guid, e.data)
  return table
}

/** Reads the "ASEV" header the SEV metadata entry points at, and its descriptors. */
function parseMetadata(
  data: Uint8Array,
  table: Map<string, Uint8Array>
): MetadataSection[] {
  const entry = table.get(GUIDS.sevMetadata)
  if (entry === undefined) return []
  const start = data.length - leUint(entry)
  if (start < 0 || start + META_HEADER > data.length)
    throw invalid('SEV metadata offset points outside the firmware image')
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const signature = Buffer.from(data.subarray(start, start + 4)).toString(
    'latin1'
  )
  if (signature !== 'ASEV')
    throw invalid('wrong SEV metadata signature (expected "ASEV")')
  const size = view.getUint32(start + 4, true)
  const version = view.getUint32(start + 8, true)
  const count = view.getUint32(start + 12, true)
  if (version !== 1)
    throw invalid(`unsupported SEV metadata version ${version}`)
  const items = pySlice(data, start + META_HEADER, start + size)
  const itemView = new DataView(
    items.buffer,
    items.byteOffset,
    items.byteLength
  )
  const sections: MetadataSection[] = []
  let total = 0
  for (let i = 0; i < count; i++) {
    const at = i * META_ITEM
    if (at + META_ITEM > items.length)
      throw invalid(
        `SEV metadata declares ${count} sections but its header size holds ${i}`
      )
    const section = {
      gpa: itemView.getUint32(at, true),
      size: itemView.getUint32(at + 4, true),
      type: itemView.getUint32(at + 8, true)
    }
    // 32-bit addresses, and a page is launched once: together the sections
    // describe at most 4 GiB. Measuring is ~2 s per 4 GiB, so without this
    // a 4 MiB image listing a thousand 4 GiB sections ran for half an hour
    total += section.size
    if (total > FOUR_GB)
      throw invalid(
        'SEV metadata sections describe more than the 4 GiB below which they must lie'
      )
    sections.push(section)
  }
  return sections
}

/**
 * Parses a firmware image that ends at `endAt` (4 GiB for OVMF); throws
 * FIRMWARE_INVALID where the reference refuses it.
 */
export function parseFirmware(data: Uint8Array, endAt = FOUR_GB): Firmware {
  const table = parseFooterTable(data)
  const metadata = parseMetadata(data, table)
  return { data, table, metadata, gpa: endAt - data.length }
}

/** The AP reset EIP from the SEV-ES reset block; needed by every mode with VMSAs. */
export function sevEsResetEip(fw: Firmware): number {
  const entry = fw.table.get(GUIDS.sevEsResetBlock)
  if (entry === undefined)
    throw invalid(
      'firmware has no SEV-ES reset block (GUID 00f771de-...) in its footer table'
    )
  return leUint(entry)
}

/** Where OVMF expects QEMU's SEV hashes table (direct boot with kernel hashes). */
export function sevHashesTableGpa(fw: Firmware): number {
  const entry = fw.table.get(GUIDS.sevHashTable)
  if (entry === undefined)
    throw invalid(
      'firmware has no SEV hash table entry (GUID 7255371f-...): it cannot measure a kernel'
    )
  return leUint(entry)
}

/** True when the firmware can check kernel/initrd/cmdline hashes (SEV, SEV-ES). */
export function supportsSevHashesTable(fw: Firmware): boolean {
  return fw.table.has(GUIDS.sevHashTable) && sevHashesTableGpa(fw) !== 0
}

/** True when the metadata lists a section of this type. */
export function hasSection(fw: Firmware, type: number): boolean {
  return fw.metadata.some((s) => s.type === type)
}
