import nunjucks from 'nunjucks'
import { pyStr } from './py-methods.js'
import { installSandbox, isPlainDict } from './sandbox.js'

export { pyRepr, pyStr } from './py-methods.js'

/**
 * Makes nunjucks print and call values the way Jinja (Python) does, where a
 * manifest template can notice: True/False/None, lists as Python reprs, and
 * Python's methods (py-methods.ts) behind the sandbox (sandbox.ts). nunjucks
 * has no hook for this, so its runtime's helpers are wrapped once per
 * process; only values that JavaScript would print differently are affected.
 */

interface Runtime {
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
        ? '<function>' // never the host's source text
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
  rt.__jinjaCompat = true
}
