import { Decoder, Tag } from 'cbor-x'

/*
 * The few CBOR pieces a Nitro attestation document needs. Decoding goes
 * through cbor-x with plain Maps (integer keys stay integers) and no record
 * extension; encoding is only ever the COSE Sig_structure, written by hand so
 * the signed bytes are exactly RFC 9052's and not up to an encoder's choices.
 */
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false })

/** COSE_Sign1 tag (RFC 9052); AWS may or may not send it. */
const COSE_SIGN1_TAG = 18

/** The four members of a COSE_Sign1. */
export interface CoseSign1 {
  protectedHeader: Uint8Array
  unprotected: unknown
  payload: Uint8Array
  signature: Uint8Array
}

/** Decodes one CBOR item; throws whatever cbor-x throws on bad input. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return decoder.decode(bytes) as unknown
}

/**
 * A CBOR integer as a JS number, whatever width it was written in: cbor-x
 * returns a BigInt for every 8-byte integer (AWS writes the millisecond
 * timestamp that way) and a number for shorter ones. Floats, and integers
 * beyond 2^53, are not integers a document's fields can hold: undefined.
 */
export function cborInteger(v: unknown): number | undefined {
  if (typeof v === 'bigint')
    return v >= BigInt(Number.MIN_SAFE_INTEGER) &&
      v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : undefined
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined
}

/** True for a CBOR byte string as cbor-x returns it. */
export function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array
}

/**
 * Splits a COSE_Sign1, tagged or not. Returns a reason string instead of
 * throwing so the caller words the error for its evidence type.
 */
export function splitCoseSign1(bytes: Uint8Array): CoseSign1 | string {
  let item = decodeCbor(bytes)
  if (item instanceof Tag) {
    if (item.tag !== COSE_SIGN1_TAG)
      return `CBOR tag ${item.tag} is not COSE_Sign1 (18)`
    item = item.value
  }
  if (!Array.isArray(item) || item.length !== 4)
    return 'not a COSE_Sign1 array of 4 items'
  const [protectedHeader, unprotected, payload, signature] = item as unknown[]
  if (!isBytes(protectedHeader) || !isBytes(payload) || !isBytes(signature))
    return 'COSE_Sign1 protected header, payload and signature must be byte strings'
  return { protectedHeader, unprotected, payload, signature }
}

/** CBOR major type 2 (byte string) head for a length. */
function bytesHead(length: number): Buffer {
  if (length < 24) return Buffer.from([0x40 | length])
  if (length < 0x100) return Buffer.from([0x58, length])
  if (length < 0x10000) {
    const h = Buffer.alloc(3)
    h[0] = 0x59
    h.writeUInt16BE(length, 1)
    return h
  }
  const h = Buffer.alloc(5)
  h[0] = 0x5a
  h.writeUInt32BE(length, 1)
  return h
}

/**
 * Sig_structure = ["Signature1", protected, external_aad = h'', payload],
 * the bytes a COSE_Sign1 signature covers (RFC 9052 §4.4).
 */
export function sigStructure(
  protectedHeader: Uint8Array,
  payload: Uint8Array
): Buffer {
  return Buffer.concat([
    Buffer.from([0x84, 0x6a]),
    Buffer.from('Signature1', 'ascii'),
    bytesHead(protectedHeader.length),
    protectedHeader,
    bytesHead(0),
    bytesHead(payload.length),
    payload
  ])
}
