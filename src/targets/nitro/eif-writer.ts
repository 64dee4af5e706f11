import { crc32 } from 'node:zlib'
import { EnclaveBuildError } from '../../errors.js'
import {
  CRC_OFFSET,
  DEFAULT_CPUS,
  DEFAULT_MEM,
  EIF_HEADER_SIZE,
  EIF_VERSION,
  encodeHeader,
  encodeSectionHeader,
  FLAG_ARM64,
  MAX_SECTIONS,
  SECTION_HEADER_SIZE,
  type EifHeader,
  type SectionTypeName
} from './format.js'
import { encodeMetadata, type EifMetadata } from './metadata.js'
import {
  openAtomic,
  writeChunksAtomic,
  writePieces
} from '../../util/pieces-file.js'
import {
  sha384OffThread,
  extendPcr,
  measureSections,
  type Chunks,
  type MeasuredSections,
  type NitroPcrs
} from './pcr.js'
import { scanBodyAsync, type BodyPiece } from './scan.js'

/**
 * Writes an EIF exactly as AWS's EifBuilder::write_to does: header, then
 * kernel, cmdline, metadata, each ramdisk, and the signature when signed,
 * each as a 12-byte section header + payload, contiguous, CRC-32 (zlib)
 * over everything but the CRC field. The file is returned as pieces that
 * point into the inputs, so a 20 MB ramdisk is never copied here.
 */

/** Everything that decides the bytes of an EIF. */
export interface EifSpec {
  kernel: Chunks
  /** Written verbatim; nitro-cli trims it first (see trimCmdline). */
  cmdline: string
  /** In order; the first is the bootstrap ramdisk (PCR1), the rest PCR2. */
  ramdisks: Chunks[]
  arch: 'x86_64' | 'aarch64'
  metadata: EifMetadata
  /** PEM texts; when given, PCR0 is signed and PCR8 is reported. */
  signing?: { certificatePem: string; privateKeyPem: string }
}

/** A built EIF, not yet on disk. */
export interface BuiltEif {
  chunks: Uint8Array[]
  size: number
  header: EifHeader
  pcrs: NitroPcrs
}

const total = (chunks: Chunks): number =>
  chunks.reduce((n, c) => n + c.length, 0)

/** The header for sections of these types and sizes, with CRC 0. */
function layout(
  sections: { type: SectionTypeName; size: number }[],
  flags: number
): EifHeader {
  const sectionOffsets: bigint[] = []
  const sectionSizes: bigint[] = []
  let at = EIF_HEADER_SIZE
  for (const s of sections) {
    sectionOffsets.push(BigInt(at))
    sectionSizes.push(BigInt(s.size))
    at += SECTION_HEADER_SIZE + s.size
  }
  return {
    version: EIF_VERSION,
    flags,
    defaultMem: DEFAULT_MEM,
    defaultCpus: DEFAULT_CPUS,
    numSections: sections.length,
    sectionOffsets,
    sectionSizes,
    crc32: 0
  }
}

interface Plan {
  sections: { type: SectionTypeName; data: Chunks }[]
  measured: MeasuredSections
  flags: number
}

/** Validates the spec and lays out the sections before the signature. */
function plan(spec: EifSpec, certificateDer?: Uint8Array): Plan {
  if (spec.ramdisks.length === 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'an EIF needs at least one ramdisk'
    )
  if (spec.cmdline.includes('\0'))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the kernel command line must not contain NUL'
    )
  const extra = spec.signing ? 1 : 0
  if (3 + spec.ramdisks.length + extra > MAX_SECTIONS)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `an EIF holds at most ${MAX_SECTIONS - 3 - extra} ramdisks`
    )
  const cmdline = new TextEncoder().encode(spec.cmdline)
  return {
    sections: [
      { type: 'Kernel', data: spec.kernel },
      { type: 'Cmdline', data: [cmdline] },
      { type: 'Metadata', data: [encodeMetadata(spec.metadata)] },
      ...spec.ramdisks.map((data) => ({ type: 'Ramdisk' as const, data }))
    ],
    measured: {
      kernel: spec.kernel,
      cmdline,
      ramdisks: spec.ramdisks,
      certificateDer
    },
    flags: spec.arch === 'aarch64' ? FLAG_ARM64 : 0
  }
}

