import { EnclaveBuildError, errnoCode } from '../errors.js'

// One wording for every failed file operation, reading or writing: the
// code comes from the errno (errors.ts), the message names the file, what it
// is for, and what to do. Its own module so that reading (fs.ts) and
// writing (write-atomic.ts) share it without importing each other.

/** The coded error of a failed file operation, naming the file and the cause. */
export function fileError(
  err: unknown,
  file: string,
  what: string,
  doing = 'read'
): EnclaveBuildError {
  if (err instanceof EnclaveBuildError) return err
  const errno = (err as NodeJS.ErrnoException).code
  const code = errnoCode(errno)
  if (errno === 'ENOTDIR')
    return new EnclaveBuildError(
      code,
      `cannot ${doing} ${what} ${file}: a part of its path is a file, not a directory`,
      { cause: err }
    )
  if (errno === 'EEXIST')
    return new EnclaveBuildError(
      'FILE_NOT_REGULAR',
      `cannot ${doing} ${what} ${file}: something else already exists at that path`,
      { cause: err }
    )
  if (code === 'FILE_NOT_FOUND')
    return new EnclaveBuildError(
      code,
      doing === 'read'
        ? `${what} ${file} does not exist; check the path`
        : `cannot ${doing} ${what} ${file}: its directory does not exist`,
      { cause: err }
    )
  const why =
    code === 'PERMISSION_DENIED'
      ? `permission denied (${errno}); check the file's mode and owner`
      : code === 'NO_SPACE'
        ? `the disk is full (${errno}); free space or choose another output directory`
        : `${(err as Error).message ?? String(err)}`
  return new EnclaveBuildError(
    code,
    `cannot ${doing} ${what} ${file}: ${why}`,
    {
      cause: err
    }
  )
}
