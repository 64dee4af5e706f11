import { EnclaveBuildError } from '../../errors.js'
import { nodeFs } from './builtins.js'

/** The coded error for a file that cannot be read. */
function readError(
  err: unknown,
  path: string,
  what: string
): EnclaveBuildError {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new EnclaveBuildError(
      'FILE_NOT_FOUND',
      `${what} ${path} does not exist; check the path`,
      { cause: err }
    )
  return new EnclaveBuildError(
    'INPUT_INVALID',
    `cannot read ${what} ${path}: ${(err as Error).message}`,
    { cause: err }
  )
}

/** Reads a whole input file, turning "no such file" into a coded error naming the flag. */
export async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    // One synchronous read: the async API reads 512 KiB at a time through the
    // thread pool, with a trip through the event loop between reads.
    return Promise.resolve(nodeFs.readFileSync(path))
  } catch (err) {
    throw readError(err, path, what)
  }
}

/**
 * Starts reading a whole regular file on libuv's thread pool and returns at
 * once: the kernel's copy into fresh memory (~1 ms per MiB, mostly page
 * faults) then runs on another core while the caller loads node:crypto and
 * checks its flags. Resolves to the same bytes as readInput, and rejects
 * with the same coded errors, but only when awaited: a read nobody waits for
 * (a flag was refused first) never surfaces as an unhandled rejection.
 */
export function readInputSoon(path: string, what: string): Promise<Buffer> {
  const bytes = new Promise<Buffer>((resolve, reject) => {
    let fd: number
    let size: number
    try {
      fd = nodeFs.openSync(path, 'r')
      const st = nodeFs.fstatSync(fd)
      size = st.isFile() ? st.size : 0
    } catch (err) {
      reject(readError(err, path, what))
      return
    }
    const done = (result: () => Buffer): void => {
      try {
        nodeFs.closeSync(fd)
        resolve(result())
      } catch (err) {
        reject(readError(err, path, what))
      }
    }
    // Directories, pipes, /proc files: not worth special care, read as before.
    if (size === 0) return done(() => nodeFs.readFileSync(path))
    const buffer = Buffer.allocUnsafeSlow(size)
    const readFrom = (offset: number): void =>
      nodeFs.read(fd, buffer, offset, size - offset, offset, (err, n) => {
        if (err) done(() => nodeFs.readFileSync(path))
        else if (n === 0) done(() => buffer.subarray(0, offset))
        else if (offset + n < size) readFrom(offset + n)
        else done(() => buffer)
      })
    readFrom(0)
  })
  bytes.catch(() => undefined)
  return bytes
}
