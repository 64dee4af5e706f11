import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseSnpReport } from '../../src/verify/evidence/snp-report.js'
import { buildSnpReport } from '../../__fixtures__/verify/evidence.js'

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

describe('SEV-SNP attestation report', () => {
  const measurement = Buffer.from('ab'.repeat(24) + 'cd'.repeat(24), 'hex')

  it('reads MEASUREMENT, HOST_DATA, policy and report data', () => {
    const e = parseSnpReport(
      buildSnpReport({
        version: 3,
        measurement,
        hostData: Buffer.alloc(32, 0x77),
        // ABI 0.31, SMT (bit 16) allowed, reserved bit 17 set, debug on
        policy: 0x1fn | (0n << 8n) | (1n << 16n) | (1n << 17n) | (1n << 19n),
        reportData: Buffer.alloc(64, 0x99),
        vmpl: 1
      })
    )
    expect(e.measurement).toEqual({
      name: 'SNP_LAUNCH_DIGEST',
      algorithm: 'sha384',
      value: measurement.toString('hex')
    })
    expect(e.evidenceSignature).toBe('not-checked')
    expect(e.fields).toMatchObject({
      version: 3,
      guestSvn: 5,
      vmpl: 1,
      signatureAlgorithm: 'ECDSA-P384-SHA384',
      hostData: '77'.repeat(32),
      reportData: '99'.repeat(64),
      chipId: '44'.repeat(64),
      authorKeyEn: true,
      policy: {
        raw: '0xb001f',
        abiMinor: 0x1f,
        abiMajor: 0,
        smt: true,
        debug: true,
        migrateMa: false,
        singleSocket: false
      },
      currentTcb: { bootLoader: 3, tee: 0, snp: 8, microcode: 115 }
    })
  })

  it('also reads the firmware response (MSG_REPORT_RSP) around the report', () => {
    const header = Buffer.alloc(0x20)
    header.writeUInt32LE(0x4a0, 4)
    const rsp = Buffer.concat([header, buildSnpReport({ measurement })])
    expect(parseSnpReport(rsp).measurement.value).toBe(
      measurement.toString('hex')
    )
    header.writeUInt32LE(1, 0) // a failure status is not a report
    expect(
      outcome(() => parseSnpReport(Buffer.concat([header, buildSnpReport()])))
    ).toBe('EVIDENCE_INVALID')
  })

  it('refuses wrong sizes and versions', () => {
    expect(outcome(() => parseSnpReport(Buffer.alloc(100)))).toBe(
      'EVIDENCE_INVALID'
    )
    expect(outcome(() => parseSnpReport(buildSnpReport({ version: 1 })))).toBe(
      'EVIDENCE_INVALID'
    )
    expect(
      outcome(() =>
        parseSnpReport(Buffer.concat([buildSnpReport(), Buffer.alloc(1)]))
      )
    ).toBe('EVIDENCE_INVALID')
  })

  it('never crashes on truncated or corrupted reports', () => {
    const r = buildSnpReport()
    fc.assert(
      fc.property(
        fc.nat(r.length),
        fc.array(
          fc.tuple(fc.nat(r.length - 1), fc.integer({ min: 0, max: 255 }))
        ),
        (cut, flips) => {
          const b = Buffer.from(r)
          for (const [i, v] of flips) b[i] = v
          expect(['ok', 'EVIDENCE_INVALID']).toContain(
            outcome(() => parseSnpReport(b.subarray(0, cut)))
          )
          expect(['ok', 'EVIDENCE_INVALID']).toContain(
            outcome(() => parseSnpReport(b))
          )
        }
      ),
      { numRuns: 500 }
    )
  })
})
