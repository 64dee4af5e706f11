import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseSgxQuote } from '../../src/verify/evidence/sgx-quote.js'
import { buildSgxQuote } from '../../__fixtures__/verify/evidence.js'

/** Runs a parser and returns the error code it threw, or 'ok'. */
function outcome(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('SGX DCAP quote', () => {
  const mrenclave = Buffer.from('11'.repeat(16) + '22'.repeat(16), 'hex')
  const mrsigner = Buffer.from('33'.repeat(32), 'hex')

  it.each([3, 4])('reads the report body of a v%i quote', (version) => {
    const e = parseSgxQuote(
      buildSgxQuote({
        version,
        mrenclave,
        mrsigner,
        isvProdId: 0x1234,
        isvSvn: 0xbeef,
        flags: 0x7n,
        reportData: Buffer.alloc(64, 0x5a)
      })
    )
    expect(e.measurement).toEqual({
      name: 'MRENCLAVE',
      algorithm: 'sha256',
      value: mrenclave.toString('hex')
    })
    expect(e.registers.map((r) => r.name)).toEqual(['MRENCLAVE', 'MRSIGNER'])
    expect(e.evidenceSignature).toBe('not-checked')
    expect(e.fields).toMatchObject({
      version,
      attestationKeyType: 'ECDSA-256-with-P-256',
      mrsigner: mrsigner.toString('hex'),
      isvProdId: 0x1234,
      isvSvn: 0xbeef,
      reportData: '5a'.repeat(64),
      attributes: { flags: '0700000000000000', debug: true, mode64bit: true }
    })
  })

  it('refuses TDX quotes, other versions and unknown key types', () => {
    expect(
      outcome(() => parseSgxQuote(buildSgxQuote({ version: 4, teeType: 0x81 })))
    ).toBe('EVIDENCE_INVALID')
    expect(outcome(() => parseSgxQuote(buildSgxQuote({ version: 5 })))).toBe(
      'EVIDENCE_INVALID'
    )
    expect(outcome(() => parseSgxQuote(buildSgxQuote({ keyType: 9 })))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('refuses a signature length that runs past the end', () => {
    const q = buildSgxQuote()
    expect(outcome(() => parseSgxQuote(q.subarray(0, q.length - 1)))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('never crashes on truncated or corrupted quotes', () => {
    const q = buildSgxQuote()
    fc.assert(
      fc.property(
        fc.nat(q.length),
        fc.array(
          fc.tuple(fc.nat(q.length - 1), fc.integer({ min: 0, max: 255 }))
        ),
        (cut, flips) => {
          const b = Buffer.from(q)
          for (const [i, v] of flips) b[i] = v
          expect(['ok', 'EVIDENCE_INVALID']).toContain(
            outcome(() => parseSgxQuote(b.subarray(0, cut)))
          )
        }
      ),
      { numRuns: 500 }
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(['ok', 'EVIDENCE_INVALID']).toContain(
          outcome(() => parseSgxQuote(bytes))
        )
      })
    )
  })
})
