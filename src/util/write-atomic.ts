import { EnclaveBuildError } from '../errors.js'
import { fileError } from './file-error.js'
import { trackTemp, untrackTemp } from './temps.js'

// Writing outputs atomically: a temp file beside the target, then one
// rename(2), so that on error nothing is half-written. Built-ins are taken
// with process.getBuiltinModule for the reason given in fs.ts (start-up time
// of `snp measure`); node:crypto only when a temp name is first made.
const fs = process.getBuiltinModule('node:fs')
const path = process.getBuiltinModule('node:path')
const crypto = (): typeof import('node:crypto') =>
  process.getBuiltinModule('node:crypto')

/**
 * Temp files start with this and carry the writing process's id: only
 * `kill -9` (or a crash) can leave one, and the next run that writes in the
 * same directory removes those whose process is gone.
 */
export const TEMP_PREFIX = '.enclave-build-tmp-'
const STALE = /^\.enclave-build-tmp-(\d+)-[0-9a-f]{12}\..*\.tmp$/
const swept = new Set<string>()

/** True while process `pid` exists (EPERM: it exists, owned by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the temps of processes that are gone from `dir` (once per run). */
export function sweepStaleTemps(dir: string): void {
  if (swept.has(dir)) return
  swept.add(dir)
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return // the write that follows reports the directory's problem
  }
  for (const name of names) {
    const pid = Number(STALE.exec(name)?.[1] ?? 0)
    if (pid > 0 && pid !== process.pid && !alive(pid))
      try {
        fs.rmSync(path.join(dir, name), { recursive: true, force: true })
      } catch {
        // another run may be sweeping it too
      }
  }
}

/** A fresh hidden temp name in the directory of `path`, for atomic writes. */
export function tempBeside(file: string): string {
  const dir = path.dirname(file)
  sweepStaleTemps(dir)
  // tracked until moved or removed, so a signal does not leave it (temps.ts)
  return trackTemp(
    path.join(
      dir,
      `${TEMP_PREFIX}${process.pid}-${crypto().randomBytes(6).toString('hex')}.${path.basename(file)}.tmp`
    )
  )
}

/**
 * Puts the finished temp file `tmp` at `file` with one rename(2), which
 * replaces an old file atomically: a reader finds the old bytes or the new
 * ones, never none and never part. (On ext4, auto_da_alloc flushes the new
 * file's blocks when its rename replaces another; that costs about 15 ms
 * per 20 MB and is the price of that promise.)
 */
export async function moveIntoPlace(tmp: string, file: string): Promise<void> {
  // rename(2) would replace a device node or a FIFO at `file` (as root,
  // --output /dev/full became a regular file): only a file, a symlink
  // (replaced itself, never written through) or nothing may be there.
  const there = await fs.promises.lstat(file).catch(() => undefined)
  if (there && !there.isFile() && !there.isSymbolicLink())
    throw new EnclaveBuildError(
      'FILE_NOT_REGULAR',
      `${file} exists and is ${there.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)'}; give the path of a file to write`
    )
  await fs.promises.rename(tmp, file)
  untrackTemp(tmp)
}

/**
 * Writes a file so that readers see either the old content or the whole new
 * content, never a half-written file and never no file: write beside it,
 * then rename over it. I/O failures are coded (NO_SPACE, PERMISSION_DENIED,
 * FILE_NOT_FOUND for a missing directory, IO_ERROR) and leave no temp file.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  mode = 0o644
): Promise<void> {
  const tmp = tempBeside(file)
  try {
    await fs.promises.writeFile(tmp, data, { mode })
    await fs.promises.chmod(tmp, mode)
    await moveIntoPlace(tmp, file)
  } catch (err) {
    // a failed clean-up (ENOTDIR: the "directory" is a file) must not hide
    // why the write failed
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined)
    untrackTemp(tmp)
    throw fileError(err, file, 'the output', 'write')
  }
}
