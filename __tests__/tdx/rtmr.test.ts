import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { authenticodeSha384 } from '../../src/pe/authenticode.js'
import { efiVariableDigest, replay } from '../../src/targets/tdx/eventlog.js'
import {
  patchKernel,
  rtmr1Log,
  rtmr2Log
} from '../../src/targets/tdx/kernel.js'
import { acpiDigests, measureTdx } from '../../src/targets/tdx/measure.js'
import { parseTdvf } from '../../src/targets/tdx/metadata.js'
import { tdHobHash } from '../../src/targets/tdx/tdhob-qemu.js'
import { googleLikeSections, tdvfImage } from './fwgen.js'

const sha384 = (b: Uint8Array): Buffer =>
  createHash('sha384').update(b).digest()

/** A minimal PE32+ bzImage-like file: setup header fields, one section covering the rest. */
function fakeKernel(size = 0x3000, protocol = 0x20c, xlf = 0x40): Buffer {
  const k = Buffer.alloc(size, 0x5a)
  k.writeUInt32LE(0x80, 0x3c) // e_lfanew
  k.writeUInt32LE(0x4550, 0x80) // "PE\0\0"
  k.writeUInt16LE(1, 0x84 + 2) // one section
  k.writeUInt16LE(240, 0x84 + 16) // SizeOfOptionalHeader (PE32+)
  const opt = 0x98
  k.writeUInt16LE(0x20b, opt)
  k.writeUInt32LE(0x1000, opt + 60) // SizeOfHeaders
  k.writeUInt32LE(0x12345678, opt + 64) // CheckSum (excluded)
  k.fill(0, opt + 112 + 32, opt + 112 + 40) // no certificate table
  const sec = opt + 240
  k.writeUInt32LE(size - 0x1000, sec + 16)
  k.writeUInt32LE(0x1000, sec + 20)
  k.write('HdrS', 0x202, 'latin1') // the boot protocol magic of every bzImage
  k[0x1f1] = 4 // setup sectors, within the image
  k.writeUInt16LE(protocol, 0x206)
  k[0x211] = 0x01
  k.writeUInt16LE(xlf, 0x236)
  return k
}

