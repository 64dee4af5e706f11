import { EnclaveBuildError } from '../../errors.js'
import { sha256Hex } from '../../util/fs.js'
import { readInput } from './files.js'

/** Reads a pinned file and checks its sha256. */
export async function pinnedFile(
  path: string,
  sha256: string,
  input: string,
  maxBytes?: number
): Promise<Buffer> {
  const data = await readInput(path, input, { maxBytes })
  const actual = sha256Hex(data)
  if (actual !== sha256.toLowerCase())
    throw new EnclaveBuildError(
      'PIN_MISMATCH',
      `${input} ${path} has sha256 ${actual}, but ${input}-sha256 says ${sha256.toLowerCase()}; update the pin or restore the file`
    )
  return data
}
