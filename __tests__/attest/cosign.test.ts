/**
 * An independent verifier: cosign (sigstore-go inside) checks bundles made
 * by our signing path. Needs the binary in $COSIGN (.ci/cosign.sh installs
 * it); skipped with a message otherwise.
 */
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateSigningKey } from '../../src/attest/key.js'
import { MEASUREMENT_PREDICATE_TYPE } from '../../src/model/predicate.js'
import { signStatement, writeBundle } from '../../src/attest/sign.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import {
  DEFAULT_CLAIMS,
  GITHUB_ISSUER,
  signWithMock,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { PCR0_LOOKUP, sampleBuild, sampleResult } from './sample.js'

const run = promisify(execFile)
const COSIGN = process.env.COSIGN
const maybe = COSIGN ? describe : describe.skip

const statement = buildMeasurementStatement({
  result: sampleResult(),
  build: sampleBuild(),
  toolVersion: '0.1.0'
})

const title = `cosign verify-blob-attestation on our bundles${COSIGN ? '' : ' (needs $COSIGN from .ci/cosign.sh)'}`
maybe(title, () => {
  let mock: MockSigstore
  let dir: string
  let trustedRoot: string
  beforeAll(async () => {
    mock = await startMockSigstore()
    dir = await mkdtemp(join(tmpdir(), 'attest-cosign-'))
    trustedRoot = join(dir, 'trusted_root.json')
    await writeFile(trustedRoot, JSON.stringify(mock.trustedRoot))
    // The sample binary's sha256 is sha256("binary"): a blob cosign can hash.
    await writeFile(join(dir, 'server'), 'binary')
  })
  afterAll(async () => {
    await mock.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function cosign(args: string[]): Promise<{ ok: boolean; out: string }> {
    try {
      const { stdout, stderr } = await run(COSIGN ?? 'cosign', args, {
        env: { ...process.env, HOME: dir, TUF_ROOT: join(dir, 'tuf') },
        timeout: 60_000
      })
      return { ok: true, out: stdout + stderr }
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string }
      return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }
    }
  }

  async function keylessBundle(
    instance: 'public-good' | 'github'
  ): Promise<string> {
    const signed = await signWithMock(mock, statement, instance)
    return writeBundle(join(dir, `${instance}.sigstore.json`), signed.bundle)
  }

  const identity = (sha = DEFAULT_CLAIMS.sha): string[] => [
    '--certificate-identity',
    `https://github.com/${DEFAULT_CLAIMS.job_workflow_ref}`,
    '--certificate-oidc-issuer',
    GITHUB_ISSUER,
    '--certificate-github-workflow-repository',
    DEFAULT_CLAIMS.repository,
    '--certificate-github-workflow-sha',
    sha
  ]

  it('verifies a public-good bundle (Rekor) by the binary and by the measurement digest', async () => {
    const bundle = await keylessBundle('public-good')
    const base = [
      'verify-blob-attestation',
      '--bundle',
      bundle,
      '--new-bundle-format',
      '--trusted-root',
      trustedRoot,
      '--type',
      MEASUREMENT_PREDICATE_TYPE
    ]
    const common = [...base, ...identity()]
    const byFile = await cosign([...common, join(dir, 'server')])
    expect(byFile.out).toMatch(/Verified OK/)
    expect(byFile.ok).toBe(true)
    const byDigest = await cosign([
      ...common,
      '--digest',
      PCR0_LOOKUP,
      '--digestAlg',
      'sha256'
    ])
    expect(byDigest.out).toMatch(/Verified OK/)
    // A commit other than the certificate's is refused.
    const wrong = await cosign([
      ...base,
      ...identity('0'.repeat(40)),
      join(dir, 'server')
    ])
    expect(wrong.ok).toBe(false)
    expect(wrong.out).toMatch(/expected GithubWorkflowSHA/)
    // A digest that is not a subject is refused.
    const other = await cosign([
      ...common,
      '--digest',
      'ab'.repeat(32),
      '--digestAlg',
      'sha256'
    ])
    expect(other.ok).toBe(false)
    expect(other.out).toMatch(/digest|subject/i)
  })

  it('verifies a github-instance bundle (TSA, no Rekor) with signed timestamps', async () => {
    const bundle = await keylessBundle('github')
    const result = await cosign([
      'verify-blob-attestation',
      '--bundle',
      bundle,
      '--new-bundle-format',
      '--trusted-root',
      trustedRoot,
      '--use-signed-timestamps',
      '--insecure-ignore-tlog',
      '--type',
      MEASUREMENT_PREDICATE_TYPE,
      ...identity(),
      join(dir, 'server')
    ])
    expect(result.out).toMatch(/Verified OK/)
  })

  it.each([
    ['P-256', { namedCurve: 'prime256v1' }],
    ['P-384', { namedCurve: 'secp384r1' }]
  ])(
    'verifies a key-signed bundle with the public key (%s)',
    async (_, opts) => {
      const pair = generateKeyPairSync('ec', opts)
      const privateKeyPem = pair.privateKey
        .export({ format: 'pem', type: 'pkcs8' })
        .toString()
      const publicKeyPem = pair.publicKey
        .export({ format: 'pem', type: 'spki' })
        .toString()
      await writeFile(join(dir, 'key.pub'), publicKeyPem)
      // the minimal trusted root docs/attest.md gives for key mode, offline
      const documented =
        /echo '(\{"mediaType":[^']*\})' >trusted_root\.json/.exec(
          await readFile(
            join(import.meta.dirname, '../../docs/attest.md'),
            'utf8'
          )
        )?.[1]
      expect(documented).toBeDefined()
      const keyRoot = join(dir, 'key-trusted-root.json')
      await writeFile(keyRoot, documented!)
      const signed = await signStatement(statement, {
        mode: 'key',
        privateKeyPem
      })
      const bundle = await writeBundle(
        join(dir, 'key.sigstore.json'),
        signed.bundle
      )
      const args = (pub: string): string[] => [
        'verify-blob-attestation',
        '--bundle',
        bundle,
        '--new-bundle-format',
        '--key',
        pub,
        // Required by cosign with the new bundle format, unused for a key.
        '--trusted-root',
        keyRoot,
        '--insecure-ignore-tlog',
        '--type',
        MEASUREMENT_PREDICATE_TYPE,
        join(dir, 'server')
      ]
      const result = await cosign(args(join(dir, 'key.pub')))
      expect(result.out).toMatch(/Verified OK/)
      await writeFile(join(dir, 'other.pub'), generateSigningKey().publicKeyPem)
      expect((await cosign(args(join(dir, 'other.pub')))).ok).toBe(false)
    }
  )
})
