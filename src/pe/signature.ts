import { EnclaveBuildError } from '../errors.js'
import type { PeImage } from './pe.js'

/*
 * The certificates of a PE image's Authenticode signatures: the attribute
 * certificate table (WIN_CERTIFICATE entries, 8-byte aligned) and, in each
 * PKCS#7 SignedData, its `certificates` field. Read with the checks of the
 * `authenticode` crate 0.5 (AttributeCertificateIterator,
 * AuthenticodeSignature::from_bytes), because nitro-tpm-pcr-compute fails
 * on exactly those images and PCR7 must agree with it. Nothing here checks a
 * signature: Secure Boot does that; PCR7 only records which db entry matched.
 */

const bad = (message: string): EnclaveBuildError =>
  new EnclaveBuildError(
    'INPUT_INVALID',
    `the image's Authenticode signature cannot be read (${message}); pass the image as its signer produced it`
  )

/** One WIN_CERTIFICATE entry. */
export interface AttributeCertificate {
  revision: number
  type: number
  data: Uint8Array
}

/** The entries of the certificate table, or [] when the image has none. */
export function attributeCertificates(pe: PeImage): AttributeCertificate[] {
  if (!pe.certTable) return []
  const { start, end } = pe.certTable
  if (end > pe.bytes.length) throw bad('certificate table out of bounds')
  let rest = pe.bytes.subarray(start, end)
  const out: AttributeCertificate[] = []
  while (rest.length >= 8) {
    const dv = new DataView(rest.buffer, rest.byteOffset, rest.byteLength)
    const size = dv.getUint32(0, true)
    if (size < 8 || size > rest.length)
      throw bad(`an entry has the invalid size ${size}`)
    out.push({
      revision: dv.getUint16(4, true),
      type: dv.getUint16(6, true),
      data: rest.subarray(8, size)
    })
    const next = Math.ceil(size / 8) * 8
    if (next > rest.length) {
      rest = rest.subarray(rest.length)
      break
    }
    rest = rest.subarray(next)
  }
  if (rest.length !== 0)
    throw bad('the table size is not the sum of its aligned entries')
  return out
}

interface Tlv {
  tag: number
  /** The whole element. */
  der: Uint8Array
  /** The contents. */
  body: Uint8Array
}

/** Reads the DER element at the start of `b`. */
function tlv(b: Uint8Array): Tlv {
  if (b.length < 2) throw bad('truncated DER')
  const tag = b[0]
  if ((tag & 0x1f) === 0x1f) throw bad('multi-byte DER tag')
  let len = b[1]
  let at = 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || b.length < 2 + n) throw bad('bad DER length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]
    at = 2 + n
  }
  if (at + len > b.length) throw bad('DER element past its parent')
  return { tag, der: b.subarray(0, at + len), body: b.subarray(at, at + len) }
}

/** The elements inside a constructed element's contents. */
function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = []
  let rest = body
  while (rest.length > 0) {
    const t = tlv(rest)
    out.push(t)
    rest = rest.subarray(t.der.length)
  }
  return out
}

const oid = (hex: string): string => hex
/** 1.2.840.113549.1.7.2 signedData and 1.3.6.1.4.1.311.2.1.4 SPC_INDIRECT_DATA. */
const SIGNED_DATA = oid('2a864886f70d010702')
const SPC_INDIRECT_DATA = oid('2b060104018237020104')

/** DER SET OF order (X.690 11.6): by encoding, the shorter padded with zeros. */
function setOrder(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/**
 * The DER certificates of one Authenticode signature (a WIN_CERTIFICATE of
 * revision 2.0 and type PKCS_SIGNED_DATA), in DER SET OF order as the `der`
 * crate hands them out.
 */
export function signatureCertificates(
  cert: AttributeCertificate
): Uint8Array[] {
  if (cert.revision !== 0x0200)
    throw bad(`attribute certificate revision ${cert.revision.toString(16)}`)
  if (cert.type !== 0x0002)
    throw bad(`attribute certificate type ${cert.type.toString(16)}`)
  const info = tlv(cert.data)
  const [type, content] = info.tag === 0x30 ? children(info.body) : []
  if (
    type?.tag !== 0x06 ||
    Buffer.from(type.body).toString('hex') !== SIGNED_DATA
  )
    throw bad('not a PKCS#7 SignedData')
  if (content?.tag !== 0xa0) throw bad('no SignedData content')
  const sd = tlv(content.body)
  const f = sd.tag === 0x30 ? children(sd.body) : []
  if (f[0]?.tag !== 0x02 || f[0].body.length !== 1 || f[0].body[0] !== 1)
    throw bad('SignedData version is not 1')
  if (f[1]?.tag !== 0x31 || children(f[1].body).length !== 1)
    throw bad('not exactly one digest algorithm')
  const encap = f[2]?.tag === 0x30 ? children(f[2].body) : []
  if (Buffer.from(encap[0]?.body ?? []).toString('hex') !== SPC_INDIRECT_DATA)
    throw bad('the signed content is not SPC_INDIRECT_DATA')
  if (encap[1]?.tag !== 0xa0) throw bad('empty encapsulated content')
  const certs = f.find((x) => x.tag === 0xa0 && x !== f[2])
  const signers = f[f.length - 1]
  if (signers?.tag !== 0x31 || children(signers.body).length !== 1)
    throw bad('not exactly one signer')
  if (!certs) throw bad('no certificates')
  return children(certs.body)
    .filter((c) => c.tag === 0x30)
    .map((c) => c.der)
    .sort(setOrder)
}
