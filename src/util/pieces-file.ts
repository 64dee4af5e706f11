import { open, rm, type FileHandle } from 'node:fs/promises'
import { EnclaveBuildError } from '../errors.js'
import { fileError } from './file-error.js'
import { moveIntoPlace, tempBeside } from './write-atomic.js'

/**
 * The fast atomic output (plain interface: {@link writeChunksAtomic}; the
 * EIF writer also writes positioned pieces through a PendingFile). Atomic
 * output for EIFs (temp file beside the target, then moved into
 * place with util/fs, as writeFileAtomic does), written as positioned pieces: an EIF's
 * pieces point into the inputs, so a 20 MB ramdisk is never joined, and
 * the body can be written on libuv's threads while this thread still
 * hashes, with the header (which holds the CRC) written last.
 */

/** A file being written; nothing appears at `path` until commit. */
export interface PendingFile {
  /** Writes `data` at byte `at` (positions may be written in any order). */
  writeAt(at: number, data: Uint8Array): Promise<void>
  /** Writes consecutive pieces from byte `at` with one writev(2). */
  writevAt(at: number, pieces: readonly Uint8Array[]): Promise<void>
  /** Closes and renames into place. */
  commit(): Promise<void>
  /** Closes and removes the temp file. */
  abort(): Promise<void>
}

async function writeAll(
  fh: FileHandle,
  data: Uint8Array,
  at: number
): Promise<void> {
  let off = 0
  while (off < data.length) {
    const { bytesWritten } = await fh.write(
      data,
      off,
      data.length - off,
      at + off
    )
    off += bytesWritten
  }
}

async function writevAll(
  fh: FileHandle,
  pieces: readonly Uint8Array[],
  at: number
): Promise<void> {
  const size = pieces.reduce((n, p) => n + p.length, 0)
  // libuv's writev already resumes after short writes and splits at
  // IOV_MAX; a short total means the disk refused the rest.
  const { bytesWritten } = await fh.writev(pieces as Uint8Array[], at)
  if (bytesWritten !== size)
    throw new EnclaveBuildError(
      'NO_SPACE',
      `wrote only ${bytesWritten} of ${size} bytes; is the disk full?`
    )
}

/** Opens a temp file beside `path`. */
export async function openAtomic(
  path: string,
  mode = 0o644
): Promise<PendingFile> {
  const tmp = tempBeside(path)
  const fh = await open(tmp, 'w', mode).catch((err: unknown) => {
    throw fileError(err, path, 'the output', 'write')
  })
  let closed = false
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true
      await fh.close()
    }
  }
  return {
    writeAt: (at, data) => writeAll(fh, data, at),
    writevAt: (at, pieces) => writevAll(fh, pieces, at),
    async commit() {
      try {
        await fh.chmod(mode)
        await close()
        await moveIntoPlace(tmp, path)
      } catch (err) {
        await close().catch(() => undefined)
        await rm(tmp, { force: true }).catch(() => undefined)
        throw err
      }
    },
    async abort() {
      await close().catch(() => undefined)
      await rm(tmp, { force: true }).catch(() => undefined)
    }
  }
}

/**
 * Starts writing consecutive pieces from byte `start`, in one writev(2) on
 * the thread pool (no joining, one system call). The returned promise never
 * rejects: it resolves to the error, if any, so it can be awaited late.
 */
export function writePieces(
  file: PendingFile,
  pieces: readonly Uint8Array[],
  start = 0
): Promise<Error | undefined> {
  const nonEmpty = pieces.filter((p) => p.length > 0)
  return file.writevAt(start, nonEmpty).then(
    () => undefined,
    (reason: unknown) =>
      reason instanceof Error ? reason : new Error(String(reason))
  )
}

/** Writes a file given as pieces, atomically. */
export async function writeChunksAtomic(
  path: string,
  chunks: readonly Uint8Array[],
  mode = 0o644
): Promise<void> {
  const file = await openAtomic(path, mode)
  const err = await writePieces(file, chunks)
  if (err !== undefined) {
    await file.abort()
    throw err
  }
  await file.commit()
}
