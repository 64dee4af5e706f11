import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { LaunchDigest, PageType } from '../../src/targets/snp/digest.js'
import { guidBytesLe, guidFromBytesLe } from '../../src/targets/cvm/guid.js'
import {
  hashesPage,
  hashesTable,
  sevHashes
} from '../../src/targets/snp/hashes.js'
import { parsePyInt, parsePyIntAuto } from '../../src/targets/snp/pyint.js'
import { cpuSig, CPU_SIGS } from '../../src/targets/snp/vcpu.js'
import { BSP_EIP, vmsaPage } from '../../src/targets/snp/vmsa.js'
import { filler } from './fwgen.js'
import { FIXTURES } from './helpers.js'

// The pieces checked one by one against the d1 trace sev-snp-measure wrote.

const trace = readFileSync(join(FIXTURES, 'd1.trace.tsv'), 'utf8').split('\n')
const header = (key: string): string => {
  const line = trace.find((l) => l.startsWith(`# ${key}\t`))
  if (line === undefined) throw new Error(`no ${key} in trace`)
  return line.split('\t')[1]
}
const sha384 = (b: Uint8Array): string =>
  createHash('sha384').update(b).digest('hex')

describe('d1 trace', () => {
  const kernel = filler('kernel-a', 18000)
  const initrd = filler('initrd-a', 65536)
  test('SEV hashes table', () => {
    const table = hashesTable(
      sevHashes(kernel, initrd, 'console=ttyS0 root=/dev/vda')
    )
    expect(Buffer.from(table).toString('hex')).toBe(header('sev_hashes_table'))
  })
  test('VMSA pages (EPYC-v4, QEMU, features 0x1)', () => {
    expect(sha384(vmsaPage(BSP_EIP, 1n, CPU_SIGS['EPYC-v4'], 'QEMU'))).toBe(
      header('vmsa_bsp_sha384')
    )
    expect(sha384(vmsaPage(0x80b004, 1n, CPU_SIGS['EPYC-v4'], 'QEMU'))).toBe(
      header('vmsa_ap_sha384')
    )
  })
  test('every PAGE_INFO update', () => {
    const rows = trace.filter((l) => /^\d/.test(l)).map((l) => l.split('\t'))
    expect(rows.length).toBeGreaterThan(256)
    const ld = new LaunchDigest()
    for (const [, type, gpa, contents, after] of rows) {
      ld.update(Number(type), Number(gpa), Buffer.from(contents, 'hex'))
      expect(Buffer.from(ld.digest()).toString('hex')).toBe(after)
    }
  })
})

describe('pieces', () => {
  test('GUID bytes_le round trip', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) =>
        expect(guidFromBytesLe(guidBytesLe(u))).toBe(u.toLowerCase())
      )
    )
    expect(
      Buffer.from(guidBytesLe('96b582de-1fb2-45f7-baea-a366c55a082d')).toString(
        'hex'
      )
    ).toBe('de82b596b21ff745baeaa366c55a082d')
  })
  test('vCPU signatures', () => {
    expect(CPU_SIGS['EPYC-v4']).toBe(0x800f12n)
    expect(CPU_SIGS['EPYC-Rome']).toBe(0x830f10n)
    expect(CPU_SIGS['EPYC-Milan']).toBe(0xa00f11n)
    expect(CPU_SIGS['EPYC-Genoa']).toBe(0xa10f10n)
    expect(CPU_SIGS['EPYC-Turin']).toBe(0xb00f00n)
    expect(cpuSig(6n, 0x55n, 4n)).toBe(0x50654n)
  })
  test('VMSA layout: ec2 and gce differences', () => {
    const ec2 = Buffer.from(vmsaPage(BSP_EIP, 1n, 0x800f12n, 'ec2'))
    expect(ec2.readUInt16LE(0x12)).toBe(0x9a) // cs attrib of the BSP
    expect(ec2.readBigUInt64LE(0x310)).toBe(0x600n)
    const gce = Buffer.from(vmsaPage(0x80b004, 0x21n, 0x800f12n, 'gce'))
    expect(gce.readBigUInt64LE(0x268)).toBe(0x70106n)
    expect(gce.readBigUInt64LE(0x3b0)).toBe(0x21n)
    expect(gce.readBigUInt64LE(0x18)).toBe(0x800000n) // cs base of an AP
    expect(gce.readBigUInt64LE(0x178)).toBe(0xb004n) // rip
  })
  test('hashes page refuses a table crossing its page', () => {
    const h = sevHashes(new Uint8Array(1), undefined, undefined)
    expect(hashesPage(h, 0xf50).length).toBe(4096)
    expect(() => hashesPage(h, 0xf51)).toThrow(
      expect.objectContaining({ code: 'FIRMWARE_INVALID' })
    )
  })
  test('a seed of the wrong length is refused at the first update', () => {
    const ld = new LaunchDigest(new Uint8Array(47))
    expect(() => ld.updateSpecialPage(PageType.SECRETS, 0)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' })
    )
  })
})

describe('Python integer spellings', () => {
  test.each([
    ['0x21', 0x21n],
    ['0X_2_1', 0x21n],
    ['33', 33n],
    ['0', 0n],
    ['00', 0n],
    ['-0x1', -1n],
    [' 7 ', 7n],
    ['0b101', 5n],
    ['0o17', 15n],
    ['1_000', 1000n]
  ])('int(%j, 0)', (s, v) => expect(parsePyIntAuto(s)).toBe(v))
  test.each(['', '0x', '012', '1__0', '_1', '1_', '0xg', 'abc', '1.0', '--1'])(
    'int(%j, 0) refused',
    (s) => expect(parsePyIntAuto(s)).toBeUndefined()
  )
  test('int() is decimal only', () => {
    expect(parsePyInt('012')).toBe(12n)
    expect(parsePyInt('-3')).toBe(-3n)
    expect(parsePyInt('0x1')).toBeUndefined()
  })
  test('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parsePyInt(s)
        parsePyIntAuto(s)
      })
    )
  })
})
