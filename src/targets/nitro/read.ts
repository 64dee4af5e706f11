import { open, type FileHandle } from 'node:fs/promises'
import { EnclaveBuildError } from '../../errors.js'

/**
 * Whole-file reads for the EIF builder. A 20 MB ramdisk or Go binary is
 * read with one read(2) into a buffer allocated once at its final size
 * (fs.readFile reads 512 KiB per thread-pool round trip), and the binary
 * can be read straight into its slot in the customer ramdisk, so its bytes
 * are touched once before hashing instead of being copied there.
 */

function notReadable(path: string, what: string, err: unknown): never {
  throw new EnclaveBuildError(
    'FILE_NOT_FOUND',
    `cannot read the ${what} ${path}: ${(err as Error).message}`,
    { cause: err }
  )
}

async function readFully(
  fh: FileHandle,
  dest: Uint8Array,
  path: string,
  what: string
): Promise<void> {
  let off = 0
  while (off < dest.length) {
    const { bytesRead } = await fh.read(dest, off, dest.length - off, off)
    if (bytesRead === 0)
      throw new EnclaveBuildError(
        'FILE_NOT_FOUND',
        `the ${what} ${path} shrank while being read; is something rewriting it?`
      )
    off += bytesRead
  }
}

/** Opens `path` and returns its handle and size (coded error if unreadable). */
export async function openSized(
  path: string,
  what: string
): Promise<{ fh: FileHandle; size: number }> {
  const fh = await open(path, 'r').catch((err: unknown) =>
    notReadable(path, what, err)
  )
  try {
    const st = await fh.stat()
    if (!st.isFile())
      throw new EnclaveBuildError(
        'FILE_NOT_FOUND',
        `the ${what} ${path} is not a regular file`
      )
    return { fh, size: st.size }
  } catch (err) {
    await fh.close()
    throw err
  }
}

/** Reads exactly `dest.length` bytes from the start of an open file, then closes it. */
export async function readInto(
  opened: { fh: FileHandle },
  dest: Uint8Array,
  path: string,
  what: string
): Promise<void> {
  try {
    await readFully(opened.fh, dest, path, what)
  } catch (err) {
    if (err instanceof EnclaveBuildError) throw err
    notReadable(path, what, err)
  } finally {
    await opened.fh.close()
  }
}

/** Reads a whole file into a buffer of exactly its size. */
export async function readWhole(path: string, what: string): Promise<Buffer> {
  const opened = await openSized(path, what)
  const dest = Buffer.allocUnsafe(opened.size)
  await readInto(opened, dest, path, what)
  return dest
}
