// The cost of the rebuild check, as a ratio to one build.
//   bash bench/run-ts.sh bench/go-build.ts [fixture] [runs]
// The rebuild check builds from a fresh clone with a fresh GOCACHE seeded
// with the standard library only (src/go/std-cache.ts): the module and its
// dependencies compile afresh. Goal: the whole build + check within 1.3x of
// the same build with that std-only cache warm, the fair comparison (the
// check must recompile the module by design); the warm and cold single
// builds are shown beside it.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../__fixtures__/go-repo.js'
import { buildReproducibly } from '../src/go/reproducible.js'
import { exec } from '../src/util/exec.js'

const fixture = process.argv[2] ?? 'withdep'
// the std caches of this run only, so "warm" is measured, not assumed
const stdRoot = mkdtempSync(join(tmpdir(), 'eb-bench-std-'))
process.env.ENCLAVE_BUILD_STD_CACHE = stdRoot
const runs = Number(process.argv[3] ?? 3)
const dir = makeRepo(fixture)
const out = join(mkdtempSync(join(tmpdir(), 'eb-bench-')), 'app')

async function time(
  rebuildCheck: boolean,
  env: NodeJS.ProcessEnv
): Promise<number> {
  const t = performance.now()
  await buildReproducibly(
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
    { exec, env }
  )
  return performance.now() - t
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function series(
  rebuildCheck: boolean,
  freshCache: boolean,
  seed?: string
): Promise<number> {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const cache = mkdtempSync(join(tmpdir(), 'eb-bench-cache-'))
    if (seed) cpSync(seed, cache, { recursive: true })
    const env = freshCache ? { ...process.env, GOCACHE: cache } : process.env
    xs.push(await time(rebuildCheck, env))
    rmSync(cache, { recursive: true, force: true })
  }
  return median(xs)
}

await time(false, process.env) // warm the module and build caches
const warm = await series(false, false)
const cold = await series(false, true)
await time(true, process.env) // makes the std cache
const std = join(
  stdRoot,
  readdirSync(stdRoot).find((n) => /^[0-9a-f]{64}$/.test(n)) ?? ''
)
const stdWarm = await series(false, true, std)
const checked = await series(true, false)
const go = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()
const ms = (x: number): string => `${(x / 1000).toFixed(2)} s`
console.log(`bench/go-build: fixture ${fixture}, ${go}, median of ${runs}`)
console.log(`one build, warm GOCACHE           ${ms(warm)}   1.00x`)
console.log(
  `one build, fresh GOCACHE          ${ms(cold)}   ${(cold / warm).toFixed(2)}x`
)
console.log(
  `one build, GOCACHE with std only  ${ms(stdWarm)}   ${(stdWarm / warm).toFixed(2)}x`
)
console.log(
  `build + rebuild check (warm first) ${ms(checked)}   ${(checked / warm).toFixed(2)}x`
)
console.log(
  `rebuild check alone / build with std-only cache: ${((checked - warm) / stdWarm).toFixed(2)}x (goal <= 1.3x)`
)
console.log(
  `rebuild check alone                ${ms(checked - warm)}   ${((checked - warm) / warm).toFixed(2)}x of a warm build, ${((checked - warm) / cold).toFixed(2)}x of a cold one`
)
rmSync(stdRoot, { recursive: true, force: true })
