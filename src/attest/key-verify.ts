import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify'
import { EnclaveBuildError } from '../errors.js'
import { lookupDigest } from '../model/measurement.js'
import { loadPublicKey } from '../model/key.js'
import {
  INTOTO_PAYLOAD_TYPE,
  parseStatement,
  type Statement
} from '../model/statement.js'

/**
 * Verifies a key-signed bundle (signing: key) against a PEM public key and
 * returns the signed statement. Such bundles carry no certificate and no
 * timestamp: the key is the whole identity, so keep it where only release
 * engineers can use it.
 */
export function verifyBundleWithKey(
  bundleJson: unknown,
  publicKeyPem: string
): Statement {
  const { key, hint } = loadPublicKey(publicKeyPem)
  let bundle: Bundle
  try {
    bundle = bundleFromJSON(bundleJson)
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `not a Sigstore bundle: ${(err as Error).message}`
    )
  }
  const trust: TrustMaterial = {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: (h: string) => {
      if (h !== hint)
        throw new EnclaveBuildError(
          'SIGNATURE_INVALID',
          `the bundle was signed by key ${h || '(no hint)'}, not by the given public key (${hint})`
        )
      return { publicKey: key, validFor: () => true }
    }
  }
  if (bundle.verificationMaterial.content.$case !== 'publicKey')
    throw new EnclaveBuildError(
      'SIGNATURE_INVALID',
      'the bundle is signed with a certificate (keyless), not a key: verify it with `enclave-build verify`'
    )
  try {
    new Verifier(trust, {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      timestampThreshold: 0
    }).verify(toSignedEntity(bundle))
  } catch (err) {
    if (err instanceof EnclaveBuildError) throw err
    throw new EnclaveBuildError(
      'SIGNATURE_INVALID',
      `the bundle's signature does not verify with the given key: ${(err as Error).message}`
    )
  }
  if (
    bundle.content.$case !== 'dsseEnvelope' ||
    bundle.content.dsseEnvelope.payloadType !== INTOTO_PAYLOAD_TYPE
  )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the bundle does not hold an in-toto statement'
    )
  let payload: unknown
  try {
    payload = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'))
  } catch {
    throw new EnclaveBuildError('INPUT_INVALID', 'the statement is not JSON')
  }
  return parseStatement(payload)
}

/**
 * The subject under which `measurementHex` (64 or 96 hex digits) is
 * attested, or a MEASUREMENT_NOT_SUBJECT error.
 */
export function findMeasurementSubject(
  statement: Statement,
  measurementHex: string
): Statement['subject'][number] {
  const alg = measurementHex.length === 96 ? 'sha384' : 'sha256'
  const digest = lookupDigest(alg, measurementHex)
  const found = statement.subject.find((s) => s.digest.sha256 === digest)
  if (!found)
    throw new EnclaveBuildError(
      'MEASUREMENT_NOT_SUBJECT',
      `the measurement ${measurementHex.toLowerCase()} (lookup digest sha256:${digest}) is not a subject of this attestation: the enclave runs something else than what was attested`
    )
  return found
}
