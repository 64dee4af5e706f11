// Where a verification starts: the measurement to look for (from the flag
// or the enclave's evidence) and the bundles that may attest it (files,
// GitHub's attestation API, or an OCI artifact's referrers).
import { MEASUREMENT_PREDICATE_TYPE } from '../model/predicate.js'
import { EnclaveBuildError } from '../errors.js'
import type { DiscoveredArtifact } from '../oci/discover.js'
import type { Evidence } from './evidence/index.js'
import type { VerifyDeps, VerifyInput } from './input.js'
import { lookupAttestations } from './lookup.js'
import { wantedMeasurement, type WantedMeasurement } from './match.js'
import { readBundleSources, type BundleSource } from './sources.js'

/** The measurement to look for, from the flag and/or the evidence. */
export async function measurementOf(
  input: VerifyInput,
  deps: VerifyDeps
): Promise<{ wanted: WantedMeasurement; evidence?: Evidence }> {
  // The evidence verifiers (X.509, CBOR, quote parsers) load only when
  // there is evidence: a bundle check never compiles them.
  const evidence = input.evidence
    ? await (
        await import('./evidence-only.js')
      ).checkEvidence(input.evidence, deps)
    : undefined
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
export async function collectBundles(
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
export async function registryBundles(
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
  const { discoverArtifact } = await import('../oci/discover.js')
  const { parseOciReference } = await import('../oci/reference.js')
  const { resolveCredentials } = await import('../oci/auth.js')
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
