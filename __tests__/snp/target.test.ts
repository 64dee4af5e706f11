import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BuildRecord } from '../../src/model/build-record.js'
import { snpOptions } from '../../src/targets/snp/options.js'
import { snpTarget } from '../../src/targets/snp/target.js'
import { noExec } from '../../__fixtures__/no-exec.js'
import type { TargetContext } from '../../src/targets/target.js'
import { firmware, STD, stdEntries } from './fwgen.js'
import { oracle, runCli } from './helpers.js'
import { spawnSync } from 'node:child_process'

// The action's SNP target: pins, initrd, digest, QEMU options.

let dir: string
let ctx: TargetContext
const sha = (p: string): string =>
  createHash('sha256').update(readFileSync(p)).digest('hex')
const warnings: string[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-target-'))
  writeFileSync(
    join(dir, 'OVMF.fd'),
    firmware({
      size: 256 * 1024,
      seed: 't',
      sections: STD,
      entries: stdEntries()
    })
  )
  writeFileSync(join(dir, 'bzImage'), Buffer.from('not really a kernel'))
  writeFileSync(join(dir, 'app'), Buffer.from('\x7fELF the go binary'))
  ctx = {
    build: {} as BuildRecord,
    binaryPath: join(dir, 'app'),
    outDir: dir,
    commitTime: new Date(0),
    exec: noExec,
    env: {},
    log: () => undefined,
    warn: (m) => warnings.push(m)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const inputs = (over: Record<string, string> = {}): Record<string, string> => ({
  'snp-ovmf': join(dir, 'OVMF.fd'),
  'snp-ovmf-sha256': sha(join(dir, 'OVMF.fd')),
  'snp-kernel': join(dir, 'bzImage'),
  'snp-kernel-sha256': sha(join(dir, 'bzImage')),
  'snp-vcpus': '4',
  'snp-vcpu-type': 'EPYC-Milan',
  'snp-cmdline': 'console=ttyS0 quiet',
  ...over
})

/** The target's run and the CLI's digest over the same inputs and initrd. */
async function targetAndCli(): Promise<{
  r: Awaited<ReturnType<typeof snpTarget.run>>
  args: string[]
  cli: { stdout: string }
}> {
  const r = await snpTarget.run(ctx, snpOptions.parse(inputs()))
  const initrd = r.outputs['initrd-path']
  expect(r.artifacts).toEqual([
    { kind: 'initrd', path: initrd, sha256: sha(initrd) }
  ])
  const args = [
    '--mode',
    'snp',
    '--vcpus',
    '4',
    '--vcpu-type',
    'EPYC-Milan',
    '--ovmf',
    join(dir, 'OVMF.fd'),
    '--kernel',
    join(dir, 'bzImage'),
    '--initrd',
    initrd,
    '--append',
    'console=ttyS0 quiet'
  ]
  const cli = await runCli(['snp', 'measure', ...args])
  expect(`${r.outputs.measurement}\n`).toBe(cli.stdout)
  return { r, args, cli }
}

const exe = oracle()

describe('snp target', () => {
  test('defaults of the options', () => {
    const o = snpOptions.parse({
      'snp-ovmf': 'a',
      'snp-ovmf-sha256': 'a'.repeat(64),
      'snp-kernel': 'k',
      'snp-kernel-sha256': 'b'.repeat(64)
    })
    expect(o).toMatchObject({
      'snp-vcpus': '1',
      'snp-vcpu-type': 'EPYC-v4',
      'snp-vmm-type': 'QEMU',
      'snp-guest-features': '0x1'
    })
    expect(snpOptions.safeParse({ ...o, 'snp-vcpus': '0' }).success).toBe(false)
  })

  test('regression: the target measures what our command line measures over the same initrd', async () => {
    const { r, cli } = await targetAndCli()
    expect(`${r.outputs.measurement}\n`).toBe(cli.stdout)
    expect(r.measurements[0]).toMatchObject({
      name: 'SNP_LAUNCH_DIGEST',
      algorithm: 'sha384',
      value: r.outputs.measurement
    })
    expect(r.measurements[0].lookupDigest).toBe(
      createHash('sha256')
        .update(Buffer.from(r.outputs.measurement, 'hex'))
        .digest('hex')
    )
    expect(r.outputs['qemu-options']).toBe(
      `-machine q35,confidential-guest-support=sev0,vmport=off -object sev-snp-guest,id=sev0,cbitpos=51,reduced-phys-bits=1,kernel-hashes=on -cpu EPYC-Milan -smp 4 -bios ${join(dir, 'OVMF.fd')} -kernel ${join(dir, 'bzImage')} -initrd ${r.outputs['initrd-path']} -append 'console=ttyS0 quiet'`
    )
    expect(r.pinned.map((p) => p.name)).toEqual(['ovmf', 'kernel'])
  })

  ;(exe === undefined ? describe.skip : describe)(
    `sev-snp-measure${exe === undefined ? ' (needs $SEV_SNP_MEASURE from .ci/snp-oracle.sh)' : ''}`,
    () => {
      test('gives the same digest', async () => {
        const { args, cli } = await targetAndCli()
        expect(
          spawnSync(exe as string, args, { encoding: 'utf8' }).stdout
        ).toBe(cli.stdout)
      })
    }
  )

  test('the initrd is the same on every run', async () => {
    const a = readFileSync(
      (await snpTarget.run(ctx, snpOptions.parse(inputs()))).outputs[
        'initrd-path'
      ]
    )
    const b = readFileSync(
      (await snpTarget.run(ctx, snpOptions.parse(inputs()))).outputs[
        'initrd-path'
      ]
    )
    expect(a.equals(b)).toBe(true)
  })

  test('a changed firmware fails on its pin', async () => {
    await expect(
      snpTarget.run(
        ctx,
        snpOptions.parse(inputs({ 'snp-ovmf-sha256': '0'.repeat(64) }))
      )
    ).rejects.toMatchObject({
      code: 'PIN_MISMATCH'
    })
  })

  test('a vCPU signature instead of a type measures but gives no QEMU line', async () => {
    warnings.length = 0
    const bySig = await snpTarget.run(
      ctx,
      snpOptions.parse(inputs({ 'snp-vcpu-type': '0xa00f11' }))
    )
    const byName = await snpTarget.run(ctx, snpOptions.parse(inputs()))
    expect(bySig.outputs.measurement).toBe(byName.outputs.measurement)
    expect(bySig.outputs['qemu-options']).toBe('')
    expect(warnings.length).toBe(1)
    await expect(
      snpTarget.run(
        ctx,
        snpOptions.parse(inputs({ 'snp-vcpu-type': 'Opteron' }))
      )
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID'
    })
  })
})
