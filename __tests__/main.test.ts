import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../__fixtures__/core.js'
import { makeRepo } from '../__fixtures__/go-repo.js'

jest.unstable_mockModule('@actions/core', () => core)

const { run } = await import('../src/main.js')
const { post } = await import('../src/post.js')
const { readInputs } = await import('../src/inputs.js')
const { exec } = await import('../src/util/exec.js')

type Inputs = import('../src/inputs.js').Inputs

/** A fake @actions/cache that remembers what was restored and saved. */
function fakeCache(hit?: string) {
  const saved: { paths: string[]; key: string }[] = []
  const restored: string[] = []
  return {
    saved,
    restored,
    restoreCache: (_p: string[], key: string) => {
      restored.push(key)
      return Promise.resolve(hit === 'exact' ? key : hit)
    },
    saveCache: (paths: string[], key: string) => {
      saved.push({ paths, key })
      return Promise.resolve(1)
    }
  }
}

function inputs(over: Record<string, string>): () => Inputs {
  const all: Record<string, string> = { signing: 'none', ...over }
  return () => readInputs((name) => all[name] ?? '')
}

beforeEach(() => core.resetCore())

describe('the action', () => {
  it('builds, checks reproducibility, sets outputs and summary; post saves the cache', async () => {
    const dir = makeRepo('nodeps')
    const out = mkdtempSync(join(tmpdir(), 'eb-out-'))
    const cache = fakeCache()
    await run({
      exec,
      env: { ...process.env, GITHUB_WORKSPACE: dir, RUNNER_OS: 'Linux' },
      cache,
      inputs: inputs({ 'output-directory': out, output: 'svc' })
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.outputs.binary).toBe(join(out, 'svc'))
    expect(core.outputs.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(core.outputs.reproducible).toBe('true')
    expect(core.outputs['go-version']).toMatch(/^go1\./)
    const record = JSON.parse(
      readFileSync(core.outputs['build-record'], 'utf8')
    ) as { binary: { sha256: string }; reproducible: boolean }
    expect(record.binary.sha256).toBe(core.outputs.sha256)
    expect(record.reproducible).toBe(true)
    expect(core.summary.text()).toContain(core.outputs.sha256)
    expect(core.summary.text()).toContain('rebuilt elsewhere, same bytes')
    expect(cache.restored).toHaveLength(1)
    expect(cache.restored[0]).toMatch(
      /^enclave-build-go-Linux-amd64-go1\.[\d.]+-[0-9a-f]{64}$/
    )

    const cache2 = fakeCache()
    await post(cache2)
    expect(cache2.saved).toEqual([
      { key: cache.restored[0], paths: expect.any(Array) as unknown }
    ])
    // the rebuild check's standard-library cache travels with the Go caches
    const { stdCacheRoot } = await import('../src/go/std-cache.js')
    expect(cache2.saved[0].paths).toContain(stdCacheRoot(process.env))
  })

  it('does not save the cache after an exact hit, and only warns when saving fails', async () => {
    core.state['cache-primary-key'] = 'k'
    core.state['cache-matched-key'] = 'k'
    core.state['cache-paths'] = '["/x"]'
    const cache = fakeCache()
    await post(cache)
    expect(cache.saved).toEqual([])

    core.state['cache-matched-key'] = ''
    await post({
      ...cache,
      saveCache: () => Promise.reject(new Error('service down'))
    })
    expect(core.warning).toHaveBeenCalledWith(
      'Go cache save failed: service down'
    )
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('fails with a coded message and no outputs for a dirty tree', async () => {
    const dir = makeRepo('nodeps')
    const out = mkdtempSync(join(tmpdir(), 'eb-out-'))
    await import('node:fs').then((fs) =>
      fs.writeFileSync(join(dir, 'stray.txt'), 'x')
    )
    await run({
      exec,
      env: { ...process.env, GITHUB_WORKSPACE: dir },
      cache: fakeCache(),
      inputs: inputs({ 'output-directory': out, cache: 'false' })
    })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/^\[GIT_DIRTY\] .*stray\.txt/s)
    )
    // whose side the failure is on, in the step's message and the summary
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/\nWhose side: your input: fix it, then re-run\.$/)
    )
    expect(core.summary.text()).toContain('enclave-build: failed')
    expect(core.summary.text()).toContain('<code>GIT_DIRTY</code>')
    expect(core.summary.text()).toContain('your input: fix it, then re-run')
    expect(core.outputs.binary).toBeUndefined()
    expect(existsSync(join(out, 'app'))).toBe(false)
  })

  it('runs mode verify, which refuses to guess where the attestation is', async () => {
    await run({
      exec,
      env: {},
      cache: fakeCache(),
      inputs: inputs({ mode: 'verify', measurement: 'ab'.repeat(32) })
    })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        /^\[INPUT_INVALID\] .*bundle.*attestation-repository/
      )
    )
  })

  it('records the version of package.json', async () => {
    const { VERSION } = await import('../src/version.js')
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      version: string
    }
    expect(VERSION).toBe(pkg.version)
  })

  it('says whose side a failure is on: a remote fault, a verdict, a bug', async () => {
    const { EnclaveBuildError } = await import('../src/errors.js')
    for (const [thrown, side] of [
      [new EnclaveBuildError('HTTP_ERROR', 'x'), 'a remote service'],
      [
        new EnclaveBuildError('IDENTITY_MISMATCH', 'x'),
        'the verification said no'
      ],
      [new TypeError('x'), 'this machine \\(disk, I/O\\) or a bug']
    ] as const) {
      core.resetCore()
      await run({
        exec,
        env: {},
        cache: fakeCache(),
        inputs: () => {
          throw thrown
        }
      })
      expect(core.setFailed).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(`^\\[[A-Z_]+\\] x\\nWhose side: ${side}`)
        )
      )
    }
  })

  it('reports invalid inputs as INPUT_INVALID through setFailed', async () => {
    await run({
      exec,
      env: process.env,
      cache: fakeCache(),
      inputs: () => readInputs((n) => (n === 'goamd64' ? 'v9' : ''))
    })
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        /^\[INPUT_INVALID\] Invalid action inputs:\n✖ .*goamd64/s
      )
    )
  })
})
