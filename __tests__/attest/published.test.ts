// Half-published attestations: what is already public
// when a later step fails is output at once, logged, and named in the error.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { attestOptionsSchema } from '../../src/attest/options.js'
import { PublishedRecord } from '../../src/attest/published.js'
import { attestResult } from '../../src/attest/run.js'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { scriptedServer } from './server.js'
import { sampleBuild, sampleResult } from './sample.js'

let dir: string
let mock: MockSigstore
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attest-published-'))
  mock = await startMockSigstore()
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const env = (apiUrl: string | undefined): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  ...(apiUrl ? { GITHUB_REPOSITORY: 'acme/enclave-app' } : {}),
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: apiUrl ?? 'http://127.0.0.1:9',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_WORKFLOW_REF:
    'acme/enclave-app/.github/workflows/release.yml@refs/tags/v1.2.3',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_EVENT_NAME: 'push',
  RUNNER_ENVIRONMENT: 'github-hosted',
  ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
})

async function attempt(apiUrl: string | undefined, name: string) {
  const out = join(dir, name)
  await mkdir(out)
  const logs: string[] = []
  const outputs: Record<string, string> = {}
  let error: unknown
  try {
    await attestResult({
      result: sampleResult(),
      build: sampleBuild(),
      options: attestOptionsSchema.parse({
        'github-token': 'ghs_x',
        store: 'true'
      }),
      deps: {
        env: env(apiUrl),
        outDir: out,
        toolVersion: '0.1.0',
        endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
        sleep: () => Promise.resolve(),
        log: (m) => logs.push(m),
        setOutput: (k, v) => {
          outputs[k] = v
        }
      }
    })
  } catch (err) {
    error = err
  }
  return { error, logs, outputs }
}

describe('a failure after something was published', () => {
  it('the measurement stored, the provenance refused: id and URL are out, and the error says so', async () => {
    const api = await scriptedServer([
      { status: 201, body: '{"id":11}' },
      { status: 403, body: '{"message":"Resource not accessible"}' }
    ])
    try {
      const r = await attempt(api.url, 'half')
      expect(r.error).toBeInstanceOf(EnclaveBuildError)
      const e = r.error as EnclaveBuildError
      expect(e.code).toBe('STORAGE_FAILED')
      const url = 'https://github.com/acme/enclave-app/attestations/11'
      expect(e.message).toContain('Already published before this failure')
      expect(e.message).toContain(url)
      expect(e.message).toMatch(/Rekor log index \d+/)
      // set at once, not at the end that never came
      expect(r.outputs['attestation-id']).toBe('11')
      expect(r.outputs['attestation-url']).toBe(url)
      expect(r.outputs['log-index']).toMatch(/^\d+$/)
      expect(r.outputs['provenance-attestation-id']).toBeUndefined()
      expect(
        r.logs.some((l) => l.startsWith('published: ') && l.includes(url))
      ).toBe(true)
    } finally {
      await api.close()
    }
  })

  it('both stored: both ids are output as they come', async () => {
    const api = await scriptedServer([
      { status: 201, body: '{"id":21}' },
      { status: 201, body: '{"id":22}' }
    ])
    try {
      const r = await attempt(api.url, 'both')
      expect(r.error).toBeUndefined()
      expect(r.outputs).toMatchObject({
        'attestation-id': '21',
        'provenance-attestation-id': '22',
        'provenance-attestation-url':
          'https://github.com/acme/enclave-app/attestations/22'
      })
    } finally {
      await api.close()
    }
  })

  it('store without a repository is refused before anything is signed', async () => {
    const r = await attempt(undefined, 'norepo')
    expect((r.error as EnclaveBuildError).code).toBe('INPUT_INVALID')
    expect((r.error as EnclaveBuildError).message).not.toContain(
      'Already published'
    )
    expect(r.logs.filter((l) => l.startsWith('published: '))).toEqual([])
    expect(r.outputs).toEqual({})
  })
})

describe('PublishedRecord', () => {
  it('leaves an error alone when nothing was published, and keeps its code', () => {
    const p = new PublishedRecord(() => undefined)
    const e = new EnclaveBuildError('HTTP_ERROR', 'down')
    expect(p.explain(e)).toBe(e)
    p.add('a thing')
    const explained = p.explain(e)
    expect(explained.code).toBe('HTTP_ERROR')
    expect(explained.message).toBe(
      'down\nAlready published before this failure (not undone; a re-run publishes again):\n- a thing'
    )
  })
})
