/**
 * The exit status the command line owes each error code, written out from
 * the rule (docs/failure.md: the user's own mistake exits 2; a remote
 * fault, a negative verdict or this machine's fault exits 1), not read from
 * src/errors.ts, so a test comparing the two catches a code moved to the
 * wrong side.
 */
export const USER_CODES: readonly string[] = [
  'INPUT_INVALID',
  'TOOLCHAIN_MISMATCH',
  'GIT_DIRTY',
  'GIT_MISSING',
  'PIN_MISMATCH',
  'FILE_NOT_FOUND',
  'FILE_NOT_REGULAR',
  'FILE_TOO_LARGE',
  'PERMISSION_DENIED',
  'PATH_ESCAPES_ROOT',
  'TEMPLATE_INVALID',
  'TEMPLATE_UNSUPPORTED',
  'MANIFEST_INVALID',
  'TOML_INVALID',
  'ELF_INVALID',
  'CGO_UNRESOLVED',
  'KEY_INVALID',
  'SIGSTRUCT_INVALID',
  'EIF_INVALID',
  'CPIO_INVALID',
  'FIRMWARE_INVALID',
  'EVIDENCE_INVALID',
  'BUILD_FAILED'
]

/** A remote service failed or answered what it must not. */
export const REMOTE_CODES: readonly string[] = [
  'HTTP_ERROR',
  'REGISTRY_REFUSED',
  'STORAGE_FAILED',
  'SIGNING_FAILED'
]

/** The check ran and said no (cosign verify exits 1 for this). */
export const VERDICT_CODES: readonly string[] = [
  'SIGNATURE_INVALID',
  'MEASUREMENT_MISMATCH',
  'IDENTITY_MISMATCH',
  'MEASUREMENT_NOT_SUBJECT',
  'TRUST_ROOT_UNKNOWN',
  'ARTIFACT_NOT_ATTESTED',
  'ATTESTATION_NOT_FOUND',
  'EVIDENCE_UNVERIFIED',
  'EVIDENCE_TCB_REJECTED',
  'EVIDENCE_POLICY_REJECTED',
  'BUILD_NOT_REPRODUCIBLE'
]

/** This machine (disk, I/O) or a bug. */
export const LOCAL_CODES: readonly string[] = [
  'NO_SPACE',
  'IO_ERROR',
  'INTERNAL'
]

/** The exit status of a failure with this code. */
export function exitFor(code: string): 1 | 2 {
  return USER_CODES.includes(code) ? 2 : 1
}
