import { chmod, copyFile, lstat, mkdir } from 'node:fs/promises'
import { posix } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { outerPath, resolveInChroot } from './chroot.js'

/**
 * Where the built binary goes in the enclave staging root. The path comes
 * from an input, so it is checked as a string before anything is written
 * (issue 12, item 3: `/../../tmp/x` used to be copied to /tmp/x, and only
 * then refused), and placed through the staged tree without following a
 * symlink out of it.
 */

/**
 * The problem with `path` as gramine-binary-path, or undefined when it is
 * an absolute file path inside the root. Shared by the input schema and the
 * target, so the action reports it before the build.
 */
export function binaryPathProblem(path: string): string | undefined {
  if (!path.startsWith('/'))
    return `gramine-binary-path must be absolute (such as /app/server), not ${JSON.stringify(path)}`
  if (/[\0\n\r]/.test(path))
    return 'gramine-binary-path must not contain control characters'
  const parts = path.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..'))
    return `gramine-binary-path ${JSON.stringify(path)} contains "..": give the plain path inside the enclave`
  if (parts.length === 0 || path.endsWith('/'))
    return `gramine-binary-path ${JSON.stringify(path)} must name a file inside the enclave, such as /app/server`
  return undefined
}

/** Throws the coded error for a bad gramine-binary-path. */
export function checkBinaryPath(path: string): void {
  const problem = binaryPathProblem(path)
  if (problem === undefined) return
  throw new EnclaveBuildError(
    problem.includes('..') ? 'PATH_ESCAPES_ROOT' : 'INPUT_INVALID',
    problem
  )
}

/**
 * Copies `binary` to the enclave path `inner` under `root` (mode 0755).
 * Directories on the way are created; symlinks already in the staged tree
 * are followed only inside it (resolveInChroot refuses escapes); the file
 * itself must not be a symlink or a directory there.
 */
export async function placeBinary(
  binary: string,
  root: string,
  inner: string
): Promise<void> {
  checkBinaryPath(inner)
  const parts = inner.split('/').filter((p) => p !== '' && p !== '.')
  const name = parts.pop() as string
  let dir = '/'
  for (const part of parts) {
    dir = await resolveInChroot(posix.join(dir, part), root)
    await mkdir(outerPath(root, dir), { recursive: true })
  }
  const dest = outerPath(root, posix.join(dir, name))
  const info = await lstat(dest).catch(() => undefined)
  if (info && !info.isFile())
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `gramine-binary-path ${inner} is ${info.isSymbolicLink() ? 'a symlink' : 'not a regular file'} in the staged root (from gramine-root); the binary is not written through it`
    )
  await copyFile(binary, dest)
  await chmod(dest, 0o755)
}
