import { createPrivateKey, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Encoder, Tag } from 'cbor-x'

/*
 * Builders for evidence documents, written from the vendors' layouts, so
 * tests never need real hardware output.
 */

const here = dirname(fileURLToPath(import.meta.url))

/** Reads a file of the test Nitro CA chain (see nitro/gen.sh). */
export function nitroFixture(name: string): string {
  return readFileSync(join(here, 'nitro', name), 'utf8')
}

/** DER bytes of a PEM certificate. */
export function pemToDer(pem: string): Buffer {
  const b64 = pem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
  return Buffer.from(b64, 'base64')
}

/** Fields of an SGX DCAP quote the tests set. */
export interface QuoteFields {
  version?: number
  keyType?: number
  teeType?: number
  mrenclave?: Buffer
  mrsigner?: Buffer
  isvProdId?: number
  isvSvn?: number
  flags?: bigint
  xfrm?: bigint
  reportData?: Buffer
  signatureData?: Buffer
}

/** An SGX DCAP v3/v4 quote: header (48) + report body (384) + sig length + data. */
export function buildSgxQuote(f: QuoteFields = {}): Buffer {
  const header = Buffer.alloc(48)
  header.writeUInt16LE(f.version ?? 3, 0)
  header.writeUInt16LE(f.keyType ?? 2, 2)
  header.writeUInt32LE(f.teeType ?? 0, 4)
  header.writeUInt16LE(7, 8) // QE SVN
  header.writeUInt16LE(13, 10) // PCE SVN
  Buffer.from('939a7233f79c4ca9940a0db3957f0607', 'hex').copy(header, 12)
  const body = Buffer.alloc(384)
  body.writeUInt32LE(0, 16)
  body.writeBigUInt64LE(f.flags ?? 0x7n, 48)
  body.writeBigUInt64LE(f.xfrm ?? 0x3n, 56)
  ;(f.mrenclave ?? Buffer.alloc(32, 0xaa)).copy(body, 64)
  ;(f.mrsigner ?? Buffer.alloc(32, 0xbb)).copy(body, 128)
  body.writeUInt16LE(f.isvProdId ?? 1, 256)
  body.writeUInt16LE(f.isvSvn ?? 2, 258)
  ;(f.reportData ?? Buffer.alloc(64, 0xcc)).copy(body, 320)
  const sig = f.signatureData ?? Buffer.alloc(64 + 64 + 384 + 64 + 2 + 6, 1)
  const len = Buffer.alloc(4)
  len.writeUInt32LE(sig.length)
  return Buffer.concat([header, body, len, sig])
}

/** Fields of an SEV-SNP attestation report the tests set. */
export interface ReportFields {
  version?: number
  policy?: bigint
  measurement?: Buffer
  hostData?: Buffer
  reportData?: Buffer
  vmpl?: number
}

/** A 0x4A0-byte SEV-SNP ATTESTATION_REPORT. */
export function buildSnpReport(f: ReportFields = {}): Buffer {
  const b = Buffer.alloc(0x4a0)
  b.writeUInt32LE(f.version ?? 2, 0x00)
  b.writeUInt32LE(5, 0x04) // guest SVN
  b.writeBigUInt64LE(f.policy ?? 0x30000n, 0x08)
  b.writeUInt32LE(f.vmpl ?? 0, 0x30)
  b.writeUInt32LE(1, 0x34) // ECDSA P-384
  Buffer.from([3, 0, 0, 0, 0, 0, 8, 115]).copy(b, 0x38) // current TCB
  b.writeUInt32LE(1, 0x48) // AUTHOR_KEY_EN
  ;(f.reportData ?? Buffer.alloc(64, 0x11)).copy(b, 0x50)
  ;(f.measurement ?? Buffer.alloc(48, 0x22)).copy(b, 0x90)
  ;(f.hostData ?? Buffer.alloc(32, 0x33)).copy(b, 0xc0)
  Buffer.alloc(64, 0x44).copy(b, 0x1a0) // chip id
  Buffer.alloc(144, 0x55).copy(b, 0x2a0) // signature r, s
  return b
}

const encoder = new Encoder({ mapsAsObjects: false, useRecords: false })

/** Fields of a Nitro attestation document the tests set. */
export interface NitroFields {
  pcrs?: Map<number, Buffer>
  moduleId?: string
  timestamp?: number
  digest?: string
  nonce?: Buffer
  userData?: Buffer
  leafPem?: string
  leafKeyPem?: string
  cabundle?: string[]
  tagged?: boolean
  alg?: number
  /** Replace the payload map wholesale (for malformed-field tests). */
  payload?: Map<string, unknown>
  /** Flip a bit of the signature after signing. */
  corruptSignature?: boolean
}

/** The default document's PCRs: PCR0..2 and PCR8, each 48 bytes. */
export function defaultPcrs(): Map<number, Buffer> {
  return new Map([
    [0, Buffer.alloc(48, 0xa0)],
    [1, Buffer.alloc(48, 0xa1)],
    [2, Buffer.alloc(48, 0xa2)],
    [3, Buffer.alloc(48, 0)],
    [8, Buffer.alloc(48, 0xa8)]
  ])
}

/** The payload map of a Nitro attestation document. */
export function nitroPayload(f: NitroFields = {}): Map<string, unknown> {
  const doc = new Map<string, unknown>([
    ['module_id', f.moduleId ?? 'i-0123456789abcdef0-enc0123456789abcdef'],
    ['digest', f.digest ?? 'SHA384'],
    // An 8-byte unsigned integer, as the NSM writes it.
    ['timestamp', BigInt(f.timestamp ?? Date.UTC(2027, 0, 1))],
    ['pcrs', f.pcrs ?? defaultPcrs()],
    ['certificate', pemToDer(f.leafPem ?? nitroFixture('leaf.pem'))],
    [
      'cabundle',
      (f.cabundle ?? [nitroFixture('root.pem'), nitroFixture('int.pem')]).map(
        pemToDer
      )
    ],
    ['public_key', null],
    ['user_data', f.userData ?? null],
    ['nonce', f.nonce ?? Buffer.from('0102030405', 'hex')]
  ])
  return doc
}

/** Encodes the COSE Sig_structure independently of the code under test. */
function sigStructure(protectedHeader: Buffer, payload: Buffer): Buffer {
  return encoder.encode([
    'Signature1',
    protectedHeader,
    Buffer.alloc(0),
    payload
  ])
}

/** A signed Nitro attestation document (COSE_Sign1, ES384). */
export function buildNitroDocument(f: NitroFields = {}): Buffer {
  const protectedHeader = encoder.encode(new Map([[1, f.alg ?? -35]]))
  const payload = encoder.encode(f.payload ?? nitroPayload(f))
  const key = createPrivateKey(f.leafKeyPem ?? nitroFixture('leaf-key.pem'))
  const signature = sign('sha384', sigStructure(protectedHeader, payload), {
    key,
    dsaEncoding: 'ieee-p1363'
  })
  if (f.corruptSignature) signature[10] ^= 1
  const cose = [protectedHeader, new Map(), payload, signature]
  return encoder.encode(f.tagged === false ? cose : new Tag(cose, 18))
}
