/**
 * Every failure the tool reports carries one of these codes. The code is
 * stable (scripts and tests match on it); the message says what to do.
 */
export type ErrorCode =
  | 'INPUT_INVALID'
  | 'TOOLCHAIN_MISMATCH'
  | 'GIT_DIRTY'
  | 'GIT_MISSING'
  | 'BUILD_FAILED'
  | 'BUILD_NOT_REPRODUCIBLE'
  | 'MEASUREMENT_MISMATCH'
  | 'PIN_MISMATCH'
  | 'FILE_NOT_FOUND'
  | 'FILE_NOT_REGULAR'
  | 'FILE_TOO_LARGE'
  | 'PERMISSION_DENIED'
  | 'NO_SPACE'
  | 'IO_ERROR'
  | 'PATH_ESCAPES_ROOT'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_UNSUPPORTED'
  | 'MANIFEST_INVALID'
  | 'TOML_INVALID'
  | 'ELF_INVALID'
  | 'CGO_UNRESOLVED'
  | 'KEY_INVALID'
  | 'SIGSTRUCT_INVALID'
  | 'EIF_INVALID'
  | 'CPIO_INVALID'
  | 'FIRMWARE_INVALID'
  | 'SIGNING_FAILED'
  | 'STORAGE_FAILED'
  | 'HTTP_ERROR'
  | 'ATTESTATION_NOT_FOUND'
  | 'IDENTITY_MISMATCH'
  | 'MEASUREMENT_NOT_SUBJECT'
  | 'SIGNATURE_INVALID'
  | 'TRUST_ROOT_UNKNOWN'
  | 'EVIDENCE_INVALID'
  | 'EVIDENCE_UNVERIFIED'
  | 'REGISTRY_REFUSED'
  | 'ARTIFACT_NOT_ATTESTED'
  | 'EVIDENCE_TCB_REJECTED'
  | 'EVIDENCE_POLICY_REJECTED'
  | 'INTERNAL'

/**
 * Whose side a failure is on. The exit status follows from it (see
 * {@link EXIT_STATUS}), so a script can tell "fix your input" from "try
 * again later" from "the answer is no".
 * - user: the inputs, files, repository or toolchain the user gave must change;
 * - remote: a remote service failed or answered what it must not;
 * - verdict: the check ran and said no (a verifier's negative answer);
 * - local: this machine (disk, I/O) or a bug.
 */
export type ErrorSide = 'user' | 'remote' | 'verdict' | 'local'

/**
 * The side of every code. Typed as a Record over the union: a code added
 * above without a side here does not compile.
 */
export const ERROR_SIDE: Readonly<Record<ErrorCode, ErrorSide>> = {
  INPUT_INVALID: 'user',
  TOOLCHAIN_MISMATCH: 'user',
  GIT_DIRTY: 'user',
  GIT_MISSING: 'user',
  // what `go build` refuses is the source's; go reports a module or
  // toolchain it could not download the same way (docs/failure.md)
  BUILD_FAILED: 'user',
  BUILD_NOT_REPRODUCIBLE: 'verdict',
  MEASUREMENT_MISMATCH: 'verdict',
  PIN_MISMATCH: 'user',
  FILE_NOT_FOUND: 'user',
  FILE_NOT_REGULAR: 'user',
  FILE_TOO_LARGE: 'user',
  PERMISSION_DENIED: 'user',
  NO_SPACE: 'local',
  IO_ERROR: 'local',
  PATH_ESCAPES_ROOT: 'user',
  TEMPLATE_INVALID: 'user',
  TEMPLATE_UNSUPPORTED: 'user',
  MANIFEST_INVALID: 'user',
  TOML_INVALID: 'user',
  ELF_INVALID: 'user',
  CGO_UNRESOLVED: 'user',
  KEY_INVALID: 'user',
  SIGSTRUCT_INVALID: 'user',
  EIF_INVALID: 'user',
  CPIO_INVALID: 'user',
  FIRMWARE_INVALID: 'user',
  SIGNING_FAILED: 'remote',
  STORAGE_FAILED: 'remote',
  HTTP_ERROR: 'remote',
  // a verifier's "nothing attests this" (cosign: "no signatures found", exit 1)
  ATTESTATION_NOT_FOUND: 'verdict',
  IDENTITY_MISMATCH: 'verdict',
  MEASUREMENT_NOT_SUBJECT: 'verdict',
  SIGNATURE_INVALID: 'verdict',
  TRUST_ROOT_UNKNOWN: 'verdict',
  // malformed evidence: not what --evidence-type says, or truncated
  EVIDENCE_INVALID: 'user',
  // well-formed evidence whose signature, chain or collateral says no
  EVIDENCE_UNVERIFIED: 'verdict',
  REGISTRY_REFUSED: 'remote',
  ARTIFACT_NOT_ATTESTED: 'verdict',
  EVIDENCE_TCB_REJECTED: 'verdict',
  EVIDENCE_POLICY_REJECTED: 'verdict',
  INTERNAL: 'local'
}

