/**
 * The whole action (build -> nitro target -> attestation) with signing: key,
 * checking that no byte of the key or its password reaches anything the
 * runner shows or keeps: logs, outputs, the job summary, stdout/stderr, or
 * the files written.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { generateSigningKey } from '../../src/attest/key.js'
import { verifyBundleWithKey } from '../../src/attest/key-verify.js'

jest.unstable_mockModule('@actions/core', () => core)

const { run } = await import('../../src/main.js')
const { readInputs } = await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')

const blobs = join(process.cwd(), 'examples', 'nitro', 'blobs')

beforeEach(() => core.resetCore())

describe('the action with signing: key', () => {
  it('signs the measurement and never shows the key', async () => {
    const password = 'pw-for-the-action-test'
    const { privateKeyPem, publicKeyPem } = generateSigningKey(password)
    const base64Body = privateKeyPem.replace(/-----[^-]+-----|\s/g, '')
    const dir = makeRepo('nodeps')
    const out = mkdtempSync(join(tmpdir(), 'eb-attest-action-'))
    const all: Record<string, string> = {
      'output-directory': out,
      output: 'svc',
      'rebuild-check': 'false',
      cache: 'false',
      target: 'nitro',
      'nitro-kernel': join(blobs, 'bzImage.standin'),
      'nitro-init': join(blobs, 'init.standin'),
      'nitro-nsm': join(blobs, 'nsm.ko.standin'),
      'nitro-cmdline': join(blobs, 'cmdline'),
      signing: 'key',
      'attestation-key': privateKeyPem,
      'attestation-key-password': password
    }
    const printed: string[] = []
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((c) => {
        printed.push(String(c))
        return true
      }),
      jest.spyOn(process.stderr, 'write').mockImplementation((c) => {
        printed.push(String(c))
        return true
      })
    ]
    try {
      await run({
        exec,
        env: { ...process.env, GITHUB_WORKSPACE: dir, RUNNER_OS: 'Linux' },
        cache: {
          restoreCache: () => Promise.resolve(undefined),
          saveCache: () => Promise.resolve(1)
        },
        inputs: () => readInputs((name) => all[name] ?? '')
      })
    } finally {
      for (const s of spies) s.mockRestore()
    }
    expect(core.written.filter((w) => w.startsWith('failed'))).toEqual([])
    // The key was masked as soon as it was read.
    expect(core.setSecret).toHaveBeenCalledWith(privateKeyPem)
    const bundlePath = core.outputs['bundle-path']
    expect(bundlePath).toBe(join(out, 'svc.sigstore.json'))
    const statement = verifyBundleWithKey(
      JSON.parse(readFileSync(bundlePath, 'utf8')),
      publicKeyPem
    )
    expect(statement.subject.map((s) => s.name)).toContain('measurement:PCR0')

    const files = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .map((f) => join(out, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => readFileSync(f).toString('latin1'))
    const everything = [
      core.written.join('\n'),
      core.summary.text(),
      JSON.stringify(core.outputs),
      printed.join(''),
      ...files
    ].join('\n')
    expect(everything).toContain('measurement:PCR0')
    for (let i = 0; i + 16 <= base64Body.length; i += 8)
      expect(everything).not.toContain(base64Body.slice(i, i + 16))
    expect(everything).not.toContain(password)
  })
})
