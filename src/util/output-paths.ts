import { EnclaveBuildError } from '../errors.js'

// Built-ins by process.getBuiltinModule, as in fs.ts: the command line's
// argument parser loads this module on every start.
const fs = process.getBuiltinModule('node:fs')
const path = process.getBuiltinModule('node:path')

/** A file named by a flag: the flag (for the message) and its absolute path. */
export interface NamedFile {
  flag: string
  file: string
}

/** The directory entry a path names, its directory's symlinks resolved. */
export function entryOf(file: string): string | undefined {
  try {
    return path.join(fs.realpathSync(path.dirname(file)), path.basename(file))
  } catch {
    return undefined // no such directory: the write reports it
  }
}

/**
 * Refuses an output that would replace one of the inputs: outputs are
 * renamed into place, so `--output` naming the kernel (or a symlink's
 * target that is an input) would silently turn the input into the output.
 * A symlink or a hard link at the output path is no conflict: the rename
 * replaces that name only, never the file the input names.
 */
export function refuseOutputsOverInputs(
  outputs: NamedFile[],
  inputs: NamedFile[]
): void {
  if (outputs.length === 0 || inputs.length === 0) return
  const real = new Map<string, string>()
  for (const i of inputs)
    try {
      real.set(fs.realpathSync(i.file), i.flag)
    } catch {
      // gone since it was opened: the command reports it
    }
  for (const o of outputs) {
    const entry = entryOf(o.file)
    const input = entry === undefined ? undefined : real.get(entry)
    if (input !== undefined)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${o.flag} ${o.file} is also the input ${input}: writing it would replace that input; write the output elsewhere`
      )
  }
}
