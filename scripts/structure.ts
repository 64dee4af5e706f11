/**
 * The structure drawing in numbers, enforced: reads every import (static,
 * dynamic, re-export) under src/, puts each module in its row of the room
 * table (docs/rooms.json), and reports
 *   - the floors: the longest chain of imports between rooms (a room that
 *     imports none is floor 1), which must be the floor the table gives;
 *   - module cycles and back-arrows (room imports that close a cycle);
 *   - violations: an import the table does not allow, an import between
 *     two TEE folders (targets/<tee>/ → targets/<other>/; shared folders
 *     allowed), a target options.ts importing more than leaf modules of its
 *     own folder, a module in no row, a floor that differs from the table's,
 *     and docs/architecture.md showing another table;
 *   - modules over 250 lines without a reason at their top.
 * Exits 1 on any cycle, back-arrow or violation.
 *
 *   node scripts/structure.ts [--verbose] [--write-docs] [--src DIR]
 *
 * `--src DIR` checks another tree (the tests plant bad imports in one); the
 * docs are then not compared. `--write-docs` rewrites the table in
 * docs/architecture.md from docs/rooms.json.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * One row of the room table, docs/rooms.json: the one copy of the table,
 * which docs/architecture.md shows (`--write-docs` writes it there) and
 * this script enforces. A row names its modules by path under src/: a file
 * (`main.ts`) or a folder (`cli/`). A module belongs to the row whose
 * pattern matches it most specifically, so `cli/args.ts` can sit lower than
 * `cli/`. Rows sharing a `room` are one room for the floor count (the
 * action's top-level modules are one stage) but keep their own imports.
 */
interface RoomRow {
  /** Paths under src/: a file, or a folder ending in `/`. */
  modules: string[]
  /** The room this row is part of for the floor count (default: its own). */
  room?: string
  /** 1 + the highest floor it imports (1 when it imports nothing). */
  floor: number
  /** What it holds. */
  holds: string
  /** What it may import besides its own row; `*`: anything on a lower floor. */
  mayImport: string[]
}

/** The TEE folders: one per TEE under `root`; `shared` ones serve several. */
interface TeeFolders {
  root: string
  /** Folders several TEEs share: the only ones a TEE folder may import. */
  shared: string[]
  /** Modules of `root` outside the TEE folders that a TEE folder may import. */
  common: string[]
}

const argv = process.argv.slice(2)
const verbose = argv.includes('--verbose')
const srcArg = argv.indexOf('--src')
const SRC =
  srcArg >= 0
    ? resolve(argv[srcArg + 1])
    : resolve(import.meta.dirname, '..', 'src')
const DOCS = resolve(import.meta.dirname, '..', 'docs', 'architecture.md')
const TABLE = resolve(import.meta.dirname, '..', 'docs', 'rooms.json')
const { rooms: ROOMS, teeFolders: TEE_FOLDERS } = JSON.parse(
  readFileSync(TABLE, 'utf8')
) as { rooms: RoomRow[]; teeFolders: TeeFolders }
const checkDocs = srcArg < 0

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return walk(p)
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : []
  })
}

const files = walk(SRC)
  .map((f) => relative(SRC, f))
  .sort()
const fileSet = new Set(files)
const importRe = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g

const edges = new Map<string, Set<string>>()
const lines = new Map<string, number>()
for (const f of files) {
  const text = readFileSync(join(SRC, f), 'utf8')
  lines.set(f, text.split('\n').length - 1)
  const out = new Set<string>()
  for (const m of text.matchAll(importRe)) {
    const target = relative(
      SRC,
      resolve(SRC, dirname(f), m[1].replace(/\.js$/, '.ts'))
    )
    if (fileSet.has(target)) out.add(target)
  }
  edges.set(f, out)
}

const matches = (pattern: string, f: string): boolean =>
  pattern.endsWith('/') ? f.startsWith(pattern) : f === pattern

