import { chmod, copyFile, lstat, mkdir } from 'node:fs/promises'
import { posix } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { binaryPathProblem } from './binary-path.js'
import { outerPath, resolveInChroot } from '../cgo/chroot.js'
import { actionInputName, type InputName } from '../../util/input-name.js'

export { binaryPathProblem }

/**
 * Where the built binary goes in the enclave staging root. The path comes
 * from an input, so it is checked as a string before anything is written
 * (`/../../tmp/x` used to be copied to /tmp/x, and only
 * then refused), and placed through the staged tree without following a
 * symlink out of it.
 */

/** Throws the coded error for a bad gramine-binary-path, named as `name` does. */
export function checkBinaryPath(
  path: string,
  name: InputName = actionInputName
): void {
  const problem = binaryPathProblem(path)
  if (problem === undefined) return
  throw new EnclaveBuildError(
    problem.includes('..') ? 'PATH_ESCAPES_ROOT' : 'INPUT_INVALID',
    // the problem opens with the input's action name
    problem.replace(/^gramine-binary-path/, name('gramine-binary-path'))
  )
}

/**
 * Copies `binary` to the enclave path `inner` under `root` (mode 0755).
 * Directories on the way are created; symlinks already in the staged tree
 * are followed only inside it (resolveInChroot refuses escapes); the file
 * itself must not be a symlink or a directory there. Messages name the
 * inputs as `input` does.
 */
export async function placeBinary(
  binary: string,
  root: string,
  inner: string,
  input: InputName = actionInputName
): Promise<void> {
  checkBinaryPath(inner, input)
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
      `${input('gramine-binary-path')} ${inner} is ${info.isSymbolicLink() ? 'a symlink' : 'not a regular file'} in the staged root (from ${input('gramine-root')}); the binary is not written through it`
    )
  await copyFile(binary, dest)
  await chmod(dest, 0o755)
}
