import { describe, expect, it } from '@jest/globals'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { readCrl } from '../../src/verify/evidence/crl.js'
import { parseDcapCollateral } from '../../src/verify/evidence/dcap-collateral.js'
import { splitDcapQuote } from '../../src/verify/evidence/dcap-quote.js'
import { INTEL_SGX_ROOT_PEM } from '../../src/verify/evidence/intel-root.js'
import { pckClaims } from '../../src/verify/evidence/pck.js'
import { tdAttributeProblem } from '../../src/verify/evidence/td-report.js'

/* Property tests of the DCAP parsers: anything but a coded error is a bug. */

const dir = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence/dcap'
)
const quote = readFileSync(join(dir, 'sgx_quote'))
const collateral = parseDcapCollateral(
  readFileSync(join(dir, 'sgx_quote_collateral.json'), 'utf8'),
  'c'
)
const root = new X509Certificate(INTEL_SGX_ROOT_PEM)
const rootCrl = Buffer.from(collateral.root_ca_crl, 'hex')
const AT = new Date('2025-06-25T00:00:00Z')

function codeOf(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('DCAP parsers', () => {
  it('splits the real quote: PCK chain of three, QE report, 64-byte signature', () => {
    const q = splitDcapQuote('sgx-quote', quote)
    expect([q.version, q.tee, q.signed.length, q.signature.length]).toEqual([
      3,
      'sgx',
      432,
      64
    ])
    expect(q.pckChainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(3)
  })

  it('reads the v5 layout (body type and size before the body)', () => {
    const v4 = readFileSync(join(dir, 'tdx_quote'))
    const descriptor = Buffer.alloc(6)
    descriptor.writeUInt16LE(2, 0) // TDX 1.0 body
    descriptor.writeUInt32LE(584, 2)
    const v5 = Buffer.concat([v4.subarray(0, 48), descriptor, v4.subarray(48)])
    v5.writeUInt16LE(5, 0)
    const a = splitDcapQuote('td-quote', v4)
    const b = splitDcapQuote('td-quote', v5)
    expect(b.version).toBe(5)
    expect(b.body.equals(a.body)).toBe(true)
    expect(b.signed.length).toBe(a.signed.length + 6)
    expect(b.qeReport.equals(a.qeReport)).toBe(true)
    expect(b.pckChainPem).toBe(a.pckChainPem)
    const wrongSize = Buffer.from(v5)
    wrongSize.writeUInt32LE(648, 50)
    expect(codeOf(() => splitDcapQuote('td-quote', wrongSize))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('reads the SGX v4 layout (QE report certification data, type 6)', () => {
    const a = splitDcapQuote('sgx-quote', quote)
    const sigStart = 432 + 4
    const inner = quote.subarray(sigStart + 128)
    const wrapper = Buffer.alloc(6)
    wrapper.writeUInt16LE(6, 0)
    wrapper.writeUInt32LE(inner.length, 2)
    const data = Buffer.concat([
      quote.subarray(sigStart, sigStart + 128),
      wrapper,
      inner
    ])
    const length = Buffer.alloc(4)
    length.writeUInt32LE(data.length)
    const v4 = Buffer.concat([quote.subarray(0, 432), length, data])
    v4.writeUInt16LE(4, 0)
    const b = splitDcapQuote('sgx-quote', v4)
    expect(b.version).toBe(4)
    expect([
      b.qeReport,
      b.qeReportSignature,
      b.qeAuthData,
      b.attestationKey
    ]).toEqual([
      a.qeReport,
      a.qeReportSignature,
      a.qeAuthData,
      a.attestationKey
    ])
    expect(b.pckChainPem).toBe(a.pckChainPem)
    // A v3 quote's certification data read as v4 is refused.
    const bad = Buffer.from(quote)
    bad.writeUInt16LE(4, 0)
    expect(codeOf(() => splitDcapQuote('sgx-quote', bad))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('refuses every truncation of the quote, coded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: quote.length - 1 }), (n) => {
        expect(
          codeOf(() => splitDcapQuote('sgx-quote', quote.subarray(0, n)))
        ).toBe('EVIDENCE_INVALID')
      }),
      { numRuns: 200 }
    )
  })

  it('reads the real root CA CRL and refuses every mutation of it', () => {
    const REFUSED = ['EVIDENCE_INVALID', 'EVIDENCE_UNVERIFIED']
    const crl = readCrl('sgx-quote', rootCrl, root, AT, 'root CRL')
    expect(crl.thisUpdate < AT && AT < crl.nextUpdate).toBe(true)
    // Every single-bit flip, exhaustively (the signed part, the outer
    // algorithm, which must repeat the signed one, and the signature).
    const accepted: string[] = []
    for (let at = 0; at < rootCrl.length; at++)
      for (let bit = 0; bit < 8; bit++) {
        const m = Buffer.from(rootCrl)
        m[at] ^= 1 << bit
        // malformed (EVIDENCE_INVALID) or no longer signed (EVIDENCE_UNVERIFIED)
        if (
          !REFUSED.includes(
            codeOf(() => readCrl('sgx-quote', m, root, AT, 'CRL'))
          )
        )
          accepted.push(`${at}:${bit}`)
      }
    expect(accepted).toEqual([])
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: rootCrl.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, x) => {
          const m = Buffer.from(rootCrl)
          m[at] ^= x
          expect(REFUSED).toContain(
            codeOf(() => readCrl('sgx-quote', m, root, AT, 'CRL'))
          )
        }
      ),
      { numRuns: 200 }
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expect(codeOf(() => readCrl('sgx-quote', b, root, AT, 'CRL'))).toBe(
          'EVIDENCE_INVALID'
        )
      })
    )
  })

  it('reads the PCK claims and refuses a certificate without the SGX extension', () => {
    const pem = splitDcapQuote('sgx-quote', quote).pckChainPem.match(
      /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g
    ) as string[]
    const claims = pckClaims('sgx-quote', new X509Certificate(pem[0]))
    expect(claims).toMatchObject({
      fmspc: '00A067110000',
      pceId: '0000',
      pceSvn: 13
    })
    expect(claims.components).toHaveLength(16)
    expect(codeOf(() => pckClaims('sgx-quote', root))).toBe('EVIDENCE_INVALID')
  })

  it('refuses TD attributes no relying party should accept', () => {
    const body = splitDcapQuote(
      'td-quote',
      readFileSync(join(dir, 'tdx_quote'))
    ).body
    expect(tdAttributeProblem(body)).toBeUndefined() // SEPT_VE_DISABLE only
    const withAttributes = (a: bigint, b = Buffer.from(body)): Buffer => {
      b.writeBigUInt64LE(a, 120)
      return b
    }
    const sept = 1n << 28n
    expect(tdAttributeProblem(withAttributes(0n))).toMatch(/SEPT_VE_DISABLE/)
    for (const bit of [1n, 7n, 8n, 27n, 29n, 32n, 62n])
      expect(tdAttributeProblem(withAttributes(sept | (1n << bit)))).toMatch(
        /reserved/
      )
    // DEBUG, PKS, KL and PERFMON are not reserved.
    for (const bit of [0n, 30n, 31n, 63n])
      expect(
        tdAttributeProblem(withAttributes(sept | (1n << bit)))
      ).toBeUndefined()
    const td15 = Buffer.concat([body, Buffer.alloc(64)])
    expect(tdAttributeProblem(td15)).toBeUndefined()
    td15[620] = 1
    expect(tdAttributeProblem(td15)).toMatch(/service TD/)
  })
})
