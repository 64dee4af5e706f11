import {
  generateKeyPairSync,
  type ECKeyPairKeyObjectOptions
} from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import { generateSigningKey, publicKeyHint } from '../../src/attest/key.js'
import {
  findMeasurementSubject,
  verifyBundleWithKey
} from '../../src/attest/key-verify.js'
import { githubOidcProvider } from '../../src/attest/oidc.js'
import { signStatement, writeBundle } from '../../src/attest/sign.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  DEFAULT_CLAIMS,
  fulcioOid,
  githubPolicy,
  mockVerifier,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { PCR0, PCR0_LOOKUP, sampleBuild, sampleResult } from './sample.js'

const statement = buildMeasurementStatement({
  result: sampleResult(),
  build: sampleBuild(),
  toolVersion: '0.1.0'
})

let mock: MockSigstore
let dir: string
beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'attest-sign-'))
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

/** The GitHub Actions environment of a job with id-token: write. */
const actionsEnv = (): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
})

async function signKeyless(instance: 'public-good' | 'github') {
  return signStatement(statement, {
    mode: 'keyless',
    endpoints:
      instance === 'public-good'
        ? { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL }
        : { fulcioURL: mock.fulcioURL, tsaURL: mock.tsaURL },
    identityProvider: githubOidcProvider({ env: actionsEnv() }),
    retries: 0,
    timeoutMs: 5000
  })
}

