import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateSigningKey, loadPrivateKey } from '../../src/attest/key.js'
import { signStatement } from '../../src/attest/sign.js'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { thresholdsFor } from '../../src/verify/bundle.js'
import { githubOidcProvider } from '../../src/attest/oidc.js'
import { runVerify, type VerifyInput } from '../../src/verify/run.js'
import {
  DEFAULT_CLAIMS,
  GITHUB_ISSUER,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  COMMIT,
  measurement,
  NITRO,
  signKeyless,
  statementFor,
  statements,
  tamperPayload
} from '../../__fixtures__/verify/attestation.js'

let mock: MockSigstore
let other: MockSigstore
let dir: string
let nitroBundle: string
let root: string
let otherRoot: string
const SAN = `https://github.com/${DEFAULT_CLAIMS.job_workflow_ref}`

beforeAll(async () => {
  ;[mock, other] = await Promise.all([startMockSigstore(), startMockSigstore()])
  dir = await mkdtemp(join(tmpdir(), 'verify-run-'))
  root = join(dir, 'trusted_root.json')
  otherRoot = join(dir, 'other_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  await writeFile(otherRoot, JSON.stringify(other.trustedRoot))
  const signed = await signKeyless(mock, statements.nitro())
  nitroBundle = join(dir, 'nitro.sigstore.json')
  await writeFile(nitroBundle, JSON.stringify(signed.bundle))
})
afterAll(async () => {
  await Promise.all([mock.close(), other.close()])
  await rm(dir, { recursive: true, force: true })
})

/** A run with the mock's trust root and the given overrides. */
const run = (over: Partial<VerifyInput> = {}) =>
  runVerify({
    measurement: NITRO.PCR0,
    bundles: [nitroBundle],
    trustedRootPath: root,
    policy: {},
    ...over
  })

/** The error code a run rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  if (err === undefined) return 'resolved'
  if (err instanceof EnclaveBuildError) return err.code
  throw err as Error
}

/** A CliIO that records what the command prints. */
function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: dir,
    env: {}
  }
}

