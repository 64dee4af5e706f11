/**
 * The rebuild check's standard-library cache: it holds the std packages the
 * program imports and nothing of the module, so the rebuild still compiles
 * the module's own packages afresh (go's own -x trace is the witness), and
 * every non-reproducible case of reproducible.test.ts is still caught
 * (that file runs with the cache on).
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { goBuildArgs } from '../../src/go/build.js'
import { baselineEnv, processEnv } from '../../src/go/env.js'
import { buildReproducibly } from '../../src/go/reproducible.js'
import {
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
    const std = await ensureStdCache(exec, {
      key,
      dir,
      package: '.',
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
    // the same toolchain, flags and environment: no new cache
    await buildReproducibly(options(makeRepo('nodeps')), { exec, env })
    expect(readdirSync(root).filter((n) => /^[0-9a-f]{64}$/.test(n))).toEqual(
      made
    )
    const bad = makeRepo('nonrepro')
    await expect(
      buildReproducibly(options(bad, { cgo: true }), { exec, env })
    ).rejects.toMatchObject({ code: 'BUILD_NOT_REPRODUCIBLE' })
  }, 300_000)
})
