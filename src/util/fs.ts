import { EnclaveBuildError } from '../errors.js'
import { fileError } from './file-error.js'

/**
 * Reading input files: only regular files, size-limited, with coded errors
 * naming the path; and hashing them, streamed. Writing lives in
 * write-atomic.ts and the shared error wording in file-error.ts; both are
 * re-exported here so that `util/fs` stays the one door to files that
 * targets and commands import (docs/architecture.md).
 */
export { fileError } from './file-error.js'
export { moveIntoPlace, tempBeside, writeFileAtomic } from './write-atomic.js'

// Built-ins are taken with process.getBuiltinModule, not `import`: this
// module is on the path of `snp measure`, which must start in tens of
// milliseconds, and an ES import of a built-in builds a module facade over
// all its exports at every start. node:fs and node:path are loaded by Node
// itself; node:crypto only when a hash is first asked for.
const fs = process.getBuiltinModule('node:fs')
const crypto = (): typeof import('node:crypto') =>
  process.getBuiltinModule('node:crypto')

/** The most one read(2) is asked for (Node refuses 2 GiB and more). */
const READ_CHUNK = 2 ** 30

/** What a reader accepts. */
export interface ReadInputOptions {
  /** Refuse a file larger than this (FILE_TOO_LARGE) before reading it. */
  maxBytes?: number
}

/**
 * The default size limit of an input file: above any kernel, firmware,
 * ramdisk, Go binary or enclave image this tool reads (an EIF of a big
 * container image runs to a few GiB), below what would exhaust a runner's
 * memory. Callers reading keys, templates or JSON pass a far smaller one.
 */
export const MAX_INPUT_BYTES = 4 * 2 ** 30

/**
 * Opens an input for reading and checks it: only a regular file is
 * accepted (a FIFO or a device could block or never end), and only up to
 * `maxBytes`. The open is non-blocking, so opening a FIFO does not wait for
 * a writer; fstat then tells what was opened, so a path swapped after a
 * check cannot slip through. Returns the descriptor (the caller closes it)
 * and the size.
 */
export function openInputFile(
  file: string,
  what: string,
  options: ReadInputOptions = {}
): { fd: number; size: number } {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch (err) {
    throw fileError(err, file, what)
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile())
      throw new EnclaveBuildError(
        'FILE_NOT_REGULAR',
        `${what} ${file} is not a regular file (a directory, pipe or device); pass the path of a file`
      )
    if (st.size > maxBytes)
      throw new EnclaveBuildError(
        'FILE_TOO_LARGE',
        `${what} ${file} is ${st.size} bytes, more than the ${maxBytes} this input may have`
      )
    return { fd, size: st.size }
  } catch (err) {
    fs.closeSync(fd)
    throw fileError(err, file, what)
  }
}

/**
 * Reads a whole input file in as few read(2)s as it takes, into a buffer of
 * its size (a file that reports size 0, like those of /proc, is read to its
 * end, within the limit). Coded errors: FILE_NOT_FOUND, FILE_NOT_REGULAR,
 * FILE_TOO_LARGE, PERMISSION_DENIED, IO_ERROR, each naming the file.
 */
export function readInputFileSync(
  file: string,
  what: string,
  options: ReadInputOptions = {}
): Buffer {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES
  const { fd, size } = openInputFile(file, what, options)
  try {
    // a file that reports size 0 grows its buffer as it is read, and may
    // hold one byte more than the limit: that byte shows it is over
    let buf = Buffer.allocUnsafeSlow(
      size > 0 ? size : Math.min(65536, maxBytes + 1)
    )
    let off = 0
    for (;;) {
      if (off === buf.length) {
        if (size > 0) break // all of it, as fstat said
        if (off > maxBytes)
          throw new EnclaveBuildError(
            'FILE_TOO_LARGE',
            `${what} ${file} is more than the ${maxBytes} bytes this input may have`
          )
        const bigger = Buffer.allocUnsafeSlow(Math.min(maxBytes + 1, off * 2))
        buf.copy(bigger)
        buf = bigger
      }
      // read(2) takes at most 2 GiB - 1 per call: a 3 GB input was an
      // IO_ERROR "length out of range"
      const n = fs.readSync(
        fd,
        buf,
        off,
        Math.min(buf.length - off, READ_CHUNK),
        off
      )
      if (n === 0) break
      off += n
    }
    return off === buf.length ? buf : buf.subarray(0, off)
  } catch (err) {
    throw fileError(err, file, what)
  } finally {
    fs.closeSync(fd)
  }
}

/** {@link readInputFileSync}, for callers that await. */
export function readInputFile(
  file: string,
  what: string,
  options: ReadInputOptions = {}
): Promise<Buffer> {
  try {
    return Promise.resolve(readInputFileSync(file, what, options))
  } catch (err) {
    return Promise.reject(fileError(err, file, what))
  }
}

/** {@link readInputFile} as UTF-8 text (PEM keys, templates, JSON). */
export async function readInputText(
  file: string,
  what: string,
  options: ReadInputOptions = {}
): Promise<string> {
  return (await readInputFile(file, what, options)).toString('utf8')
}

/**
 * A digest of a file, streamed in 1 MiB reads (never loads the file whole;
 * no size limit unless given). Only a regular file is hashed, with the
 * coded errors of {@link readInputFile}. The fast in-memory paths (a
 * buffer hashed off this thread) are util/digest-worker's digestOffThread.
 */
export async function hashFile(
  file: string,
  algorithm: 'sha256' | 'sha384' | 'sha512' = 'sha256',
  what = 'the file',
  options: ReadInputOptions = { maxBytes: Number.POSITIVE_INFINITY }
): Promise<string> {
  const { fd } = openInputFile(file, what, options)
  const hash = crypto().createHash(algorithm)
  try {
    for await (const chunk of fs.createReadStream('', {
      fd,
      highWaterMark: 1 << 20
    }))
      hash.update(chunk as Buffer)
  } catch (err) {
    throw fileError(err, file, what)
  }
  return hash.digest('hex')
}

/** sha256 of a file, streamed: {@link hashFile} with its defaults. */
export async function sha256File(file: string): Promise<string> {
  return hashFile(file)
}

/** sha256 of bytes, lower-case hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return crypto().createHash('sha256').update(data).digest('hex')
}
