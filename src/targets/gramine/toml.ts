import { parse, TomlDate, TomlError } from 'smol-toml'
import { EnclaveBuildError } from '../../errors.js'

/**
 * The manifest as Python's tomli sees it: tables are insertion-ordered maps,
 * integers are bigint (Python int) and floats are number, so the writer can
 * tell `1` from `1.0` as tomli-w does.
 */

/** A TOML table (Python dict), in insertion order. */
export type TomlTable = Map<string, TomlValue>
/** A TOML value. */
export type TomlValue =
  string | bigint | number | boolean | TomlDate | TomlValue[] | TomlTable

/** True for a table (and not an array or a date). */
export function isTable(v: unknown): v is TomlTable {
  return v instanceof Map
}

function convert(v: unknown): TomlValue {
  if (Array.isArray(v)) return v.map(convert)
  if (v instanceof TomlDate) return v
  if (v !== null && typeof v === 'object') {
    const m: TomlTable = new Map()
    for (const [k, x] of Object.entries(v)) m.set(k, convert(x))
    return m
  }
  return v as TomlValue
}

/**
 * Parses TOML 1.0 into the ordered model. Syntax errors are TOML_INVALID with
 * the parser's line and column. (Known limit: JavaScript objects list
 * integer-like keys such as `1` first, so a table mixing them with other keys
 * may come out in a different order than tomli's.)
 */
export function parseToml(text: string, what = 'manifest'): TomlTable {
  let raw: unknown
  try {
    raw = parse(text, { integersAsBigInt: true, maxDepth: 1000 })
  } catch (err) {
    const msg =
      err instanceof TomlError
        ? err.message.split('\n')[0]
        : err instanceof Error
          ? err.message
          : String(err)
    throw new EnclaveBuildError(
      'TOML_INVALID',
      `the ${what} is not valid TOML: ${msg}`,
      { cause: err }
    )
  }
  return convert(raw) as TomlTable
}

/** The value at a dotted path of plain keys, or undefined. */
export function getPath(
  table: TomlTable,
  ...keys: string[]
): TomlValue | undefined {
  let cur: TomlValue | undefined = table
  for (const k of keys) {
    if (!isTable(cur)) return undefined
    cur = cur.get(k)
  }
  return cur
}

/** A short human description of a value, for error messages. */
export function describe(v: TomlValue | undefined): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')
    return String(v)
  if (Array.isArray(v)) return 'a list'
  if (isTable(v)) return 'a table'
  return v.toISOString()
}
