import {
  fileError,
  openInputFile,
  readInputFile,
  type ReadInputOptions
} from '../../util/fs.js'
import { nodeFs } from './builtins.js'

/**
 * Reads a whole input file with the coded errors of util/fs (regular files
 * only, size-limited), naming the flag. One synchronous read: the async API
 * reads 512 KiB at a time through the thread pool, with a trip through the
 * event loop between reads.
 */
export function readInput(
  path: string,
  what: string,
  options: ReadInputOptions = {}
): Promise<Buffer> {
  return readInputFile(path, what, options)
}

/**
 * Starts reading a whole regular file on libuv's thread pool and returns at
 * once: the kernel's copy into fresh memory (~1 ms per MiB, mostly page
 * faults) then runs on another core while the caller loads node:crypto and
 * checks its flags. Resolves to the same bytes as readInput, and rejects
 * with the same coded errors, but only when awaited: a read nobody waits for
 * (a flag was refused first) never surfaces as an unhandled rejection.
 */
export function readInputSoon(
  path: string,
  what: string,
  options: ReadInputOptions = {}
): Promise<Buffer> {
  const bytes = new Promise<Buffer>((resolve, reject) => {
    let fd: number
    let size: number
    try {
      ;({ fd, size } = openInputFile(path, what, options))
    } catch (err) {
      reject(fileError(err, path, what))
      return
    }
    // a file that reports no size (/proc) is read to its end by readInput
    if (size === 0) {
      nodeFs.closeSync(fd)
      resolve(readInput(path, what, options))
      return
    }
    const buffer = Buffer.allocUnsafeSlow(size)
    const readFrom = (offset: number): void =>
      // at most 1 GiB per read: Node refuses 2 GiB and more in one call
      nodeFs.read(
        fd,
        buffer,
        offset,
        Math.min(size - offset, 2 ** 30),
        offset,
        (err, n) => {
          if (err || n === 0 || offset + n >= size) {
            nodeFs.closeSync(fd)
            if (err) reject(fileError(err, path, what))
            else resolve(n === 0 ? buffer.subarray(0, offset) : buffer)
          } else readFrom(offset + n)
        }
      )
    readFrom(0)
  })
  bytes.catch(() => undefined)
  return bytes
}
