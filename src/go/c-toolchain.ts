import type { Exec } from '../util/exec.js'

/** The C toolchain of a cgo build, as the build record keeps it. */
export interface CToolchain {
  /** The compiler cgo runs (`go env CC`). */
  cc: string
  /** The first line of `CC --version`. */
  version: string
  /**
   * The C library the compiler builds against: `glibc X.Y` from the
   * headers it includes (as `getconf GNU_LIBC_VERSION` spells it), `musl
   * X.Y.Z` when its include path is musl's (the version its loader
   * prints), else "unknown".
   */
  libc: string
}

const firstLine = (s: string): string => s.trim().split('\n')[0]?.trim() ?? ''

/**
 * Asks the toolchain what it is: a cgo binary's bytes depend on the C
 * compiler and the C library it links (statically or, through the
 * loader, at run time), so the record names them. The library is asked of
 * the compiler, not of the host: `CC=musl-gcc` on a glibc host links musl.
 * Never fails: what cannot be asked is recorded as "unknown".
 */
export async function readCToolchain(
  exec: Exec,
  env: NodeJS.ProcessEnv
): Promise<CToolchain> {
  const run: Run = async (cmd, args) => {
    try {
      return await exec(cmd, args, { env })
    } catch {
      return { code: 127, stdout: '', stderr: '' }
    }
  }
  const cc = firstLine((await run('go', ['env', 'CC'])).stdout) || 'gcc'
  const [command, ...ccArgs] = cc.split(/\s+/)
  const v = await run(command, [...ccArgs, '--version'])
  const version = v.code === 0 ? firstLine(v.stdout) : ''
  return {
    cc,
    version: version || 'unknown',
    libc: (await libcOf(run, command, ccArgs)) || 'unknown'
  }
}

type Run = (
  cmd: string,
  args: string[]
) => Promise<{ code: number; stdout: string; stderr: string }>

/** The C library behind the compiler's headers (see CToolchain.libc). */
async function libcOf(
  run: Run,
  command: string,
  ccArgs: string[]
): Promise<string> {
  // preprocess nothing but features.h, which glibc and musl both have
  const pre = ['-E', '-include', 'features.h', '-x', 'c', '/dev/null']
  const macros = await run(command, [...ccArgs, '-dM', ...pre])
  if (macros.code !== 0) return ''
  const major = /^#define __GLIBC__ (\d+)$/m.exec(macros.stdout)?.[1]
  const minor = /^#define __GLIBC_MINOR__ (\d+)$/m.exec(macros.stdout)?.[1]
  if (major !== undefined && minor !== undefined)
    return `glibc ${major}.${minor}`
  // musl has no version macro by design: its include path names it, and
  // its loader prints the version
  const search = (await run(command, [...ccArgs, '-v', ...pre])).stderr
  if (!/^ \S*musl\S*$/m.test(search)) return ''
  const arch = firstLine(
    (await run(command, [...ccArgs, '-dumpmachine'])).stdout
  ).split('-')[0]
  const loader = await run(`/lib/ld-musl-${arch}.so.1`, [])
  const musl = /^Version (\S+)$/m.exec(loader.stderr)?.[1]
  return musl === undefined ? 'musl (version unknown)' : `musl ${musl}`
}
