import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noExec } from '../../__fixtures__/no-exec.js'
import { fixture, UKI_FIXTURES } from '../../__fixtures__/uki/files.js'
import { buildInitrd } from '../../src/targets/cvm/initrd.js'
import type { TargetContext } from '../../src/targets/target.js'
import { ukiOptions } from '../../src/targets/uki/options.js'
import { ukiTarget } from '../../src/targets/uki/target.js'

// The target's own values are checked against ukify (same bytes) and
// nitro-tpm-pcr-compute (same PCRs) when those oracles are installed; the
// first test is a regression test of its shape.

const dir = mkdtempSync(join(tmpdir(), 'uki-target-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')
const binary = Buffer.from('\x7fELF a Go binary')
const stub = fixture('synthetic/stub-257.efi')
const kernel = fixture('synthetic/kernel.efi')
const warnings: string[] = []

function ctx(): TargetContext {
  writeFileSync(join(dir, 'app'), binary)
  return {
    build: {} as TargetContext['build'],
    binaryPath: join(dir, 'app'),
    outDir: dir,
    commitTime: new Date(0),
    exec: noExec,
    env: {},
    log: () => undefined,
    warn: (m) => warnings.push(m)
  }
}
const base = {
  'uki-stub': join(UKI_FIXTURES, 'synthetic/stub-257.efi'),
  'uki-stub-sha256': sha256(stub),
  'uki-kernel': join(UKI_FIXTURES, 'synthetic/kernel.efi'),
  'uki-kernel-sha256': sha256(kernel)
}
const sb = {
  'uki-secure-boot-pk': join(UKI_FIXTURES, 'synthetic/PK.esl'),
  'uki-secure-boot-kek': join(UKI_FIXTURES, 'synthetic/KEK.esl'),
  'uki-secure-boot-db': join(UKI_FIXTURES, 'synthetic/db.esl'),
  'uki-secure-boot-dbx': join(UKI_FIXTURES, 'synthetic/dbx.esl')
}

describe('uki target', () => {
  it('regression: the Go binary in the initrd, the UKI, PCR4/11/12 attested, PCR7 only with Secure Boot inputs', async () => {
    const r = await ukiTarget.run(ctx(), ukiOptions.parse(base))
    const uki = readFileSync(r.outputs['uki-path'])
    expect(
      readFileSync(r.outputs['initrd-path']).equals(
        Buffer.from(buildInitrd(binary))
      )
    ).toBe(true)
    expect(r.artifacts.map((a) => a.kind)).toEqual(['uki', 'initrd'])
    expect(r.artifacts[0].sha256).toBe(sha256(uki))
    expect(r.measurements.map((m) => m.name)).toEqual([
      'PCR4',
      'PCR11',
      'PCR12'
    ])
    expect(r.outputs.pcr12).toBe('00'.repeat(48))
    expect(warnings.join('')).toMatch(/PCR7 is computed for Secure Boot off/)
    const withSb = await ukiTarget.run(
      ctx(),
      ukiOptions.parse({ ...base, ...sb })
    )
    expect(withSb.measurements.map((m) => m.name)).toContain('PCR7')
    // Secure Boot on: a 257 stub loads the kernel itself, so PCR4 changes
    expect(withSb.outputs.pcr4).not.toBe(r.outputs.pcr4)
  })

  it('refuses a stub that is not the pinned one', async () => {
    await expect(
      ukiTarget.run(
        ctx(),
        ukiOptions.parse({ ...base, 'uki-stub-sha256': '0'.repeat(64) })
      )
    ).rejects.toMatchObject({ code: 'PIN_MISMATCH' })
  })

  const ukify = process.env.UKIFY ?? ''
  ;(ukify && existsSync(ukify) ? describe : describe.skip)(
    'against ukify (needs UKIFY from .ci/uki-oracle.sh)',
    () => {
      it('writes the UKI ukify writes from the same initrd', async () => {
        const r = await ukiTarget.run(
          ctx(),
          ukiOptions.parse({
            ...base,
            'uki-cmdline': 'console=ttyS0 init=/init'
          })
        )
        const out = join(dir, 'ukify.efi')
        const p = spawnSync(
          ukify,
          [
            'build',
            '--stub',
            base['uki-stub'],
            '--linux',
            base['uki-kernel'],
            '--initrd',
            r.outputs['initrd-path'],
            '--cmdline',
            'console=ttyS0 init=/init',
            '--os-release=',
            '--uname=',
            '--output',
            out
          ],
          { encoding: 'utf8' }
        )
        expect(p.status).toBe(0)
        expect(
          readFileSync(r.outputs['uki-path']).equals(readFileSync(out))
        ).toBe(true)
      })
    }
  )

  const oracle = process.env.NITRO_TPM_PCR_COMPUTE ?? ''
  ;(oracle && existsSync(oracle) ? describe : describe.skip)(
    'against nitro-tpm-pcr-compute (needs NITRO_TPM_PCR_COMPUTE from .ci/nitro-tpm-pcr.sh)',
    () => {
      it('outputs the PCRs nitro-tpm-pcr-compute computes', async () => {
        for (const extra of [{}, sb] as Record<string, string>[]) {
          const r = await ukiTarget.run(
            ctx(),
            ukiOptions.parse({ ...base, ...extra })
          )
          const args = ['--image', r.outputs['uki-path']]
          const flag: Record<string, string> = {
            'uki-secure-boot-pk': '--PK',
            'uki-secure-boot-kek': '--KEK',
            'uki-secure-boot-db': '--db',
            'uki-secure-boot-dbx': '--dbx'
          }
          for (const [k, v] of Object.entries(extra)) args.push(flag[k], v)
          const p = spawnSync(oracle, args, { encoding: 'utf8' })
          const want = JSON.parse(p.stdout) as {
            Measurements: Record<string, string>
          }
          expect({
            PCR4: r.outputs.pcr4,
            PCR7: r.outputs.pcr7,
            PCR12: r.outputs.pcr12
          }).toEqual({
            PCR4: want.Measurements.PCR4,
            PCR7: want.Measurements.PCR7,
            PCR12: want.Measurements.PCR12
          })
        }
      })
    }
  )
})
