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
  mrenclave: 'gramine: MRENCLAVE (hex), as the SGX hardware will report it',
  mrsigner: 'gramine: MRSIGNER (hex), sha256 of the signing key modulus',
  isvprodid: 'gramine: ISVPRODID from the manifest',
  isvsvn: 'gramine: ISVSVN from the manifest',
  debug: 'gramine: true when the enclave is a debug enclave',
  'manifest-sgx': 'gramine: path of the .manifest.sgx',
  sig: 'gramine: path of the .sig (SIGSTRUCT)',
  eif: 'nitro: path of the Enclave Image File',
  pcr0: 'nitro: PCR0 (hex): kernel, cmdline and all ramdisks',
  pcr1: 'nitro: PCR1 (hex): kernel, cmdline and the bootstrap ramdisk',
  pcr2: 'nitro: PCR2 (hex): the customer ramdisks (the Go binary)',
  pcr8: 'nitro: PCR8 (hex) of the signing certificate; empty when unsigned',
  measurement:
    'snp: the SEV-SNP launch digest (hex); verify: the verified measurement',
  'initrd-path': 'snp, tdx: path of the initrd carrying the Go binary as /init',
  'qemu-options':
    'snp: the QEMU options to launch the guest with kernel hashes on',
  mrtd: 'tdx: MRTD (hex), the TD build-time measurement',
  rtmr0:
    'tdx: RTMR0 (hex): TD HOB, firmware config and ACPI; empty without the tdx-acpi-* inputs',
  rtmr1: 'tdx: RTMR1 (hex): the kernel as QEMU patched it',
  rtmr2: 'tdx: RTMR2 (hex): the kernel command line and the initrd',
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
