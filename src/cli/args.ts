import type { ParseArgsConfig } from 'node:util'
import { EnclaveBuildError } from '../errors.js'

// getBuiltinModule, not `import`: the ES facade of node:util costs ~2 ms per
// start, and every `measure` subcommand parses its arguments here.
const { parseArgs } = process.getBuiltinModule('node:util')

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`.
 */
export function parse<T extends Options>(
  args: string[],
  options: T,
  allowPositionals = false
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true })
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${(err as Error).message}. Run with --help for usage.`
    )
  }
}

/** The value of a required string option, or a coded error naming the flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new EnclaveBuildError('INPUT_INVALID', `${flag} is required`)
  return value
}
