import { afterAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureTdx, acpiDigests } from '../../src/targets/tdx/measure.js'
import { gceMrtd } from '../../src/targets/tdx/gce.js'
import { runCli } from '../snp/helpers.js'
import { googleLikeSections, tdvfImage } from './fwgen.js'

const dir = mkdtempSync(join(tmpdir(), 'tdx-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, data: Uint8Array): string => {
  const p = join(dir, name)
  writeFileSync(p, data)
  return p
}
const size = 0x40000
const fw = tdvfImage(size, googleLikeSections(size))
const kernel = Buffer.alloc(0x2000)
kernel.writeUInt32LE(0x80, 0x3c)
kernel.writeUInt32LE(0x4550, 0x80)
kernel.writeUInt16LE(240, 0x84 + 16)
kernel.writeUInt16LE(0x20b, 0x98)
kernel.writeUInt32LE(0x1000, 0x98 + 60)
kernel.write('HdrS', 0x202, 'latin1') // as in every bzImage
kernel.writeUInt16LE(0x20c, 0x206)
const paths = {
  bios: file('OVMF.fd', fw),
  kernel: file('bzImage', kernel),
  initrd: file('initrd', Buffer.from('cpio')),
  loader: file('loader', Buffer.from('L')),
  rsdp: file('rsdp', Buffer.from('R')),
  tables: file('tables', Buffer.from('T'))
}

describe('enclave-build tdx measure', () => {
  test('regression: all four registers with dstack-mr-style flags, JSON as dstack-mr prints it (values from our measureTdx; independent: debian-vectors.test.ts)', async () => {
    const r = await runCli([
      'tdx',
      'measure',
      '--bios',
      paths.bios,
      '--kernel',
      paths.kernel,
      '--initrd',
      paths.initrd,
      '--cmdline',
      'console=hvc0',
      '-m',
      '4G',
      '--acpi-tables',
      paths.tables,
      '--acpi-rsdp',
      paths.rsdp,
      '--acpi-loader',
      paths.loader,
      '--qemu-version',
      '8.2.2',
      '--json'
    ])
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual(
      measureTdx({
        firmware: fw,
        memory: 4n << 30n,
        order: 'two-pass',
        kernel,
        initrd: Buffer.from('cpio'),
        cmdline: 'console=hvc0',
        acpi: acpiDigests(Buffer.from('L'), Buffer.from('R'), Buffer.from('T'))
      })
    )
  })
  test('regression: a dstack metadata.json: paths beside it, " initrd=initrd" appended (values from our measureTdx)', async () => {
    const meta = file(
      'metadata.json',
      Buffer.from(
        JSON.stringify({
          bios: 'OVMF.fd',
          kernel: 'bzImage',
          initrd: 'initrd',
          cmdline: 'ro'
        })
      )
    )
    const r = await runCli(['tdx', 'measure', meta])
    const want = measureTdx({
      firmware: fw,
      memory: 2n << 30n,
      kernel,
      initrd: Buffer.from('cpio'),
      cmdline: 'ro initrd=initrd'
    })
    expect(r.stdout).toBe(
      `Machine measurements:\nMRTD: ${want.mrtd}\nRTMR1: ${want.rtmr1}\nRTMR2: ${want.rtmr2}\n`
    )
  })
  test('regression: --gce-shape gives the GCE MRTD (value from our gceMrtd; independent: debian-vectors.test.ts, differential.test.ts)', async () => {
    const r = await runCli([
      'tdx',
      'measure',
      '--bios',
      paths.bios,
      '--gce-shape',
      'c3-standard-8',
      '--json'
    ])
    expect(JSON.parse(r.stdout)).toEqual({
      mrtd: Buffer.from(gceMrtd(fw, 'c3-standard-8')).toString('hex')
    })
  })
  test.each([
    [['--bios', 'x', '--pic', 'true'], 'ACPI tables'],
    [['--bios', 'x', '--acpi-tables', 'y'], 'all three'],
    [['--bios', 'x', '--qemu-version', '7.2.0'], 'not supported'],
    [['--bios', 'x', '-m', 'lots'], 'memory size'],
    [['--bios', 'x', '--two-pass-add-pages', 'yes'], 'true or false'],
    [['--bios', 'x', '--kernel', 'k'], '--kernel needs --initrd']
  ])('refuses %j', async (args, message) => {
    const r = await runCli(['tdx', 'measure', ...args])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
  })
  test('a missing firmware file is a coded error', async () => {
    const r = await runCli(['tdx', 'measure', '--bios', join(dir, 'nope')])
    expect(r.stderr).toMatch(/^error\[FILE_NOT_FOUND\]/)
  })
})
