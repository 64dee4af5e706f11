import { invalidEvidence, type EvidenceType } from './types.js'

/*
 * The layout of an Intel DCAP quote, SGX (v3, v4) or TDX (v4, v5), from
 * Intel's "SGX ECDSA Quote Library API" and "TDX DCAP Quote Library API":
 *   header (48) ‖ body ‖ u32 signature-data length ‖ signature data
 * v5 puts u16 body type and u32 body size before the body. The signature
 * data is the ECDSA-P256 quote signature (64), the attestation key (64),
 * then certification data: in v3 directly the QE report (384), its
 * signature (64), QE auth data (u16 length + bytes) and the PCK chain
 * (u16 type 5, u32 size, PEM); in v4/v5 the same wrapped in
 * certification data of type 6.
 */

const HEADER = 48
const SGX_BODY = 384
const TD10_BODY = 584
const TD15_BODY = 648
const INTEL_QE_VENDOR = '939a7233f79c4ca9940a0db3957f0607'
/** Certification data types (Intel: PCK_CERT_CHAIN, QE_REPORT_CERT_DATA). */
const PCK_CHAIN = 5
const QE_REPORT_DATA = 6

/** A quote split into what the verifier checks. */
export interface DcapQuote {
  version: number
  tee: 'sgx' | 'tdx'
  /** Header (and for v5 the body descriptor) and body: what the attestation key signs. */
  signed: Buffer
  body: Buffer
  /** Raw r ‖ s, 32 bytes each. */
  signature: Buffer
  /** Raw X ‖ Y of the P-256 attestation key. */
  attestationKey: Buffer
  qeReport: Buffer
  qeReportSignature: Buffer
  qeAuthData: Buffer
  /** The PCK chain, PEM, leaf first. */
  pckChainPem: string
}

/** A bounds-checked cursor over the quote. */
class Reader {
  constructor(
    private readonly type: EvidenceType,
    private readonly b: Buffer,
    public pos: number,
    private readonly end: number
  ) {}

  take(n: number, what: string): Buffer {
    if (n > this.end - this.pos)
      invalidEvidence(
        this.type,
        `${what} (${n} bytes at ${this.pos}) runs past the end of its ${this.end}-byte container`
      )
    const out = this.b.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  u16(what: string): number {
    return this.take(2, what).readUInt16LE(0)
  }

  u32(what: string): number {
    return this.take(4, what).readUInt32LE(0)
  }
}

/** The body's size for a TEE, version and (v5) body type. */
function bodySize(
  type: EvidenceType,
  tee: 'sgx' | 'tdx',
  version: number,
  r: Reader
): number {
  if (version < 5) return tee === 'sgx' ? SGX_BODY : TD10_BODY
  const kind = r.u16('body type')
  const size = r.u32('body size')
  const want = { 1: SGX_BODY, 2: TD10_BODY, 3: TD15_BODY }[kind]
  if (want === undefined || size !== want || (tee === 'sgx') !== (kind === 1))
    invalidEvidence(type, `v5 body type ${kind} of ${size} bytes is not valid`)
  return size
}

/** Splits a DCAP quote; EVIDENCE_INVALID when it is not one we verify. */
export function splitDcapQuote(
  type: EvidenceType,
  quote: Uint8Array
): DcapQuote {
  const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength)
  const r = new Reader(type, b, 0, b.length)
  const header = r.take(HEADER, 'header')
  const version = header.readUInt16LE(0)
  const teeType = header.readUInt32LE(4)
  const tee = teeType === 0 ? 'sgx' : teeType === 0x81 ? 'tdx' : undefined
  if (tee === undefined)
    invalidEvidence(type, `unknown TEE type 0x${teeType.toString(16)}`)
  if ((tee === 'sgx') !== (type === 'sgx-quote'))
    invalidEvidence(type, `this is a ${tee.toUpperCase()} quote`)
  const versions = tee === 'sgx' ? [3, 4] : [4, 5]
  if (!versions.includes(version))
    invalidEvidence(
      type,
      `quote version ${version} is not supported for ${tee.toUpperCase()} (${versions.join(', ')})`
    )
  if (header.readUInt16LE(2) !== 2)
    invalidEvidence(
      type,
      'the attestation key type is not ECDSA-256-with-P-256 (2)'
    )
  if (header.subarray(12, 28).toString('hex') !== INTEL_QE_VENDOR)
    invalidEvidence(type, "the QE vendor is not Intel's")
  const size = bodySize(type, tee, version, r)
  const body = r.take(size, 'report body')
  const signed = b.subarray(0, r.pos)
  const sigLen = r.u32('signature data length')
  const s = new Reader(type, b, r.pos, r.pos + sigLen)
  // Some producers (dstack's tappd) pad quotes to a fixed size with zeros;
  // anything else after the signature data would be unsigned and unread.
  if (
    sigLen > b.length - r.pos ||
    b.subarray(r.pos + sigLen).some((x) => x !== 0)
  )
    invalidEvidence(
      type,
      `signature data (${sigLen} bytes) does not end the quote (only zero padding may follow)`
    )
  const signature = s.take(64, 'quote signature')
  const attestationKey = s.take(64, 'attestation key')
  let cert = s
  if (version >= 4) {
    if (s.u16('certification data type') !== QE_REPORT_DATA)
      invalidEvidence(
        type,
        'v4/v5 certification data is not of type 6 (QE report)'
      )
    const n = s.u32('certification data size')
    cert = new Reader(type, b, s.pos, s.pos + n)
    s.take(n, 'certification data')
  }
  const qeReport = cert.take(SGX_BODY, 'QE report')
  const qeReportSignature = cert.take(64, 'QE report signature')
  const qeAuthData = cert.take(cert.u16('QE auth data size'), 'QE auth data')
  if (cert.u16('PCK certification data type') !== PCK_CHAIN)
    invalidEvidence(
      type,
      'the quote does not carry its PCK certificate chain (certification data type 5)'
    )
  const chain = cert.take(cert.u32('PCK chain size'), 'PCK chain')
  return {
    version,
    tee,
    signed,
    body,
    signature,
    attestationKey,
    qeReport,
    qeReportSignature,
    qeAuthData,
    pckChainPem: chain.toString('latin1')
  }
}
