import { createHash, randomBytes } from 'node:crypto'
import {
  cp,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat
} from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Exec } from '../util/exec.js'
import { sha256File } from '../util/fs.js'

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

const INDEX_ENTRY = /^v1 ([0-9a-f]{64}) ([0-9a-f]{64}) +(\d+) +\d+\n$/

/**
 * Whether a cache is intact as go writes it: every output file's name is
 * the sha256 of its content, every index entry names its action by its
 * file name and an output that is there with its size. Run when a seeded
 * rebuild gave other bytes, so that a damaged cache is not taken for a
 * build that is not reproducible (it reads the whole cache: ~0.2 s for the
 * standard library).
 */
export async function cacheIntact(dir: string): Promise<boolean> {
  try {
    for (const sub of await readdir(dir, { withFileTypes: true })) {
      if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name)) continue
      const d = join(dir, sub.name)
      const files = await readdir(d, { withFileTypes: true })
      const sizes = new Map<string, number>()
      for (const f of files) {
        // a directory is an executable's entry, which go build never uses
        if (!f.isFile() || !f.name.endsWith('-d')) continue
        const out = f.name.slice(0, -2)
        if ((await sha256File(join(d, f.name))) !== out) return false
        sizes.set(out, (await stat(join(d, f.name))).size)
      }
      for (const f of files) {
        if (!f.name.endsWith('-a')) continue
        const m = INDEX_ENTRY.exec(await readFile(join(d, f.name), 'utf8'))
        if (!m || `${m[1]}-a` !== f.name) return false
        const out = join(dir, m[2].slice(0, 2), `${m[2]}-d`)
        const size = Number(m[3])
        const known = sizes.get(m[2])
        if (known !== undefined ? known !== size : !(await sizeIs(out, size)))
          return false
      }
    }
    return true
  } catch {
    return false
  }
}

async function sizeIs(file: string, size: number): Promise<boolean> {
  const s = await stat(file).catch(() => undefined)
  // an empty output has no file
  return s ? s.isFile() && s.size === size : size === 0
}
