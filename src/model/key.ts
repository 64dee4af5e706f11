import { createHash, createPublicKey, type KeyObject } from 'node:crypto'
import { EnclaveBuildError } from '../errors.js'

/** The key hint of a public key: sha256 hex of its DER SubjectPublicKeyInfo. */
export function keyHint(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex')
}

/** Reads a PEM public key; anything else is KEY_INVALID. */
export function loadPublicKey(publicKeyPem: string): {
  key: KeyObject
  hint: string
} {
  let key: KeyObject
  try {
    key = createPublicKey({ key: publicKeyPem, format: 'pem' })
  } catch (err) {
    throw new EnclaveBuildError(
      'KEY_INVALID',
      `not a PEM public key: ${(err as Error).message}`
    )
  }
  return { key, hint: keyHint(key.export({ format: 'der', type: 'spki' })) }
}
