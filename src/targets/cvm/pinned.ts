import { EnclaveBuildError } from '../../errors.js'
import { sha256Hex } from '../../util/fs.js'
import { actionInputLimit } from '../../util/limits.js'
import { readInput } from './files.js'

/**
 * Reads a pinned file and checks its sha256; a file above the limit of its
 * input's kind (util/limits.ts) is refused before it is read.
 */
export async function pinnedFile(
  path: string,
  sha256: string,
  input: string,
  maxBytes?: number
): Promise<Buffer> {
  const data = await readInput(path, input, {
    maxBytes: maxBytes ?? actionInputLimit(input)
  })
  const actual = sha256Hex(data)
  if (actual !== sha256.toLowerCase())
    throw new EnclaveBuildError(
      'PIN_MISMATCH',
      `${input} ${path} has sha256 ${actual}, but ${input}-sha256 says ${sha256.toLowerCase()}; update the pin or restore the file`
    )
  return data
}
