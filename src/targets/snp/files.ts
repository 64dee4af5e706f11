import { readFile } from 'node:fs/promises'
import { EnclaveBuildError } from '../../errors.js'

/** Reads a whole input file, turning "no such file" into a coded error naming the flag. */
export async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new EnclaveBuildError(
        'FILE_NOT_FOUND',
        `${what} ${path} does not exist; check the path`,
        { cause: err }
      )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `cannot read ${what} ${path}: ${(err as Error).message}`,
      { cause: err }
    )
  }
}
