import { createHash } from 'node:crypto'
import {
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { Exec } from '../util/exec.js'
import { readInputText, sha256File } from '../util/fs.js'
import { depsCacheName, listPackages } from './deps-cache.js'
import {
  ensureStdCache,
  makeCache,
  stdCacheId,
  type StdCacheKey
} from './std-cache.js'

/**
 * The seed of the rebuild check's fresh GOCACHE: the standard library
 * (std-cache.ts) and the shared dependency packages (deps-cache.ts), so that
 * the check recompiles only what can differ (the proof: the module's own
 * packages at another path, and every package with C or embedded files).
 *
 * Finding those sets takes a `go list -deps` (about a third of a warm
 * build), so the result is kept in an index keyed by the std key, go.mod,
 * go.sum and the package: later checks of the same module skip it. A stale
 * index (the program imports a package it did not) only costs a compile:
 * go checks every action ID itself. The rebuild runs with -x, which prints
 * each compile go ran; a compile of a package the index does not name
 * fresh drops the index, so the next check lists again.
 */

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

const SEED_NAME = /^(deps-)?[0-9a-f]{64}$/

async function readIndex(
  file: string,
  root: string
): Promise<{ dir: string; fresh: string[] } | undefined> {
  try {
    // a cache directory is input like any other (a regular file of bounded
    // size): only a name of ours and a list of strings are taken from it
    const text = await readInputText(file, 'the rebuild check index', {
      maxBytes: 16 * 2 ** 20
    })
    const v = JSON.parse(text) as unknown
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
        if (!f.isFile() || !f.name.endsWith('-a')) continue
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
