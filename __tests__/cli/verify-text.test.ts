import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NITRO, statements } from '../../__fixtures__/verify/attestation.js'
import { generateSigningKey } from '../../src/attest/key.js'
import { signStatement } from '../../src/attest/sign.js'
import { cli } from '../../src/cli/main.js'

describe('verify, as text, for a key-signed bundle', () => {
  it('says where the source came from instead of printing "?"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eb-verify-text-'))
    const { privateKeyPem, publicKeyPem } = generateSigningKey()
    const signed = await signStatement(statements.nitro(), {
      mode: 'key',
      privateKeyPem
    })
    await writeFile(join(dir, 'b.json'), JSON.stringify(signed.bundle))
    await writeFile(join(dir, 'key.pub'), publicKeyPem)
    let out = ''
    const code = await cli(
      [
        'verify',
        '--measurement',
        NITRO.PCR0,
        '--bundle',
        join(dir, 'b.json'),
        '--public-key',
        join(dir, 'key.pub')
      ],
      {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        cwd: dir,
        env: {}
      }
    )
    expect(code).toBe(0)
    expect(out).toMatch(
      /source: {3}acme\/enclave-app @ [0-9a-f]{40}.*as the key holder wrote it/
    )
    expect(out).not.toContain('? @')
  })
})

describe('verify --json, for a key-signed bundle', () => {
  it('carries every key CLI.md names, workflow null (no certificate names one)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eb-verify-json-'))
    const { privateKeyPem, publicKeyPem } = generateSigningKey()
    const signed = await signStatement(statements.nitro(), {
      mode: 'key',
      privateKeyPem
    })
    await writeFile(join(dir, 'b.json'), JSON.stringify(signed.bundle))
    await writeFile(join(dir, 'key.pub'), publicKeyPem)
    let out = ''
    const code = await cli(
      [
        'verify',
        '--measurement',
        NITRO.PCR0,
        '--bundle',
        join(dir, 'b.json'),
        '--public-key',
        join(dir, 'key.pub'),
        '--json'
      ],
      {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        cwd: dir,
        env: {}
      }
    )
    expect(code).toBe(0)
    // CLI.md: {"verified", "measurement", "sourceRepository", "sourceCommit",
    // "workflow", "predicateType"}
    const r = JSON.parse(out) as Record<string, unknown>
    for (const key of [
      'verified',
      'measurement',
      'sourceRepository',
      'sourceCommit',
      'workflow',
      'predicateType'
    ])
      expect(r).toHaveProperty(key)
    expect(r.verified).toBe(true)
    expect(r.workflow).toBeNull()
    expect(r.sourceRepository).toBe('acme/enclave-app')
  })
})
