import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { gceMrtd, ramBanks } from '../../src/targets/tdx/gce.js'
import { parseTdvf } from '../../src/targets/tdx/metadata.js'
import { dstackRegions, mrtdOf } from '../../src/targets/tdx/mrtd.js'
import { googleLikeSections, tdvfImage } from './fwgen.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const dstackMrtd = (fw: Uint8Array, order?: 'single' | 'two-pass'): string =>
  hex(mrtdOf(dstackRegions(fw, parseTdvf(fw)), order))

/** A plain, unbatched MRTD straight from the TDX module spec, to check the batching against. */
function naiveMrtd(fw: Uint8Array, twoPass: boolean): string {
  const h = createHash('sha384')
  const rec = (tag: string, gpa: bigint): Buffer => {
    const b = Buffer.alloc(128)
    b.write(tag, 0, 'latin1')
    b.writeBigUInt64LE(gpa, 16)
    return b
  }
  for (const s of parseTdvf(fw)) {
    const pages = Number(s.memoryDataSize / 4096n)
    const add = (p: number): void => {
      if ((s.attributes & 2) === 0)
        h.update(rec('MEM.PAGE.ADD', s.memoryAddress + BigInt(p * 4096)))
    }
    const ext = (p: number): void => {
      if ((s.attributes & 1) === 0) return
      for (let c = 0; c < 4096; c += 256) {
        h.update(rec('MR.EXTEND', s.memoryAddress + BigInt(p * 4096 + c)))
        const at = s.dataOffset + p * 4096 + c
        h.update(fw.subarray(at, at + 256))
      }
    }
    if (twoPass) {
      for (let p = 0; p < pages; p++) add(p)
      for (let p = 0; p < pages; p++) ext(p)
    } else
      for (let p = 0; p < pages; p++) {
        add(p)
        ext(p)
      }
  }
  return h.digest('hex')
}

// Values printed by google/gce-tcb-verifier v0.3.1 (tdx.MRTD through .ci/tdx-oracle/main.go,
// default options and LaunchOptionsDefaultTDHOBBug(shape)) for Debian's images, Dec 2026.
const PINNED: Record<
  string,
  { env: string; sha256: string; mrtd: Record<string, string> }
> = {
  'sid ovmf-inteltdx 2026.08+ds-2 OVMF.inteltdx.ms.fd': {
    env: 'TDX_OVMF_INTELTDX',
    sha256: 'a265075b4147a096109e501e76196df1ec8a18659c26f7401492c597ec88f312',
    mrtd: {
      default:
        'a7a1f751abc454f9cbab198ca8d2edb2821935df525c74182b5e776cb0929e8c59aefecce725b0d08a5e9d3d3183bd08',
      'c3-standard-4':
        'fc7ffb3f8a39c91c5fd1bf4f67f5c550476560deeacb932a5c96e6741ef2813c0f29a0d0f35f8f9355a131ce69663ebc',
      'c3-standard-88':
        'a2c291636aeaa6ee47500e877ff2a00c2e03a760eb9fe40faa1e9f5f29ad888d03a8c1d509d27a37de5e5dc490cbdf19',
      'c3-standard-176':
        'ed83743a48b564fe06f654633d60fc3a8f1d1e4253da8ea03a83c82828068e68da57fe30ad6986db0a83fd85fded6df0'
    }
  },
  'trixie ovmf 2025.02-8+deb13u1 OVMF.fd': {
    env: 'TDX_OVMF_TRIXIE',
    sha256: '14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db',
    mrtd: {
      default:
        'bdc6fb145880f06f30c8b346b8dce2a99d9351b56892df22f80fcf6574caa9f9c31df8e8576d53b4d0cd1c3f28910e11',
      'c3-standard-4':
        '1feaf85b76949ccd43678bd4cb6356813334387b2820600ff164a3920c9c9f126c164ee08b7ccbe05216536c7a0b4262',
      'c3-standard-88':
        '0934bf4dcf57dea30c237f51fc317e7a5460cbcb0a0fcc3a203532afe1806afcb1f46c9717ace9fde3100820b9581ee0',
      'c3-standard-176':
        'a13dd43f44315d8717adc09a5ad274970d1b2195e9a24c29c94f016cd1b7d2b00f605be9b682a30c5d07f9a811def80b'
    }
  }
}