describe('verify a keyless bundle', () => {
  it('gives the repository, commit, workflow and the build inputs', async () => {
    const r = await run({ policy: { certificateIdentity: SAN } })
    expect(r).toMatchObject({
      verified: true,
      measurement: NITRO.PCR0,
      measurementName: 'PCR0',
      algorithm: 'sha384',
      sourceRepository: 'acme/enclave-app',
      sourceCommit: COMMIT,
      sourceRef: 'refs/tags/v1.2.3',
      workflow: DEFAULT_CLAIMS.job_workflow_ref,
      predicateType: 'https://enclave-build.dev/measurement/v1',
      sourceFrom: 'certificate',
      issuer: GITHUB_ISSUER,
      signedBy: 'certificate',
      instance: 'public-good',
      tlogEntries: 1,
      identityPolicy: 'pinned',
      target: 'nitro',
      build: { goVersion: 'go1.24.3', ldflags: '-s -w' },
      warnings: []
    })
  })

  it('matches the identity by regexp, repository and ref', async () => {
    await expect(
      run({
        policy: {
          certificateIdentityRegexp:
            '^https://github\\.com/acme/enclave-app/\\.github/workflows/release\\.yml@refs/tags/v',
          repository: 'Acme/Enclave-App',
          sourceRef: 'refs/tags/v1.2.3'
        }
      })
    ).resolves.toMatchObject({ verified: true })
  })

  it('warns but verifies with no identity policy (issuer only)', async () => {
    const r = await run()
    expect(r.identityPolicy).toBe('issuer-only')
    expect(r.warnings.join()).toMatch(/no identity policy/)
  })

  it('refuses another identity, issuer, repository or ref: IDENTITY_MISMATCH', async () => {
    for (const policy of [
      { certificateIdentity: `${SAN}x` },
      { certificateIdentityRegexp: '^https://github\\.com/evil/' },
      { certificateOidcIssuer: 'https://accounts.google.com' },
      { repository: 'evil/fork' },
      { sourceRef: 'refs/heads/main' }
    ])
      expect([policy, await codeOf(run({ policy }))]).toEqual([
        policy,
        'IDENTITY_MISMATCH'
      ])
  })

  it('refuses a measurement that is not a subject: MEASUREMENT_NOT_SUBJECT', async () => {
    expect(await codeOf(run({ measurement: 'ff'.repeat(48) }))).toBe(
      'MEASUREMENT_NOT_SUBJECT'
    )
    // Same bytes, other algorithm: MRENCLAVE-length hex of PCR0's prefix.
    expect(await codeOf(run({ measurement: NITRO.PCR0.slice(0, 64) }))).toBe(
      'MEASUREMENT_NOT_SUBJECT'
    )
  })

  it('refuses a subject whose predicate records another value', async () => {
    // A signer that puts PCR0's lookup digest under a name the predicate
    // does not back: the digest is a subject, the predicate disagrees.
    const s = statementFor('nitro', [measurement('PCR1', 'sha384', NITRO.PCR1)])
    s.subject.push({
      name: 'measurement:PCR0',
      digest: { sha256: measurement('PCR0', 'sha384', NITRO.PCR0).lookupDigest }
    })
    const path = join(dir, 'lying.sigstore.json')
    await writeFile(path, JSON.stringify((await signKeyless(mock, s)).bundle))
    expect(await codeOf(run({ bundles: [path] }))).toBe(
      'MEASUREMENT_NOT_SUBJECT'
    )
  })

  it('refuses a tampered payload: SIGNATURE_INVALID', async () => {
    const signed = await signKeyless(mock, statements.nitro())
    const path = join(dir, 'tampered.sigstore.json')
    await writeFile(
      path,
      JSON.stringify(
        tamperPayload(signed.bundle, (p) => p.replace('"-s -w"', '"-X x=y"'))
      )
    )
    expect(await codeOf(run({ bundles: [path] }))).toBe('SIGNATURE_INVALID')
    // A flipped DSSE signature too.
    const sig = JSON.parse(JSON.stringify(signed.bundle)) as {
      dsseEnvelope: { signatures: { sig: string }[] }
    }
    const raw = Buffer.from(sig.dsseEnvelope.signatures[0].sig, 'base64')
    raw[raw.length - 1] ^= 1
    sig.dsseEnvelope.signatures[0].sig = raw.toString('base64')
    await writeFile(path, JSON.stringify(sig))
    expect(await codeOf(run({ bundles: [path] }))).toBe('SIGNATURE_INVALID')
  })

  it('refuses a bundle under another trust root: TRUST_ROOT_UNKNOWN', async () => {
    expect(await codeOf(run({ trustedRootPath: otherRoot }))).toBe(
      'TRUST_ROOT_UNKNOWN'
    )
  })

  it('uses the TUF root when no --trusted-root is given', async () => {
    let calls = 0
    const r = await runVerify(
      { measurement: NITRO.PCR0, bundles: [nitroBundle], policy: {} },
      {
        tuf: () => {
          calls++
          return Promise.resolve(mock.trustedRoot)
        }
      }
    )
    expect([r.trustRoot, calls]).toEqual(['tuf', 1])
    await expect(
      runVerify(
        { measurement: NITRO.PCR0, bundles: [nitroBundle], policy: {} },
        { tuf: () => Promise.reject(new Error('offline')) }
      )
    ).rejects.toThrow(/--trusted-root/)
  })
})

describe('Sigstore instances', () => {
  it("picks gh's thresholds from the certificate issuer", () => {
    expect(
      thresholdsFor('C=US\nO=GitHub, Inc.\nCN=Fulcio Intermediate l2')
    ).toEqual({
      instance: 'github',
      options: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }
    })
    expect(
      thresholdsFor('O=sigstore.dev\nCN=sigstore-intermediate').instance
    ).toBe('public-good')
    expect(thresholdsFor('O=GitHub, Inc. Evil').instance).toBe('public-good')
    expect(thresholdsFor(undefined).instance).toBe('key')
  })

  it('a public-good certificate without a tlog entry is refused, and says why', async () => {
    const signed = await signStatement(statements.nitro(), {
      mode: 'keyless',
      endpoints: { fulcioURL: mock.fulcioURL, tsaURL: mock.tsaURL },
      identityProvider: githubOidcProvider({
        env: {
          GITHUB_ACTIONS: 'true',
          ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
        }
      }),
      retries: 0
    })
    const path = join(dir, 'tsa-only.sigstore.json')
    await writeFile(path, JSON.stringify(signed.bundle))
    const err = await run({ bundles: [path] }).catch((e: unknown) => e)
    expect((err as EnclaveBuildError).code).toBe('SIGNATURE_INVALID')
    expect((err as Error).message).toMatch(/expected 1 tlog entries, got 0/)
  })
})