/** The row of a module: the one with its most specific matching pattern. */
function rowOf(f: string): RoomRow | undefined {
  let best: RoomRow | undefined
  let len = -1
  for (const row of ROOMS)
    for (const p of row.modules)
      if (matches(p, f) && p.length > len) {
        best = row
        len = p.length
      }
  return best
}
const roomName = (row: RoomRow): string => row.room ?? row.modules.join(' ')
const room = (f: string): string => {
  const row = rowOf(f)
  return row ? roomName(row) : `(no row) ${f}`
}

const violations: string[] = []
for (const f of files)
  if (!rowOf(f))
    violations.push(
      `${f} is in no row of the room table (docs/rooms.json): add it to one`
    )

/** The TEE folder of a module (`snp/`), or undefined outside one. */
function teeFolder(f: string): string | undefined {
  if (!f.startsWith(TEE_FOLDERS.root)) return undefined
  const rest = f.slice(TEE_FOLDERS.root.length)
  return rest.includes('/') ? `${rest.split('/')[0]}/` : undefined
}
const shared = (folder: string): boolean => TEE_FOLDERS.shared.includes(folder)

for (const [f, out] of edges) {
  const from = rowOf(f)
  if (!from) continue
  for (const t of out) {
    const to = rowOf(t)
    if (!to) continue
    const allowed =
      from === to ||
      from.mayImport.some((p) =>
        p === '*' ? to.floor < from.floor : matches(p, t)
      )
    if (!allowed)
      violations.push(
        `${f} -> ${t}: ${from.modules.join(', ')} may not import ${to.modules.join(', ')}`
      )
    const a = teeFolder(f)
    const b = teeFolder(t)
    if (a !== undefined && t.startsWith(TEE_FOLDERS.root) && a !== b) {
      const ok =
        (b !== undefined && shared(b)) || TEE_FOLDERS.common.includes(t)
      if (!ok)
        violations.push(
          `${f} -> ${t}: a TEE folder imports another (${a} -> ${b ?? t}); move what both need to a shared folder (${TEE_FOLDERS.shared.join(', ')})`
        )
    }
    if (a !== undefined && f === `${TEE_FOLDERS.root}${a}options.ts`) {
      // a leaf module of util/ (text checks) costs no more than its own
      const leaf =
        (teeFolder(t) === a || t.startsWith('util/')) &&
        edges.get(t)!.size === 0
      if (!leaf)
        violations.push(
          `${f} -> ${t}: a target's options.ts imports only zod and leaf modules of its own folder (the registry loads it eagerly)`
        )
    }
  }
}

/** Tarjan's strongly connected components. */
function sccs(
  nodes: string[],
  next: (n: string) => Iterable<string>
): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        c.push(w)
      } while (w !== v)
      out.push(c)
    }
  }
  for (const n of nodes) if (!idx.has(n)) visit(n)
  return out
}

const moduleCycles = sccs(files, (f) => edges.get(f)!).filter(
  (c) => c.length > 1
)

const rooms = [...new Set(files.map(room))]
const roomEdges = new Map<string, Set<string>>(rooms.map((r) => [r, new Set()]))
const why = new Map<string, string>()
for (const [f, out] of edges)
  for (const t of out)
    if (room(f) !== room(t)) {
      roomEdges.get(room(f))!.add(room(t))
      why.set(`${room(f)} -> ${room(t)}`, `${f} -> ${t}`)
    }
const roomSccs = sccs(rooms, (r) => roomEdges.get(r)!)
const comp = new Map<string, number>()
roomSccs.forEach((c, i) => c.forEach((r) => comp.set(r, i)))
const backArrows = [...roomEdges].flatMap(([r, out]) =>
  [...out]
    .filter((t) => comp.get(t) === comp.get(r))
    .map((t) => why.get(`${r} -> ${t}`)!)
)

