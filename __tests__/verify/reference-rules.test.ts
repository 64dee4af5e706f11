import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  parseDcapCollateral,
  TCB_STATUSES,
  type DcapCollateral
} from '../../src/verify/evidence/dcap-collateral.js'
import { verifyDcapQuote } from '../../src/verify/evidence/dcap-verify.js'

/*
 * The reference verifiers' rules that are a choice (docs/verify.md,
 * "Where the reference verifiers differ"), on real quotes and collateral.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)
const read = (p: string): Buffer => readFileSync(join(fx, p))
const coll = (p: string): DcapCollateral =>
  parseDcapCollateral(read(p).toString('utf8'), p)

function verdict(
  type: 'sgx-quote' | 'td-quote',
  quote: Buffer,
  collateral: DcapCollateral,
  at: string
): string {
  try {
    return verifyDcapQuote(type, quote, {
      collateral,
      at: new Date(at),
      policy: {
        acceptedStatuses: TCB_STATUSES.filter((s) => s !== 'Revoked'),
        debug: false
      }
    }).tcb?.status as string
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('bytes after a quote’s signature data', () => {
  const quote = read('dcap/sgx_quote')
  const collateral = coll('dcap/sgx_quote_collateral.json')
  const at = '2025-06-25T00:00:00Z'

  it('zero padding is accepted: real producers pad (dstack tappd, 5006-byte TDX quotes)', () => {
    const tdx = read('dcap/tdx_quote')
    const end = 48 + 584 + 4 + tdx.readUInt32LE(48 + 584)
    expect([tdx.length, end]).toEqual([5006, 4936])
    expect(tdx.subarray(end).every((b) => b === 0)).toBe(true)
    expect(
      verdict(
        'td-quote',
        tdx,
        coll('dcap/tdx_quote_collateral.json'),
        '2025-06-25T00:00:00Z'
      )
    ).toBe('UpToDate')
    expect(
      verdict(
        'sgx-quote',
        Buffer.concat([quote, Buffer.alloc(16)]),
        collateral,
        at
      )
    ).toBe('ConfigurationAndSWHardeningNeeded')
  })

  it("anything else is refused, as Intel's QVL (Quote::parse wants the auth data to end the quote)", () => {
    expect(
      verdict(
        'sgx-quote',
        Buffer.concat([quote, Buffer.from('unsigned tail')]),
        collateral,
        at
      )
    ).toBe('EVIDENCE_INVALID')
  })
})

describe('a CRL issued after the time of check', () => {
  // The Intel root CA CRL of 2025-03-20 in the collateral of February 2025:
  // both signed by Intel's root, the CRL newer than the time of check.
  const base = coll('real/tdx/collateral-00806f050000-2025-02.json')
  const newer = {
    ...base,
    root_ca_crl: coll('dcap/sgx_quote_collateral.json').root_ca_crl
  }
  const quote = read('real/tdx/gcp-cos113-v4.dat')

  it('is accepted (it can only know more revocations), as dcap-qvl accepts it', () => {
    expect(verdict('td-quote', quote, newer, '2025-02-20T00:00:00Z')).toBe(
      'UpToDate'
    )
  })

  it('a CRL past its nextUpdate is refused', () => {
    // The root CRL of the February collateral is due again 2025-04-03.
    expect(verdict('td-quote', quote, base, '2025-04-04T00:00:00Z')).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })
})

const PYTHON = process.env.DCAP_QVL_PYTHON
;(PYTHON ? describe : describe.skip)(
  'a CRL issued after the time of check, in dcap-qvl (needs $DCAP_QVL_PYTHON from .ci/dcap-qvl.sh)',
  () => {
    const quote = read('real/tdx/gcp-cos113-v4.dat')
    const newer = {
      ...coll('real/tdx/collateral-00806f050000-2025-02.json'),
      root_ca_crl: coll('dcap/sgx_quote_collateral.json').root_ca_crl
    }
    it('is accepted there too', () => {
      const run = spawnSync(PYTHON as string, [join(fx, 'dcap-oracle.py')], {
        input: JSON.stringify({
          quote: quote.toString('hex'),
          collateral: JSON.stringify(newer),
          now: Date.parse('2025-02-20T00:00:00Z') / 1000
        }),
        encoding: 'utf8'
      })
      expect(JSON.parse(run.stdout)).toEqual({
        ok: true,
        status: 'UpToDate',
        advisoryIds: []
      })
    })
  }
)
