import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  type KeyObject
} from 'node:crypto'
import type { Signature, Signer } from '@sigstore/sign'
import { EnclaveBuildError } from '../errors.js'
import { keyHint, loadPublicKey } from '../model/key.js'

/**
 * Key-based signing for air-gapped and private use: a long-lived PEM key
 * instead of a Fulcio certificate. The bundle carries only a key hint; the
 * verifier must be given the public key.
 */

/** A private key and what the bundle needs to name it. */
export interface LoadedKey {
  privateKey: KeyObject
  publicKeyPem: string
  /** sha256 hex of the DER SubjectPublicKeyInfo: the bundle's key hint. */
  hint: string
  /** Digest used with the key (null for Ed25519, which hashes itself). */
  digest: 'sha256' | null
}

/**
 * Parses a PEM private key (PKCS#8 or SEC1, optionally encrypted).
 * Supported: ECDSA P-256 and P-384 (both signing sha256), Ed25519, the key
 * types cosign and Sigstore verifiers accept for DSSE. Errors never quote the
 * key; a missing password is asked for as `passwordName` (the caller's
 * spelling of it; default: the action's input and `attest sign`'s flag).
 */
export function loadPrivateKey(
  pem: string,
  password?: string,
  passwordName?: string
): LoadedKey {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({
      key: pem,
      format: 'pem',
      ...(password ? { passphrase: password } : {})
    })
  } catch (err) {
    const encrypted = /ENCRYPTED/.test(pem)
    throw new EnclaveBuildError(
      'KEY_INVALID',
      encrypted && !password
        ? `the attestation key is encrypted: set ${passwordName ?? 'attestation-key-password (or --key-password)'}`
        : `the attestation key is not a readable PEM private key${encrypted ? ' (or the password is wrong)' : ''}: ${(err as Error).message.replace(/\n/g, ' ')}; generate one with \`enclave-build attest gen-key\``
    )
  }
  const digest = digestFor(privateKey)
  const publicKey = createPublicKey(privateKey)
  return {
    privateKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    hint: keyHint(publicKey.export({ format: 'der', type: 'spki' })),
    digest
  }
}

/** The hint of a PEM public key, as a verifier computes it. */
export function publicKeyHint(publicKeyPem: string): string {
  return loadPublicKey(publicKeyPem).hint
}

function digestFor(key: KeyObject): LoadedKey['digest'] {
  const type = key.asymmetricKeyType
  if (type === 'ed25519') return null
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    // SHA-256 for P-384 too: a DSSE envelope does not name its hash, and
    // @sigstore/verify, cosign and sigstore-go verify key signatures over
    // SHA-256, so a SHA-384 signature is refused by every one of them.
    if (curve === 'prime256v1' || curve === 'secp384r1') return 'sha256'
  }
  throw new EnclaveBuildError(
    'KEY_INVALID',
    `unsupported attestation key type ${type ?? 'unknown'}${type === 'ec' ? ` (${key.asymmetricKeyDetails?.namedCurve})` : ''}: use ECDSA P-256, P-384 or Ed25519 (\`enclave-build attest gen-key\` makes a P-256 key)`
  )
}

/** A @sigstore/sign Signer over a local key. */
export class KeySigner implements Signer {
  readonly #key: LoadedKey

  constructor(key: LoadedKey) {
    this.#key = key
  }

  /** Signs `data` (the DSSE PAE) and names the key by its hint. */
  sign(data: Buffer): Promise<Signature> {
    return Promise.resolve({
      signature: cryptoSign(this.#key.digest, data, this.#key.privateKey),
      key: {
        $case: 'publicKey',
        publicKey: this.#key.publicKeyPem,
        hint: this.#key.hint
      }
    })
  }
}

/** A new ECDSA P-256 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSigningKey(password?: string): {
  privateKeyPem: string
  publicKeyPem: string
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1'
  })
  return {
    privateKeyPem: privateKey
      .export({
        format: 'pem',
        type: 'pkcs8',
        ...(password ? { cipher: 'aes-256-cbc', passphrase: password } : {})
      })
      .toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString()
  }
}
