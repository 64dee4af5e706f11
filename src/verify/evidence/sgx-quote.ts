import { hexOf, invalidEvidence, type Evidence } from './types.js'

/*
 * Intel SGX DCAP quote, versions 3 and 4, as laid out in Intel's "SGX ECDSA
 * Quote Library API" (sgx_quote_3.h / sgx_quote_4.h): a 48-byte header, the
 * 384-byte SGX report body, then a 4-byte length and the signature data.
 * All integers are little-endian.
 */
const HEADER_SIZE = 48
const BODY_SIZE = 384
const MIN_SIZE = HEADER_SIZE + BODY_SIZE + 4

/** Attestation key types of the quote header. */
const KEY_TYPES: Record<number, string> = {
  2: 'ECDSA-256-with-P-256',
  3: 'ECDSA-384-with-P-384'
}

/** TEE type of a v4 header; only SGX carries an SGX report body. */
const TEE_SGX = 0x00
const TEE_TDX = 0x81

/**
 * Parses a DCAP quote and returns its report body (MRENCLAVE, MRSIGNER,
 * ISVPRODID, ISVSVN, attributes, report data). The signatures, QE report
 * and PCK chain are checked by verifyDcapQuote (dcap-verify.ts), which
 * builds on this; alone the result says `evidenceSignature: "not-checked"`.
 */
export function parseSgxQuote(quote: Uint8Array): Evidence {
  const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength)
  if (b.length < MIN_SIZE)
    invalidEvidence(
      'sgx-quote',
      `${b.length} bytes is shorter than a quote header and report body (${MIN_SIZE})`
    )
  const version = b.readUInt16LE(0)
  if (version !== 3 && version !== 4)
    invalidEvidence(
      'sgx-quote',
      `quote version ${version} is not supported (only DCAP v3 and v4)`
    )
  const keyType = b.readUInt16LE(2)
  const keyName = KEY_TYPES[keyType]
  if (keyName === undefined)
    invalidEvidence('sgx-quote', `unknown attestation key type ${keyType}`)
  const teeType = b.readUInt32LE(4)
  if (version === 4 && teeType === TEE_TDX)
    invalidEvidence(
      'sgx-quote',
      'this is a TDX quote; only SGX quotes are supported'
    )
  if (version === 4 && teeType !== TEE_SGX)
    invalidEvidence('sgx-quote', `unknown TEE type 0x${teeType.toString(16)}`)
  const sigLen = b.readUInt32LE(HEADER_SIZE + BODY_SIZE)
  if (sigLen > b.length - MIN_SIZE)
    invalidEvidence(
      'sgx-quote',
      `signature data length ${sigLen} runs past the end of the ${b.length}-byte quote`
    )
  const body = b.subarray(HEADER_SIZE, HEADER_SIZE + BODY_SIZE)
  const mrenclave = hexOf(body.subarray(64, 96))
  const mrsigner = hexOf(body.subarray(128, 160))
  const flags = body.readBigUInt64LE(48)
  return {
    type: 'sgx-quote',
    measurement: { name: 'MRENCLAVE', algorithm: 'sha256', value: mrenclave },
    registers: [
      { name: 'MRENCLAVE', algorithm: 'sha256', value: mrenclave },
      { name: 'MRSIGNER', algorithm: 'sha256', value: mrsigner }
    ],
    evidenceSignature: 'not-checked',
    fields: {
      version,
      attestationKeyType: keyName,
      qeSvn: b.readUInt16LE(8),
      pceSvn: b.readUInt16LE(10),
      qeVendorId: hexOf(b.subarray(12, 28)),
      cpuSvn: hexOf(body.subarray(0, 16)),
      miscSelect: body.readUInt32LE(16),
      // Flags and XFRM as the hex of their 8 little-endian bytes, the way
      // gramine-sgx-sigstruct-view prints attribute_flags / attribute_xfrms.
      attributes: {
        flags: hexOf(body.subarray(48, 56)),
        xfrm: hexOf(body.subarray(56, 64)),
        debug: (flags & 2n) !== 0n,
        mode64bit: (flags & 4n) !== 0n
      },
      mrenclave,
      mrsigner,
      isvProdId: body.readUInt16LE(256),
      isvSvn: body.readUInt16LE(258),
      reportData: hexOf(body.subarray(320, 384)),
      signatureDataLength: sigLen
    }
  }
}
