import type { Exec } from '../util/exec.js'

/** The C toolchain of a cgo build, as the build record keeps it. */
export interface CToolchain {
  /** The compiler cgo runs (`go env CC`). */
  cc: string
  /** The first line of `CC --version`. */
  version: string
  /** The C library: `getconf GNU_LIBC_VERSION` (glibc), else the first line `ldd --version` prints (musl prints it on stderr). */
  libc: string
}

const firstLine = (s: string): string => s.trim().split('\n')[0]?.trim() ?? ''

/**
 * Asks the toolchain what it is: a cgo binary's bytes depend on the C
 * compiler and the C library it links (statically or, through the
 * loader, at run time), so the record names them. Never fails: what
 * cannot be asked is recorded as "unknown".
 */
export async function readCToolchain(
  exec: Exec,
  env: NodeJS.ProcessEnv
): Promise<CToolchain> {
  const ask = async (cmd: string, args: string[]): Promise<string> => {
    try {
      const r = await exec(cmd, args, { env })
      return r.code === 0 ? firstLine(r.stdout) || firstLine(r.stderr) : ''
    } catch {
      return ''
    }
  }
  const cc = (await ask('go', ['env', 'CC'])) || 'gcc'
  const [command, ...ccArgs] = cc.split(/\s+/)
  const version = await ask(command, [...ccArgs, '--version'])
  let libc = await ask('getconf', ['GNU_LIBC_VERSION'])
  if (libc === '') {
    try {
      const r = await exec('ldd', ['--version'], { env })
      libc = firstLine(r.stdout) || firstLine(r.stderr)
    } catch {
      libc = ''
    }
  }
  return {
    cc,
    version: version || 'unknown',
    libc: libc || 'unknown'
  }
}