describe('keyless signing against the mock Sigstore', () => {
  it('public-good: Fulcio + Rekor; verifies under the release identity', async () => {
    const signed = await signKeyless('public-good')
    expect(signed.bundle.mediaType).toBe(
      'application/vnd.dev.sigstore.bundle.v0.3+json'
    )
    expect(signed.logIndex).toMatch(/^\d+$/)
    expect(signed.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/)
    // Round trip through the file a user downloads.
    const path = await writeBundle(join(dir, 'm.sigstore.json'), signed.bundle)
    const bundle = bundleFromJSON(JSON.parse(await readFile(path, 'utf8')))
    const result = mockVerifier(mock.trustedRoot).verify(
      toSignedEntity(bundle),
      githubPolicy()
    )
    expect(result.identity?.subjectAlternativeName).toBe(
      `https://github.com/${DEFAULT_CLAIMS.job_workflow_ref}`
    )
    const payload = JSON.parse(
      bundle.content.$case === 'dsseEnvelope'
        ? bundle.content.dsseEnvelope.payload.toString('utf8')
        : '{}'
    ) as typeof statement
    expect(payload.subject).toContainEqual({
      name: 'measurement:PCR0',
      digest: { sha256: PCR0_LOOKUP }
    })
    // The OIDC request carried the audience and the request token.
    const oidc = mock.requests.find((r) => r.url.startsWith('/oidc/'))
    expect(oidc?.url).toContain('audience=sigstore')
  })

  it('github instance: Fulcio + TSA, no tlog entry; verifies with a timestamp', async () => {
    const signed = await signKeyless('github')
    expect(signed.logIndex).toBeUndefined()
    expect(signed.bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0)
    const bundle = bundleFromJSON(signed.bundle)
    expect(() =>
      mockVerifier(mock.trustedRoot, 'github').verify(
        toSignedEntity(bundle),
        githubPolicy()
      )
    ).not.toThrow()
    // The public-good policy (tlog required) must refuse it.
    expect(() =>
      mockVerifier(mock.trustedRoot).verify(
        toSignedEntity(bundle),
        githubPolicy()
      )
    ).toThrow(/tlog/)
  })

  it('rejects a wrong commit, a wrong workflow, a tampered payload and an untrusted CA', async () => {
    const signed = await signKeyless('public-good')
    const verifier = mockVerifier(mock.trustedRoot)
    const entity = (): ReturnType<typeof toSignedEntity> =>
      toSignedEntity(bundleFromJSON(signed.bundle))
    expect(() =>
      verifier.verify(entity(), {
        ...githubPolicy(),
        oids: [fulcioOid(13, '0'.repeat(40))]
      })
    ).toThrow()
    expect(() =>
      verifier.verify(entity(), {
        ...githubPolicy(),
        subjectAlternativeName:
          'https://github.com/evil/fork/.github/workflows/release.yml@refs/heads/main'
      })
    ).toThrow()
    const tampered = bundleFromJSON(signed.bundle)
    if (tampered.content.$case !== 'dsseEnvelope') throw new Error('not dsse')
    tampered.content.dsseEnvelope.payload = Buffer.from(
      tampered.content.dsseEnvelope.payload
        .toString('utf8')
        .replace(PCR0_LOOKUP, 'f'.repeat(64))
    )
    expect(() =>
      verifier.verify(toSignedEntity(tampered), githubPolicy())
    ).toThrow()
    const other = await startMockSigstore()
    try {
      expect(() =>
        mockVerifier(other.trustedRoot).verify(entity(), githubPolicy())
      ).toThrow()
    } finally {
      await other.close()
    }
  })

  it('explains a missing id-token permission precisely', async () => {
    const provider = githubOidcProvider({ env: { GITHUB_ACTIONS: 'true' } })
    await expect(provider.getToken()).rejects.toThrow(/id-token: write/)
    await expect(
      signStatement(statement, {
        mode: 'keyless',
        endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
        identityProvider: provider,
        retries: 0
      })
    ).rejects.toThrow(/permissions:\n\s+contents: read\n\s+id-token: write/)
    await expect(githubOidcProvider({ env: {} }).getToken()).rejects.toThrow(
      /not a GitHub Actions job/
    )
    // the job's configuration, not Sigstore: the user's to fix (exit 2)
    await expect(
      signStatement(statement, {
        mode: 'keyless',
        endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
        identityProvider: provider,
        retries: 0
      })
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    await expect(
      githubOidcProvider({ env: {} }).getToken()
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })

  it('retries a 503 from Rekor and a 429 from Fulcio, then succeeds', async () => {
    mock.failNext('/rekor/', 503, 1)
    mock.failNext('/fulcio/', 429, 1)
    const before = mock.requests.length
    const signed = await signStatement(statement, {
      mode: 'keyless',
      endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
      identityProvider: githubOidcProvider({ env: actionsEnv() }),
      retries: 2,
      timeoutMs: 5000
    })
    expect(signed.logIndex).toMatch(/^\d+$/)
    const urls = mock.requests.slice(before).map((r) => r.url.split('/')[1])
    expect(urls.filter((u) => u === 'rekor')).toHaveLength(2)
    expect(urls.filter((u) => u === 'fulcio')).toHaveLength(2)
  })

  it('names the failing service when Fulcio is down', async () => {
    mock.failNext('/fulcio/', 503, 1)
    const err = await signKeyless('public-good').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EnclaveBuildError)
    expect((err as EnclaveBuildError).code).toBe('SIGNING_FAILED')
    expect((err as Error).message).toMatch(/Fulcio \(http:.*503/)
  })

  it('names the public Rekor entry when the timestamp authority fails after it', async () => {
    mock.failNext('/tsa', 503, 1)
    const err = await signStatement(statement, {
      mode: 'keyless',
      endpoints: {
        fulcioURL: mock.fulcioURL,
        rekorURL: mock.rekorURL,
        tsaURL: mock.tsaURL
      },
      identityProvider: githubOidcProvider({ env: actionsEnv() }),
      retries: 0,
      timeoutMs: 5000
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EnclaveBuildError)
    expect((err as EnclaveBuildError).code).toBe('SIGNING_FAILED')
    expect((err as Error).message).toMatch(/timestamp authority/)
    expect((err as Error).message).toMatch(
      /Already public: the Rekor entry logIndex \d+ \(http:\/\/.*\/rekor\/api\/v1\/log\/entries\?logIndex=\d+\)/
    )
  })

  it.each([
    'not-a-jwt-but-a-secret-4f2a9c',
    'eyJhbGciOiJub25lIn0.eyJzZWNyZXQiOiJ4eXoifQ.c2lnbmF0dXJl'
  ])('never prints an OIDC token sigstore-js rejects (%#)', async (token) => {
    const err = await signStatement(statement, {
      mode: 'keyless',
      endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
      identityProvider: { getToken: () => Promise.resolve(token) },
      retries: 0,
      timeoutMs: 5000
    }).catch((e: unknown) => e)
    expect((err as EnclaveBuildError).code).toBe('SIGNING_FAILED')
    expect((err as Error).message).toMatch(/invalid identity token/)
    expect((err as Error).message).not.toContain(token)
    expect((err as Error).message).not.toContain(token.slice(0, 12))
  })
})

describe('key signing', () => {
  it('signs with a PEM key and verifies with the public key only', async () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey()
    const signed = await signStatement(statement, {
      mode: 'key',
      privateKeyPem
    })
    expect(signed.keyHint).toBe(publicKeyHint(publicKeyPem))
    expect(signed.bundle.verificationMaterial.publicKey?.hint).toBe(
      signed.keyHint
    )
    const verified = verifyBundleWithKey(
      JSON.parse(JSON.stringify(signed.bundle)),
      publicKeyPem
    )
    expect(verified).toEqual(statement)
    expect(findMeasurementSubject(verified, PCR0).name).toBe('measurement:PCR0')
    expect(() => findMeasurementSubject(verified, 'ab'.repeat(48))).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_NOT_SUBJECT' })
    )
    // Another key must not verify it.
    expect(() =>
      verifyBundleWithKey(signed.bundle, generateSigningKey().publicKeyPem)
    ).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }))
    // Nor a forged hint pointing at the right key over a tampered payload.
    const tampered = structuredClone(signed.bundle)
    if (tampered.dsseEnvelope)
      tampered.dsseEnvelope.payload = Buffer.from(
        JSON.stringify({ ...statement, subject: [] })
      ).toString('base64')
    expect(() => verifyBundleWithKey(tampered, publicKeyPem)).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' })
    )
    expect(() => verifyBundleWithKey({ nope: 1 }, publicKeyPem)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' })
    )
  })

  it('round-trips every supported key type and refuses the others', async () => {
    const pems = (
      type: 'ec' | 'ed25519' | 'rsa',
      opts: object
    ): { privateKeyPem: string; publicKeyPem: string } => {
      const { privateKey, publicKey } = generateKeyPairSync(
        type as 'ec',
        opts as ECKeyPairKeyObjectOptions
      )
      return {
        privateKeyPem: privateKey
          .export({ format: 'pem', type: 'pkcs8' })
          .toString(),
        publicKeyPem: publicKey
          .export({ format: 'pem', type: 'spki' })
          .toString()
      }
    }
    for (const [type, opts] of [
      ['ec', { namedCurve: 'prime256v1' }],
      ['ec', { namedCurve: 'secp384r1' }],
      ['ed25519', {}]
    ] as const) {
      const { privateKeyPem, publicKeyPem } = pems(type, opts)
      const signed = await signStatement(statement, {
        mode: 'key',
        privateKeyPem
      })
      expect(verifyBundleWithKey(signed.bundle, publicKeyPem)).toEqual(
        statement
      )
    }
    for (const [type, opts] of [
      ['ec', { namedCurve: 'secp521r1' }],
      ['rsa', { modulusLength: 2048 }]
    ] as const) {
      const { privateKeyPem } = pems(type, opts)
      await expect(
        signStatement(statement, { mode: 'key', privateKeyPem })
      ).rejects.toMatchObject({
        code: 'KEY_INVALID',
        message: expect.stringMatching(/use ECDSA P-256, P-384 or Ed25519/)
      })
    }
  })

  it('handles encrypted keys and refuses bad ones without quoting them', async () => {
    const { privateKeyPem } = generateSigningKey('s3cret')
    await expect(
      signStatement(statement, { mode: 'key', privateKeyPem })
    ).rejects.toThrow(/attestation-key-password/)
    await expect(
      signStatement(statement, { mode: 'key', privateKeyPem, password: 'nope' })
    ).rejects.toMatchObject({ code: 'KEY_INVALID' })
    const ok = await signStatement(statement, {
      mode: 'key',
      privateKeyPem,
      password: 's3cret'
    })
    expect(ok.keyHint).toMatch(/^[0-9a-f]{64}$/)
    const garbage =
      '-----BEGIN PRIVATE KEY-----\nQUJDREVGRw==\n-----END PRIVATE KEY-----\n'
    const err = (await signStatement(statement, {
      mode: 'key',
      privateKeyPem: garbage
    }).catch((e: unknown) => e)) as EnclaveBuildError
    expect(err.code).toBe('KEY_INVALID')
    expect(err.message).not.toContain('QUJDREVGRw')
  })
})