describe('Authenticode SHA-384', () => {
  test('a file covered by headers and one section: everything but CheckSum and the cert entry', () => {
    const k = fakeKernel()
    const opt = 0x98
    const want = createHash('sha384')
      .update(k.subarray(0, opt + 64))
      .update(k.subarray(opt + 68, opt + 144))
      .update(k.subarray(opt + 152))
      .digest('hex')
    expect(Buffer.from(authenticodeSha384(k)).toString('hex')).toBe(want)
    const other = Buffer.from(k)
    other.writeUInt32LE(0, opt + 64)
    expect(authenticodeSha384(other)).toEqual(authenticodeSha384(k))
  })
  test('a patched head gives the digest of the patched whole file', () => {
    const k = fakeKernel(0x5000)
    const head = patchKernel(k, 0x1234, 2n ** 31n)
    expect(head.length).toBe(0x1000)
    const whole = Buffer.concat([head, k.subarray(0x1000)])
    expect(authenticodeSha384(k, head)).toEqual(authenticodeSha384(whole))
    expect(authenticodeSha384(k, head)).not.toEqual(authenticodeSha384(k))
  })
  test('malformed PE images are coded errors, never crashes', () => {
    const k = fakeKernel()
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 0x1a0 }),
            fc.integer({ min: 0, max: 255 })
          )
        ),
        fc.integer({ min: 0, max: k.length }),
        (edits, cut) => {
          const b = Buffer.from(k.subarray(0, cut))
          for (const [at, v] of edits) if (at < b.length) b[at] = v
          try {
            authenticodeSha384(b)
          } catch (e) {
            expect((e as EnclaveBuildError).code).toBe('INPUT_INVALID')
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("QEMU's setup-header patch (dstack-mr kernel.rs)", () => {
  const addr = (k: Buffer): number => k.readUInt32LE(0x218)
  test("dstack-mr's pinned test: initrd address stable at 2 GiB and from 2.75 GiB", () => {
    // tdx_kernel_patch_uses_precomputed_digest_at_2g_and_high_memory: 0x1000 zero bytes, protocol 2.12, XLF 0x40.
    const k = Buffer.alloc(0x1000)
    k.writeUInt16LE(0x20c, 0x206)
    k.writeUInt16LE(0x40, 0x236)
    const at = (mem: bigint): number =>
      addr(patchKernel(k, 0x100000, mem, 0x28000))
    const T = 0xb000_0000n
    expect(at(0x8000_0000n - 0x1000n)).not.toBe(at(0x8000_0000n))
    expect(at(T - 0x1000n)).not.toBe(at(T))
    expect(at(0x8000_0000n)).toBe(at(T))
    expect(at(T)).toBe(at(T + 0x4000_0000n))
  })
  test('fields QEMU writes', () => {
    const k = patchKernel(fakeKernel(), 0x1234, 2n ** 31n)
    expect(k[0x210]).toBe(0xb0)
    expect(k[0x211]).toBe(0x81)
    expect(k.readUInt32LE(0x224)).toBe(0x20000 - 0x10000 - 0x200)
    expect(k.readUInt32LE(0x228)).toBe(0x20000)
    expect(k.readUInt32LE(0x21c)).toBe(0x1234)
    expect(addr(k)).toBe((0x8000_0000 - 0x28000 - 1 - 0x1234) & ~4095)
  })
  test('an initrd too large for memory is refused', () => {
    expect(() => patchKernel(fakeKernel(), 0x7000_0000, 2n ** 30n)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' })
    )
  })
})

describe('event digests', () => {
  test('RTMR2: cmdline as UTF-16LE with a NUL, then the initrd', () => {
    const log = rtmr2Log('console=ttyS0', Buffer.from('initrd'))
    expect(log[0]).toEqual(sha384(Buffer.from('console=ttyS0\0', 'utf16le')))
    expect(log[1]).toEqual(sha384(Buffer.from('initrd')))
    const mr0 = Buffer.alloc(48)
    const mr1 = sha384(Buffer.concat([mr0, log[0]]))
    expect(Buffer.from(replay(log))).toEqual(
      sha384(Buffer.concat([mr1, log[1]]))
    )
  })
  test('RTMR1 has the kernel then four fixed OVMF events', () => {
    const log = rtmr1Log(fakeKernel(), 100, 2n ** 31n)
    expect(log).toHaveLength(5)
    expect(log[2]).toEqual(sha384(Buffer.alloc(4)))
    expect(log[3]).toEqual(sha384(Buffer.from('Exit Boot Services Invocation')))
  })
  test('EFI variable event: GUID (mixed endian), u64 name length, u64 0, UTF-16 name', () => {
    const data = Buffer.concat([
      Buffer.from('61dfe48bca93d211aa0d00e098032b8c', 'hex'),
      Buffer.from('0a00000000000000' + '0000000000000000', 'hex'),
      Buffer.from('SecureBoot', 'utf16le')
    ])
    expect(
      efiVariableDigest('8BE4DF61-93CA-11D2-AA0D-00E098032B8C', 'SecureBoot')
    ).toEqual(sha384(data))
  })
})

describe('TD HOB (QEMU)', () => {
  const size = 0x40000
  const sections = parseTdvf(tdvfImage(size, googleLikeSections(size)))
  test('2 GiB: accepted ranges in address order, then the rest of RAM unaccepted', () => {
    const hob = Buffer.alloc(56 + 48 * 7)
    hob.writeUInt16LE(1, 0)
    hob.writeUInt16LE(56, 2)
    hob.writeUInt32LE(9, 8)
    hob.writeBigUInt64LE(0x809000n + BigInt(hob.length) + 8n, 48)
    const ranges: [number, bigint, bigint][] = [
      [7, 0n, 0x800000n],
      [0, 0x800000n, 0x6000n],
      [7, 0x806000n, 0x3000n],
      [0, 0x809000n, 0x2000n],
      [0, 0x80b000n, 0x2000n],
      [7, 0x80d000n, 0x3000n],
      [0, 0x810000n, 0x10000n]
    ]
    ranges.forEach(([type, start, len], i) => {
      const at = 56 + 48 * i
      hob.writeUInt16LE(3, at)
      hob.writeUInt16LE(48, at + 2)
      hob[at + 24] = type
      hob.writeUInt32LE(7, at + 28)
      hob.writeBigUInt64LE(start, at + 32)
      hob.writeBigUInt64LE(len, at + 40)
    })
    const last = Buffer.alloc(48)
    last.set(hob.subarray(56, 104))
    last.writeBigUInt64LE(0x820000n, 32)
    last.writeBigUInt64LE(2n ** 31n - 0x820000n, 40)
    const full = Buffer.concat([hob, last])
    full.writeBigUInt64LE(0x809000n + BigInt(full.length) + 8n, 48)
    expect(Buffer.from(tdHobHash(sections, 2n ** 31n))).toEqual(sha384(full))
  })
  test('RAM of 2.75 GiB or more is split around the 32-bit PCI hole', () => {
    expect(tdHobHash(sections, 0xb000_0000n)).not.toEqual(
      tdHobHash(sections, 0xaf00_0000n)
    )
  })
  test('measureTdx computes only what its inputs allow', () => {
    const fw = tdvfImage(size, googleLikeSections(size))
    expect(
      Object.keys(measureTdx({ firmware: fw, memory: 2n ** 31n }))
    ).toEqual(['mrtd'])
    const acpi = acpiDigests(
      Buffer.from('l'),
      Buffer.from('r'),
      Buffer.from('t')
    )
    const all = measureTdx({
      firmware: fw,
      memory: 2n ** 31n,
      acpi,
      kernel: fakeKernel(),
      initrd: Buffer.from('x'),
      cmdline: 'a'
    })
    expect(Object.keys(all)).toEqual(['mrtd', 'rtmr0', 'rtmr1', 'rtmr2'])
  })
})
