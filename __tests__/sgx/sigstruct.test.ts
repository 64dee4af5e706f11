import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  buildSigstruct,
  parseSigstruct,
  SIGSTRUCT_SIZE,
  signingData,
  type Sigstruct
} from '../../src/targets/sgx/sigstruct.js'
import { codeOf, vectorFile } from '../gramine/helpers.js'

const bytes = (n: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: n, maxLength: n })
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const u32 = fc.integer({ min: 0, max: 0xffffffff })
const u16 = fc.integer({ min: 0, max: 0xffff })

const sigstructArb: fc.Arbitrary<Sigstruct> = fc.record({
  vendor: u32,
  date: fc.record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 99 }),
    day: fc.integer({ min: 0, max: 99 })
  }),
  swdefined: u32,
  modulus: bytes(384),
  exponent: u32,
  signature: bytes(384),
  miscSelect: u32,
  miscMask: u32,
  attributeFlags: u64,
  attributeXfrms: u64,
  attributeFlagsMask: u64,
  attributeXfrmMask: u64,
  enclaveHash: bytes(32),
  isvProdId: u16,
  isvSvn: u16,
  q1: bytes(384),
  q2: bytes(384)
})

describe('SIGSTRUCT', () => {
  it('parse(build(x)) is x', () => {
    fc.assert(
      fc.property(sigstructArb, (s) => {
        expect(parseSigstruct(buildSigstruct(s))).toEqual(s)
      }),
      { numRuns: 200 }
    )
  })

  it('build(parse(b)) gives back every vector .sig byte for byte', () => {
    const b = readFileSync(vectorFile('g2-go-1G-t16-release', '.sig'))
    expect(buildSigstruct(parseSigstruct(b))).toEqual(b)
  })

  it('stores DATE in BCD, day first', () => {
    const b = readFileSync(vectorFile('g1-go-256M-t4-debug', '.sig'))
    expect(b.subarray(0x14, 0x18).toString('hex')).toBe('15012620')
    expect(parseSigstruct(b).date).toEqual({ year: 2026, month: 1, day: 15 })
  })

  it('signs [0,128) and [0x384,0x404)', () => {
    const b = Buffer.alloc(SIGSTRUCT_SIZE)
    b[0] = 1
    b[127] = 2
    b[128] = 9
    b[0x384] = 3
    b[0x403] = 4
    b[0x404] = 9
    const d = signingData(b)
    expect(d.length).toBe(256)
    expect([d[0], d[127], d[128], d[255]]).toEqual([1, 2, 3, 4])
  })

  it('refuses wrong sizes, headers and non-BCD dates with SIGSTRUCT_INVALID', async () => {
    const good = readFileSync(vectorFile('g1-go-256M-t4-debug', '.sig'))
    expect(await codeOf(() => parseSigstruct(good.subarray(1)))).toBe(
      'SIGSTRUCT_INVALID'
    )
    const badHeader = Buffer.from(good)
    badHeader[3] = 1
    expect(await codeOf(() => parseSigstruct(badHeader))).toBe(
      'SIGSTRUCT_INVALID'
    )
    const badDate = Buffer.from(good)
    badDate[0x14] = 0x1a
    expect(await codeOf(() => parseSigstruct(badDate))).toBe(
      'SIGSTRUCT_INVALID'
    )
  })

  it('refuses out-of-range fields with SIGSTRUCT_INVALID', async () => {
    const s = parseSigstruct(
      readFileSync(vectorFile('g1-go-256M-t4-debug', '.sig'))
    )
    expect(await codeOf(() => buildSigstruct({ ...s, isvSvn: 70000 }))).toBe(
      'SIGSTRUCT_INVALID'
    )
    expect(
      await codeOf(() =>
        buildSigstruct({ ...s, date: { ...s.date, year: 10000 } })
      )
    ).toBe('SIGSTRUCT_INVALID')
  })

  it('never crashes on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), bytes(SIGSTRUCT_SIZE)),
        (b) => {
          try {
            parseSigstruct(b)
          } catch (err) {
            expect(err).toBeInstanceOf(EnclaveBuildError)
          }
        }
      )
    )
  })
})
