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
  | 'REGISTRY_REFUSED'
  | 'ARTIFACT_NOT_ATTESTED'
  | 'EVIDENCE_TCB_REJECTED'
  | 'EVIDENCE_POLICY_REJECTED'
  | 'INTERNAL'

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
