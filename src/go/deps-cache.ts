import { createHash } from 'node:crypto'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import type { Exec } from '../util/exec.js'
import {
  ensureStdCache,
  makeCache,
  stdCacheId,
  type StdCacheKey
} from './std-cache.js'

/**
 * The seed of the rebuild check's fresh GOCACHE: the standard library and
 * the dependency packages that cannot differ between the two builds, so
 * that the check recompiles only what can (the proof: the module's own
 * packages at another path, and every package with C or embedded files).
 *
 * A dependency package is shared when it comes from the module cache (the
 * same path in both builds, its content checked against go.sum by `go mod
 * verify` before the rebuild), is pure Go (no cgo, C, C++, Objective-C,
 * Fortran or SWIG: a C compiler may read the date, the environment or
 * anything else; the Go compiler's output is a function of the inputs go
 * hashes into the action ID), embeds no files, and imports only packages
 * that are shared too. Everything else, and every package of the main
 * module, is never in a shared cache: the rebuild compiles it afresh.
 *
 * Finding those sets takes a `go list -deps` (about a third of a warm
 * build), so the result is kept in an index keyed by the std key, go.mod,
 * go.sum and the package: later checks of the same module skip it. A stale
 * index (the program imports a package it did not) only costs a compile:
 * go checks every action ID itself. The rebuild runs with -x, which prints
 * each compile go ran; a compile of a package the index does not name
 * fresh drops the index, so the next check lists again.
 */

/** One package of `go list -deps -json`, the fields used here. */
interface ListedPackage {
  ImportPath: string
  Name?: string
  Standard?: boolean
  Dir?: string
  Module?: {
    Path: string
    Version?: string
    Main?: boolean
    Replace?: { Path: string; Version?: string }
  }
  Deps?: string[]
  CgoFiles?: string[]
  CFiles?: string[]
  CXXFiles?: string[]
  MFiles?: string[]
  FFiles?: string[]
  SwigFiles?: string[]
  SwigCXXFiles?: string[]
  EmbedFiles?: string[]
}

/** The packages of one build, by where the rebuild takes them from. */
export interface PackageSets {
  /** Standard packages: the std cache. */
  std: string[]
  /** Shared dependency packages ("import/path module@version"): the deps cache. */
  shared: string[]
  /** Compiled afresh by the rebuild: the main module's and every other. */
  fresh: string[]
  /** The main module's packages (a subset of fresh). */
  main: string[]
}

const FIELDS = [
  'ImportPath',
  'Name',
  'Standard',
  'Dir',
  'Module',
  'Deps',
  'CgoFiles',
  'CFiles',
  'CXXFiles',
  'MFiles',
  'FFiles',
  'SwigFiles',
  'SwigCXXFiles',
  'EmbedFiles'
]

const NOT_PURE_GO = [
  'CgoFiles',
  'CFiles',
  'CXXFiles',
  'MFiles',
  'FFiles',
  'SwigFiles',
  'SwigCXXFiles',
  'EmbedFiles'
] as const

function inside(dir: string, root: string): boolean {
  const r = relative(root, dir)
  return r !== '' && !r.startsWith('..') && !isAbsolute(r)
}

/** Splits go list's stream of JSON objects (each closes with "}" alone on a line). */
function parseStream(text: string): ListedPackage[] {
  return text
    .split(/^\}$/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(`${chunk}}`) as ListedPackage)
}

/** Sorts go list's packages of one build into PackageSets (see above). */
export function classify(
  packages: ListedPackage[],
  gomodcache: string
): PackageSets {
  const own = new Map<string, boolean>()
  const std = new Set<string>()
  for (const p of packages) {
    if (p.Standard) {
      std.add(p.ImportPath)
      continue
    }
    const m = p.Module
    own.set(
      p.ImportPath,
      m !== undefined &&
        !m.Main &&
        !!m.Version &&
        (m.Replace === undefined || !!m.Replace.Version) &&
        p.Dir !== undefined &&
        inside(p.Dir, gomodcache) &&
        NOT_PURE_GO.every((f) => (p[f]?.length ?? 0) === 0)
    )
  }
  const sets: PackageSets = { std: [...std], shared: [], fresh: [], main: [] }
  for (const p of packages) {
    if (p.Standard) continue
    if (p.Module?.Main) sets.main.push(p.ImportPath)
    const shared =
      own.get(p.ImportPath) === true &&
      (p.Deps ?? []).every((d) => std.has(d) || own.get(d) === true)
    if (shared)
      sets.shared.push(`${p.ImportPath} ${p.Module!.Path}@${p.Module!.Version}`)
    // go compiles a main package as "main" (-p main)
    else sets.fresh.push(p.Name === 'main' ? 'main' : p.ImportPath)
  }
  return sets
}

/** The packages of one build (`go list -deps`), or undefined when go list fails. */
export async function listPackages(
  exec: Exec,
  p: {
    dir: string
    package: string
    tags: string[]
    env: NodeJS.ProcessEnv
    gomodcache: string
  }
): Promise<PackageSets | undefined> {
  const r = await exec(
    'go',
    ['list', '-deps', ...p.tags, `-json=${FIELDS.join(',')}`, '--', p.package],
    { cwd: p.dir, env: p.env }
  )
  if (r.code !== 0) return undefined
  try {
    return classify(parseStream(r.stdout), p.gomodcache)
  } catch {
    return undefined
  }
}

/**
 * The import paths go compiled, from its -x trace (one `compile ... -p
 * PATH` line per package it did not find in the cache).
 */
