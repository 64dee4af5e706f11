// Why this file is long: the one reading of a flag table (parsing, help requests, dash values, file checks with outputs kept off inputs, required flags, choices and value checks), so that --help and the parser cannot disagree.
import type { ParseArgsConfig } from 'node:util'
import { EnclaveBuildError } from '../errors.js'
import { openInputFile } from '../util/fs.js'
import { refuseOutputsOverInputs } from '../util/output-paths.js'
import { INPUT_LIMITS, type InputKind } from '../util/limits.js'

// getBuiltinModule, not `import`: the ES facade of node:util costs ~2 ms per
// start, and every `measure` subcommand parses its arguments here.
const { parseArgs } = process.getBuiltinModule('node:util')

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * What a flag may say about itself for `--help`, beside parseArgs' own
 * fields (which ignores the extra keys): the help is made from the very
 * object the parser reads, so the two cannot disagree.
 */
export interface FlagHelp {
  /** One line: what the flag does. */
  help?: string
  /** The name of its value in the usage (FILE, HEX, N, ...). */
  arg?: string
  /**
   * The flag names an input file of this kind: it is opened when the
   * arguments are parsed, before any work, and refused unless it is a
   * regular file within the kind's size limit (util/limits.ts).
   */
  file?: FileFlag
  /**
   * The command cannot run without it: `parse` reports every missing one
   * (and every value outside `choices`) in one message (docs/failure.md).
   */
  required?: boolean
  /** The only values the flag takes (each value, for a repeatable flag). */
  choices?: readonly string[]
  /**
   * What is wrong with a value ("is not ..."), or undefined: checked with
   * the others in `parse`, so that every bad value is named in one run.
   */
  check?: (value: string) => string | undefined
}

/** How a flag's value names an input file. */
export type FileFlag =
  | InputKind
  | {
      kind: InputKind
      /** The path in the value (undefined: the value names no file). */
      path?: (value: string) => string | undefined
      /** A directory is accepted as well (e.g. a folder of bundles). */
      directory?: boolean
    }

/** How a command describes itself beyond its flags. */
export interface CommandMeta {
  /** Usage of the positional arguments (e.g. "TEMPLATE [OUTPUT]"); allows them. */
  positionals?: string
  /** Extra text printed under the usage line. */
  about?: string
  /** The kinds of the positional arguments that name input files, in order. */
  positionalFiles?: readonly InputKind[]
}

/** The directory relative paths are taken from (the CLI's io.cwd). */
let baseDir: string | undefined

/** Sets where relative input paths are resolved (called per command run). */
export function setInputBase(dir: string): void {
  baseDir = dir
}

const fs = process.getBuiltinModule('node:fs')
const path = process.getBuiltinModule('node:path')

/**
 * Opens one input named on the command line and checks it (see
 * FlagHelp.file). Returns its absolute path when it is a file that exists.
 */
function checkInput(
  value: string,
  spec: FileFlag,
  what: string
): string | undefined {
  const s = typeof spec === 'string' ? { kind: spec } : spec
  const file = s.path ? s.path(value) : value
  if (file === undefined || file === '' || file === '-') return undefined
  const abs = path.resolve(baseDir ?? process.cwd(), file)
  if (s.directory) {
    const st = fs.statSync(abs, { throwIfNoEntry: false })
    if (st?.isDirectory()) return undefined
  }
  let fd: number
  try {
    fd = openInputFile(abs, what, { maxBytes: INPUT_LIMITS[s.kind] }).fd
  } catch (err) {
    // a missing file is the command's to report, after the values it
    // checks first; refused here is what could hang or flood it
    if (err instanceof EnclaveBuildError && err.code === 'FILE_NOT_FOUND')
      return undefined
    throw err
  }
  fs.closeSync(fd)
  return abs
}

/**
 * The flags that name a file a command writes: `output`, `sigfile` and
 * `*-output` (`output-format` names no file).
 */
const OUTPUT_FLAG = /^(?:output|sigfile|[a-z0-9-]+-output)$/

/**
 * Every input file the arguments name, opened and checked before any work:
 * a FIFO, a device or a directory is FILE_NOT_REGULAR and a file above its
 * kind's limit FILE_TOO_LARGE, at once, whatever the command would do next.
 * An output flag that names one of these inputs is INPUT_INVALID.
 */
function checkInputs(
  tokens: readonly { kind: string; name?: string; value?: string }[],
  options: Options,
  meta: CommandMeta
): void {
  const inputs: { flag: string; file: string }[] = []
  const outputs: { flag: string; file: string }[] = []
  const base = baseDir ?? process.cwd()
  let positional = 0
  for (const t of tokens) {
    if (t.kind === 'positional') {
      const kind = meta.positionalFiles?.[positional++]
      if (kind !== undefined && t.value !== undefined) {
        const file = checkInput(t.value, kind, 'the input')
        if (file !== undefined) inputs.push({ flag: t.value, file })
      }
      continue
    }
    if (t.kind !== 'option' || t.name === undefined || t.value === undefined)
      continue
    const spec = (options[t.name] as FlagHelp | undefined)?.file
    if (spec !== undefined) {
      const file = checkInput(t.value, spec, `--${t.name}`)
      if (file !== undefined) inputs.push({ flag: `--${t.name}`, file })
    } else if (OUTPUT_FLAG.test(t.name) && t.value !== '' && t.value !== '-')
      outputs.push({ flag: `--${t.name}`, file: path.resolve(base, t.value) })
  }
  refuseOutputsOverInputs(outputs, inputs)
}

