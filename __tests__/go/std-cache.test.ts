/**
 * The rebuild check's standard-library cache: it holds the std packages the
 * program imports and nothing of the module, so the rebuild still compiles
 * the module's own packages afresh (go's own -x trace is the witness), and
 * every non-reproducible case of reproducible.test.ts is still caught
 * (that file runs with the cache on).
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { goBuildArgs } from '../../src/go/build.js'
import { baselineEnv, processEnv } from '../../src/go/env.js'
import { buildReproducibly } from '../../src/go/reproducible.js'
import { cacheIntact } from '../../src/go/seed.js'
import {
  cacheKeyEnv,
  compileFlags,
  ensureStdCache,
  stdCacheId
} from '../../src/go/std-cache.js'
import { exec } from '../../src/util/exec.js'

const root = mkdtempSync(join(tmpdir(), 'eb-stdcache-'))

function options(dir: string, over: Record<string, unknown> = {}) {
  return {
    dir,
    package: '.',
    output: join(dir, '..', `${dir.split('/').pop()}.bin`),
    ldflags: '',
    tags: [],
    cgo: false,
    goamd64: 'v1',
    goarch: 'amd64',
    pgo: 'off',
    goVersion: '',
    rebuildCheck: true,
    ...over
  }
}

describe('the std cache of the rebuild check', () => {
  it('holds the standard library only: a build seeded with it compiles the module and no std package', async () => {
    const dir = makeRepo('nodeps')
    const env = processEnv(
      baselineEnv({
        cgo: false,
        goamd64: 'v1',
        goos: 'linux',
        goarch: 'amd64'
      }),
      process.env
    )
    const args = goBuildArgs(
      { package: '.', ldflags: '', tags: [], pgo: 'off' },
      join(root, 'out')
    )
    const goVersion = execFileSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8'
    }).trim()
    const key = {
      goVersion,
      goroot: execFileSync('go', ['env', 'GOROOT'], {
        encoding: 'utf8'
      }).trim(),
      env: baselineEnv({
        cgo: false,
        goamd64: 'v1',
        goos: 'linux',
        goarch: 'amd64'
      }),
      flags: compileFlags(args)
    }
    const list = spawnSync(
      'go',
      ['list', '-deps', '-f', '{{if .Standard}}{{.ImportPath}}{{end}}', '.'],
      { cwd: dir, env, encoding: 'utf8' }
    )
    const std = await ensureStdCache(exec, {
      key,
      std: list.stdout.split('\n').filter((l) => l !== ''),
      dir,
      env,
      root
    })
    expect(std).toMatch(new RegExp(`^${root}/[0-9a-f]{64}$`))
    expect(std).not.toBe(join(root, stdCacheId(key))) // the package set is in the key
    const gocache = mkdtempSync(join(tmpdir(), 'eb-stdcache-seeded-'))
    cpSync(std!, gocache, { recursive: true })
    const [, ...rest] = args
    const r = spawnSync('go', ['build', '-x', ...rest], {
      cwd: dir,
      env: { ...env, GOCACHE: gocache },
      encoding: 'utf8'
    })
    expect(r.status).toBe(0)
    // the cache as go wrote it is intact; one flipped byte of an output or
    // an index entry naming another action is not
    expect(await cacheIntact(std!)).toBe(true)
    const damaged = mkdtempSync(join(tmpdir(), 'eb-stdcache-damaged-'))
    cpSync(std!, damaged, { recursive: true })
    const sub = readdirSync(damaged).find(
      (d) =>
        /^[0-9a-f]{2}$/.test(d) &&
        readdirSync(join(damaged, d)).some((f) => f.endsWith('-d'))
    )!
    const out = readdirSync(join(damaged, sub)).find((f) => f.endsWith('-d'))!
    const bytes = readFileSync(join(damaged, sub, out))
    bytes[bytes.length >> 1] ^= 1
    writeFileSync(join(damaged, sub, out), bytes)
    expect(await cacheIntact(damaged)).toBe(false)
    cpSync(join(std!, sub, out), join(damaged, sub, out))
    expect(await cacheIntact(damaged)).toBe(true)
    const entry = readdirSync(join(damaged, sub)).find((f) => f.endsWith('-a'))
    if (entry) {
      const text = readFileSync(join(damaged, sub, entry), 'utf8')
      writeFileSync(join(damaged, sub, entry), text.replace(/^v1 ./, 'v1 x'))
      expect(await cacheIntact(damaged)).toBe(false)
    }
    // go -x prints the compile of every package it did not find in the cache
    expect(r.stderr).toMatch(/compile -o \S+ -trimpath \S+ -p main /)
    expect(r.stderr).not.toMatch(/-p fmt /)
    expect(r.stderr).not.toMatch(/-p runtime /)
  }, 300_000)

  it('is made once and reused; the rebuild check still catches a build that depends on its directory', async () => {
    const env = { ...process.env, ENCLAVE_BUILD_STD_CACHE: root }
    const ok = makeRepo('nodeps')
    const logs: string[] = []
    await buildReproducibly(options(ok), {
      exec,
      env,
      log: (m) => logs.push(m)
    })
    const made = readdirSync(root).filter((n) => /^[0-9a-f]{64}$/.test(n))
    expect(made.length).toBeGreaterThan(0)
    // the same toolchain, flags and environment: no new cache, even with
    // other linker flags (only the link reads them)
    await buildReproducibly(
      options(makeRepo('nodeps'), { ldflags: '-X main.v=2' }),
      { exec, env }
    )
    expect(readdirSync(root).filter((n) => /^[0-9a-f]{64}$/.test(n))).toEqual(
      made
    )
    const bad = makeRepo('nonrepro')
    await expect(
      buildReproducibly(options(bad, { cgo: true }), { exec, env })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
  }, 300_000)

  it('leaves the commit time out of its key: no standard C file reads the date', () => {
    // a cgo build sets SOURCE_DATE_EPOCH to the commit time; the key must
    // not change with each commit, which holds only while no C file of a
    // standard package expands the date or time (go's own sources say so)
    const env = { ...process.env, CGO_ENABLED: '1', GOFLAGS: '' }
    const list = execFileSync(
      'go',
      [
        'list',
        '-f',
        '{{$d := .Dir}}{{range .CgoFiles}}{{$d}}/{{.}}\n{{end}}{{range .CFiles}}{{$d}}/{{.}}\n{{end}}{{range .HFiles}}{{$d}}/{{.}}\n{{end}}',
        'std'
      ],
      { env, encoding: 'utf8' }
    )
    const files = list.split('\n').filter((l) => l !== '')
    expect(files.some((f) => f.includes('/runtime/cgo/'))).toBe(true)
    expect(
      files.filter((f) =>
        /__(DATE|TIME|TIMESTAMP)__/.test(readFileSync(f, 'utf8'))
      )
    ).toEqual([])
    const key = {
      goVersion: 'go1',
      goroot: '/go',
      env: { CGO_ENABLED: '1', SOURCE_DATE_EPOCH: '1' },
      flags: []
    }
    expect(stdCacheId({ ...key, env: cacheKeyEnv(key.env) })).toBe(
      stdCacheId({
        ...key,
        env: cacheKeyEnv({ ...key.env, SOURCE_DATE_EPOCH: '2' })
      })
    )
  })
})