describe('bundle sources', () => {
  it('finds the right bundle in a directory of several', async () => {
    const d = join(dir, 'many')
    await mkdir(d)
    const sgx = await signKeyless(mock, statements.sgx())
    const snp = await signKeyless(mock, statements.snp())
    await writeFile(join(d, 'a-sgx.sigstore.json'), JSON.stringify(sgx.bundle))
    // JSON Lines, as actions/attest writes them.
    await writeFile(
      join(d, 'b.jsonl'),
      `${JSON.stringify(snp.bundle)}\n${JSON.stringify((await signKeyless(mock, statements.nitro())).bundle)}\n`
    )
    await writeFile(join(d, 'notes.txt'), 'ignored')
    const r = await run({ bundles: [d] })
    expect([r.bundle, r.sourceCommit]).toEqual(['b.jsonl:2', COMMIT])
  })

  it('ATTESTATION_NOT_FOUND for an empty directory, INPUT_INVALID without a source', async () => {
    const d = join(dir, 'empty')
    await mkdir(d)
    expect(await codeOf(run({ bundles: [d] }))).toBe('ATTESTATION_NOT_FOUND')
    expect(await codeOf(run({ bundles: [] }))).toBe('INPUT_INVALID')
    expect(await codeOf(run({ bundles: [join(dir, 'missing')] }))).toBe(
      'FILE_NOT_FOUND'
    )
  })

  it('reports the reason of the bundle that names the measurement', async () => {
    const d = join(dir, 'mixed')
    await mkdir(d)
    const signed = await signKeyless(mock, statements.nitro())
    await writeFile(
      join(d, 'bad.json'),
      JSON.stringify(
        tamperPayload(signed.bundle, (p) => p.replace('go1.24.3', 'go1.99.9'))
      )
    )
    await writeFile(join(d, 'good.json'), JSON.stringify(signed.bundle))
    expect((await run({ bundles: [d] })).bundle).toBe('good.json')
    await rm(join(d, 'good.json'))
    expect(await codeOf(run({ bundles: [d] }))).toBe('SIGNATURE_INVALID')
  })
})

describe('key-signed bundles', () => {
  it("verifies with --public-key; the source is the predicate's", async () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey()
    const signed = await signStatement(statements.nitro(), {
      mode: 'key',
      privateKeyPem
    })
    const bundle = join(dir, 'key.sigstore.json')
    const pub = join(dir, 'key.pub')
    await writeFile(bundle, JSON.stringify(signed.bundle))
    await writeFile(pub, publicKeyPem)
    const r = await run({
      bundles: [bundle],
      trustedRootPath: undefined,
      publicKeyPath: pub
    })
    expect(r).toMatchObject({
      signedBy: 'public-key',
      sourceFrom: 'predicate',
      sourceCommit: COMMIT,
      // One form for every signing mode: owner/name.
      sourceRepository: 'acme/enclave-app',
      identityPolicy: 'public-key'
    })
    expect(r.warnings.join()).toMatch(/key-signed/)
    // --repo pins the predicate's source, offline, with no lookup.
    const pinned = await run({
      bundles: [bundle],
      publicKeyPath: pub,
      policy: { repository: 'ACME/enclave-app' }
    })
    expect(pinned.identityPolicy).toBe('pinned')
    expect(
      await codeOf(
        run({
          bundles: [bundle],
          publicKeyPath: pub,
          policy: { repository: 'acme/other' }
        })
      )
    ).toBe('IDENTITY_MISMATCH')
    // Another key, or no key at all: the bundle's signer is unknown.
    const otherPub = join(dir, 'other.pub')
    await writeFile(otherPub, generateSigningKey().publicKeyPem)
    expect(
      await codeOf(run({ bundles: [bundle], publicKeyPath: otherPub }))
    ).toBe('TRUST_ROOT_UNKNOWN')
    expect(await codeOf(run({ bundles: [bundle] }))).toBe('TRUST_ROOT_UNKNOWN')
    // A certificate identity cannot be checked on a key signature.
    expect(
      await codeOf(
        run({
          bundles: [bundle],
          publicKeyPath: pub,
          policy: { certificateIdentity: SAN }
        })
      )
    ).toBe('IDENTITY_MISMATCH')
    expect(loadPrivateKey(privateKeyPem).hint).toHaveLength(64)
  })
})

