import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import { generateSigningKey } from '../../src/attest/key.js'
import { verifyBundleWithKey } from '../../src/attest/key-verify.js'
import { attestOptionsSchema } from '../../src/attest/options.js'
import { SLSA_PROVENANCE_TYPE } from '../../src/attest/provenance.js'
import { attestResult } from '../../src/attest/run.js'
import {
  githubPolicy,
  mockVerifier,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { scriptedServer } from './server.js'
import { sampleBuild, sampleResult } from './sample.js'

let dir: string
let mock: MockSigstore
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attest-run-'))
  mock = await startMockSigstore()
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const githubEnv = (apiUrl: string): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/enclave-app',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: apiUrl,
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

describe('attestResult', () => {
  it('keyless: signs both statements, stores both, returns ids, index and summary', async () => {
    const api = await scriptedServer([
      { status: 201, body: '{"id":11}' },
      { status: 201, body: '{"id":12}' }
    ])
    const out = join(dir, 'keyless')
    await mkdir(out)
    try {
      const options = attestOptionsSchema.parse({ 'github-token': 'ghs_x' })
      const outcome = await attestResult({
        result: sampleResult(),
        build: sampleBuild(),
        options,
        deps: {
          env: githubEnv(api.url),
          outDir: out,
          toolVersion: '0.1.0',
          endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
          visibility: 'public',
          inputs: { target: 'nitro', 'github-token': 'ghs_x' }
        }
      })
      expect(outcome.instance).toBe('public-good')
      expect(outcome.attestationId).toBe('11')
      expect(outcome.provenanceAttestationId).toBe('12')
      expect(outcome.attestationUrl).toBe(
        'https://github.com/acme/enclave-app/attestations/11'
      )
      expect(outcome.logIndex).toMatch(/^\d+$/)
      expect(outcome.outputs).toMatchObject({
        'bundle-path': join(out, 'server.sigstore.json'),
        'attestation-id': '11'
      })
      expect((await readdir(out)).sort()).toEqual([
        'server.intoto.json',
        'server.provenance.intoto.json',
        'server.provenance.sigstore.json',
        'server.sigstore.json'
      ])
      const stored = api.seen.map(
        (r) => JSON.parse(r.body) as { bundle: unknown }
      )
      expect(stored[0].bundle).toEqual(
        JSON.parse(await readFile(join(out, 'server.sigstore.json'), 'utf8'))
      )
      // Both bundles verify under the release identity.
      for (const name of [
        'server.sigstore.json',
        'server.provenance.sigstore.json'
      ]) {
        const bundle = bundleFromJSON(
          JSON.parse(await readFile(join(out, name), 'utf8'))
        )
        expect(() =>
          mockVerifier(mock.trustedRoot).verify(
            toSignedEntity(bundle),
            githubPolicy()
          )
        ).not.toThrow()
      }
      const provenance = JSON.parse(
        await readFile(join(out, 'server.provenance.intoto.json'), 'utf8')
      ) as {
        predicateType: string
        predicate: {
          buildDefinition: {
            externalParameters: { inputs: Record<string, unknown> }
          }
          runDetails: { builder: { id: string } }
        }
      }
      expect(provenance.predicateType).toBe(SLSA_PROVENANCE_TYPE)
      expect(
        provenance.predicate.buildDefinition.externalParameters.inputs
      ).toEqual({
        target: 'nitro'
      })
      expect(provenance.predicate.runDetails.builder.id).toBe(
        'https://github.com/acme/enclave-app/.github/workflows/release.yml@refs/tags/v1.2.3'
      )
      const text = JSON.stringify(outcome.summary)
      expect(text).toContain('Rekor entry')
      expect(text).toContain('enclave-build verify --measurement')
      expect(text).not.toContain('ghs_x')
    } finally {
      await api.close()
    }
  })

  it('key: never lets a byte of the key reach logs, outputs, summary or files', async () => {
    const password = 'correct horse'
    const { privateKeyPem, publicKeyPem } = generateSigningKey(password)
    const body = privateKeyPem.replace(/-----[^-]+-----|\s/g, '')
    const out = join(dir, 'key')
    await mkdir(out)
    const logs: string[] = []
    const outcome = await attestResult({
      result: sampleResult(),
      build: sampleBuild(),
      options: attestOptionsSchema.parse({
        signing: 'key',
        'attestation-key': privateKeyPem,
        'attestation-key-password': password
      }),
      deps: {
        env: {},
        outDir: out,
        toolVersion: '0.1.0',
        log: (m) => logs.push(m),
        inputs: {
          signing: 'key',
          'attestation-key': privateKeyPem,
          'attestation-key-password': password
        }
      }
    })
    expect(outcome.attestationId).toBeUndefined()
    const everything = [
      logs.join('\n'),
      JSON.stringify(outcome),
      ...(await Promise.all(
        (await readdir(out)).map((f) => readFile(join(out, f), 'utf8'))
      ))
    ].join('\n')
    for (const secret of [privateKeyPem, password, ...chunks(body, 16)])
      expect(everything).not.toContain(secret)
    const statement = verifyBundleWithKey(
      JSON.parse(await readFile(outcome.bundlePath ?? '', 'utf8')),
      publicKeyPem
    )
    expect(statement.subject.map((s) => s.name)).toContain('measurement:PCR0')
  })

  it('none: writes the statements unsigned; key without a key is refused', async () => {
    const out = join(dir, 'none')
    await mkdir(out)
    const outcome = await attestResult({
      result: sampleResult(),
      build: sampleBuild(),
      options: attestOptionsSchema.parse({ signing: 'none' }),
      deps: { env: {}, outDir: out, toolVersion: '0' }
    })
    expect(outcome.bundlePath).toBeUndefined()
    expect((await readdir(out)).sort()).toEqual([
      'server.intoto.json',
      'server.provenance.intoto.json'
    ])
    await expect(
      attestResult({
        result: sampleResult(),
        build: sampleBuild(),
        options: attestOptionsSchema.parse({ signing: 'key' }),
        deps: { env: {}, outDir: out, toolVersion: '0' }
      })
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })

  it('picks the github instance for a private repository', async () => {
    const out = join(dir, 'private')
    await mkdir(out)
    const outcome = await attestResult({
      result: sampleResult(),
      build: sampleBuild(),
      options: attestOptionsSchema.parse({ store: 'false' }),
      deps: {
        env: githubEnv('http://127.0.0.1:9'),
        outDir: out,
        toolVersion: '0',
        visibility: 'private',
        endpoints: { fulcioURL: mock.fulcioURL, tsaURL: mock.tsaURL }
      }
    })
    expect(outcome.instance).toBe('github')
    expect(outcome.logIndex).toBeUndefined()
    expect(outcome.attestationId).toBeUndefined()
  })
})

// The public Rekor log records the repository, workflow and commit: it is
// used only for a repository known to be public (actions/attest decides the
// same way), never as a guess.
describe('the Sigstore instance when the sigstore input is not set', () => {
  let n = 0
  async function instanceFor(event: string | undefined, writeIt = true) {
    const out = join(dir, `instance-${n++}`)
    await mkdir(out)
    const eventPath = join(out, 'event.json')
    if (event !== undefined && writeIt) await writeFile(eventPath, event)
    const logs: string[] = []
    const outcome = await attestResult({
      result: sampleResult(),
      build: sampleBuild(),
      options: attestOptionsSchema.parse({ store: 'false' }),
      deps: {
        env: {
          ...githubEnv('http://127.0.0.1:9'),
          ...(event !== undefined ? { GITHUB_EVENT_PATH: eventPath } : {})
        },
        outDir: out,
        toolVersion: '0',
        endpoints: { fulcioURL: mock.fulcioURL, tsaURL: mock.tsaURL },
        log: (m) => logs.push(m)
      }
    })
    return { instance: outcome.instance, logs: logs.join('\n') }
  }

  it('public-good for a repository the event says is public', async () => {
    const r = await instanceFor('{"repository":{"visibility":"public"}}')
    expect(r.instance).toBe('public-good')
  })

  it('github for a private or internal repository', async () => {
    for (const v of ['private', 'internal'])
      expect(
        (await instanceFor(`{"repository":{"visibility":"${v}"}}`)).instance
      ).toBe('github')
  })

  it('github, and says so, when the visibility is unknown (no event, no field)', async () => {
    for (const event of [undefined, '{"repository":{}}', '{}']) {
      const r = await instanceFor(event)
      expect(r.instance).toBe('github')
      expect(r.logs).toMatch(/visibility.*unknown[\s\S]*sigstore: public-good/)
    }
  })

  it('an event file that cannot be read is an error naming the sigstore input', async () => {
    for (const [event, writeIt] of [
      ['{}', false],
      ['{not json', true]
    ] as const)
      await expect(instanceFor(event, writeIt)).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringMatching(
          /sigstore: public-good or sigstore: github/
        )
      })
  })
})

function chunks(s: string, n: number): string[] {
  const out: string[] = []
  for (let i = 0; i + n <= s.length; i += n) out.push(s.slice(i, i + n))
  return out
}
