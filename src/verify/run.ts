import { MEASUREMENT_PREDICATE_TYPE } from '../model/predicate.js'
import { asEnclaveBuildError, EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import type { FetchFn } from '../util/http.js'
import { readEvidence, type Evidence } from './evidence/index.js'
import { evidenceOptions, type EvidenceInput } from './evidence-input.js'
import { checkChallenge } from './evidence/freshness.js'
import { lookupAttestations } from './lookup.js'
import {
  crossCheckRegisters,
  hasSubject,
  matchMeasurement,
  peekStatement,
  wantedMeasurement,
  type WantedMeasurement
} from './match.js'
import {
  checkIdentity,
  checkPredicateSource,
  makePolicy,
  type PolicyInput
} from './policy.js'
import { resultOf, type VerifyResult } from './result.js'
import { MAX_EVIDENCE_BYTES } from '../util/limits.js'
import { readBundleSources, type BundleSource } from './sources.js'
import type { Credentials } from '../publish/auth.js'
import type { DiscoveredArtifact } from '../publish/discover.js'

export type { VerifyResult } from './result.js'

/** Everything `verify` can be asked. */
export interface VerifyInput {
  /** Hex of the register; or derived from `evidence`. */
  measurement?: string
  evidence?: EvidenceInput
  /** Bundle files or directories, or oci:// artifacts the bundles are attached to. */
  bundles?: string[]
  /** Look the attestation up in this repository through the GitHub API. */
  lookup?: { repository: string; token?: string; apiUrl?: string }
  trustedRootPath?: string
  publicKeyPath?: string
  policy: PolicyInput
}

/** The outside world, injectable for tests. */
export interface VerifyDeps {
  fetch?: FetchFn
  now?: () => Date
  /** Sigstore's public trusted root (TUF by default). */
  tuf?: () => Promise<unknown>
  sleep?: (ms: number) => Promise<void>
  /** The login for an OCI registry (default: env and Docker's config.json). */
  registryCredentials?: (registry: string) => Promise<Credentials | undefined>
}
/** The measurement to look for, from the flag and/or the evidence. */
async function measurementOf(
  input: VerifyInput,
  deps: VerifyDeps
): Promise<{ wanted: WantedMeasurement; evidence?: Evidence }> {
  let evidence: Evidence | undefined
  if (input.evidence) {
    const bytes = await readInputFile(input.evidence.path, 'evidence file', {
      maxBytes: MAX_EVIDENCE_BYTES
    })
    const rootPem = input.evidence.nitroRootPath
      ? (
          await readInputFile(input.evidence.nitroRootPath, 'Nitro root')
        ).toString('utf8')
      : undefined
    const now = (deps.now ?? ((): Date => new Date()))()
    evidence = readEvidence(
      input.evidence.type,
      bytes,
      await evidenceOptions(input.evidence, bytes, rootPem, now, deps)
    )
    if (input.evidence.challenge !== undefined)
      checkChallenge(evidence, input.evidence.challenge)
  }
  const hex = input.measurement || evidence?.measurement.value
  if (!hex)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give --measurement HEX or --evidence FILE --evidence-type TYPE'
    )
  const wanted = wantedMeasurement(hex)
  if (evidence && wanted.value !== evidence.measurement.value)
    throw new EnclaveBuildError(
      'MEASUREMENT_MISMATCH',
      `--measurement ${wanted.value} is not the ${evidence.measurement.name} the evidence reports (${evidence.measurement.value})`
    )
  return { wanted, ...(evidence ? { evidence } : {}) }
}

/** Bundles from files and/or the GitHub API. */
async function collectBundles(
  input: VerifyInput,
  wanted: WantedMeasurement,
  deps: VerifyDeps,
  fromRegistry: BundleSource[]
): Promise<BundleSource[]> {
  const found: BundleSource[] = [...fromRegistry]
  const files = (input.bundles ?? []).filter((b) => !b.startsWith('oci://'))
  if (files.length) found.push(...(await readBundleSources(files)))
  if (input.lookup)
    found.push(
      ...(await lookupAttestations({
        ...input.lookup,
        digest: wanted.lookupDigest,
        predicateType: MEASUREMENT_PREDICATE_TYPE,
        fetch: deps.fetch,
        sleep: deps.sleep
      }))
    )
  if (!input.bundles?.length && !input.lookup)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give --bundle FILE|DIR, or --repo owner/name to look the attestation up on GitHub'
    )
  if (found.length === 0)
    throw new EnclaveBuildError(
      'ATTESTATION_NOT_FOUND',
      `no bundle found in ${input.bundles?.join(', ')}`
    )
  return found
}

/**
 * The bundles attached to each oci:// artifact among the bundle sources
 * (loaded only when one is given: a file-only verify never loads publish/).
 */
async function registryBundles(
  input: VerifyInput,
  deps: VerifyDeps
): Promise<BundleSource[]> {
  const refs = (input.bundles ?? []).filter((b) => b.startsWith('oci://'))
  if (refs.length === 0) return []
  // Else a file bundle could pass while no layer of the artifact was checked.
  if (refs.length !== input.bundles?.length)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give either oci:// artifacts or bundle files to --bundle, not both: an artifact is verified only through its own bundles'
    )
  const { discoverArtifact } = await import('../publish/discover.js')
  const { parseOciReference } = await import('../publish/reference.js')
  const { resolveCredentials } = await import('../publish/auth.js')
  const login =
    deps.registryCredentials ??
    ((registry: string) => resolveCredentials(registry, process.env))
  const out: BundleSource[] = []
  for (const ref of refs) {
    const credentials = await login(parseOciReference(ref).registry)
    const artifact: DiscoveredArtifact = await discoverArtifact(ref, {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(credentials ? { credentials } : {})
    })
    for (const b of artifact.bundles) out.push({ ...b, artifact })
  }
  return out
}

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
        ? (await import('../publish/check.js')).checkPublishedLayers(
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
