import { createHash } from 'node:crypto'
import { isAbsolute, relative } from 'node:path'
import type { Exec } from '../util/exec.js'
import { stdCacheId, type StdCacheKey } from './std-cache.js'

/**
 * The dependency packages the rebuild check may take from a shared cache:
 * those that cannot differ between the two builds (seed.ts puts them into
 * the check's fresh GOCACHE, the module's own packages never).
 *
 * A dependency package is shared when it comes from the module cache (the
 * same path in both builds, its content checked against go.sum by `go mod
 * verify` before the rebuild), is pure Go (no cgo, C, C++, Objective-C,
 * Fortran or SWIG: a C compiler may read the date, the environment or
 * anything else; the Go compiler's output is a function of the inputs go
 * hashes into the action ID), embeds no files, and imports only packages
 * that are shared too. Everything else, and every package of the main
 * module, is never in a shared cache: the rebuild compiles it afresh.
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

/** What makes a package more than pure Go: never taken from the shared cache. */
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

const FIELDS = [
  'ImportPath',
  'Name',
  'Standard',
  'Dir',
  'Module',
  'Deps',
  ...NOT_PURE_GO
]

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
