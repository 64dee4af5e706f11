import { crc32 } from 'node:zlib'
import { EnclaveBuildError } from '../../errors.js'
import {
  CRC_OFFSET,
  decodeHeader,
  decodeSectionHeader,
  EIF_HEADER_SIZE,
  EIF_VERSION,
  SECTION_HEADER_SIZE,
  type EifHeader,
  type SectionTypeName
} from './format.js'
import { decodeMetadata } from './metadata.js'
import { measureSectionsSync, type NitroPcrs } from './pcr.js'
import {
  parseSignatureSection,
  verifyPcr0Signature,
  type EifSignature
} from './signature.js'

/**
 * Reads an EIF like nitro-cli describe-eif (EifReader): walks the section
 * headers from byte 548, feeds the payloads to the PCR hashers and
 * recomputes the CRC. Unlike AWS's reader it also holds the header's
 * offset/size table to the layout it walked (QEMU reads by the table, AWS
 * sequentially; a file where the two disagree would measure differently
 * depending on the loader, so it is refused).
 */

/** One section as found in the file. */
export interface EifSection {
  type: SectionTypeName
  /** Offset of the 12-byte section header. */
  offset: number
  size: number
  /** The payload (a view into the file bytes). */
  data: Uint8Array
}

/** What a reader learns from an EIF. */
export interface EifInfo {
  header: EifHeader
  sections: EifSection[]
  pcrs: NitroPcrs
  /** The CRC recomputed over the file. */
  computedCrc32: number
  crcOk: boolean
  metadata?: Record<string, unknown>
  signature?: EifSignature
  /** Whether the COSE signature verifies and signs this PCR0 (signed images only). */
  signatureOk?: boolean
}

function invalid(message: string): EnclaveBuildError {
  return new EnclaveBuildError('EIF_INVALID', message)
}

/** Walks the sections and checks them against the header's table. */
function walk(bytes: Uint8Array, header: EifHeader): EifSection[] {
  const sections: EifSection[] = []
  let at = EIF_HEADER_SIZE
  while (at < bytes.length) {
    const s = decodeSectionHeader(bytes, at)
    const start = at + SECTION_HEADER_SIZE
    if (s.size > BigInt(bytes.length - start))
      throw invalid(
        `${s.type} section at byte ${at} claims ${s.size} bytes but the file ends first; the EIF is truncated`
      )
    if (s.flags !== 0)
      throw invalid(
        `${s.type} section at byte ${at} has flags ${s.flags}; must be 0`
      )
    const size = Number(s.size)
    const i = sections.length
    if (i >= header.numSections)
      throw invalid(
        `more sections in the file than the ${header.numSections} the header declares`
      )
    if (
      header.sectionOffsets[i] !== BigInt(at) ||
      header.sectionSizes[i] !== s.size
    )
      throw invalid(
        `section ${i} (${s.type}) is at byte ${at} with ${size} bytes, but the header table says ${header.sectionOffsets[i]} / ${header.sectionSizes[i]}`
      )
    sections.push({
      type: s.type,
      offset: at,
      size,
      data: bytes.subarray(start, start + size)
    })
    at = start + size
  }
  if (sections.length !== header.numSections)
    throw invalid(
      `the header declares ${header.numSections} sections but the file holds ${sections.length}; the EIF is truncated`
    )
  return sections
}

function only(
  sections: EifSection[],
  type: SectionTypeName
): EifSection | undefined {
  const found = sections.filter((s) => s.type === type)
  if (found.length > 1)
    throw invalid(
      `the EIF has ${found.length} ${type} sections; at most one is allowed`
    )
  return found[0]
}

/** Parses and checks an EIF held in memory. */
export function readEif(bytes: Uint8Array): EifInfo {
  const header = decodeHeader(bytes)
  if (header.version < 1 || header.version > EIF_VERSION)
    throw invalid(
      `EIF version ${header.version} is not supported (1 to ${EIF_VERSION})`
    )
  const sections = walk(bytes, header)
  const kernel = only(sections, 'Kernel')
  const cmdline = only(sections, 'Cmdline')
  if (!kernel || !cmdline)
    throw invalid('the EIF lacks a kernel or a cmdline section')
  const ramdisks = sections.filter((s) => s.type === 'Ramdisk')
  if (ramdisks.length === 0) throw invalid('the EIF has no ramdisk section')
  const meta = only(sections, 'Metadata')
  const sig = only(sections, 'Signature')
  const signature = sig ? parseSignatureSection(sig.data) : undefined
  const pcrs = measureSectionsSync({
    kernel: [kernel.data],
    cmdline: cmdline.data,
    ramdisks: ramdisks.map((r) => [r.data]),
    certificateDer: signature?.certificateDer
  })
  const computedCrc32 = crc32(
    bytes.subarray(CRC_OFFSET + 4),
    crc32(bytes.subarray(0, CRC_OFFSET))
  )
  return {
    header,
    sections,
    pcrs,
    computedCrc32,
    crcOk: computedCrc32 === header.crc32,
    metadata: meta ? decodeMetadata(meta.data) : undefined,
    signature,
    signatureOk: signature
      ? verifyPcr0Signature(signature, pcrs.PCR0)
      : undefined
  }
}
