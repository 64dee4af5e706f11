import nunjucks from 'nunjucks'

/**
 * Makes nunjucks print and call values the way Jinja (Python) does, where a
 * manifest template can notice: True/False/None, lists as Python reprs, and
 * the common str methods with Python semantics (JavaScript's replace()
 * replaces only the first match, Python's all of them). nunjucks has no hook
 * for this, so its runtime's three helpers are wrapped once per process;
 * only values that JavaScript would print differently are affected.
 */

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
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
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
const STR_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
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
  format: (s, ...args) => {
    let i = 0
    return s.replace(/\{(\d*)\}/g, (_m, n: string) =>
      pyStr(args[n === '' ? i++ : Number(n)])
    )
  }
}

interface Runtime {
  suppressValue: (val: unknown, autoescape: boolean) => unknown
  ensureDefined: (val: unknown, lineno: number, colno: number) => unknown
  memberLookup: (obj: unknown, val: unknown) => unknown
  __jinjaCompat?: boolean
}

/** Installs the Python-like printing and str methods into nunjucks (idempotent). */
export function installJinjaCompat(): void {
  const rt = (nunjucks as unknown as { runtime: Runtime }).runtime
  if (rt.__jinjaCompat) return
  const { suppressValue, ensureDefined, memberLookup } = rt
  rt.suppressValue = (val, autoescape) =>
    suppressValue(
      typeof val === 'boolean' || val === null || Array.isArray(val)
        ? pyStr(val)
        : val,
      autoescape
    )
  // Jinja's None is a defined value; only a missing one is an error.
  rt.ensureDefined = (val, lineno, colno) =>
    val === null ? null : ensureDefined(val, lineno, colno)
  rt.memberLookup = (obj, val) => {
    if (
      typeof obj === 'string' &&
      typeof val === 'string' &&
      Object.hasOwn(STR_METHODS, val)
    )
      return (...args: unknown[]) => STR_METHODS[val](obj, ...args)
    return memberLookup(obj, val)
  }
  rt.__jinjaCompat = true
}