for (const [name, v] of Object.entries(PINNED)) {
  const path = process.env[v.env] ?? ''
  const fw = existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
  const ok = createHash('sha256').update(fw).digest('hex') === v.sha256
  const title = `real firmware: ${name}${ok ? '' : ` (needs $${v.env}, the pinned image, from .ci/tdx-oracle.sh)`}`
  ;(ok ? describe : describe.skip)(title, () => {
    test('single-pass MRTD equals gce-tcb-verifier default MRTD', () => {
      expect(dstackMrtd(fw)).toBe(v.mrtd.default)
      expect(hex(gceMrtd(fw))).toBe(v.mrtd.default)
    })
    test('GCE MRTD per machine shape', () => {
      for (const [shape, want] of Object.entries(v.mrtd))
        if (shape !== 'default') expect(hex(gceMrtd(fw, shape))).toBe(want)
    })
    test('regression: batched MRTD equals our plain spec loop, both orders', () => {
      expect(dstackMrtd(fw, 'two-pass')).toBe(naiveMrtd(fw, true))
      expect(dstackMrtd(fw, 'single')).toBe(naiveMrtd(fw, false))
    })
  })
}

describe('synthetic TDVF', () => {
  const size = 0x40000
  const fw = tdvfImage(size, googleLikeSections(size))
  test('regression: two-pass differs from single-pass and both equal our plain loop', () => {
    expect(dstackMrtd(fw, 'two-pass')).toBe(naiveMrtd(fw, true))
    expect(dstackMrtd(fw)).toBe(naiveMrtd(fw, false))
    expect(dstackMrtd(fw, 'two-pass')).not.toBe(dstackMrtd(fw))
  })
  test('regression: PAGE.AUG sections are not page-added (against our plain loop)', () => {
    const aug = googleLikeSections(size)
    aug[2].attributes = 2
    const img = tdvfImage(size, aug)
    expect(dstackMrtd(img)).toBe(naiveMrtd(img, false))
    expect(dstackMrtd(img)).not.toBe(dstackMrtd(fw))
  })
  test("Google's pinned RAM banks for c3-standard-176 (gce-tcb-verifier tdx_test.go TestNumaBanks)", () => {
    expect(ramBanks('c3-standard-176')).toEqual([
      { start: 0, length: 0xc0000000 },
      { start: 0xffe00000, length: 0x200000 },
      { start: 0x100000000, length: 0x2b40000000 },
      { start: 0x2c40000000, length: 0x2c00000000 },
      { start: 0x5840000000, length: 0x2c00000000 },
      { start: 0x8440000000, length: 0x2c00000000 }
    ])
  })
  test('unknown shape is a coded input error', () => {
    expect(() => gceMrtd(fw, 'n2-standard-2')).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' })
    )
  })
})

describe('malformed firmware never crashes', () => {
  const size = 0x30000
  const good = tdvfImage(size, googleLikeSections(size))
  const coded = (f: () => unknown): void => {
    try {
      f()
    } catch (e) {
      expect(e).toBeInstanceOf(EnclaveBuildError)
      expect((e as EnclaveBuildError).code).toBe('FIRMWARE_INVALID')
    }
  }
  test('random byte edits of the metadata and footer', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.integer({ min: 0x100, max: 0x200 }),
              fc.integer({ min: size - 96, max: size - 1 })
            ),
            fc.integer({ min: 0, max: 255 })
          ),
          { minLength: 1, maxLength: 8 }
        ),
        (edits) => {
          const fw = Buffer.from(good)
          for (const [at, v] of edits) fw[at] = v
          coded(() => dstackMrtd(fw))
          coded(() => dstackMrtd(fw, 'two-pass'))
          coded(() => gceMrtd(fw))
          coded(() => gceMrtd(fw, 'c3-standard-4'))
        }
      ),
      { numRuns: 300 }
    )
  })
  test('random bytes and truncations', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: size }),
        (junk, cut) => {
          coded(() => dstackMrtd(junk))
          coded(() => dstackMrtd(good.subarray(0, cut)))
          coded(() => gceMrtd(good.subarray(size - cut)))
        }
      ),
      { numRuns: 200 }
    )
  })
})
