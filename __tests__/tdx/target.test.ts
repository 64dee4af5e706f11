import { afterAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noExec } from '../../__fixtures__/no-exec.js'
import { buildInitrd } from '../../src/targets/cvm/initrd.js'
import type { TargetContext } from '../../src/targets/target.js'
import { measureTdx, acpiDigests } from '../../src/targets/tdx/measure.js'
import { tdxOptions } from '../../src/targets/tdx/options.js'
import { tdxTarget } from '../../src/targets/tdx/target.js'
import { googleLikeSections, tdvfImage } from './fwgen.js'

const dir = mkdtempSync(join(tmpdir(), 'tdx-target-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, data: Uint8Array): string => {
  writeFileSync(join(dir, name), data)
  return join(dir, name)
}
const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')
const fw = tdvfImage(0x40000, googleLikeSections(0x40000))
const kernel = Buffer.alloc(0x2000)
kernel.writeUInt32LE(0x80, 0x3c)
kernel.writeUInt32LE(0x4550, 0x80)
kernel.writeUInt16LE(240, 0x84 + 16)
kernel.writeUInt16LE(0x20b, 0x98)
kernel.writeUInt32LE(0x1000, 0x98 + 60)
kernel.write('HdrS', 0x202, 'latin1') // as in every bzImage
kernel.writeUInt16LE(0x20c, 0x206)
const binary = Buffer.from('\x7fELF go binary')

function ctx(): TargetContext {
  return {
    build: {} as TargetContext['build'],
    binaryPath: file('app', binary),
    outDir: dir,
    commitTime: new Date(0),
    exec: noExec,
    env: {},
    log: () => undefined,
    warn: () => undefined
  }
}

describe('tdx target', () => {
  const base = {
    'tdx-ovmf': file('OVMF.fd', fw),
    'tdx-ovmf-sha256': sha256(fw),
    'tdx-kernel': file('bzImage', kernel),
    'tdx-kernel-sha256': sha256(kernel)
  }
  test('regression: initrd with the binary as /init; MRTD, RTMR0-2 as measurements with sha256 lookup digests (values from our measureTdx)', async () => {
    const o = tdxOptions.parse({
      ...base,
      'tdx-acpi-tables': file('t', Buffer.from('T')),
      'tdx-acpi-rsdp': file('r', Buffer.from('R')),
      'tdx-acpi-loader': file('l', Buffer.from('L')),
      'tdx-qemu-version': '8.2.2'
    })
    const r = await tdxTarget.run(ctx(), o)
    const initrd = buildInitrd(binary)
    expect(readFileSync(r.outputs['initrd-path'])).toEqual(Buffer.from(initrd))
    const want = measureTdx({
      firmware: fw,
      memory: 2n << 30n,
      order: 'two-pass',
      kernel,
      initrd,
      cmdline: 'console=hvc0',
      acpi: acpiDigests(Buffer.from('L'), Buffer.from('R'), Buffer.from('T'))
    })
    expect(r.measurements.map((m) => [m.name, m.value])).toEqual([
      ['MRTD', want.mrtd],
      ['RTMR0', want.rtmr0],
      ['RTMR1', want.rtmr1],
      ['RTMR2', want.rtmr2]
    ])
    for (const m of r.measurements)
      expect(m.lookupDigest).toBe(sha256(Buffer.from(m.value, 'hex')))
    expect(r.outputs).toMatchObject({
      mrtd: want.mrtd,
      rtmr0: want.rtmr0,
      rtmr1: want.rtmr1,
      rtmr2: want.rtmr2
    })
  })
  test('without ACPI blobs: no RTMR0, said in a warning', async () => {
    const warnings: string[] = []
    const r = await tdxTarget.run(
      { ...ctx(), warn: (m) => warnings.push(m) },
      tdxOptions.parse(base)
    )
    expect(r.measurements.map((m) => m.name)).toEqual([
      'MRTD',
      'RTMR1',
      'RTMR2'
    ])
    expect(warnings.join()).toContain('RTMR0')
  })
  test('a changed firmware fails its pin', async () => {
    await expect(
      tdxTarget.run(
        ctx(),
        tdxOptions.parse({ ...base, 'tdx-ovmf-sha256': '0'.repeat(64) })
      )
    ).rejects.toMatchObject({ code: 'PIN_MISMATCH' })
  })
})
