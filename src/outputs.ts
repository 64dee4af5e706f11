/**
 * Every output the action can set, with its description. action.yml is
 * generated from this list (scripts/gen-action.ts), so they cannot drift.
 */
export const OUTPUTS = {
  binary: 'Path of the built Go binary',
  sha256: 'sha256 of the built Go binary',
  'go-version': 'The Go toolchain that built it, e.g. go1.24.3',
  reproducible:
    'true when the rebuild check produced the same bytes; null when it did not run',
  'build-record':
    'Path of build-record.json: environment, flags, toolchain, go.sum digest, buildinfo',
  measurement: 'verify: the verified measurement',
  'statement-path': 'Path of the in-toto statement of the measurement',
  'bundle-path': 'Path of the Sigstore bundle (<name>.sigstore.json)',
  'provenance-bundle-path': 'Path of the signed SLSA provenance bundle',
  'attestation-id': "ID of the attestation in GitHub's attestation store",
  'attestation-url': "URL of the attestation in GitHub's attestation store",
  'provenance-attestation-id':
    "ID of the provenance attestation in GitHub's attestation store",
  'provenance-attestation-url':
    "URL of the provenance attestation in GitHub's attestation store",
  'log-index': 'Rekor transparency-log index of the attestation (public-good)',
  'oci-reference':
    'publish: the pushed artifact, oci://REGISTRY/NAME@sha256:… (the bundle is attached to it)',
  'oci-digest': 'publish: the digest of the pushed artifact manifest',
  verified: 'verify: true when the measurement was verified',
  'source-repository': 'verify: the repository that built the measurement',
  'source-commit': 'verify: the commit that was built',
  workflow: 'verify: the workflow that signed the attestation'
} as const satisfies Record<string, string>

/** The name of an action output. */
export type OutputName = keyof typeof OUTPUTS
