import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Exec } from '../util/exec.js'

/**
 * A build cache that holds the standard library alone, the base of the
 * rebuild check's seed (deps-cache.ts adds the pure-Go dependencies). The
 * check must compile the module's own packages afresh at another path,
 * which is what can differ; the standard library compiled by the same
 * toolchain with the same environment and flags cannot depend on where the
 * module lives (-trimpath), so recompiling it proves nothing and cost most
 * of a cold build. The cache is keyed by everything that goes into a std
 * compile: the Go version, GOROOT, the environment baseline (GOOS, GOARCH,
 * GOAMD64, CGO_ENABLED, GOEXPERIMENT ...; not SOURCE_DATE_EPOCH, see
 * cacheKeyEnv), the compile flags (not -ldflags), the C compiler when cgo
 * is on, and the set of std packages. It only ever holds what `go build
 * <std packages>` wrote; a stale or missing entry only costs a compile, as
 * go checks every action ID itself.
 */

/** What decides the std compile (see above). */
export interface StdCacheKey {
  goVersion: string
  goroot: string
  env: Record<string, string>
  /** The go build flags, without -o, its value and the package. */
  flags: string[]
  /** `CC --version`, with cgo. */
  cc?: string
}

/** Where std caches live: ENCLAVE_BUILD_STD_CACHE, else the user cache dir. */
export function stdCacheRoot(env: NodeJS.ProcessEnv): string {
  if (env.ENCLAVE_BUILD_STD_CACHE) return env.ENCLAVE_BUILD_STD_CACHE
  const base =
    env.XDG_CACHE_HOME ||
    (env.HOME
      ? join(env.HOME, '.cache')
      : join(homedir() || tmpdir(), '.cache'))
  return join(base, 'enclave-build', 'go-std')
}

/** The directory name of a key: its sha256. */
export function stdCacheId(key: StdCacheKey): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        key.goVersion,
        key.goroot,
        Object.entries(key.env).sort(([a], [b]) => (a < b ? -1 : 1)),
        key.flags,
        key.cc ?? ''
      ])
    )
    .digest('hex')
}

/**
 * The environment part of a cache key: the baseline without
 * SOURCE_DATE_EPOCH. A cgo build sets it to the commit time, so with it
 * every commit would start a cold cache; go keeps it out of its action IDs
 * too, and the standard library's C files (the only C a shared cache holds:
 * cgo dependencies always compile afresh, deps-cache.ts) do not read the
 * date (std-cache.test.ts checks them for __DATE__, __TIME__, __TIMESTAMP__).
 */
export function cacheKeyEnv(
  baseline: Record<string, string>
): Record<string, string> {
  const { SOURCE_DATE_EPOCH: _date, ...rest } = baseline
  void _date
  return rest
}

/**
 * The build flags of `args` (a go build command) that reach a compile:
 * without -o and its value, the package, and -ldflags (only the link reads
 * it, and a per-release `-X main.version=...` would otherwise start a cold
 * cache each time).
 */
export function compileFlags(args: string[]): string[] {
  const out: string[] = []
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '-o') {
      i++
      continue
    }
    if (args[i] === '--') break
    if (args[i].startsWith('-ldflags=')) continue
    out.push(args[i])
  }
  return out
}

async function nonEmpty(dir: string): Promise<boolean> {
  const have = await readdir(dir).catch(() => undefined)
  return have !== undefined && have.length > 0
}

/**
 * Makes the cache `target` if it is not there: seeds a staging directory
 * from `base` (when given), runs `go build <flags> -- <packages>` into it
 * and moves it into place. Returns false when go failed: the rebuild then
 * compiles those packages itself, as before.
 */
export async function makeCache(
  exec: Exec,
  p: {
    target: string
    base?: string
    flags: string[]
    packages: string[]
    dir: string
    env: NodeJS.ProcessEnv
    root: string
  }
): Promise<boolean> {
  if (await nonEmpty(p.target)) return true
  await mkdir(p.root, { recursive: true })
  const staging = join(p.root, `.${randomBytes(6).toString('hex')}.tmp`)
  await mkdir(staging)
  try {
    if (p.base) await seedGoCache(exec, p.base, staging)
    const r = await exec('go', ['build', ...p.flags, '--', ...p.packages], {
      cwd: p.dir,
      env: { ...p.env, GOCACHE: staging }
    })
    if (r.code !== 0) return false
    // another build may have made it meanwhile: either copy is as good
    await rename(staging, p.target).catch(() => undefined)
    return true
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/**
 * The std cache for `key` and `std`, the standard packages the program
 * imports (`go list -deps`), made if missing by compiling those packages
 * (and nothing else) into an empty cache. Returns undefined when it cannot
 * be made: the rebuild then compiles everything, as before.
 */
export async function ensureStdCache(
  exec: Exec,
  p: {
    key: StdCacheKey
    std: string[]
    /** Where go runs (the first build's directory). */
    dir: string
    /** The environment of go (the build's). */
    env: NodeJS.ProcessEnv
    /** Where std caches live (see stdCacheRoot). */
    root: string
    log?: (message: string) => void
  }
): Promise<string | undefined> {
  if (p.std.length === 0) return undefined
  // one cache per set of std packages: a program that imports more than
  // another must not find the smaller set and compile the rest each time
  const target = join(
    p.root,
    stdCacheId({ ...p.key, flags: [...p.key.flags, ...p.std] })
  )
  if (await nonEmpty(target)) return target
  if (
    !(await makeCache(exec, {
      target,
      flags: p.key.flags,
      packages: p.std,
      dir: p.dir,
      env: p.env,
      root: p.root
    }))
  )
    return undefined
  p.log?.(
    `rebuild check: standard library cache made (${p.std.length} packages)`
  )
  return target
}

/**
 * Fills an empty GOCACHE from a shared cache with hard links, never by
 * sharing the directory: go creates every new entry as a new file in the
 * GOCACHE it was given, so what the rebuild compiles (the module's own
 * packages) never reaches the shared cache. go writes into an existing
 * entry only after it recomputed that action: an output file is named by
 * the sha256 of its content (a rewrite repairs it), an index entry maps the
 * action to what go just computed. Linking ~800 files costs a few ms where
 * copying 50+ MB cost 30-100 ms of CPU. Across file systems (no hard
 * links) it copies: cp(1), then node:fs's cp.
 */
export async function seedGoCache(
  exec: Exec,
  from: string,
  gocache: string
): Promise<void> {
  for (const flags of ['-al', '-R']) {
    const r = await exec('cp', [flags, '--', `${from}/.`, gocache]).catch(
      () => undefined
    )
    if (r?.code === 0) return
    await emptyDir(gocache)
  }
  await cp(from, gocache, { recursive: true, force: false })
}

async function emptyDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir)
}