/**
 * The command line's exit status for each side: 2 for what the user must
 * fix (a usage error, as POSIX utilities and argparse use 2), 1 for the
 * rest (a negative verification is 1, as `cosign verify` exits 1).
 */
export const EXIT_STATUS: Readonly<Record<ErrorSide, 1 | 2>> = {
  user: 2,
  remote: 1,
  verdict: 1,
  local: 1
}

/** Whose side a code is on, in a few words for a failed step's message. */
export const SIDE_TEXT: Readonly<Record<ErrorSide, string>> = {
  user: 'your input: fix it, then re-run',
  remote: 'a remote service: re-run later, or check its status',
  verdict: 'the verification said no',
  local: 'this machine (disk, I/O) or a bug in enclave-build'
}

/** The side of a code; one not in the table (a cast) is taken as a bug. */
export function sideOf(code: ErrorCode): ErrorSide {
  return Object.hasOwn(ERROR_SIDE, code) ? ERROR_SIDE[code] : 'local'
}

/** The command line's exit status for a failure with this code. */
export function exitStatusOf(code: ErrorCode): 1 | 2 {
  return EXIT_STATUS[sideOf(code)]
}

/** The one error class of the project. Entry points turn it into exit codes. */
export class EnclaveBuildError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'EnclaveBuildError'
  }
}

/** Throws an EnclaveBuildError; handy in expressions (`x ?? fail(...)`). */
export function fail(code: ErrorCode, message: string, cause?: unknown): never {
  throw new EnclaveBuildError(code, message, { cause })
}

/**
 * The code of a failed system call, by its errno name: a missing file, a
 * refused permission and a full disk each have their own, so INTERNAL is
 * left for bugs.
 */
export function errnoCode(errno: string | undefined): ErrorCode {
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'FILE_NOT_FOUND'
    case 'EISDIR':
      return 'FILE_NOT_REGULAR'
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'PERMISSION_DENIED'
    case 'ENOSPC':
    case 'EDQUOT':
      return 'NO_SPACE'
    case 'EFBIG':
      return 'FILE_TOO_LARGE'
    default:
      return 'IO_ERROR'
  }
}

/** A Node system-call error (fs, net): it carries `code` and `syscall`. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    typeof (err as NodeJS.ErrnoException).syscall === 'string'
  )
}

/**
 * Wraps anything thrown into an EnclaveBuildError: a system-call error gets
 * the code of its errno (see {@link errnoCode}); anything else is INTERNAL,
 * a bug.
 */
export function asEnclaveBuildError(err: unknown): EnclaveBuildError {
  if (err instanceof EnclaveBuildError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (isSystemError(err))
    return new EnclaveBuildError(errnoCode(err.code), message, { cause: err })
  return new EnclaveBuildError('INTERNAL', message, { cause: err })
}
