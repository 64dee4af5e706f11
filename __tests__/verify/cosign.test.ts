/**
 * Differential test against the reference verifier: cosign (sigstore-go
 * inside) and our `verify` must accept and refuse the same bundles. Needs
 * the binary in $COSIGN (bash .ci/cosign.sh builds one, scripts/test.sh
 * finds it); skipped by name otherwise.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { MEASUREMENT_PREDICATE_TYPE } from '../../src/model/predicate.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { runVerify } from '../../src/verify/run.js'
import { wantedMeasurement } from '../../src/verify/match.js'
import {
  DEFAULT_CLAIMS,
  GITHUB_ISSUER,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  NITRO,
  signKeyless,
  statements,
  tamperPayload
} from '../../__fixtures__/verify/attestation.js'

const exec = promisify(execFile)
const COSIGN = process.env.COSIGN
const maybe = COSIGN ? describe : describe.skip

const SAN = `https://github.com/${DEFAULT_CLAIMS.job_workflow_ref}`

const title = `verify agrees with cosign verify-blob-attestation${COSIGN ? '' : ' (needs $COSIGN from .ci/cosign.sh)'}`
maybe(title, () => {
  let mock: MockSigstore
  let other: MockSigstore
  let dir: string
  let root: string
  let otherRoot: string
  beforeAll(async () => {
    ;[mock, other] = await Promise.all([
      startMockSigstore(),
      startMockSigstore()
    ])
    dir = await mkdtemp(join(tmpdir(), 'verify-cosign-'))
    root = join(dir, 'root.json')
    otherRoot = join(dir, 'other.json')
    await writeFile(root, JSON.stringify(mock.trustedRoot))
    await writeFile(otherRoot, JSON.stringify(other.trustedRoot))
  })
  afterAll(async () => {
    await Promise.all([mock.close(), other.close()])
    await rm(dir, { recursive: true, force: true })
  })

  /** cosign's verdict on a bundle for a measurement. */
  async function cosign(
    bundle: string,
    measurement: string,
    trustedRoot: string,
    identity: string
  ): Promise<boolean> {
    const args = [
      'verify-blob-attestation',
      '--bundle',
      bundle,
      '--new-bundle-format',
      '--trusted-root',
      trustedRoot,
      '--type',
      MEASUREMENT_PREDICATE_TYPE,
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      GITHUB_ISSUER,
      '--digest',
      wantedMeasurement(measurement).lookupDigest,
      '--digestAlg',
      'sha256'
    ]
    try {
      await exec(COSIGN ?? 'cosign', args, {
        env: { ...process.env, HOME: dir, TUF_ROOT: join(dir, 'tuf') },
        timeout: 60_000
      })
      return true
    } catch {
      return false
    }
  }

  /** Our verdict: true, or the refusal code. */
  async function ours(
    bundle: string,
    measurement: string,
    trustedRoot: string,
    identity: string
  ): Promise<true | string> {
    try {
      await runVerify({
        measurement,
        bundles: [bundle],
        trustedRootPath: trustedRoot,
        policy: {
          certificateIdentity: identity,
          certificateOidcIssuer: GITHUB_ISSUER
        }
      })
      return true
    } catch (err) {
      if (err instanceof EnclaveBuildError) return err.code
      throw err as Error
    }
  }

  it('same verdicts on valid, tampered, foreign-root, wrong-identity and wrong-measurement cases', async () => {
    const signed = (await signKeyless(mock, statements.nitro())).bundle
    const valid = join(dir, 'valid.json')
    await writeFile(valid, JSON.stringify(signed))
    const tampered = join(dir, 'tampered.json')
    await writeFile(
      tampered,
      JSON.stringify(tamperPayload(signed, (p) => p.replace('"-s -w"', '"-s"')))
    )
    const cases: [string, string, string, string, true | string][] = [
      ['valid', valid, NITRO.PCR0, root, true],
      ['valid PCR2', valid, NITRO.PCR2, root, true],
      ['tampered', tampered, NITRO.PCR0, root, 'SIGNATURE_INVALID'],
      ['foreign root', valid, NITRO.PCR0, otherRoot, 'TRUST_ROOT_UNKNOWN'],
      ['not a subject', valid, 'ee'.repeat(48), root, 'MEASUREMENT_NOT_SUBJECT']
    ]
    for (const [name, bundle, m, r, want] of cases) {
      const [theirs, mine] = await Promise.all([
        cosign(bundle, m, r, SAN),
        ours(bundle, m, r, SAN)
      ])
      expect([name, mine, theirs]).toEqual([name, want, want === true])
    }
    const wrongId = `${SAN}-other`
    expect([
      await ours(valid, NITRO.PCR0, root, wrongId),
      await cosign(valid, NITRO.PCR0, root, wrongId)
    ]).toEqual(['IDENTITY_MISMATCH', false])
  })
})
