import { describe, expect, it } from '@jest/globals'
import { generateSigningKey } from '../../src/attest/key.js'
import { signStatement } from '../../src/attest/sign.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import { storeAttestation } from '../../src/attest/store.js'
import { scriptedServer } from './server.js'
import { sampleBuild, sampleResult } from './sample.js'

async function sampleBundle() {
  const statement = buildMeasurementStatement({
    result: sampleResult(),
    build: sampleBuild(),
    toolVersion: '0'
  })
  return (
    await signStatement(statement, {
      mode: 'key',
      privateKeyPem: generateSigningKey().privateKeyPem
    })
  ).bundle
}

describe('storeAttestation', () => {
  it('POSTs {"bundle": ...} to the repository and returns id and URL', async () => {
    const srv = await scriptedServer([{ status: 201, body: '{"id":4242}' }])
    const bundle = await sampleBundle()
    try {
      const stored = await storeAttestation(bundle, {
        repository: 'acme/enclave-app',
        token: 'ghs_test',
        apiUrl: `${srv.url}/api/v3/`,
        serverUrl: 'https://ghe.example'
      })
      expect(stored).toEqual({
        id: '4242',
        url: 'https://ghe.example/acme/enclave-app/attestations/4242'
      })
      const [req] = srv.seen
      expect(req.method).toBe('POST')
      expect(req.url).toBe('/api/v3/repos/acme/enclave-app/attestations')
      expect(req.headers.authorization).toBe('Bearer ghs_test')
      expect(req.headers['x-github-api-version']).toBe('2022-11-28')
      expect(JSON.parse(req.body)).toEqual({ bundle })
    } finally {
      await srv.close()
    }
  })

  it('retries a 500 and succeeds; refuses 403 with a coded, helpful error', async () => {
    const srv = await scriptedServer([
      { status: 500 },
      { status: 201, body: '{"id":1}' }
    ])
    const bundle = await sampleBundle()
    const sleep = (): Promise<void> => Promise.resolve()
    try {
      const stored = await storeAttestation(bundle, {
        repository: 'acme/app',
        token: 't',
        apiUrl: srv.url,
        sleep
      })
      expect(stored.id).toBe('1')
      expect(srv.seen).toHaveLength(2)
    } finally {
      await srv.close()
    }
    const denied = await scriptedServer([
      {
        status: 403,
        body: '{"message":"Feature not available for user-owned private repositories"}'
      }
    ])
    try {
      await expect(
        storeAttestation(bundle, {
          repository: 'me/private',
          token: 't',
          apiUrl: denied.url,
          sleep
        })
      ).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: expect.stringMatching(/store: false/)
      })
      expect(denied.seen).toHaveLength(1)
    } finally {
      await denied.close()
    }
  })

  it('refuses a malformed repository, a missing token and an answer without id', async () => {
    const bundle = await sampleBundle()
    await expect(
      storeAttestation(bundle, { repository: 'nope', token: 't' })
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    await expect(
      storeAttestation(bundle, { repository: 'a/b', token: '' })
    ).rejects.toThrow(/github-token/)
    const srv = await scriptedServer([{ status: 201, body: '{}' }])
    try {
      await expect(
        storeAttestation(bundle, {
          repository: 'a/b',
          token: 't',
          apiUrl: srv.url
        })
      ).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
    } finally {
      await srv.close()
    }
  })
})
