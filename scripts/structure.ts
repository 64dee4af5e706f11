/**
 * The structure drawing in numbers: reads every import (static and
 * dynamic) under src/, groups modules into rooms (a top-level folder of
 * src/, or a top-level file), and prints the floors, module cycles, and
 * back-arrows (room-level imports that close a cycle between rooms), plus
 * any module over 250 lines without a reason at its top.
 *
 *   node scripts/structure.ts [--verbose]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const SRC = resolve(import.meta.dirname, '..', 'src')
const verbose = process.argv.includes('--verbose')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return walk(p)
    return p.endsWith('.ts') ? [p] : []
  })
}

const files = walk(SRC).map((f) => relative(SRC, f))
const room = (f: string): string =>
  f.includes('/') ? `${f.split('/')[0]}/` : f
const importRe = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g

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
    if (files.includes(target)) out.add(target)
  }
  edges.set(f, out)
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

// floors: longest import chain between rooms (a room that imports none is floor 1)
const floor = new Map<number, number>()
const floorOf = (c: number, seen = new Set<number>()): number => {
  if (floor.has(c)) return floor.get(c)!
  seen.add(c)
  let f = 1
  for (const r of roomSccs[c])
    for (const t of roomEdges.get(r)!) {
      const d = comp.get(t)!
      if (d !== c && !seen.has(d)) f = Math.max(f, 1 + floorOf(d, seen))
    }
  floor.set(c, f)
  return f
}
const byFloor = new Map<number, string[]>()
for (const r of rooms) {
  const f = floorOf(comp.get(r)!)
  byFloor.set(f, [...(byFloor.get(f) ?? []), r])
}

const big = files.filter((f) => {
  if (lines.get(f)! <= 250) return false
  const head = readFileSync(join(SRC, f), 'utf8').slice(0, 1500)
  return !/over ~?250 lines|longer than 250|Why this file is long/i.test(head)
})

const total = [...lines.values()].reduce((a, b) => a + b, 0)
console.log(`${files.length} modules, ${total} lines in src/`)
for (const f of [...byFloor.keys()].sort((a, b) => b - a))
  console.log(`floor ${f}: ${byFloor.get(f)!.sort().join(' ')}`)
console.log(`floors: ${byFloor.size}`)
console.log(`module cycles: ${moduleCycles.length}`)
for (const c of moduleCycles) console.log(`  ${c.join(' <-> ')}`)
console.log(`back-arrows: ${backArrows.length}`)
for (const b of backArrows) console.log(`  ${b}`)
console.log(`modules over 250 lines without a reason: ${big.length}`)
for (const b of big) console.log(`  ${b} (${lines.get(b)})`)
if (verbose)
  for (const [r, out] of roomEdges)
    console.log(`${r} -> ${[...out].sort().join(' ')}`)
process.exitCode = moduleCycles.length + backArrows.length > 0 ? 1 : 0
