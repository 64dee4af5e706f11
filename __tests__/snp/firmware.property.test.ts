import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { leUint, pySlice } from '../../src/targets/cvm/python.js'
import { parseFirmware } from '../../src/targets/snp/firmware.js'
import { sevHashes } from '../../src/targets/snp/hashes.js'
import { launchDigest, type SevMode } from '../../src/targets/snp/measure.js'
import { firmware, STD, stdEntries } from './fwgen.js'

// Malformed footers and metadata: a coded FIRMWARE_INVALID error or a digest,
// never a RangeError/TypeError escaping from the parser.

const base = firmware({
  size: 64 * 1024,
  seed: 'prop',
  sections: STD,
  entries: stdEntries(),
  metadataAt: 0x1000
})
const hashes = sevHashes(new Uint8Array([1, 2, 3]), undefined, 'x')
const modes: SevMode[] = ['snp', 'seves', 'sev', 'snp:ovmf-hash', 'snp:svsm']

/** Runs every mode; returns the error codes seen. */
function codesFor(fw: Uint8Array): string[] {
  const codes: string[] = []
  for (const mode of modes)
    for (const h of [undefined, hashes]) {
      try {
        const d = launchDigest({
          mode,
          firmware: fw,
          vcpus: 3,
          vcpuSig: 0x800f12n,
          hashes: h,
          svsm: fw,
          varsSize: 0x2000
        })
        expect(d.length).toBe(mode === 'sev' || mode === 'seves' ? 32 : 48)
      } catch (err) {
        if (!(err instanceof EnclaveBuildError)) throw err
        codes.push(err.code)
      }
    }
  return codes
}

const tail = base.length - 32 - 120 // the footer table region
const patch = fc.record({
  at: fc.oneof(
    fc.integer({ min: tail, max: base.length - 1 }),
    fc.integer({ min: 0x1000, max: 0x1000 + 100 })
  ),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 8 })
})

describe('malformed firmware', () => {
  test('random byte patches of the footer table and the metadata give coded errors or digests', () => {
    fc.assert(
      fc.property(
        fc.array(patch, { minLength: 1, maxLength: 4 }),
        (patches) => {
          const fw = Buffer.from(base)
          for (const p of patches)
            fw.set(p.bytes.subarray(0, fw.length - p.at), p.at)
          for (const code of codesFor(fw)) expect(code).toBe('FIRMWARE_INVALID')
        }
      ),
      { numRuns: 100 }
    )
  })

  test('random small images and truncations never crash', () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .integer({ min: 0, max: base.length })
        .map((n) => base.subarray(base.length - n)),
      fc.integer({ min: 0, max: base.length }).map((n) => base.subarray(0, n))
    )
    fc.assert(
      fc.property(arb, (fw) => {
        for (const code of codesFor(fw)) expect(code).toBe('FIRMWARE_INVALID')
      }),
      { numRuns: 150 }
    )
  })

  test('random footer entry sizes and metadata headers', () => {
    const arb = fc.record({
      entrySize: fc.integer({ min: 0, max: 0xffff }),
      footerSize: fc.integer({ min: 0, max: 0xffff }),
      offset: fc.integer({ min: 0, max: 0xffffffff }),
      headerSize: fc.integer({ min: 0, max: 0xffffffff }),
      count: fc.integer({ min: 0, max: 0xffffffff })
    })
    fc.assert(
      fc.property(arb, (a) => {
        const fw = Buffer.from(base)
        const end = fw.length - 32
        fw.writeUInt16LE(a.footerSize, end - 18)
        fw.writeUInt16LE(a.entrySize, end - 36) // the last entry's size (metadata entry)
        fw.writeUInt32LE(a.offset, end - 40) // its offset-from-end
        fw.writeUInt32LE(a.headerSize, 0x1004)
        fw.writeUInt32LE(a.count, 0x100c)
        for (const code of codesFor(fw)) expect(code).toBe('FIRMWARE_INVALID')
      }),
      { numRuns: 200 }
    )
  })

  test('a valid image parses with its sections in table order', () => {
    const fw = parseFirmware(base)
    expect(fw.metadata.map((s) => [s.gpa, s.size, s.type])).toEqual(STD)
    expect(fw.gpa).toBe(0x1_0000_0000 - 64 * 1024)
  })

  test('a metadata offset past the start is refused with FIRMWARE_INVALID', () => {
    const fw = Buffer.from(base)
    fw.writeUInt32LE(base.length + 1, base.length - 32 - 18 - 18 - 4)
    expect(() => parseFirmware(fw)).toThrow(
      expect.objectContaining({ code: 'FIRMWARE_INVALID' })
    )
  })
})

describe('pySlice and leUint follow Python', () => {
  const a = Uint8Array.from([0, 1, 2, 3, 4, 5])
  test.each([
    [0, 6, [0, 1, 2, 3, 4, 5]],
    [-2, 6, [4, 5]],
    [-10, 2, [0, 1]],
    [2, -1, [2, 3, 4]],
    [4, 2, []],
    [7, 9, []],
    [0, -7, []]
  ])('a[%i:%i]', (s, e, want) => expect([...pySlice(a, s, e)]).toEqual(want))
  test('leUint reads fewer than 4 bytes like int.from_bytes', () => {
    expect(leUint(Uint8Array.from([]))).toBe(0)
    expect(leUint(Uint8Array.from([1, 2]))).toBe(0x201)
    expect(leUint(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 9]))).toBe(
      0xffffffff
    )
  })
})
