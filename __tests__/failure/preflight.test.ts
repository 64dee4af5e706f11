// Late validation: every input, keys included, is
// checked before any work, and all problems are reported at once.
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { googleLikeSections, tdvfImage } from '../tdx/fwgen.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/main.js')
const { readInputs } = await import('../../src/inputs.js')
const { EnclaveBuildError } = await import('../../src/errors.js')

beforeEach(() => core.resetCore())

const blobs = resolve('examples/nitro/blobs')
const nitroBlobs = {
  'nitro-kernel': join(blobs, 'bzImage.standin'),
  'nitro-init': join(blobs, 'init.standin'),
  'nitro-nsm': join(blobs, 'nsm.ko.standin'),
  'nitro-cmdline': join(blobs, 'cmdline')
}
const pem = (k: KeyObject): string =>
  k.export({ format: 'pem', type: 'pkcs8' }).toString()

/** Runs the action with these inputs and an exec that records every call. */
async function attempt(values: Record<string, string>) {
  const calls: string[] = []
  const out = mkdtempSync(join(tmpdir(), 'eb-preflight-'))
  await run({
    exec: (cmd, args) => {
      calls.push(`${cmd} ${args.join(' ')}`)
      return Promise.resolve({ code: 1, stdout: '', stderr: 'no' })
    },
    env: { GITHUB_WORKSPACE: out },
    cache: {
      restoreCache: () => Promise.resolve(undefined),
      saveCache: () => Promise.resolve(1)
    },
    inputs: () => readInputs((n) => ({ cache: 'false', ...values })[n] ?? '')
  })
  const failed = core.setFailed.mock.calls[0]?.[0] as string | undefined
  return { calls, failed }
}

describe('before any work', () => {
  it('a bad attestation key, its wrong password, a bad Gramine key and an unreadable template: all at once, nothing run', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const encrypted = privateKey
      .export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: 'right'
      })
      .toString()
    const r = await attempt({
      target: 'gramine',
      signing: 'key',
      'attestation-key': encrypted,
      'attestation-key-password': 'wrong',
      'manifest-template': '/no/such/app.manifest.template',
      'signing-key': 'not a key'
    })
    expect(r.calls).toEqual([]) // no git, no go
    expect(r.failed).toMatch(
      /3 problems with the inputs, found before any work/
    )
    expect(r.failed).toMatch(
      /\[KEY_INVALID\] the attestation key .*password is wrong/
    )
    expect(r.failed).toMatch(
      /manifest-template \/no\/such\/app\.manifest\.template/
    )
    expect(r.failed).not.toContain('right')
  })

  it('an attestation key of a type Sigstore verifiers refuse', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const r = await attempt({
      target: 'none',
      signing: 'key',
      'attestation-key': pem(privateKey)
    })
    expect(r.calls).toEqual([])
    expect(r.failed).toMatch(/KEY_INVALID/)
  })

  it('a Nitro key that does not belong to its certificate, and a missing blob', async () => {
    const cert = readFileSync(
      resolve('__fixtures__/nitro/test-prime256v1-cert.pem'),
      'utf8'
    )
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const r = await attempt({
      target: 'nitro',
      ...nitroBlobs,
      'nitro-init': '/no/such/init',
      'nitro-signing-certificate': cert,
      'nitro-signing-key': pem(other.privateKey)
    })
    expect(r.calls).toEqual([])
    expect(r.failed).toMatch(/2 problems/)
    expect(r.failed).toMatch(/nitro-init \/no\/such\/init/)
    expect(r.failed).toMatch(/does not belong to the signing certificate/)
  })

  it('a matching Nitro pair and present blobs pass, and the build starts', async () => {
    const r = await attempt({
      target: 'nitro',
      ...nitroBlobs,
      'nitro-signing-certificate': readFileSync(
        resolve('__fixtures__/nitro/test-prime256v1-cert.pem'),
        'utf8'
      ),
      'nitro-signing-key': readFileSync(
        resolve('__fixtures__/nitro/test-prime256v1-key.pem'),
        'utf8'
      )
    })
    expect(r.calls.length).toBeGreaterThan(0) // git was asked
    expect(r.failed).not.toMatch(/problems with the inputs|KEY_INVALID/)
  })
})

describe('TDX inputs, before the Go build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-preflight-tdx-'))
  const file = (name: string, data: Uint8Array): string => {
    writeFileSync(join(dir, name), data)
    return join(dir, name)
  }
  const sha256 = (b: Uint8Array): string =>
    createHash('sha256').update(b).digest('hex')
  const tdvf = tdvfImage(0x40000, googleLikeSections(0x40000))
  const kernel = Buffer.from('a kernel')
  const good = {
    target: 'tdx',
    'tdx-ovmf': file('OVMF.fd', tdvf),
    'tdx-ovmf-sha256': sha256(tdvf),
    'tdx-kernel': file('bzImage', kernel),
    'tdx-kernel-sha256': sha256(kernel)
  }

  it('a wrong tdx-ovmf path, a kernel that is not the pinned one and one ACPI blob of three: all at once, nothing run', async () => {
    const r = await attempt({
      ...good,
      'tdx-ovmf': join(dir, 'no-such-OVMF.fd'),
      'tdx-kernel-sha256': '0'.repeat(64),
      'tdx-acpi-tables': file('tables', Buffer.from('T'))
    })
    expect(r.calls).toEqual([]) // no git, no go
    expect(r.failed).toMatch(/3 problems with the inputs/)
    expect(r.failed).toMatch(/\[FILE_NOT_FOUND\] tdx-ovmf .*no-such-OVMF\.fd/)
    expect(r.failed).toMatch(/\[PIN_MISMATCH\] tdx-kernel/)
    expect(r.failed).toMatch(/RTMR0 needs all three/)
  })

  it('a firmware without TDX metadata (pinned, but no TDVF) is refused before the build', async () => {
    const notTdvf = Buffer.alloc(0x40000, 0xff)
    const r = await attempt({
      ...good,
      'tdx-ovmf': file('sev-OVMF.fd', notTdvf),
      'tdx-ovmf-sha256': sha256(notTdvf)
    })
    expect(r.calls).toEqual([])
    expect(r.failed).toMatch(/FIRMWARE_INVALID/)
  })

  it('a memory size that does not parse is found before the build', async () => {
    const r = await attempt({ ...good, 'tdx-memory': '2X' })
    expect(r.calls).toEqual([])
    expect(r.failed).toMatch(/memory size "2X" must be bytes/)
  })

  it('good TDX inputs pass, and the build starts', async () => {
    const r = await attempt(good)
    expect(r.calls.length).toBeGreaterThan(0) // git was asked
    expect(r.failed).not.toMatch(/problems with the inputs|FIRMWARE_INVALID/)
  })
})

describe('readInputs reports every group at once', () => {
  it('a bad base input does not hide the attestation and target problems', () => {
    let caught: unknown
    try {
      readInputs(
        (n) =>
          ({
            goamd64: 'v9',
            target: 'snp',
            signing: 'sometimes',
            'snp-vcpus': '0'
          })[n] ?? ''
      )
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(EnclaveBuildError)
    const m = (caught as Error).message
    expect(m).toMatch(/goamd64/)
    expect(m).toMatch(/signing/)
    expect(m).toMatch(/snp-vcpus/)
    expect(m).toMatch(/snp-ovmf/) // required, missing
  })
})
