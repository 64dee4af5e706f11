/**
 * Python's str() and repr() of template values and Python's str methods,
 * as Jinja exposes them to a template. Each method is a fresh function of
 * ours taking the string as its first argument: a template never gets
 * hold of a host (String.prototype) function.
 */

/** A bare `-D key` is Python's True; Jinja prints it as "True". */
export class PyTrue {
  toString(): string {
    return 'True'
  }
}

function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** Python repr() of a template value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'"
    const body = v
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .split(q)
      .join(`\\${q}`)
    return `${q}${body}${q}`
  }
  return pyStr(v)
}

/** Python str() of a template value, as Jinja prints it. */
export function pyStr(v: unknown): string {
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (v === null) return 'None'
  if (typeof v === 'function') return '<function>' // never the host's source text
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (isDict(v))
    return `{${Object.keys(v)
      .map((k) => `${pyRepr(k)}: ${pyRepr(v[k])}`)
      .join(', ')}}`
  // Template values are strings, numbers or objects with their own toString (PyTrue).
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(v)
}

const WS = ' \t\n\r\x0b\x0c'

function stripChars(
  s: string,
  chars: unknown,
  left: boolean,
  right: boolean
): string {
  const set = typeof chars === 'string' ? chars : WS
  let a = 0
  let b = s.length
  if (left) while (a < b && set.includes(s[a])) a++
  if (right) while (b > a && set.includes(s[b - 1])) b--
  return s.slice(a, b)
}

function pySplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max =
    typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity
  if (typeof sep !== 'string') {
    const out: string[] = []
    let rest = s.replace(/^\s+/, '')
    while (rest !== '' && out.length < max) {
      const m = /\s+/.exec(rest)
      if (!m) break
      out.push(rest.slice(0, m.index))
      rest = rest.slice(m.index + m[0].length)
    }
    if (rest !== '')
      out.push(out.length < max ? rest : rest.replace(/\s+$/, ''))
    return out
  }
  const parts = s.split(sep)
  if (parts.length - 1 <= max) return parts
  return [...parts.slice(0, max), parts.slice(max).join(sep)]
}

const prefixes = (p: unknown): string[] =>
  (Array.isArray(p) ? p : [p]).map((x) => String(x))

/** Python str methods, by name. */
export const STR_METHODS: Record<
  string,
  (s: string, ...a: unknown[]) => unknown
> = {
  replace: (s, old, rep, count) => {
    const parts = s.split(String(old))
    const n = typeof count === 'number' && count >= 0 ? count : Infinity
    if (parts.length - 1 <= n) return parts.join(String(rep))
    return (
      parts.slice(0, n + 1).join(String(rep)) +
      String(old) +
      parts.slice(n + 1).join(String(old))
    )
  },
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, c) => stripChars(s, c, true, true),
  lstrip: (s, c) => stripChars(s, c, true, false),
  rstrip: (s, c) => stripChars(s, c, false, true),
  startswith: (s, p) => prefixes(p).some((x) => s.startsWith(x)),
  endswith: (s, p) => prefixes(p).some((x) => s.endsWith(x)),
  split: (s, sep, max) => pySplit(s, sep, max),
  join: (s, items) =>
    Array.isArray(items) ? items.map((x) => String(x)).join(s) : '',
  title: (s) =>
    s
      .toLowerCase()
      .replace(
        /(^|[^a-zA-Z])([a-z])/g,
        (_m, a: string, b: string) => a + b.toUpperCase()
      ),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) =>
    String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1,
  isdigit: (s) => /^[0-9]+$/.test(s),
  splitlines: (s) =>
    s.split(/\r\n|\r|\n/).filter((x, i, a) => i < a.length - 1 || x !== ''),
  removeprefix: (s, p) =>
    s.startsWith(String(p)) ? s.slice(String(p).length) : s,
  removesuffix: (s, p) =>
    String(p) !== '' && s.endsWith(String(p))
      ? s.slice(0, -String(p).length)
      : s,
  format: (s, ...args) => {
    let i = 0
    return s.replace(/\{(\d*)\}/g, (_m, n: string) =>
      pyStr(args[n === '' ? i++ : Number(n)])
    )
  }
}

function eqNorm(v: unknown): unknown {
  if (v instanceof PyTrue) return true
  // nunjucks' SafeString (macro and caller output) is a String object.
  if (v instanceof String) return String(v)
  return v
}

/**
 * Python's `==` (JavaScript's `==` says '1' == 1): numbers and booleans by
 * value (True == 1), strings only with strings, lists and dicts by content.
 * Comparing an undefined variable is an error, as with StrictUndefined.
 */
export function pyEq(x: unknown, y: unknown): boolean {
  const a = eqNorm(x)
  const b = eqNorm(y)
  if (a === undefined || b === undefined)
    throw new Error('a variable is undefined (pass it with -D name=value)')
  const num = (v: unknown): v is number | boolean =>
    typeof v === 'number' || typeof v === 'boolean'
  if (num(a) && num(b)) return Number(a) === Number(b)
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => pyEq(v, b[i]))
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a)
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]))
    )
  }
  return a === b
}
