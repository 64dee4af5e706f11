import nunjucks from 'nunjucks'
import { pyStr, STR_METHODS } from './py-methods.js'

/**
 * The template sandbox. nunjucks compiles every `a.b`, `a["b"]`, variable
 * name and `in` test to calls into its runtime; those calls are replaced
 * here so that a template reaches only data: strings, numbers, lists, plain
 * dicts (own keys only), and the helpers we put in the context. Functions
 * have no members, so `range.constructor`, `caller.constructor`, and
 * `''.constructor.constructor` are undefined; prototypes are never walked;
 * names like `__proto__`, `constructor` and `prototype` are refused
 * everywhere. Python's str, list and dict methods are offered as fresh
 * wrapper functions (see py-methods.ts), never as the host's own methods.
 */

/** Names a template may never read, whatever object they are asked of. */
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__'
])

/**
 * Objects whose own enumerable properties a template may read: dicts made
 * by the template (`{...}`), our context namespaces and nunjucks' own loop
 * and cycler records. An object literal `{"__proto__": x}` has another
 * prototype and is therefore opaque.
 */
export function isPlainDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** A dict with no prototype, so no inherited name resolves. */
export function nullDict<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries)
}

function ownValue(obj: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(obj, key)
  // Accessors are never invoked: a getter would be host code.
  return d && 'value' in d ? (d.value as unknown) : undefined
}

function pyIndex(len: number, key: unknown): number | undefined {
  const n = typeof key === 'number' ? key : Number.NaN
  if (!Number.isInteger(n)) return undefined
  const i = n < 0 ? len + n : n
  return i >= 0 && i < len ? i : undefined
}

/** Python dict methods on a plain dict (Jinja's `d.get`, `d.items()`…). */
const DICT_METHODS: Record<
  string,
  (d: Record<string, unknown>, ...a: unknown[]) => unknown
> = {
  get: (d, k, dflt = null) =>
    typeof k === 'string' && Object.hasOwn(d, k) && !FORBIDDEN.has(k)
      ? ownValue(d, k)
      : dflt,
  keys: (d) => dictKeys(d),
  values: (d) => dictKeys(d).map((k) => ownValue(d, k)),
  items: (d) => dictKeys(d).map((k) => [k, ownValue(d, k)])
}

/** Python list methods that do not mutate. */
const LIST_METHODS: Record<string, (l: unknown[], ...a: unknown[]) => unknown> =
  {
    index: (l, x) => {
      const i = l.indexOf(x)
      if (i < 0) throw new Error(`${pyStr(x)} is not in list`)
      return i
    },
    count: (l, x) => l.filter((y) => y === x).length
  }

/** The keys of a plain dict a template may see. */
export function dictKeys(d: Record<string, unknown>): string[] {
  return Object.keys(d).filter((k) => !FORBIDDEN.has(k))
}

function bind<T>(
  table: Record<string, (self: T, ...a: unknown[]) => unknown>,
  self: T,
  key: string
): ((...a: unknown[]) => unknown) | undefined {
  if (!Object.hasOwn(table, key)) return undefined
  const fn = table[key]
  // nunjucks passes Jinja keyword arguments as a trailing object; our methods take positional ones.
  return (...args: unknown[]) => fn(self, ...args)
}

/** A namespace whose every member is refused with the helper's own error. */
export class Refusing {
  constructor(readonly refuse: (key: string) => never) {}
}

/** The one member lookup of a template: `obj.key` and `obj[key]`. */
export function safeMember(obj: unknown, key: unknown): unknown {
  if (obj === undefined || obj === null) return undefined
  if (typeof key !== 'string' && typeof key !== 'number') return undefined
  if (typeof key === 'string' && FORBIDDEN.has(key)) return undefined
  if (typeof obj === 'string' || obj instanceof runtime().SafeString) {
    // A string or nunjucks' SafeString (whose toString gives the string).
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const s = String(obj)
    if (typeof key === 'number') {
      const cps = [...s]
      const i = pyIndex(cps.length, key)
      return i === undefined ? undefined : cps[i]
    }
    return bind(STR_METHODS, s, key)
  }
  if (Array.isArray(obj)) {
    if (typeof key === 'number') {
      const i = pyIndex(obj.length, key)
      return i === undefined ? undefined : (obj[i] as unknown)
    }
    return bind(LIST_METHODS, obj, key)
  }
  if (obj instanceof Refusing) return obj.refuse(String(key))
  if (isPlainDict(obj)) {
    const k = String(key)
    return bind(DICT_METHODS, obj, k) ?? ownValue(obj, k)
  }
  return undefined // functions, numbers, class instances: no members
}

/** `key in val` with Python's meaning, own keys only. */
function safeIn(key: unknown, val: unknown): boolean {
  if (typeof val === 'string' || val instanceof runtime().SafeString)
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return String(val).includes(String(key))
  if (Array.isArray(val)) return val.includes(key)
  if (isPlainDict(val))
    return typeof key === 'string' && dictKeys(val).includes(key)
  throw new Error(`cannot use "in" with ${typeof val}`)
}

interface Frame {
  lookup: (name: string) => unknown
}
interface Context {
  ctx: Record<string, unknown>
  env: { globals: Record<string, unknown> }
}
interface Runtime {
  SafeString: new (s: string) => object
  memberLookup: (obj: unknown, val: unknown) => unknown
  contextOrFrameLookup: (c: Context, f: Frame, name: string) => unknown
  inOperator: (key: unknown, val: unknown) => boolean
  __sandboxed?: boolean
}

function runtime(): Runtime {
  return (nunjucks as unknown as { runtime: Runtime }).runtime
}

/** A template variable: frame (set/for/macro args), then context, then globals; own names only. */
function safeName(context: Context, frame: Frame, name: string): unknown {
  if (FORBIDDEN.has(name)) return undefined
  const v = frame.lookup(name)
  if (v !== undefined) return v
  if (Object.hasOwn(context.ctx, name)) return ownValue(context.ctx, name)
  if (Object.hasOwn(context.env.globals, name))
    return ownValue(context.env.globals, name)
  return undefined
}

/**
 * Replaces nunjucks' lookups (process-wide, idempotent). enclave-build
 * renders no other nunjucks templates, so nothing else sees the change.
 */
export function installSandbox(): void {
  const rt = runtime()
  if (rt.__sandboxed) return
  rt.memberLookup = safeMember
  rt.contextOrFrameLookup = safeName
  rt.inOperator = safeIn
  rt.__sandboxed = true
}
