import nunjucks from 'nunjucks'
import { pyEq, pyStr } from './py-methods.js'
import { installSandbox, isPlainDict } from './sandbox.js'

export { pyRepr, pyStr } from './py-methods.js'

/**
 * Makes nunjucks print and call values the way Jinja (Python) does, where a
 * manifest template can notice: True/False/None, lists as Python reprs, and
 * Python's methods (py-methods.ts) behind the sandbox (sandbox.ts). nunjucks
 * has no hook for this, so its runtime's helpers are wrapped once per
 * process; only values that JavaScript would print differently are affected.
 */

/** Helpers that Python prints by their value (gramine.runtimedir prints its default). */
const printsAs = new WeakMap<object, string>()

/** Makes `{{ fn }}` print `text`, as a Python object with __str__ would. */
export function printAs<T extends object>(fn: T, text: string): T {
  printsAs.set(fn, text)
  return fn
}

interface CompareNode {
  expr: unknown
  ops: { type: string; expr: unknown }[]
}
interface CompilerProto {
  compile: (node: unknown, frame: unknown) => void
  _emit: (code: string) => void
  compileCompare: (
    this: CompilerProto,
    node: CompareNode,
    frame: unknown
  ) => void
}

/**
 * `a == b` and `a != b` compile to runtime.pyEq instead of JavaScript's
 * loose `==`; other comparisons are left to nunjucks.
 */
function installPyEquality(rt: { pyEq?: typeof pyEq }): void {
  rt.pyEq = pyEq
  const proto = (
    nunjucks as unknown as {
      compiler: { Compiler: { prototype: CompilerProto } }
    }
  ).compiler.Compiler.prototype
  const original = proto.compileCompare
  proto.compileCompare = function (node, frame) {
    const op = node.ops.length === 1 ? node.ops[0] : undefined
    if (op?.type !== '==' && op?.type !== '!=') {
      original.call(this, node, frame)
      return
    }
    this._emit(op.type === '==' ? 'runtime.pyEq(' : '!runtime.pyEq(')
    this.compile(node.expr, frame)
    this._emit(', ')
    this.compile(op.expr, frame)
    this._emit(')')
  }
}

interface Runtime {
  pyEq?: typeof pyEq
  suppressValue: (val: unknown, autoescape: boolean) => unknown
  ensureDefined: (val: unknown, lineno: number, colno: number) => unknown
  __jinjaCompat?: boolean
}

/** Installs the Python-like printing and the sandbox into nunjucks (idempotent). */
export function installJinjaCompat(): void {
  installSandbox()
  const rt = (nunjucks as unknown as { runtime: Runtime }).runtime
  if (rt.__jinjaCompat) return
  const { suppressValue, ensureDefined } = rt
  rt.suppressValue = (val, autoescape) =>
    suppressValue(
      typeof val === 'function'
        ? (printsAs.get(val) ?? '<function>') // never the host's source text
        : typeof val === 'boolean' ||
            val === null ||
            Array.isArray(val) ||
            isPlainDict(val)
          ? pyStr(val)
          : val,
      autoescape
    )
  // Jinja's None is a defined value; only a missing one is an error.
  rt.ensureDefined = (val, lineno, colno) =>
    val === null ? null : ensureDefined(val, lineno, colno)
  installPyEquality(rt)
  rt.__jinjaCompat = true
}