export function compiledPackages(trace: string): string[] {
  const out: string[] = []
  for (const line of trace.split('\n')) {
    if (!/\/compile(\.exe)? -o /.test(line)) continue
    const m = / -p (\S+) /.exec(line)
    if (m) out.push(m[1])
  }
  return out
}

/** A ready seed for the rebuild's GOCACHE. */
export interface Seed {
  /** The cache to link into the fresh GOCACHE. */
  dir: string
  /** What the rebuild may compile without the seed being stale. */
  fresh: string[]
  /**
   * Told what the rebuild compiled; drops the index when that shows the
   * seed is missing packages, so the next check lists them again.
   */
  compiled(packages: string[]): Promise<void>
  /** Forgets the seed and its index: a rebuild with it failed. */
  discard(): Promise<void>
}

/** What keys the index of one program (see above). */
export interface SeedKey {
  std: StdCacheKey
  goMod: string
  goSum: string | null
  subdir: string
  package: string
}

/** The index file of a program. */
export function indexFile(root: string, key: SeedKey): string {
  const id = createHash('sha256')
    .update(
      JSON.stringify([
        stdCacheId(key.std),
        key.goMod,
        key.goSum,
        key.subdir,
        key.package
      ])
    )
    .digest('hex')
  return join(root, `index-${id}.json`)
}

/** The deps cache's directory name: the std key, the std set and the shared set. */
export function depsCacheName(
  key: StdCacheKey,
  sets: Pick<PackageSets, 'std' | 'shared'>
): string {
  const id = createHash('sha256')
    .update(
      JSON.stringify([
        stdCacheId(key),
        [...sets.std].sort(),
        [...sets.shared].sort()
      ])
    )
    .digest('hex')
  return `deps-${id}`
}

const SEED_NAME = /^(deps-)?[0-9a-f]{64}$/

async function readIndex(
  file: string,
  root: string
): Promise<{ dir: string; fresh: string[] } | undefined> {
  try {
    // a cache directory is input like any other: only a name of ours and
    // a list of strings are taken from it
    const v = JSON.parse(await readFile(file, 'utf8')) as unknown
    if (typeof v !== 'object' || v === null) return undefined
    const { seed, fresh } = v as { seed?: unknown; fresh?: unknown }
    if (typeof seed !== 'string' || !SEED_NAME.test(seed)) return undefined
    if (!Array.isArray(fresh) || !fresh.every((x) => typeof x === 'string'))
      return undefined
    const dir = join(root, seed)
    const have = await readdir(dir).catch(() => [])
    return have.length > 0 ? { dir, fresh } : undefined
  } catch {
    return undefined
  }
}

/**
 * The seed of the rebuild's GOCACHE for one program: from its index, else
 * by listing its packages and making (or finding) the std and deps caches.
 * Undefined when none can be made: the rebuild then compiles everything.
 */
export async function prepareSeed(
  exec: Exec,
  p: {
    key: SeedKey
    dir: string
    tags: string[]
    env: NodeJS.ProcessEnv
    gomodcache: string
    root: string
    log?: (message: string) => void
  }
): Promise<Seed | undefined> {
  const index = indexFile(p.root, p.key)
  const seed = (dir: string, fresh: string[], listed: boolean): Seed => ({
    dir,
    fresh,
    compiled: async (packages) => {
      const expected = new Set(fresh)
      const extra = packages.filter((x) => !expected.has(x))
      // the rebuild always compiles the main package; nothing seen means
      // the trace was not understood: list again next time
      if (packages.length > 0 && extra.length === 0) return
      p.log?.(
        `rebuild check: the cache did not hold ${extra.length > 0 ? extra.join(', ') : 'what it should'}; it is listed again next time`
      )
      if (!listed || extra.length > 0) await rm(index, { force: true })
    },
    discard: async () => {
      await rm(index, { force: true })
      // moved aside first, so that no other check links from a half-removed
      // directory; made again on the next check
      const aside = `${dir}.${process.pid}.discarded.tmp`
      await rename(dir, aside).catch(() => undefined)
      await rm(aside, { recursive: true, force: true })
    }
  })
  const known = await readIndex(index, p.root)
  if (known) return seed(known.dir, known.fresh, false)

  const sets = await listPackages(exec, {
    dir: p.dir,
    package: p.key.package,
    tags: p.tags,
    env: p.env,
    gomodcache: p.gomodcache
  })
  if (!sets) return undefined
  const std = await ensureStdCache(exec, {
    key: p.key.std,
    std: sets.std,
    dir: p.dir,
    env: p.env,
    root: p.root,
    log: p.log
  })
  if (!std) return undefined
  let dir = std
  let fresh = sets.fresh
  if (sets.shared.length > 0) {
    const target = join(p.root, depsCacheName(p.key.std, sets))
    const made = await makeCache(exec, {
      target,
      base: std,
      flags: p.key.std.flags,
      packages: sets.shared.map((s) => s.split(' ')[0]),
      dir: p.dir,
      env: p.env,
      root: p.root
    })
    if (made) dir = target
    else fresh = [...fresh, ...sets.shared.map((s) => s.split(' ')[0])]
  }
  // written aside and moved, so that no check reads half an index
  const part = `${index}.${process.pid}.tmp`
  await writeFile(part, JSON.stringify({ seed: relative(p.root, dir), fresh }))
    .then(() => rename(part, index))
    .catch(() => rm(part, { force: true }))
  p.log?.(
    `rebuild check: cache of ${sets.std.length} standard and ${dir === std ? 0 : sets.shared.length} dependency packages; ${fresh.length} compile afresh`
  )
  return seed(dir, fresh, true)
}
