/**
 * The rebuild check's shared cache of dependency packages (deps-cache.ts):
 * it holds pure-Go module-cache packages and never a cgo one nor one of the
 * module's own (go's own -x trace is the witness), a non-reproducible cgo
 * dependency is still caught, and a changed key, a stale index or a damaged
 * cache only costs time.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeProxy, makeRepoWithProxy } from '../../__fixtures__/go-proxy.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { depsCacheName } from '../../src/go/deps-cache.js'
import { compiledPackages, indexFile, type SeedKey } from '../../src/go/seed.js'
import { buildReproducibly } from '../../src/go/reproducible.js'
import { exec } from '../../src/util/exec.js'

const root = mkdtempSync(join(tmpdir(), 'eb-depscache-'))
const { env: proxyEnv } = makeProxy()
const env = {
  ...process.env,
  ...proxyEnv,
  GOFLAGS: '',
  ENCLAVE_BUILD_STD_CACHE: root
}

function options(dir: string, over: Record<string, unknown> = {}) {
  return {
    dir,
    package: '.',
    output: join(dir, '..', `${dir.split('/').pop()}.bin`),
    ldflags: '',
    tags: [],
    cgo: true,
    goamd64: 'v1',
    goarch: 'amd64',
    pgo: 'off',
    goVersion: '',
    rebuildCheck: true,
    ...over
  }
}

const names = (re: RegExp): string[] =>
  readdirSync(root).filter((n) => re.test(n))

/** What `go build -x` compiles with GOCACHE holding a copy of `cache`. */
function compiledWith(cache: string, dir: string, e: object): string[] {
  const gocache = mkdtempSync(join(tmpdir(), 'eb-depscache-seeded-'))
  cpSync(cache, gocache, { recursive: true })
  const r = spawnSync(
    'go',
    ['build', '-x', '-trimpath', '-o', join(gocache, 'out'), '.'],
    {
      cwd: dir,
      env: { ...e, GOCACHE: gocache, CGO_ENABLED: '1' },
      encoding: 'utf8'
    }
  )
  expect(r.status).toBe(0)
  return compiledPackages(r.stderr)
}

/** A C compiler that is given a new EB_NONCE at each compile. */
function noncedCC(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eb-cc-'))
  const cc = join(dir, 'cc')
  writeFileSync(
    cc,
    '#!/bin/sh\n' +
      // go asks `CC -###` for the compiler's identity: no nonce there
      'case " $* " in *" -### "*) exec gcc "$@";; esac\n' +
      'exec gcc "-DEB_NONCE=$(od -An -N4 -tu4 /dev/urandom | tr -d " ")UL" "$@"\n'
  )
  chmodSync(cc, 0o755)
  return cc
}