/**
 * Thrown by `parse` when the arguments ask for `--help` (or `-h`): the
 * dispatcher catches it and prints the help made from `options`.
 */
export class HelpRequest extends Error {
  constructor(
    readonly options: Options,
    readonly meta: CommandMeta
  ) {
    super('help requested')
    this.name = 'HelpRequest'
  }
}

/** True when `--help`/`-h` is an option of `args` (not the value of another). */
function asksForHelp(
  args: string[],
  options: Options,
  allow: boolean
): boolean {
  if (!args.includes('--help') && !args.includes('-h')) return false
  const { tokens } = parseArgs({
    args,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: allow,
    strict: false,
    tokens: true
  })
  return tokens.some((t) => t.kind === 'option' && t.name === 'help')
}

/**
 * `--ldflags "-X main.v=1"` as one writes it: parseArgs refuses a value that
 * starts with a dash ("argument is ambiguous") unless written
 * `--ldflags=-X…`. A long string option followed by an argument that
 * starts with a dash and is none of the command's flags takes it as its
 * value, as getopt does.
 */
function joinDashValues(args: string[], options: Options): string[] {
  const known = (a: string): boolean => {
    const long = /^--([^=]+)/.exec(a)?.[1]
    if (long !== undefined) return long in options || long === 'help'
    const short = /^-([^-])$/.exec(a)?.[1]
    return (
      short !== undefined &&
      (short === 'h' || Object.values(options).some((o) => o.short === short))
    )
  }
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      out.push(...args.slice(i))
      break
    }
    const name = /^--([^=]+)$/.exec(a)?.[1]
    const next = args[i + 1]
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      next.startsWith('-') &&
      next !== '-' &&
      !known(next)
    ) {
      out.push(`${a}=${next}`)
      i++
    } else out.push(a)
  }
  return out
}

/** The parseArgs configuration of `parse`. */
interface Strict<T extends Options> {
  args: string[]
  options: T
  allowPositionals: boolean
  strict: true
  tokens: true
}

/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`. `--help`
 * anywhere among the options throws a HelpRequest instead. `tokens` keeps
 * the order of the flags (for pairs where the last one wins).
 */
export function parse<T extends Options>(
  given: string[],
  options: T,
  meta: boolean | CommandMeta = false
): ReturnType<typeof parseArgs<Strict<T>>> {
  const args = joinDashValues(given, options)
  const m: CommandMeta = typeof meta === 'boolean' ? {} : meta
  const allowPositionals =
    meta === true ||
    (typeof meta === 'object' && meta.positionals !== undefined)
  if (meta === true) m.positionals = '[ARGS]'
  if (asksForHelp(args, options, allowPositionals))
    throw new HelpRequest(options, m)
  let parsed: ReturnType<typeof parseArgs<Strict<T>>>
  try {
    parsed = parseArgs<Strict<T>>({
      args,
      options,
      allowPositionals,
      strict: true,
      tokens: true
    })
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${(err as Error).message}. Run with --help for usage.`
    )
  }
  // the files first: a FIFO or /dev/zero is refused whatever else is wrong
  checkInputs(parsed.tokens, options, m)
  const problems = valueProblems(parsed.values, options)
  if (problems.length > 0)
    throw new EnclaveBuildError('INPUT_INVALID', problems.join('; '))
  return parsed
}

/**
 * Every required flag that is missing and every value outside its flag's
 * choices, so that one run names them all rather than the first.
 */
function valueProblems(
  values: Record<string, unknown>,
  options: Options
): string[] {
  const missing: string[] = []
  const problems: string[] = []
  for (const [name, o] of Object.entries(options)) {
    const def = o as FlagHelp
    const value = values[name]
    if (
      def.required &&
      (value === undefined ||
        value === '' ||
        (Array.isArray(value) && value.length === 0))
    )
      missing.push(`--${name}`)
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') continue
      if (def.choices !== undefined && !def.choices.includes(v))
        problems.push(
          `--${name} must be ${orList(def.choices)}, not ${JSON.stringify(v)}`
        )
      const problem = def.check?.(v)
      if (problem !== undefined)
        problems.push(`--${name} ${JSON.stringify(v)} ${problem}`)
    }
  }
  if (missing.length > 0)
    problems.unshift(
      `${list(missing, 'and')} ${missing.length === 1 ? 'is' : 'are'} required`
    )
  return problems
}

/** "a", "a and b", "a, b and c" (or with "or"). */
function list(items: readonly string[], word: 'and' | 'or'): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`
}

const orList = (items: readonly string[]): string => list(items, 'or')

/** The value of a required string option, or a coded error naming the flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new EnclaveBuildError('INPUT_INVALID', `${flag} is required`)
  return value
}

/** Of two opposite boolean flags (`--check`/`--no-check`), the last one given wins. */
export function lastOf(
  tokens: readonly { kind: string; name?: string }[],
  yes: string,
  no: string,
  fallback: boolean
): boolean {
  let value = fallback
  for (const t of tokens)
    if (t.kind === 'option' && t.name === yes) value = true
    else if (t.kind === 'option' && t.name === no) value = false
  return value
}