// Floors: the longest chain of imports between components of the room
// graph. The components form a DAG, so the memo is exact: a component's
// floor depends only on the components below it, never on the path that
// reached it (no `seen` set shared across branches).
const floor = new Map<number, number>()
const floorOf = (c: number): number => {
  const known = floor.get(c)
  if (known !== undefined) return known
  let f = 1
  for (const r of roomSccs[c])
    for (const t of roomEdges.get(r)!) {
      const d = comp.get(t)!
      if (d !== c) f = Math.max(f, 1 + floorOf(d))
    }
  floor.set(c, f)
  return f
}
const byFloor = new Map<number, string[]>()
for (const r of rooms) {
  const f = floorOf(comp.get(r)!)
  byFloor.set(f, [...(byFloor.get(f) ?? []), r])
}
const floors = Math.max(0, ...byFloor.keys())
for (const row of ROOMS) {
  const r = roomName(row)
  if (!comp.has(r)) continue
  const actual = floorOf(comp.get(r)!)
  if (actual !== row.floor)
    violations.push(
      `${r} is on floor ${actual} (${chainFrom(r).join(' -> ')}), the table says ${row.floor}`
    )
}

/** One longest chain of room imports down from room r. */
function chainFrom(r: string): string[] {
  const below = [...roomEdges.get(r)!].filter(
    (t) => comp.get(t) !== comp.get(r)
  )
  if (below.length === 0) return [r]
  const next = below.reduce((a, b) =>
    floorOf(comp.get(b)!) > floorOf(comp.get(a)!) ? b : a
  )
  return [r, ...chainFrom(next)]
}

/** The table as docs/architecture.md shows it, padded as prettier pads. */
function roomsTable(): string {
  const code = (s: string): string => `\`${s}\``
  const rows = ROOMS.map((r) => [
    String(r.floor),
    r.modules.map(code).join(', ') + (r.room ? ` (${r.room})` : ''),
    r.holds,
    r.mayImport.length === 0
      ? 'nothing'
      : r.mayImport
          .map((p) => (p === '*' ? 'everything on a lower floor' : code(p)))
          .join(', ')
  ])
  const head = ['Floor', 'Room', 'Holds', 'May import']
  const width = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  )
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`
  return [
    line(head),
    `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line)
  ].join('\n')
}

const START =
  '<!-- rooms table: generated from docs/rooms.json by `node scripts/structure.ts --write-docs` -->'
const END = '<!-- end of rooms table -->'
if (checkDocs) {
  const docs = readFileSync(DOCS, 'utf8')
  const a = docs.indexOf(START)
  const b = docs.indexOf(END)
  const want = `${START}\n\n${roomsTable()}\n\n${END}`
  if (a < 0 || b < a)
    violations.push(
      `docs/architecture.md has no rooms table between ${START} and ${END}`
    )
  else if (docs.slice(a, b + END.length) !== want) {
    if (argv.includes('--write-docs'))
      writeFileSync(DOCS, docs.slice(0, a) + want + docs.slice(b + END.length))
    else
      violations.push(
        'docs/architecture.md shows another rooms table than docs/rooms.json: run node scripts/structure.ts --write-docs'
      )
  }
}

const big = files.filter((f) => {
  if (lines.get(f)! <= 250) return false
  const head = readFileSync(join(SRC, f), 'utf8').slice(0, 1500)
  return !/over ~?250 lines|longer than 250|Why this file is long/i.test(head)
})

const total = [...lines.values()].reduce((a, b) => a + b, 0)
console.log(`${files.length} modules, ${total} lines in src/`)
for (const f of [...byFloor.keys()].sort((a, b) => b - a))
  console.log(`floor ${f}: ${byFloor.get(f)!.sort().join(' | ')}`)
console.log(`floors: ${floors}`)
console.log(
  `longest chain: ${chainFrom(rooms.reduce((a, b) => (floorOf(comp.get(b)!) > floorOf(comp.get(a)!) ? b : a))).join(' -> ')}`
)
console.log(`module cycles: ${moduleCycles.length}`)
for (const c of moduleCycles) console.log(`  ${c.join(' <-> ')}`)
console.log(`back-arrows: ${backArrows.length}`)
for (const b of backArrows) console.log(`  ${b}`)
console.log(`violations: ${violations.length}`)
for (const v of violations) console.log(`  ${v}`)
console.log(`modules over 250 lines without a reason: ${big.length}`)
for (const b of big) console.log(`  ${b} (${lines.get(b)})`)
if (verbose)
  for (const [r, out] of roomEdges)
    console.log(`${r} -> ${[...out].sort().join(' | ')}`)
process.exitCode =
  moduleCycles.length + backArrows.length + violations.length > 0 ? 1 : 0
