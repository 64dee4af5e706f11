import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { git, makeRepo } from '../../__fixtures__/go-repo.js'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  buildReproducibly,
  type GoBuildOptions
} from '../../src/go/reproducible.js'
import { exec } from '../../src/util/exec.js'
import { sha256File } from '../../src/util/fs.js'

const goVersion = execFileSync('go', ['env', 'GOVERSION'], {
  encoding: 'utf8'
}).trim()

function options(dir: string, over: Partial<GoBuildOptions> = {}) {
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
    rebuildCheck: false,
    ...over
  }
}

// GOFLAGS=-buildvcs=false is set on some machines: the baseline must win
const deps = { exec, env: { ...process.env, GOFLAGS: '-buildvcs=false' } }

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(EnclaveBuildError)
    return (err as EnclaveBuildError).code
  }
  throw new Error('expected an error')
}

describe('buildReproducibly', () => {
  it('builds a module without dependencies, proves it reproducible and records everything', async () => {
    const dir = makeRepo('nodeps')
    const o = options(dir, { rebuildCheck: true, goVersion })
    const r = await buildReproducibly(o, deps)
    expect(r.reproducible).toBe(true)
    expect(r.binary.sha256).toBe(await sha256File(o.output))
    expect(r.goVersion).toBe(goVersion)
    expect(r.goSumSha256).toBeNull()
    expect(r.env).toMatchObject({
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOFLAGS: '',
      GOENV: 'off',
      GOWORK: 'off',
      GOAMD64: 'v1'
    })
    expect(r.args).toEqual([
      'build',
      '-trimpath',
      '-buildvcs=true',
      '-mod=readonly',
      '-pgo=off',
      '-o',
      'nodeps.bin'.replace('nodeps', dir.split('/').pop()!),
      '--',
      '.'
    ])
    const commit = git(dir, 'rev-parse', 'HEAD').trim()
    expect(r.source).toEqual({ commit, commitTime: '2026-01-02T03:04:05Z' })
    expect(r.buildinfo.settings).toMatchObject({
      '-trimpath': 'true',
      'vcs.revision': commit,
      'vcs.modified': 'false',
      CGO_ENABLED: '0'
    })
  })

  it('builds with a dependency from the module proxy and digests go.sum', async () => {
    const dir = makeRepo('withdep')
    const r = await buildReproducibly(
      options(dir, { ldflags: '-s -w', tags: ['netgo', 'osusergo'] }),
      deps
    )
    expect(r.goSumSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.buildinfo.deps).toEqual([
      expect.objectContaining({
        path: 'github.com/google/uuid',
        version: 'v1.6.0'
      })
    ])
    expect(r.buildinfo.settings['-tags']).toBe('netgo,osusergo')
    // -trimpath drops -ldflags from buildinfo: the record must carry it
    expect(r.buildinfo.settings['-ldflags']).toBeUndefined()
    expect(r.ldflags).toBe('-s -w')
    expect(r.args).toContain('-ldflags=-s -w')
  })

  it('builds a package with //go:embed files identically twice', async () => {
    const dir = makeRepo('embed')
    const o = options(dir, { package: './cmd/app', rebuildCheck: true })
    const r = await buildReproducibly(o, deps)
    expect(r.reproducible).toBe(true)
    expect(execFileSync(o.output, { encoding: 'utf8' })).toContain(
      'served from embed.FS'
    )
  })

  it('catches a build that depends on its directory and explains where', async () => {
    const dir = makeRepo('nonrepro')
    const o = options(dir, { cgo: true, rebuildCheck: true })
    const err = await buildReproducibly(o, deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EnclaveBuildError)
    const e = err as EnclaveBuildError
    expect(e.code).toBe('BUILD_NOT_REPRODUCIBLE')
    expect(e.message).toMatch(/first build +sha256 [0-9a-f]{64}/)
    expect(e.message).toContain('go version -m')
    expect(e.message).toMatch(/\.rodata: /)
    expect(e.message).toContain(`first:   "${dir}"`)
    expect(e.message).toMatch(/rebuild: "\/.*enclave_build_rebuild_.*\/src"/)
    // nothing half-written: neither the binary nor its staging file (only
    // this output's: the parent is the shared temp directory, where other
    // tests' staging files come and go)
    expect(existsSync(o.output)).toBe(false)
    const staging = `.${basename(o.output)}.tmp`
    expect(
      readdirSync(dirname(o.output)).filter(
        (f) => f.startsWith('.enclave-build-tmp-') && f.endsWith(staging)
      )
    ).toEqual([])
  })

  it('refuses a tree with an untracked file (vcs.modified would be true)', async () => {
    const dir = makeRepo('nodeps')
    writeFileSync(join(dir, 'notes.txt'), 'x')
    expect(await code(buildReproducibly(options(dir), deps))).toBe('GIT_DIRTY')
  })

  it('refuses another toolchain than go-version', async () => {
    const dir = makeRepo('nodeps')
    expect(
      await code(buildReproducibly(options(dir, { goVersion: '1.0.1' }), deps))
    ).toBe('TOOLCHAIN_MISMATCH')
  })

  it('refuses a directory outside git', async () => {
    expect(await code(buildReproducibly(options(tmpdir()), deps))).toBe(
      'GIT_MISSING'
    )
  })

  it('reports a failing compile as BUILD_FAILED and leaves no output', async () => {
    const dir = makeRepo('nodeps')
    writeFileSync(join(dir, 'main.go'), 'package main\nfunc main() { x }\n')
    git(dir, 'commit', '-qam', 'broken')
    const o = options(dir)
    expect(await code(buildReproducibly(o, deps))).toBe('BUILD_FAILED')
    expect(existsSync(o.output)).toBe(false)
  })

  it('blames the network, not the program, when a module download fails', async () => {
    // go itself reports the refused connection to the proxy; an empty
    // module cache makes it download
    const dir = makeRepo('withdep')
    const r = await code(
      buildReproducibly(options(dir), {
        ...deps,
        env: {
          ...deps.env,
          GOMODCACHE: mkdtempSync(join(tmpdir(), 'eb-empty-modcache-')),
          GOPROXY: 'http://127.0.0.1:1',
          GOFLAGS: '-buildvcs=false -modcacherw'
        }
      })
    )
    expect(r).toBe('HTTP_ERROR')
  })

  it('refuses a missing git with GIT_MISSING', async () => {
    const dir = makeRepo('nodeps')
    const noGit = {
      ...deps,
      exec: async (f: string, a: string[], o?: object) =>
        f === 'git'
          ? { code: 127, stdout: '', stderr: 'spawn git ENOENT' }
          : exec(f, a, o)
    }
    expect(await code(buildReproducibly(options(dir), noGit))).toBe(
      'GIT_MISSING'
    )
  })
})
