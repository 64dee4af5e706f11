import nunjucks from 'nunjucks'
import { EnclaveBuildError } from '../../errors.js'
import * as C from '../sgx/constants.js'
import { installFilters } from './filters.js'
import { installJinjaCompat, printAs } from './jinja-compat.js'
import { lddInChroot } from '../cgo/ldd.js'
import { DEFAULT_PKGLIBDIR } from './manifest.js'
import { PyTrue } from './py-methods.js'
import { nullDict, Refusing } from './sandbox.js'

/**
 * Manifest templates with gramine-manifest's Jinja semantics, rendered by
 * nunjucks: undefined variables are errors (StrictUndefined), no escaping,
 * the trailing newline is kept, and the same globals: gramine.libos,
 * gramine.pkglibdir, gramine.runtimedir(libc), the layout constants, env,
 * and ldd() answered from the --chroot root. python.* reads the build
 * machine's Python and is refused (TEMPLATE_UNSUPPORTED). Everything runs
 * behind the sandbox of sandbox.ts: the template reaches these values only.
 */

/** `-D key=value` and bare `-D key` flags into template variables. */
export function parseDefines(defines: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {}
  for (const d of defines) {
    const eq = d.indexOf('=')
    if (eq === 0)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `-D ${d}: the variable name is empty`
      )
    if (eq < 0) vars[d] = new PyTrue()
    else vars[d.slice(0, eq)] = d.slice(eq + 1)
  }
  return vars
}

/** The inputs of a rendering. */
export interface RenderOptions {
  variables: Record<string, unknown>
  /** What the template sees as `env` (gramine-manifest passes os.environ). */
  env?: Record<string, string | undefined>
  pkglibdir?: string
  /** The enclave root: `ldd()` is answered from it (and only with it). */
  chroot?: string
  /**
   * ldd() leaves a library it cannot find out of its list, as
   * gramine-manifest does, instead of failing (the default).
   */
  lddSkipMissing?: boolean
  /** How the caller spells the switch for lddSkipMissing (named in the error). */
  lddSkipInput?: string
}

/** Renders a manifest template to TOML text. */
export function renderTemplate(template: string, opts: RenderOptions): string {
  const pkglibdir =
    (opts.pkglibdir ?? DEFAULT_PKGLIBDIR).replace(/\/+$/, '') || '/'
  installJinjaCompat()
  // No loaders: {% include %}, {% import %} and {% extends %} find nothing.
  const env = new nunjucks.Environment([], {
    autoescape: false,
    throwOnUndefined: true
  })
  installFilters(env)
  // A helper's own error (unsupported, bad ELF) is kept: nunjucks flattens it to text.
  let helperError: EnclaveBuildError | undefined
  const helper =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return fn(...a)
      } catch (err) {
        if (err instanceof EnclaveBuildError) helperError ??= err
        throw err
      }
    }
  const unsupported = (name: string, why: string): (() => never) =>
    helper(() => {
      throw new EnclaveBuildError(
        'TEMPLATE_UNSUPPORTED',
        `${name} is not supported: ${why}; pass the value with -D instead`
      )
    })
  // nunjucks passes Jinja keyword arguments (libc="musl") as a trailing object.
  const runtimedir = (libc: unknown = 'glibc'): string => {
    const name =
      typeof libc === 'object' && libc !== null
        ? ((libc as { libc?: unknown }).libc ?? 'glibc')
        : libc
    return `${pkglibdir}/runtime/${String(name)}`
  }
  printAs(runtimedir, runtimedir()) // Gramine's Runtimedir.__str__
  const gramine = nullDict<unknown>({
    libos: `${pkglibdir}/libsysdb.so`,
    pkglibdir,
    runtimedir,
    PAGESIZE: C.PAGE_SIZE,
    SSA_FRAME_SIZE: C.SSA_FRAME_SIZE,
    TCS_SIZE: C.TCS_SIZE,
    ENCLAVE_STACK_SIZE: C.ENCLAVE_STACK_SIZE,
    ENCLAVE_SIG_STACK_SIZE: C.ENCLAVE_SIG_STACK_SIZE,
    DEFAULT_ENCLAVE_BASE: C.DEFAULT_ENCLAVE_BASE,
    MMAP_MIN_ADDR: C.MMAP_MIN_ADDR
  })
  const python = new Refusing((key) =>
    unsupported(
      `python.${key}`,
      "it describes the build machine's Python, not the enclave's"
    )()
  )
  const { chroot } = opts
  const ldd =
    chroot === undefined
      ? unsupported(
          'ldd() without --chroot',
          "it would read the build machine's libraries"
        )
      : helper((...bins: unknown[]) =>
          lddInChroot(
            chroot,
            bins.filter((b) => typeof b === 'string'),
            {
              skipMissing: opts.lddSkipMissing === true,
              skipInput: opts.lddSkipInput ?? '--ldd-skip-missing'
            }
          )
        )
  const envVars = nullDict<string>({})
  for (const [k, v] of Object.entries(opts.env ?? {}))
    if (v !== undefined) envVars[k] = v
  const context = nullDict<unknown>({
    gramine,
    python,
    env: envVars,
    ldd,
    ...opts.variables
  })
  try {
    return env.renderString(template, context)
  } catch (err) {
    if (helperError) throw helperError
    const raw = err instanceof Error ? err.message : String(err)
    const msg = raw
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/\s+/g, ' ')
      .replace('attempted to output null or undefined value', () => {
        const name = undefinedName(template, raw)
        return name === undefined
          ? 'a variable is undefined (pass it with -D name=value)'
          : `${name} is undefined (pass it with -D ${name.split('.')[0]}=value)`
      })
      .trim()
    throw new EnclaveBuildError(
      'TEMPLATE_INVALID',
      `cannot render the manifest template: ${msg}`,
      { cause: err }
    )
  }
}

/**
 * The expression nunjucks could not output, from the "[Line L, Column C]"
 * of its error (1-based line; C points into the `{{`): "foo" or "bar.baz".
 */
function undefinedName(template: string, message: string): string | undefined {
  const at = /\[Line (\d+), Column (\d+)\]/.exec(message)
  if (!at) return undefined
  const line = template.split('\n')[Number(at[1]) - 1]
  if (line === undefined) return undefined
  const open = line.indexOf('{{', Math.max(0, Number(at[2]) - 2))
  const close = open < 0 ? -1 : line.indexOf('}}', open)
  if (close < 0) return undefined
  return /^[A-Za-z_][\w.]*/.exec(line.slice(open + 2, close).trim())?.[0]
}
