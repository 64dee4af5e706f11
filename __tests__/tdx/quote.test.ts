import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { readEvidence } from '../../src/verify/evidence/index.js'
import { parseTdQuote } from '../../src/verify/evidence/td-quote.js'

/** A TD quote header + body with recognisable registers (no signature data: it is not read). */
function quote(version: 4 | 5, bodyType = 2): Buffer {
  const header = Buffer.alloc(48)
  header.writeUInt16LE(version, 0)
  header.writeUInt16LE(2, 2) // ECDSA-256
  header.writeUInt32LE(0x81, 4)
  const body = Buffer.alloc(bodyType === 3 ? 648 : 584)
  for (let i = 0; i < body.length; i++) body[i] = i & 0xff
  const desc = Buffer.alloc(6)
  desc.writeUInt16LE(bodyType, 0)
  desc.writeUInt32LE(body.length, 2)
  return Buffer.concat([
    header,
    version === 5 ? desc : Buffer.alloc(0),
    body,
    Buffer.alloc(4)
  ])
}
const range = (from: number, n: number): string =>
  Buffer.from(Array.from({ length: n }, (_, i) => (from + i) & 0xff)).toString(
    'hex'
  )

describe('TD quote registers', () => {
  test.each([
    [4, 2],
    [5, 2],
    [5, 3]
  ] as const)(
    'v%i body type %i: MRTD at body+136, RTMR0-3 after the three config fields',
    (v, t) => {
      const e = parseTdQuote(quote(v, t))
      expect(e.measurement).toEqual({
        name: 'MRTD',
        algorithm: 'sha384',
        value: range(136, 48)
      })
      expect(e.registers.map((r) => r.name)).toEqual([
        'MRTD',
        'RTMR0',
        'RTMR1',
        'RTMR2',
        'RTMR3',
        'MRCONFIGID'
      ])
      expect(e.registers[5].value).toBe(range(136 + 48, 48))
      expect(e.registers[1].value).toBe(range(328, 48))
      expect(e.registers[4].value).toBe(range(472, 48))
      expect(e.fields.reportData).toBe(range(520, 64))
      expect(e.evidenceSignature).toBe('not-checked')
    }
  )
  test('verify --evidence-type td-quote refuses it unverified', async () => {
    // Without Intel's collateral there is nothing to verify it with; the
    // signed path is __tests__/verify/dcap-verify.test.ts.
    await expect(
      readEvidence('td-quote', quote(4), { at: new Date() })
    ).rejects.toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
  test('SGX quotes, wrong versions and truncations are refused with a code', () => {
    const sgx = quote(4)
    sgx.writeUInt32LE(0, 4)
    for (const bad of [sgx, quote(4).subarray(0, 600), Buffer.alloc(10)])
      expect(() => parseTdQuote(bad)).toThrow(
        expect.objectContaining({ code: 'EVIDENCE_INVALID' })
      )
  })
  test('random bytes never crash the parser', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 700 }),
        fc.constantFrom(4, 5),
        (b, v) => {
          const q = Buffer.from(b)
          if (q.length >= 8) {
            q.writeUInt16LE(v, 0)
            q.writeUInt32LE(0x81, 4)
          }
          try {
            parseTdQuote(q)
          } catch (e) {
            expect((e as EnclaveBuildError).code).toBe('EVIDENCE_INVALID')
          }
        }
      )
    )
  })
})
