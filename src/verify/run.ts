import { asEnclaveBuildError, EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import { collectBundles, measurementOf, registryBundles } from './collect.js'
import type { VerifyDeps, VerifyInput } from './input.js'
import {
  crossCheckRegisters,
  hasSubject,
  matchMeasurement,
  peekStatement
} from './match.js'
import { checkIdentity, checkPredicateSource, makePolicy } from './policy.js'
import { resultOf, type VerifyResult } from './result.js'

export type { VerifyDeps, VerifyInput } from './input.js'
export type { VerifyResult } from './result.js'

/**
 * Verifies that a measurement (or the enclave's evidence) was built from a
 * source commit: finds the bundles that name it, verifies each with
 * Sigstore, applies the identity policy, checks the measurement against the
 * predicate, and returns the first that passes everything. If none passes,
 * throws the first bundle's coded reason.
 */
export async function runVerify(
  input: VerifyInput,
  deps: VerifyDeps = {}
): Promise<VerifyResult> {
  const policy = makePolicy({
    ...input.policy,
    ...(input.lookup && !input.policy.repository
      ? { repository: input.lookup.repository }
      : {})
  })
  const fromRegistry = await registryBundles(input, deps)
  // Without --measurement or evidence, the one the artifact announces is
  // looked for; it counts only once a signed predicate names it.
  const announced = fromRegistry[0]?.artifact?.measurement
  const { wanted, evidence } = await measurementOf(
    !input.measurement && !input.evidence && announced
      ? { ...input, measurement: announced }
      : input,
    deps
  )
  const bundles = await collectBundles(input, wanted, deps, fromRegistry)
  const candidates = bundles.filter((b) => {
    const statement = peekStatement(b.json)
    return statement !== undefined && hasSubject(statement, wanted.lookupDigest)
  })
  if (candidates.length === 0)
    throw new EnclaveBuildError(
      'MEASUREMENT_NOT_SUBJECT',
      `none of the ${bundles.length} bundle(s) has a subject sha256:${wanted.lookupDigest} (the lookup digest of ${wanted.value}); they attest other builds`
    )
  const { loadTrust, verifyBundle } = await import('./bundle.js')
  const trust = await loadTrust({
    ...(input.trustedRootPath
      ? {
          trustedRoot: parseJson(
            await readInputFile(input.trustedRootPath, 'trusted root'),
            input.trustedRootPath
          )
        }
      : {}),
    ...(input.publicKeyPath
      ? {
          publicKeyPem: (
            await readInputFile(input.publicKeyPath, 'public key')
          ).toString('utf8')
        }
      : {}),
    ...(deps.tuf ? { tuf: deps.tuf } : {})
  })
  const errors: EnclaveBuildError[] = []
  for (const candidate of candidates) {
    try {
      const verified = verifyBundle(candidate.json, trust, candidate.name)
      if (verified.signer) checkIdentity(policy, verified.signer)
      else if (policy.certificateIdentity || policy.certificateIdentityRegexp)
        throw new EnclaveBuildError(
          'IDENTITY_MISMATCH',
          `${candidate.name} is signed with a key, which carries no certificate identity to check against --certificate-identity(-regexp); pin the key with --public-key and the source with --repo`
        )
      const { predicate, measurement } = matchMeasurement(
        verified.statement,
        wanted,
        candidate.name
      )
      // With a key the predicate is all there is: the key holder vouches for it.
      if (!verified.signer) checkPredicateSource(policy, predicate.source)
      const registersChecked = evidence
        ? crossCheckRegisters(predicate, evidence.registers, candidate.name)
        : []
      const published = candidate.artifact
      const layersChecked = published
        ? (await import('./published-layers.js')).checkPublishedLayers(
            predicate,
            published,
            candidate.name
          )
        : []
      const signer = verified.signer
      const warnings: string[] = []
      if (!policy.pinned && signer)
        warnings.push(
          `no identity policy: any workflow with a ${policy.oidcIssuer} token could have signed; pin it with --certificate-identity(-regexp) or --repo`
        )
      if (!signer)
        warnings.push(
          'key-signed: the source repository and commit are what the key holder wrote in the predicate, not vouched for by a certificate'
        )
      if (signer?.runnerEnvironment === 'self-hosted')
        warnings.push('built on a self-hosted runner')
      if (
        signer?.sourceRepositoryDigest &&
        predicate.source.commit !== signer.sourceRepositoryDigest
      )
        warnings.push(
          `the predicate names commit ${predicate.source.commit}, the certificate ${signer.sourceRepositoryDigest}; the certificate is authoritative`
        )
      const result = resultOf({
        wanted,
        measurementName: measurement.name,
        predicate,
        verified,
        policy,
        trustRoot: trust.source,
        bundle: candidate.name,
        evidence,
        registersChecked,
        warnings
      })
      if (published)
        result.artifact = {
          reference: published.reference,
          digest: published.digest,
          referrers: published.referrers,
          layersChecked
        }
      return result
    } catch (err) {
      errors.push(asEnclaveBuildError(err))
    }
  }
  const first = errors[0]
  if (errors.length === 1) throw first
  throw new EnclaveBuildError(
    first.code,
    `${first.message} (${errors.length} bundles name this measurement; the others failed with ${errors
      .slice(1)
      .map((e) => e.code)
      .join(', ')})`,
    { cause: first }
  )
}

function parseJson(bytes: Buffer, path: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`)
  }
}
