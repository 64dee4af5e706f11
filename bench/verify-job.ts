/**
 * The `verify` job bench/index.ts times: one key-signed measurement bundle,
 * its public key, and the same check for our CLI and for cosign
 * verify-blob-attestation (key, predicate type, subject digest).
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateSigningKey } from '../src/attest/key.js'
import { signStatement } from '../src/attest/sign.js'
import { MEASUREMENT_PREDICATE_TYPE } from '../src/model/predicate.js'
import { startMockSigstore } from '../__fixtures__/sigstore-mock.js'
import { NITRO, statements } from '../__fixtures__/verify/attestation.js'

/** Files and both command lines. */
export interface VerifyJob {
  dir: string
  oursArgs: string[]
  cosignArgs: string[]
}

/** Signs the Nitro statement with a fresh P-256 key into `dir`. */
export async function keySignedBundle(dir: string): Promise<VerifyJob> {
  mkdirSync(dir, { recursive: true })
  const { privateKeyPem, publicKeyPem } = generateSigningKey()
  const signed = await signStatement(statements.nitro(), {
    mode: 'key',
    privateKeyPem
  })
  const bundle = join(dir, 'key.sigstore.json')
  const pub = join(dir, 'key.pub')
  writeFileSync(bundle, JSON.stringify(signed.bundle))
  writeFileSync(pub, publicKeyPem)
  // cosign wants a trusted root with the new bundle format even for a key.
  const mock = await startMockSigstore()
  const root = join(dir, 'trusted_root.json')
  writeFileSync(root, JSON.stringify(mock.trustedRoot))
  await mock.close()
  return {
    dir,
    oursArgs: [
      'verify',
      '--bundle',
      bundle,
      '--measurement',
      NITRO.PCR0,
      '--public-key',
      pub,
      '--json'
    ],
    cosignArgs: [
      'verify-blob-attestation',
      '--bundle',
      bundle,
      '--new-bundle-format',
      '--key',
      pub,
      '--trusted-root',
      root,
      '--insecure-ignore-tlog',
      '--type',
      MEASUREMENT_PREDICATE_TYPE,
      '--digest',
      createHash('sha256').update(Buffer.from(NITRO.PCR0, 'hex')).digest('hex'),
      '--digestAlg',
      'sha256'
    ]
  }
}
