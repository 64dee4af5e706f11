import {
  createPrivateKey,
  generateKeyPairSync,
  sign as rsaSign,
  constants,
  type KeyObject
} from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { SGX_RSA_EXPONENT, SGX_RSA_KEY_BITS } from './constants.js'

/**
 * SGX enclave signing keys: RSA-3072 with public exponent 3 (an Intel SGX
 * requirement Gramine enforces). Keys are PEM, PKCS#1 or PKCS#8, optionally
 * encrypted. Key material is never put into error messages.
 */

/** A loaded and checked enclave signing key. */
export interface SgxKey {
  key: KeyObject
  /** The modulus n, big-endian integer. */
  modulus: bigint
}

function keyError(message: string, cause?: unknown): never {
  throw new EnclaveBuildError('KEY_INVALID', message, { cause })
}

function bigFromBase64url(s: string): bigint {
  const bytes = Buffer.from(s, 'base64url')
  return bytes.byteLength === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`)
}

/**
 * Loads a PEM private key and checks it is RSA-3072 with e = 3; an
 * unreadable key asks for its passphrase as `passphraseName` (the caller's
 * spelling: `gramine sign`'s flag by default).
 */
export function loadSgxKey(
  pem: string | Uint8Array,
  passphrase?: string,
  passphraseName = '--passphrase'
): SgxKey {
  let key: KeyObject
  try {
    key = createPrivateKey({
      key: typeof pem === 'string' ? pem : Buffer.from(pem),
      format: 'pem',
      ...(passphrase !== undefined ? { passphrase } : {})
    })
  } catch (err) {
    const why = (err as { code?: string }).code ?? 'unreadable'
    keyError(
      `cannot read the signing key as a PEM private key (${why}); give an RSA-3072 key with exponent 3 (PKCS#1 or PKCS#8, with ${passphraseName} if it is encrypted)`,
      err
    )
  }
  if (key.asymmetricKeyType !== 'rsa')
    keyError(
      `the signing key is ${key.asymmetricKeyType ?? 'unknown'}, SGX needs an RSA-3072 key with exponent 3`
    )
  const details = key.asymmetricKeyDetails ?? {}
  if (details.modulusLength !== SGX_RSA_KEY_BITS)
    keyError(
      `the signing key has ${details.modulusLength ?? '?'} bits, SGX needs ${SGX_RSA_KEY_BITS}; make one with "enclave-build sgx gen-key"`
    )
  if (details.publicExponent !== BigInt(SGX_RSA_EXPONENT))
    keyError(
      `the signing key's public exponent is ${details.publicExponent ?? '?'}, SGX needs ${SGX_RSA_EXPONENT}; make one with "enclave-build sgx gen-key"`
    )
  const jwk = key.export({ format: 'jwk' })
  if (typeof jwk.n !== 'string') keyError('the signing key has no modulus')
  return { key, modulus: bigFromBase64url(jwk.n) }
}

/** RSASSA-PKCS1-v1_5 with SHA-256; deterministic, so a fixed key and input give a fixed .sig. */
export function signPkcs1Sha256(key: SgxKey, data: Uint8Array): bigint {
  const sig = rsaSign('sha256', data, {
    key: key.key,
    padding: constants.RSA_PKCS1_PADDING
  })
  return BigInt(`0x${sig.toString('hex')}`)
}

/** A new development key as PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), like gramine-sgx-gen-private-key. */
export function generateSgxKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: SGX_RSA_KEY_BITS,
    publicExponent: SGX_RSA_EXPONENT
  })
  return privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()
}

/** An unsigned big integer as `size` little-endian bytes. */
export function toLittleEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size)
  let v = value
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  if (v !== 0n)
    throw new EnclaveBuildError(
      'INTERNAL',
      `integer does not fit in ${size} bytes`
    )
  return out
}
