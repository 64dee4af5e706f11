// Inputs QEMU refuses to boot have no measurement: a TDVF with fewer than
// two sections, an unknown section type or a metadata length that does not
// match (hw/i386/tdvf.c, tdvf_parse_metadata), a kernel without the "HdrS"
// boot header or whose setup sectors run past its end (x86_load_linux,
// "qemu: invalid kernel header"), and command lines that are not UTF-8.
import { describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { googleLikeSections, tdvfImage, type GenSection } from './fwgen.js'

jest.unstable_mockModule('@actions/core', () => core)
const { parseTdvf } = await import('../../src/targets/tdx/metadata.js')
const { measureTdx } = await import('../../src/targets/tdx/measure.js')
const { EnclaveBuildError } = await import('../../src/errors.js')
const { cli } = await import('../../src/cli/main.js')
const { tdxOptions } = await import('../../src/targets/tdx/options.js')
const { snpOptions } = await import('../../src/targets/snp/options.js')

const size = 0x40000
const good = googleLikeSections(size)

function refusal(f: () => unknown): InstanceType<typeof EnclaveBuildError> {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(EnclaveBuildError)
    return err as InstanceType<typeof EnclaveBuildError>
  }
  throw new Error('expected a refusal')
}

describe('TDVF metadata QEMU refuses', () => {
  it('accepts the well-formed image', () => {
    expect(parseTdvf(tdvfImage(size, good)).length).toBe(good.length)
  })

  it.each([
    ['no sections', [] as GenSection[]],
    ['one section', good.slice(0, 1)],
    [
      'an unknown section type (7)',
      good.map((s, i) => (i === 1 ? { ...s, type: 7 } : s))
    ],
    [
      'a PERM_MEM section (type 4), which QEMU does not support',
      good.map((s, i) => (i === 1 ? { ...s, type: 4 } : s))
    ],
    [
      'a BFV without raw data',
      good.map((s) => (s.type === 0 ? { ...s, rawDataSize: 0 } : s))
    ],
    [
      'a TD_HOB with raw data',
      good.map((s) =>
        s.type === 2 ? { ...s, rawDataSize: 0x1000, dataOffset: 0 } : s
      )
    ]
  ])('refuses %s (FIRMWARE_INVALID)', (_name, sections) => {
    const e = refusal(() => parseTdvf(tdvfImage(size, sections)))
    expect(e.code).toBe('FIRMWARE_INVALID')
  })

  it('refuses a descriptor length that is not 16 + 32 per section', () => {
    const fw = tdvfImage(size, good)
    fw.writeUInt32LE(16 + 32 * good.length + 32, 0x100 + 16 + 4)
    expect(refusal(() => parseTdvf(fw)).code).toBe('FIRMWARE_INVALID')
  })
})

/** A bzImage head: the PE header OVMF reads and the Linux setup header. */
function bzImage(len = 0x3000, setupSects = 4, magic = 'HdrS'): Buffer {
  const k = Buffer.alloc(len, 0x5a)
  k.writeUInt32LE(0x80, 0x3c) // e_lfanew
  k.writeUInt32LE(0x4550, 0x80) // "PE\0\0"
  k.writeUInt16LE(1, 0x84 + 2) // one section
  k.writeUInt16LE(240, 0x84 + 16) // SizeOfOptionalHeader (PE32+)
  const opt = 0x98
  k.writeUInt16LE(0x20b, opt)
  k.writeUInt32LE(0x1000, opt + 60) // SizeOfHeaders
  k.fill(0, opt + 112 + 32, opt + 112 + 40) // no certificate table
  k.writeUInt32LE(len - 0x1000, opt + 240 + 16) // SizeOfRawData
  k.writeUInt32LE(0x1000, opt + 240 + 20) // PointerToRawData
  k[0x1f1] = setupSects
  k.write(magic, 0x202, 'latin1')
  k.writeUInt16LE(0x20c, 0x206)
  return k
}

describe('kernels QEMU refuses', () => {
  const measure = (kernel: Buffer, cmdline = 'console=hvc0') =>
    measureTdx({
      firmware: tdvfImage(size, good),
      memory: 2n ** 31n,
      kernel,
      initrd: Buffer.from('x'),
      cmdline
    })

  it('measures a kernel with the header', () => {
    expect(measure(bzImage()).rtmr1).toMatch(/^[0-9a-f]{96}$/)
  })

  it('refuses a kernel without the HdrS magic', () => {
    const e = refusal(() => measure(bzImage(0x3000, 4, 'XXXX')))
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.message).toMatch(/HdrS/)
  })

  it('refuses setup sectors that run past the end (QEMU: invalid kernel header)', () => {
    // 0x1f1 = 0xff: (255 + 1) * 512 = 128 KiB of setup in a 12 KiB file
    const e = refusal(() => measure(bzImage(0x3000, 0xff)))
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.message).toMatch(/setup sectors/)
  })
})

describe('command lines that are not UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-utf8-'))
  const fw = join(dir, 'OVMF.fd')
  writeFileSync(fw, tdvfImage(size, good))
  const kernel = join(dir, 'bzImage')
  writeFileSync(kernel, bzImage())
  const initrd = join(dir, 'initrd')
  writeFileSync(initrd, 'x')

  async function run(argv: string[]) {
    let stderr = ''
    const status = await cli(argv, {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      cwd: dir,
      env: {}
    })
    return { status, stderr }
  }

  // what Node makes of the bytes "console=\xff" and "console=\xfe" in argv:
  // both become "console=\uFFFD", so both would measure the same
  const decoded = Buffer.from('console=\xff', 'latin1').toString('utf8')

  it('the decoded forms of two different byte strings are equal', () => {
    expect(decoded).toBe(Buffer.from('console=\xfe', 'latin1').toString('utf8'))
  })

  it('tdx measure --cmdline refuses U+FFFD', async () => {
    const r = await run([
      'tdx',
      'measure',
      '--bios',
      fw,
      '--kernel',
      kernel,
      '--initrd',
      initrd,
      '--cmdline',
      decoded
    ])
    expect(r.stderr).toMatch(/^error\[INPUT_INVALID\].*UTF-8/)
    expect(r.status).toBe(2)
  })

  it('snp measure --append refuses U+FFFD', async () => {
    const r = await run([
      'snp',
      'measure',
      '--mode',
      'snp',
      '--vcpus',
      '1',
      '--vcpu-type',
      'EPYC-v4',
      '--ovmf',
      fw,
      '--kernel',
      kernel,
      '--append',
      decoded
    ])
    expect(r.stderr).toMatch(/^error\[INPUT_INVALID\].*UTF-8/)
    expect(r.status).toBe(2)
  })

  it.each([
    ['tdx-cmdline', tdxOptions],
    ['snp-cmdline', snpOptions]
  ])('the action input %s refuses U+FFFD', (name, schema) => {
    const r = schema.shape[name as never] as unknown as {
      safeParse: (v: string) => { success: boolean }
    }
    expect(r.safeParse(decoded).success).toBe(false)
    expect(r.safeParse('console=ttyS0 é').success).toBe(true)
  })
})