/** The header (CRC 0) and the body pieces after it. */
interface Assembled {
  header: EifHeader
  body: Uint8Array[]
  /** The body again, each piece marked with whether PCR0 covers it. */
  pieces: BodyPiece[]
  /** Index in `pieces` of the last piece of the first ramdisk (PCR1's end). */
  pcr1After: number
}

/** Lays out the header and the body, marking what PCR0 measures. */
function assemble(p: Plan): Assembled {
  const header = layout(
    p.sections.map((s) => ({ type: s.type, size: total(s.data) })),
    p.flags
  )
  const pieces: BodyPiece[] = []
  let pcr1After = -1
  let ramdisks = 0
  for (const s of p.sections) {
    const measured = s.type !== 'Metadata' && s.type !== 'Signature'
    pieces.push({
      bytes: encodeSectionHeader(s.type, total(s.data)),
      measured: false
    })
    for (const bytes of s.data) pieces.push({ bytes, measured })
    if (s.type === 'Ramdisk' && ramdisks++ === 0) pcr1After = pieces.length - 1
  }
  return { header, body: pieces.map((x) => x.bytes), pieces, pcr1After }
}

/** CRC-32 of header bytes [0, 544) followed by the body. */
function crcOf(header: EifHeader, body: Chunks): number {
  let crc = crc32(encodeHeader(header).subarray(0, CRC_OFFSET))
  for (const c of body) crc = crc32(c, crc)
  return crc
}

/**
 * Builds the EIF and its PCRs in memory. The signing code (and its CBOR
 * library) is loaded only for signed images, so that an unsigned build's
 * start-up stays small.
 */
export async function buildEif(spec: EifSpec): Promise<BuiltEif> {
  const signer = spec.signing ? await import('./signature.js') : undefined
  const p = plan(
    spec,
    spec.signing && signer
      ? signer.parseCertificate(spec.signing.certificatePem).raw
      : undefined
  )
  const pcrs = await measureSections(p.measured)
  if (spec.signing && signer) {
    const { certificatePem, privateKeyPem } = spec.signing
    const sig = signer.signPcr0(pcrs.PCR0, certificatePem, privateKeyPem)
    p.sections.push({ type: 'Signature', data: [sig] })
  }
  const { header, body } = assemble(p)
  header.crc32 = crcOf(header, body)
  const head = encodeHeader(header)
  return {
    chunks: [head, ...body],
    size: head.length + total(body),
    header,
    pcrs
  }
}

/**
 * Builds the EIF straight into `path` (atomically). When unsigned, the
 * layout is known before the PCRs, so the body goes to disk on libuv's
 * threads while this thread hashes PCR0 and the CRC, and the header, which
 * holds the CRC, is written last. Signed images need PCR0 first.
 */
export async function writeEif(path: string, spec: EifSpec): Promise<BuiltEif> {
  if (spec.signing) {
    const built = await buildEif(spec)
    await writeChunksAtomic(path, built.chunks)
    return built
  }
  const p = plan(spec)
  const { header, body, pieces, pcr1After } = assemble(p)
  const file = await openAtomic(path)
  try {
    // The body goes to disk and PCR2 (the later ramdisks) is hashed off
    // this thread (util/digest-worker) while it makes the one pass for the CRC and
    // PCR0/PCR1; the header, which holds the CRC, is written last.
    const bodyWritten = writePieces(file, body, EIF_HEADER_SIZE)
    const pcr2Digest = sha384OffThread(p.measured.ramdisks.slice(1).flat())
    const scan = await scanBodyAsync(
      encodeHeader(header).subarray(0, CRC_OFFSET),
      pieces,
      pcr1After
    )
    header.crc32 = scan.crc32
    const head = encodeHeader(header)
    const [digest2, err] = await Promise.all([
      pcr2Digest,
      bodyWritten,
      file.writeAt(0, head)
    ])
    if (err !== undefined) throw err
    await file.commit()
    return {
      chunks: [head, ...body],
      size: head.length + total(body),
      header,
      pcrs: {
        PCR0: extendPcr(scan.imageDigest),
        PCR1: extendPcr(scan.bootDigest),
        PCR2: extendPcr(digest2)
      }
    }
  } catch (err) {
    await file.abort()
    throw err
  }
}