describe('the verify command', () => {
  it('prints the contract JSON and exits 0', async () => {
    const io = captureIO()
    const status = await cli(
      [
        'verify',
        '--bundle',
        nitroBundle,
        '--measurement',
        NITRO.PCR0.toUpperCase(),
        '--trusted-root',
        root,
        '--certificate-identity-regexp',
        '^https://github\\.com/acme/',
        '--certificate-oidc-issuer',
        GITHUB_ISSUER,
        '--json'
      ],
      io
    )
    expect(io.err).toEqual([])
    expect(status).toBe(0)
    const json = JSON.parse(io.out.join('')) as Record<string, unknown>
    expect(json).toMatchObject({
      verified: true,
      measurement: NITRO.PCR0,
      sourceRepository: 'acme/enclave-app',
      sourceCommit: COMMIT,
      workflow: DEFAULT_CLAIMS.job_workflow_ref,
      predicateType: 'https://enclave-build.dev/measurement/v1'
    })
  })

  it('takes --repo with --bundle as a pin, offline (no lookup)', async () => {
    const args = (repo: string): string[] => [
      'verify',
      '--bundle',
      nitroBundle,
      '--measurement',
      NITRO.PCR0,
      '--trusted-root',
      root,
      '--certificate-oidc-issuer',
      GITHUB_ISSUER,
      '--repo',
      repo,
      '--json'
    ]
    // An API URL nothing listens on: a lookup would fail the command.
    const io = captureIO()
    io.env = { GITHUB_API_URL: 'http://127.0.0.1:9' }
    expect(await cli(args('acme/enclave-app'), io)).toBe(0)
    expect(JSON.parse(io.out.join(''))).toMatchObject({
      sourceRepository: 'acme/enclave-app',
      identityPolicy: 'pinned'
    })
    const other = captureIO()
    expect(await cli(args('acme/other'), other)).toBe(1)
    expect(other.err.join('')).toMatch(/IDENTITY_MISMATCH/)
  })

  it('exits non-zero with a coded reason', async () => {
    const io = captureIO()
    const status = await cli(
      [
        'verify',
        '--bundle',
        nitroBundle,
        '--measurement',
        NITRO.PCR0,
        '--trusted-root',
        root,
        '--certificate-identity',
        'https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main'
      ],
      io
    )
    expect(status).toBe(1)
    expect(io.out).toEqual([])
    expect(io.err.join('')).toMatch(/^error\[IDENTITY_MISMATCH\]: /)
    const bad = captureIO()
    expect(
      await cli(
        ['verify', '--bundle', nitroBundle, '--measurement', 'xyz'],
        bad
      )
    ).toBe(2)
    expect(bad.err.join('')).toMatch(/INPUT_INVALID/)
  })

  it('prints its usage with --help', async () => {
    const io = captureIO()
    expect(await cli(['verify', '--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/^Usage: enclave-build verify/)
  })

  it('prints a readable summary without --json', async () => {
    const io = captureIO()
    expect(
      await cli(
        [
          'verify',
          '--bundle',
          nitroBundle,
          '--measurement',
          NITRO.PCR0,
          '--trusted-root',
          root
        ],
        io
      )
    ).toBe(0)
    expect(io.out.join('')).toContain(`acme/enclave-app @ ${COMMIT}`)
    expect(io.err.join('')).toMatch(/warning: no identity policy/)
  })
})
