import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { MrenclaveBuilder } from '../../src/targets/sgx/measure.js'
import { codeOf } from '../gramine/helpers.js'

/** The records written out one by one, as the SDM describes them. */
function naive(
  size: number,
  pages: [number, number, Uint8Array | undefined][]
): string {
  const h = createHash('sha256')
  const rec = (name: string, fill: (b: Buffer) => void): void => {
    const b = Buffer.alloc(64)
    b.write(name, 0, 'latin1')
    fill(b)
    h.update(b)
  }
  rec('ECREATE', (b) => {
    b.writeUInt32LE(4, 8)
    b.writeBigUInt64LE(BigInt(size), 12)
  })
  for (const [off, flags, content] of pages) {
    rec('EADD', (b) => {
      b.writeBigUInt64LE(BigInt(off), 8)
      b.writeBigUInt64LE(BigInt(flags), 16)
    })
    if (content)
      for (let i = 0; i < 4096; i += 256) {
        rec('EEXTEND', (b) => b.writeBigUInt64LE(BigInt(off + i), 8))
        h.update(content.subarray(i, i + 256))
      }
  }
  return h.digest('hex')
}

describe('MRENCLAVE builder', () => {
  it('regression: batched unmeasured pages hash like our one-record-per-page loop (across batch boundaries)', () => {
    const size = 2 ** 40
    const count = 70000 // more than one 65536-record batch
    const start = 2 ** 33 - 4096 * 3 // offsets crossing 2^32 exercise the high word
    const content = new Uint8Array(4096).map((_, i) => i * 7)
    const pages: [number, number, Uint8Array | undefined][] = [
      [0x10000, 0x201, content]
    ]
    for (let i = 0; i < count; i++)
      pages.push([start + i * 4096, 0x207, undefined])
    pages.push([0x20000, 0x203, content])
    const m = new MrenclaveBuilder(size)
    m.ecreate(4)
    m.addPage(0x10000, 0x201, content)
    m.addUnmeasuredPages(start, count, 0x207)
    m.addPage(0x20000, 0x203, content)
    expect(m.digest().toString('hex')).toBe(naive(size, pages))
  })

  it('refuses pages outside the enclave', async () => {
    const m = new MrenclaveBuilder(0x100000)
    expect(await codeOf(() => m.addPage(0x100000, 0x201))).toBe('INPUT_INVALID')
    expect(await codeOf(() => m.addUnmeasuredPages(0xff000, 2, 0x207))).toBe(
      'INPUT_INVALID'
    )
  })
})