describe('the deps cache of the rebuild check', () => {
  it('holds the pure Go dependency and the standard library; the cgo dependency and the module compile afresh', async () => {
    const dir = makeRepoWithProxy('cgodep', proxyEnv)
    const logs: string[] = []
    const r = await buildReproducibly(options(dir), {
      exec,
      env,
      log: (m) => logs.push(m)
    })
    expect(r.reproducible).toBe(true)
    const [deps] = names(/^deps-[0-9a-f]{64}$/)
    expect(deps).toBeDefined()
    expect(names(/^index-[0-9a-f]{64}\.json$/)).toHaveLength(1)
    // go's own trace: what a build seeded with the deps cache compiles
    const compiled = compiledWith(join(root, deps), dir, env)
    expect(compiled).toEqual(
      expect.arrayContaining(['main', 'example.com/cdep'])
    )
    expect(compiled).not.toContain('example.com/pure')
    expect(compiled).not.toContain('fmt')
    expect(compiled).not.toContain('runtime/cgo')
    // the second check finds the index: no go list, no new cache
    logs.length = 0
    await buildReproducibly(options(dir), {
      exec,
      env,
      log: (m) => logs.push(m)
    })
    expect(logs.join('\n')).not.toMatch(/cache of \d+ standard/)
    expect(names(/^deps-/)).toEqual([deps])
  }, 900_000)

  it('still catches a cgo dependency whose C code differs between builds, even when the first build shares the cache', async () => {
    const e = { ...env, CC: noncedCC() }
    const dir = makeRepoWithProxy('cgodep', proxyEnv)
    await expect(
      buildReproducibly(options(dir), { exec, env: e })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
    // the first build now takes everything it can from a copy of the shared
    // cache: had the cgo dependency been in it, both builds would agree
    const gocache = mkdtempSync(join(tmpdir(), 'eb-depscache-user-'))
    expect(names(/^deps-/).length).toBeGreaterThan(0)
    for (const n of names(/^deps-/))
      cpSync(join(root, n), gocache, { recursive: true, force: false })
    await expect(
      buildReproducibly(options(dir), { exec, env: { ...e, GOCACHE: gocache } })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
  }, 900_000)

  it('names another cache or index when anything in its key changes', () => {
    const key: SeedKey = {
      std: {
        goVersion: 'go1.26.0',
        goroot: '/usr/local/go',
        env: { CGO_ENABLED: '0', GOARCH: 'amd64' },
        flags: ['-trimpath'],
        cc: 'gcc 12'
      },
      goMod: 'a',
      goSum: 'b',
      subdir: '',
      package: '.'
    }
    const changed: SeedKey[] = [
      { ...key, std: { ...key.std, goVersion: 'go1.26.1' } },
      { ...key, std: { ...key.std, goroot: '/opt/go' } },
      { ...key, std: { ...key.std, env: { ...key.std.env, GOARCH: 'arm64' } } },
      { ...key, std: { ...key.std, flags: ['-trimpath', '-tags=netgo'] } },
      { ...key, std: { ...key.std, cc: 'gcc 13' } },
      { ...key, goMod: 'c' },
      { ...key, goSum: null },
      { ...key, subdir: 'x' },
      { ...key, package: './cmd/x' }
    ]
    const index = new Set([key, ...changed].map((k) => indexFile(root, k)))
    expect(index.size).toBe(changed.length + 1)
    const sets = {
      std: ['fmt'],
      shared: ['example.com/pure example.com/pure@v1.0.0']
    }
    const caches = new Set([
      ...[key, ...changed.slice(0, 5)].map((k) => depsCacheName(k.std, sets)),
      depsCacheName(key.std, { ...sets, std: ['fmt', 'os'] }),
      depsCacheName(key.std, {
        ...sets,
        shared: ['example.com/pure example.com/pure@v1.0.1']
      })
    ])
    expect(caches.size).toBe(8)
  })

  it('takes a stale or hostile index and a damaged cache as costing time only', async () => {
    const plain = { ...process.env, GOFLAGS: '', ENCLAVE_BUILD_STD_CACHE: root }
    const dir = makeRepo('withdep')
    const o = options(dir, { cgo: false })
    const before = new Set(names(/^index-/))
    await buildReproducibly(o, { exec, env: plain })
    const [index] = names(/^index-/).filter((n) => !before.has(n))
    const file = join(root, index)
    const { seed } = JSON.parse(readFileSync(file, 'utf8')) as { seed: string }

    // an index naming a path outside the root is not followed
    writeFileSync(file, JSON.stringify({ seed: '../../etc', fresh: [] }))
    expect(
      (await buildReproducibly(o, { exec, env: plain })).reproducible
    ).toBe(true)

    // a stale index (it says nothing compiles afresh): the check passes and
    // drops it, so the next check lists the packages again
    writeFileSync(file, JSON.stringify({ seed, fresh: [] }))
    expect(
      (await buildReproducibly(o, { exec, env: plain })).reproducible
    ).toBe(true)
    expect(existsSync(file)).toBe(false)
    await buildReproducibly(o, { exec, env: plain })
    expect(existsSync(file)).toBe(true)

    // every output in the caches overwritten with zeros of the same size: go
    // takes them unchecked and the seeded build fails; the check builds
    // again without the cache, passes, and drops the cache
    const bad = makeRepo('nonrepro')
    await expect(
      buildReproducibly(options(bad), { exec, env: plain })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
    for (const cache of names(/^(deps-)?[0-9a-f]{64}$/))
      for (const sub of readdirSync(join(root, cache))) {
        const d = join(root, cache, sub)
        if (!statSync(d).isDirectory()) continue
        for (const f of readdirSync(d))
          if (f.endsWith('-d'))
            writeFileSync(join(d, f), Buffer.alloc(statSync(join(d, f)).size))
      }
    const logs: string[] = []
    const r = await buildReproducibly(o, {
      exec,
      env: plain,
      log: (m) => logs.push(m)
    })
    expect(r.reproducible).toBe(true)
    expect(logs.join('\n')).toMatch(
      /failed with the cache and passed without it/
    )
    expect(existsSync(join(root, seed))).toBe(false)
    expect(existsSync(file)).toBe(false)
    // and a damaged cache never hides a build that depends on its directory
    await expect(
      buildReproducibly(options(bad), { exec, env: plain })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
  }, 1_800_000)
})
