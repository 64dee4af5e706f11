import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateSigningKey } from '../../src/attest/key.js'
import { signStatement } from '../../src/attest/sign.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { verifyForAction, verifyOptions } from '../../src/verify/options.js'
import {
  DEFAULT_CLAIMS,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  COMMIT,
  NITRO,
  signKeyless,
  statements
} from '../../__fixtures__/verify/attestation.js'

let mock: MockSigstore
let dir: string
let root: string
let bundle: string

beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-action-'))
  root = join(dir, 'trusted_root.json')
  bundle = join(dir, 'b.sigstore.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  await writeFile(
    bundle,
    JSON.stringify((await signKeyless(mock, statements.nitro())).bundle)
  )
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const ctx = () => {
  const logs: string[] = []
  const warnings: string[] = []
  return {
    logs,
    warnings,
    env: { GITHUB_REPOSITORY: 'acme/enclave-app' },
    log: (m: string) => logs.push(m),
    warn: (m: string) => warnings.push(m)
  }
}

describe('mode: verify', () => {
  it('parses the inputs with defaults', () => {
    const o = verifyOptions.parse({})
    expect(o['certificate-oidc-issuer']).toBe(
      'https://token.actions.githubusercontent.com'
    )
    expect(() => verifyOptions.parse({ 'evidence-type': 'tpm' })).toThrow()
  })

  it('sets the outputs when verified', async () => {
    const c = ctx()
    const out = await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle: `${bundle}\n`,
        'trusted-root': root,
        'certificate-identity': `https://github.com/${DEFAULT_CLAIMS.job_workflow_ref}`
      }),
      c
    )
    expect(out.outputs).toEqual({
      verified: 'true',
      'source-repository': 'acme/enclave-app',
      'source-commit': COMMIT,
      workflow: DEFAULT_CLAIMS.job_workflow_ref,
      measurement: NITRO.PCR0
    })
    expect(c.logs.join()).toContain(COMMIT)
    expect(c.warnings).toEqual([])
  })

  it('fails with the coded reason', async () => {
    const err = await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle,
        'trusted-root': root,
        'certificate-identity-regexp': '^https://github\\.com/other/'
      }),
      ctx()
    ).catch((e: unknown) => e)
    expect((err as EnclaveBuildError).code).toBe('IDENTITY_MISMATCH')
    const noType = await verifyForAction(
      verifyOptions.parse({ evidence: 'x.bin', bundle }),
      ctx()
    ).catch((e: unknown) => e)
    expect((noType as EnclaveBuildError).code).toBe('INPUT_INVALID')
  })
})

describe('mode: verify with public-key (signing: key)', () => {
  it('verifies offline (no TUF, no fetch) and speaks in action inputs', async () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey()
    const signed = await signStatement(statements.nitro(), {
      mode: 'key',
      privateKeyPem
    })
    const keyBundle = join(dir, 'key.sigstore.json')
    const pub = join(dir, 'key.pub')
    await writeFile(keyBundle, JSON.stringify(signed.bundle))
    await writeFile(pub, publicKeyPem)
    const offline = () => {
      const c = ctx()
      return {
        ...c,
        fetch: () => Promise.reject(new Error('no network in this test'))
      }
    }
    const c = offline()
    const out = await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle: keyBundle,
        'public-key': pub
      }),
      c
    )
    expect(out.outputs).toMatchObject({
      verified: 'true',
      'source-repository': 'acme/enclave-app',
      'source-commit': COMMIT
    })
    expect(c.warnings.join()).toMatch(/key-signed/)
    // a build without an origin remote records no repository: said in words
    const bare = statements.nitro()
    delete (bare.predicate as { source: { repository?: string } }).source
      .repository
    const bareBundle = join(dir, 'bare.sigstore.json')
    await writeFile(
      bareBundle,
      JSON.stringify(
        (await signStatement(bare, { mode: 'key', privateKeyPem })).bundle
      )
    )
    const b = offline()
    await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle: bareBundle,
        'public-key': pub
      }),
      b
    )
    expect(b.logs.join('\n')).toContain(
      `: (repository not recorded) @ ${COMMIT} (key-signed)`
    )
    // another key: the error names the input, not the command line's flag
    const other = join(dir, 'other.pub')
    await writeFile(other, generateSigningKey().publicKeyPem)
    const err = (await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle: keyBundle,
        'public-key': other
      }),
      offline()
    ).catch((e: unknown) => e)) as EnclaveBuildError
    expect(err.code).toBe('TRUST_ROOT_UNKNOWN')
    expect(err.message).toMatch(/public-key/)
    expect(err.message).not.toMatch(/--[a-z]/)
    // a certificate identity cannot apply to a key: named as inputs
    const id = (await verifyForAction(
      verifyOptions.parse({
        measurement: NITRO.PCR0,
        bundle: keyBundle,
        'public-key': pub,
        'certificate-identity': 'https://github.com/acme/x'
      }),
      offline()
    ).catch((e: unknown) => e)) as EnclaveBuildError
    expect(id.code).toBe('IDENTITY_MISMATCH')
    expect(id.message).toContain('attestation-repository')
    expect(id.message).not.toMatch(/--[a-z]/)
  })
})
