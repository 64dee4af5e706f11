import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Exec } from '../util/exec.js'

/**
 * A build cache that holds the standard library alone, for the rebuild
 * check. The check must compile the module's own packages (and its
 * dependencies) afresh at another path, which is what can differ; the
 * standard library compiled by the same toolchain with the same
 * environment and flags cannot depend on where the module lives (-trimpath),
 * so recompiling it proves nothing and cost most of a cold build. The cache
 * is keyed by everything that goes into a std compile: the Go version,
 * GOROOT, the environment baseline (GOOS, GOARCH, GOAMD64, CGO_ENABLED,
 * GOEXPERIMENT, SOURCE_DATE_EPOCH ...), the build flags, and the C
 * compiler when cgo is on. It only ever holds what `go build <std
 * packages>` wrote; a stale or missing entry only costs a compile, as go
 * checks every action ID itself.
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

/** The build flags of `args` (a go build command) without -o and the package. */
export function compileFlags(args: string[]): string[] {
  const out: string[] = []
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '-o') {
      i++
      continue
    }
    if (args[i] === '--') break
    out.push(args[i])
  }
  return out
}

/**
 * The std cache for `key` and the standard packages the main package
 * imports (`go list -deps`), made if missing by compiling those packages
 * (and nothing else) into an empty cache.
 * Returns undefined when it cannot be made: the rebuild then compiles
 * everything, as before.
 */
export async function ensureStdCache(
  exec: Exec,
  p: {
    key: StdCacheKey
    /** Where `go list` runs (the first build's directory) and the package. */
    dir: string
    package: string
    /** The environment of go (the build's). */
    env: NodeJS.ProcessEnv
    /** Where std caches live (see stdCacheRoot). */
    root: string
    log?: (message: string) => void
  }
): Promise<string | undefined> {
  const root = p.root
  const tags = p.key.flags.filter((f) => f.startsWith('-tags='))
  const list = await exec(
    'go',
    [
      'list',
      '-deps',
      ...tags,
      '-f',
      '{{if .Standard}}{{.ImportPath}}{{end}}',
      '--',
      p.package
    ],
    { cwd: p.dir, env: p.env }
  )
  if (list.code !== 0) return undefined
  const std = list.stdout.split('\n').filter((l) => l.trim() !== '')
  if (std.length === 0) return undefined
  // one cache per set of std packages: a program that imports more than
  // another must not find the smaller set and compile the rest each time
  const target = join(
    root,
    stdCacheId({ ...p.key, flags: [...p.key.flags, ...std] })
  )
  const have = await readdir(target).catch(() => undefined)
  if (have && have.length > 0) return target
  await mkdir(root, { recursive: true })
  const staging = join(root, `.${randomBytes(6).toString('hex')}.tmp`)
  await mkdir(staging)
  try {
    const r = await exec('go', ['build', ...p.key.flags, '--', ...std], {
      cwd: p.dir,
      env: { ...p.env, GOCACHE: staging }
    })
    if (r.code !== 0) return undefined
    // another build may have made it meanwhile: either copy is as good
    await rename(staging, target).catch(() => undefined)
    p.log?.(
      `rebuild check: standard library cache made (${std.length} packages)`
    )
    return target
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/**
 * Fills an empty GOCACHE with a copy of the std cache (a copy, never
 * shared: go writes into its cache). cp(1) copies its few hundred files
 * in a fifth of the time node:fs's cp takes; node:fs is the fallback.
 */
export async function seedGoCache(
  exec: Exec,
  std: string,
  gocache: string
): Promise<void> {
  const r = await exec('cp', ['-R', '--', `${std}/.`, gocache]).catch(
    () => undefined
  )
  if (r?.code === 0) return
  await cp(std, gocache, { recursive: true, force: false })
}
