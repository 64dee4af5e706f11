import { dirname, join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { readInputFile, sha256Hex } from '../util/fs.js'
import { actionInputName, type InputName } from '../util/input-name.js'

/**
 * sha256 of the module's go.sum (null when it has none: no dependencies).
 * Fails when `dir` is not inside a Go module, naming the input that
 * chose it as `input` does.
 */
export async function goSumDigest(
  exec: Exec,
  dir: string,
  env: NodeJS.ProcessEnv,
  input: InputName = actionInputName
): Promise<string | null> {
  return (await moduleDigests(exec, dir, env, input)).goSum
}

/**
 * sha256 of the module's go.mod and go.sum (null when it has none).
 * Fails when `dir` is not inside a Go module, naming the input as
 * `input` does.
 */
export async function moduleDigests(
  exec: Exec,
  dir: string,
  env: NodeJS.ProcessEnv,
  input: InputName = actionInputName
): Promise<{ goMod: string; goSum: string | null }> {
  const r = await exec('go', ['env', 'GOMOD'], { cwd: dir, env })
  const gomod = r.stdout.trim()
  if (r.code !== 0 || gomod === '' || gomod === '/dev/null')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${dir} is not inside a Go module (no go.mod found). Point ` +
        `${input('working-directory')} at the module.`
    )
  const goMod = sha256Hex(await readInputFile(gomod, 'go.mod'))
  try {
    const goSum = sha256Hex(
      await readInputFile(join(dirname(gomod), 'go.sum'), 'go.sum')
    )
    return { goMod, goSum }
  } catch (err) {
    // no go.sum: a module without dependencies; anything else is reported
    if ((err as EnclaveBuildError).code === 'FILE_NOT_FOUND')
      return { goMod, goSum: null }
    throw err
  }
}
