/**
 * The whole action with `publish:` set: a real Go build, the SNP target on
 * stand-in firmware, a key-signed attestation, the push to a real registry
 * on loopback, and then `verify --bundle oci://…` from the outputs alone.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { allInputs } from '../snp/fwgen.js'
import {
  REGISTRY_DISTRIBUTION,
  startRegistry,
  type Registry
} from './registry.js'

jest.unstable_mockModule('@actions/core', () => core)

const { run } = await import('../../src/main.js')
const { readInputs } = await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')
const { generateSigningKey } = await import('../../src/attest/key.js')
const { cli } = await import('../../src/cli/main.js')

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

;(REGISTRY_DISTRIBUTION ? describe : describe.skip)(
  `the action with publish:${REGISTRY_DISTRIBUTION ? '' : ' (needs $REGISTRY_DISTRIBUTION from .ci/registry.sh)'}`,
  () => {
    let reg: Registry
    beforeAll(async () => {
      reg = await startRegistry(REGISTRY_DISTRIBUTION)
    })
    afterAll(async () => reg.stop())
    beforeEach(() => core.resetCore())

    it('builds, measures, signs, pushes; verify finds it by the oci:// reference', async () => {
      const dir = makeRepo('nodeps')
      const out = mkdtempSync(join(tmpdir(), 'eb-publish-'))
      const fw = allInputs()['fw-1M-std.fd']
      const kernel = allInputs()['kernel-a.bin']
      writeFileSync(join(out, 'OVMF.fd'), fw)
      writeFileSync(join(out, 'bzImage'), kernel)
      const { privateKeyPem, publicKeyPem } = generateSigningKey()
      writeFileSync(join(out, 'key.pub'), publicKeyPem)
      const values: Record<string, string> = {
        'output-directory': join(out, 'artefacts'),
        output: 'svc',
        'rebuild-check': 'false',
        cache: 'false',
        target: 'snp',
        'snp-ovmf': join(out, 'OVMF.fd'),
        'snp-ovmf-sha256': sha256(fw),
        'snp-kernel': join(out, 'bzImage'),
        'snp-kernel-sha256': sha256(kernel),
        signing: 'key',
        'attestation-key': privateKeyPem,
        publish: `oci://${reg.host}/acme/svc:v1`
      }
      await run({
        exec,
        env: { ...process.env, GITHUB_WORKSPACE: dir, RUNNER_OS: 'Linux' },
        cache: {
          restoreCache: () => Promise.resolve(undefined),
          saveCache: () => Promise.resolve(0)
        },
        inputs: () => readInputs((n) => values[n] ?? '')
      })
      expect(core.setFailed).not.toHaveBeenCalled()
      const digest = core.outputs['oci-digest']
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(core.outputs['oci-reference']).toBe(
        `oci://${reg.host}/acme/svc@${digest}`
      )
      // From the published reference and the public key alone.
      const printed: string[] = []
      const errors: string[] = []
      const status = await cli(
        [
          'verify',
          '--bundle',
          core.outputs['oci-reference'],
          '--public-key',
          join(out, 'key.pub'),
          '--json'
        ],
        {
          stdout: (t) => void printed.push(t),
          stderr: (t) => void errors.push(t),
          cwd: out,
          env: {}
        }
      )
      expect(errors.join('')).not.toMatch(/error\[/)
      expect(status).toBe(0)
      const result = JSON.parse(printed.join('')) as {
        measurement: string
        target: string
        artifact: { digest: string; layersChecked: string[] }
      }
      expect(result.measurement).toBe(core.outputs.measurement)
      expect(result.target).toBe('snp')
      expect(result.artifact.digest).toBe(digest)
      // The SNP artifact is the initrd, which carries the binary as /init.
      expect(result.artifact.layersChecked).toEqual(['initrd.cpio'])
    }, 120_000)
  }
)
