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
  | 'PATH_ESCAPES_ROOT'
  | 'TEMPLATE_INVALID'
  | 'MANIFEST_INVALID'
  | 'TOML_INVALID'
  | 'ELF_INVALID'
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

/** Wraps anything thrown into an EnclaveBuildError (INTERNAL when unknown). */
export function asEnclaveBuildError(err: unknown): EnclaveBuildError {
  if (err instanceof EnclaveBuildError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new EnclaveBuildError('INTERNAL', message, { cause: err })
}
