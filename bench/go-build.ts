// The cost of the rebuild check, in CPU time, as a ratio to a warm plain
// `go build` of the same program.
//   bash bench/run-ts.sh bench/go-build.ts [fixture] [rounds]
// Each round runs, in an order that alternates between rounds:
//   W  `go build` with the build's flags and environment, GOCACHE warm
//   A  enclave-build's build without the rebuild check (GOCACHE warm)
//   B  the same with the rebuild check, its caches warm (deps-cache.ts)
//   L  B after dropping the check's index, so that `go list` runs again
//      (the first check after go.mod or go.sum changed)
// "The check" is B - A of the same round: the second build at another
// path with a fresh GOCACHE seeded with the standard library and the
// pure-Go module-cache dependencies, the module's own packages compiled
// afresh. Goal (issue: "<= 1.3x a warm plain go build when the std cache
// is warm"): median over rounds of (B - A) / W <= 1.3.
// CPU time is this process's plus its waited-for children's (compile,
// link, git, cp), from process.cpuUsage and /proc/self/stat, so two builds
// running side by side would not count as a saving, and other load on the
// machine counts less than in wall time. Linux only.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../__fixtures__/go-repo.js'
import { goBuildArgs } from '../src/go/build.js'
import { baselineEnv, processEnv } from '../src/go/env.js'
import { buildReproducibly } from '../src/go/reproducible.js'
import { exec as run, type Exec } from '../src/util/exec.js'

const fixture = process.argv[2] ?? 'withdep'
const rounds = Number(process.argv[3] ?? 7)
// the check's caches of this run only, so "warm" is measured, not assumed
const root = mkdtempSync(join(tmpdir(), 'eb-bench-std-'))
process.env.ENCLAVE_BUILD_STD_CACHE = root
const dir = makeRepo(fixture)
const out = join(mkdtempSync(join(tmpdir(), 'eb-bench-')), 'app')
const tick =
  1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))

/** CPU ms used so far by this process and its waited-for children. */
function cpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields 16 and 17 of proc(5) (cutime, cstime), here counted from field 3
  const children = (Number(f[13]) + Number(f[14])) * tick
  const self = process.cpuUsage()
  return children + (self.user + self.system) / 1000
}

// CPU per command (`go list`, `go build`, `git clone`, ...) of the B runs,
// for the breakdown; commands that overlap share their time approximately
const byCommand = new Map<string, number[]>()
let tracing = false
const exec: Exec = async (file, args, options) => {
  if (!tracing) return run(file, args, options)
  const c = cpu()
  const r = await run(file, args, options)
  const k = `${file} ${file === 'git' ? (args.find((a) => /^[a-z]/.test(a) && !a.includes('/')) ?? '') : (args[0] ?? '')}`
  byCommand.set(k, [...(byCommand.get(k) ?? []), cpu() - c])
  return r
}

async function measure(
  f: () => Promise<unknown>
): Promise<{ cpu: number; wall: number }> {
  const c = cpu()
  const t = performance.now()
  await f()
  return { cpu: cpu() - c, wall: performance.now() - t }
}

const build = (rebuildCheck: boolean) => () =>
  buildReproducibly(
    {
      dir,
      package: '.',
      output: out,
      ldflags: '',
      tags: [],
      cgo: false,
      goamd64: 'v1',
      goarch: 'amd64',
      pgo: 'off',
      goVersion: '',
      rebuildCheck
    },
    { exec, env: process.env }
  )

// the plain go build: the same arguments and environment as the first build
const env = processEnv(
  baselineEnv({ cgo: false, goamd64: 'v1', goos: 'linux', goarch: 'amd64' }),
  process.env
)
const plain = () => async () => {
  const args = goBuildArgs(
    { package: '.', ldflags: '', tags: [], pgo: 'off' },
    `${out}.plain`
  )
  // a fresh output, as in CI: go does not link again over an up-to-date one
  rmSync(`${out}.plain`, { force: true })
  const r = await run('go', args, { cwd: dir, env })
  if (r.code !== 0) throw new Error(r.stderr)
}
const dropIndex = (): void => {
  for (const n of readdirSync(root))
    if (n.startsWith('index-')) rmSync(join(root, n))
}

const load0 = loadavg()[0]
const first = await measure(build(true)) // makes the caches
await measure(plain()) // warms GOCACHE for both
const rows: Record<'W' | 'A' | 'B' | 'L', { cpu: number; wall: number }[]> = {
  W: [],
  A: [],
  B: [],
  L: []
}
for (let i = 0; i < rounds; i++) {
  const order: ('W' | 'A' | 'B' | 'L')[] =
    i % 2 === 0 ? ['W', 'A', 'B', 'L'] : ['L', 'B', 'A', 'W']
  for (const k of order) {
    if (k === 'L') dropIndex()
    tracing = k === 'B'
    rows[k].push(await measure(k === 'W' ? plain() : build(k !== 'A')))
    tracing = false
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const go = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()
const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`
const col = (k: 'W' | 'A' | 'B' | 'L'): string =>
  `${s(median(rows[k].map((r) => r.cpu)))} CPU  ${s(median(rows[k].map((r) => r.wall)))} wall`
const per = (k: 'B' | 'L'): number[] =>
  rows[k].map((r, i) => r.cpu - rows.A[i].cpu)
const ratio = (k: 'B' | 'L'): string =>
  median(per(k).map((c, i) => c / rows.W[i].cpu)).toFixed(2)
console.log(
  `bench/go-build: fixture ${fixture}, ${go}, median of ${rounds} rounds, load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`
)
console.log(
  `first check, making its caches      ${s(first.cpu)} CPU  ${s(first.wall)} wall`
)
console.log(`W  plain go build, warm GOCACHE      ${col('W')}`)
console.log(`A  build, no rebuild check           ${col('A')}`)
console.log(`B  build + rebuild check             ${col('B')}`)
console.log(`L  B, the index dropped (go list)    ${col('L')}`)
console.log(
  `the check (B - A): ${s(median(per('B')))} CPU = ${ratio('B')}x W (goal <= 1.3x); after go.mod/go.sum changed (L - A): ${s(median(per('L')))} CPU = ${ratio('L')}x W`
)
console.log(
  'B by command (median CPU per round): ' +
    [...byCommand]
      .map(([k, v]) => `${k} ${s(median(v) * (v.length / rounds))}`)
      .join(', ')
)
rmSync(root, { recursive: true, force: true })
