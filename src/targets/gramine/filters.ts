import type nunjucks from 'nunjucks'
import { pyStr } from './py-methods.js'
import { dictKeys, isPlainDict, safeMember } from './sandbox.js'

/**
 * Jinja's filters that take an attribute name, re-done over the sandbox's
 * member lookup: nunjucks' own versions read `item[attr]` and walk dotted
 * paths with plain property access, which would reach prototypes. Also adds
 * Jinja's `attr`, `map` and `items`, which nunjucks lacks.
 */

/** Jinja's attribute path: "a.b.0" reads a, then b, then index 0. */
function getPath(obj: unknown, path: unknown): unknown {
  let v = obj
  for (const part of String(path).split('.')) {
    v = safeMember(v, /^-?\d+$/.test(part) ? Number(part) : part)
  }
  return v
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return [...v]
  if (isPlainDict(v)) return dictKeys(v)
  throw new Error(`${typeof v} is not iterable`)
}

/** Keyword arguments arrive as a trailing object marked by nunjucks. */
function kwargs(args: unknown[]): Record<string, unknown> {
  const last = args.at(-1) as Record<string, unknown> | undefined
  if (isPlainDict(last) && Object.hasOwn(last, '__keywords')) {
    args.pop()
    return last
  }
  return {}
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const sa = pyStr(a)
  const sb = pyStr(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

interface Registry {
  filters: Record<string, unknown>
  tests: Record<string, unknown>
  getFilter: (name: string) => unknown
  getTest: (name: string) => unknown
}

/**
 * Filter and test names resolve to registered ones only: nunjucks looks them
 * up as `filters[name]`, so `x | valueOf` or `x is constructor` would call
 * Object.prototype's functions.
 */
function ownOnly(table: Record<string, unknown>, kind: string) {
  return (name: string): unknown => {
    if (!Object.hasOwn(table, name))
      throw new Error(`${kind} not found: ${name}`)
    return table[name]
  }
}

/** Installs the safe filters on one environment. */
export function installFilters(env: nunjucks.Environment): void {
  const reg = env as unknown as Registry
  reg.getFilter = ownOnly(reg.filters, 'filter')
  reg.getTest = ownOnly(reg.tests, 'test')
  const truthy = (v: unknown): boolean =>
    Array.isArray(v) ? v.length > 0 : Boolean(v)
  env.addFilter('attr', (obj: unknown, name: unknown) => safeMember(obj, name))
  env.addFilter('map', (seq: unknown, ...rest: unknown[]) => {
    const kw = kwargs(rest)
    const items = asList(seq)
    if (kw.attribute !== undefined)
      return items.map((x) => getPath(x, kw.attribute) ?? kw.default)
    const [name, ...args] = rest
    const filter = reg.getFilter(String(name)) as (...a: unknown[]) => unknown
    return items.map((x) => filter(x, ...args))
  })
  env.addFilter('items', (d: unknown) =>
    isPlainDict(d) ? dictKeys(d).map((k) => [k, safeMember(d, k)]) : []
  )
  env.addFilter('selectattr', (seq: unknown, attr: unknown) =>
    asList(seq).filter((x) => truthy(getPath(x, attr)))
  )
  env.addFilter('rejectattr', (seq: unknown, attr: unknown) =>
    asList(seq).filter((x) => !truthy(getPath(x, attr)))
  )
  env.addFilter('sum', (seq: unknown, ...rest: unknown[]) => {
    const kw = kwargs(rest)
    const attribute = kw.attribute ?? rest[0]
    const start = kw.start ?? rest[1] ?? 0
    const vals = asList(seq).map((x) =>
      attribute === undefined ? x : getPath(x, attribute)
    )
    return vals.reduce<number>((a, b) => a + Number(b), Number(start))
  })
  env.addFilter('join', (seq: unknown, ...rest: unknown[]) => {
    const kw = kwargs(rest)
    const sep = kw.d ?? rest[0] ?? ''
    const attribute = kw.attribute ?? rest[1]
    return asList(seq)
      .map((x) => pyStr(attribute === undefined ? x : getPath(x, attribute)))
      .join(pyStr(sep))
  })
  env.addFilter('sort', (seq: unknown, ...rest: unknown[]) => {
    const kw = kwargs(rest)
    const reverse = Boolean(kw.reverse ?? rest[0])
    const attribute = kw.attribute ?? rest[2]
    const key = (x: unknown): unknown =>
      attribute === undefined ? x : getPath(x, attribute)
    const out = [...asList(seq)].sort((a, b) => compareKeys(key(a), key(b)))
    return reverse ? out.reverse() : out
  })
  env.addFilter('groupby', (seq: unknown, attribute: unknown) => {
    const groups = new Map<string, [unknown, unknown[]]>()
    for (const x of asList(seq)) {
      const k = getPath(x, attribute)
      const id = pyStr(k)
      const g = groups.get(id) ?? [k, []]
      g[1].push(x)
      groups.set(id, g)
    }
    return [...groups.values()].sort((a, b) => compareKeys(a[0], b[0]))
  })
}
