import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  parseDcapCollateral,
  type DcapCollateral
} from '../../src/verify/evidence/dcap-collateral.js'
import { splitDcapQuote } from '../../src/verify/evidence/dcap-quote.js'
import {
  verifyDcapQuote,
  type DcapPolicy
} from '../../src/verify/evidence/dcap-verify.js'

const here = dirname(fileURLToPath(import.meta.url))
const dir = join(here, '../../__fixtures__/evidence/dcap')
const read = (name: string): Buffer => readFileSync(join(dir, name))
const collateral = (name: string): DcapCollateral =>
  parseDcapCollateral(read(name).toString('utf8'), name)

/** dcap-qvl's samples; their collateral was issued 2025-06-19, valid a month. */
const AT = new Date('2025-06-25T00:00:00Z')
/** The "outdated" TDX sample's collateral: 2026-02-18 to 2026-03-20. */
const AT_OUTDATED = new Date('2026-03-01T00:00:00Z')
const ANY: DcapPolicy = {
  acceptedStatuses: [
    'UpToDate',
    'SWHardeningNeeded',
    'ConfigurationNeeded',
    'ConfigurationAndSWHardeningNeeded',
    'OutOfDate',
    'OutOfDateConfigurationNeeded'
  ],
  debug: false
}
const SGX = {
  quote: read('sgx_quote'),
  collateral: collateral('sgx_quote_collateral.json')
}
const TDX = {
  quote: read('tdx_quote'),
  collateral: collateral('tdx_quote_collateral.json')
}

function codeOf(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

function run(
  type: 'sgx-quote' | 'td-quote',
  quote: Buffer,
  c: DcapCollateral,
  at = AT,
  policy = ANY
): string {
  return codeOf(() =>
    verifyDcapQuote(type, quote, { collateral: c, policy, at })
  )
}

function flipped(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b)
  c[at] ^= 1
  return c
}

describe('DCAP quote verification to the Intel SGX Root CA', () => {
  it('verifies dcap-qvl’s SGX v3 sample with the status and advisories dcap-qvl pins', () => {
    const e = verifyDcapQuote('sgx-quote', SGX.quote, {
      collateral: SGX.collateral,
      policy: ANY,
      at: AT
    })
    expect(e.evidenceSignature).toBe('verified')
    expect(e.measurement.value).toBe(
      '33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb'
    )
    // golang-bindings/dcap_test.go in dcap-qvl pins these two values.
    expect(e.tcb).toMatchObject({
      status: 'ConfigurationAndSWHardeningNeeded',
      advisoryIds: ['INTEL-SA-00289', 'INTEL-SA-00615']
    })
    expect(e.platform).toMatchObject({ fmspc: '00A067110000', pceId: '0000' })
  })

  it('verifies dcap-qvl’s TDX v4 sample: UpToDate, no advisories (as dcap-qvl pins)', () => {
    const e = verifyDcapQuote('td-quote', TDX.quote, {
      collateral: TDX.collateral,
      policy: ANY,
      at: AT
    })
    expect(e.evidenceSignature).toBe('verified')
    expect(e.type).toBe('td-quote')
    expect(e.measurement.name).toBe('MRTD')
    expect(e.registers.map((r) => r.name)).toEqual([
      'MRTD',
      'RTMR0',
      'RTMR1',
      'RTMR2',
      'RTMR3',
      'MRCONFIGID'
    ])
    expect(e.tcb).toMatchObject({ status: 'UpToDate', advisoryIds: [] })
    expect(e.platform?.fmspc).toBe('B0C06F000000')
  })

  it('refuses the outdated TDX sample: its TEE_TCB_SVN is below every level listed', () => {
    // dcap-qvl's own test only verifies it with a TCB-info override.
    const c = collateral('tdx_quote_outdated_collateral.json')
    const q = read('tdx_quote_outdated')
    expect(run('td-quote', q, c, AT_OUTDATED)).toBe('EVIDENCE_TCB_REJECTED')
    // Chain, signatures and collateral are fine: a day after nextUpdate it is the collateral that fails.
    expect(run('td-quote', q, c, new Date('2026-03-21T00:00:00Z'))).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })

  it('refuses a TCB status the policy does not accept with its own code', () => {
    const strict: DcapPolicy = {
      acceptedStatuses: ['UpToDate', 'SWHardeningNeeded'],
      debug: false
    }
    expect(run('sgx-quote', SGX.quote, SGX.collateral, AT, strict)).toBe(
      'EVIDENCE_TCB_REJECTED'
    )
  })

  it('refuses a tampered measurement, quote signature, QE report or attestation key', () => {
    const s = splitDcapQuote('sgx-quote', SGX.quote)
    const sigAt = s.signed.length + 4
    for (const at of [
      48 + 64,
      48 + 320,
      sigAt,
      sigAt + 40,
      sigAt + 64 + 3,
      sigAt + 128 + 10,
      sigAt + 128 + 384 + 5
    ])
      expect(run('sgx-quote', flipped(SGX.quote, at), SGX.collateral)).toBe(
        'EVIDENCE_UNVERIFIED'
      )
    const t = splitDcapQuote('td-quote', TDX.quote)
    for (const at of [48 + 136, 48 + 328, t.signed.length + 4])
      expect(run('td-quote', flipped(TDX.quote, at), TDX.collateral)).toBe(
        'EVIDENCE_UNVERIFIED'
      )
  })

  it('refuses collateral of another platform (swapped TCB info)', () => {
    const swapped = {
      ...SGX.collateral,
      tcb_info: TDX.collateral.tcb_info,
      tcb_info_signature: TDX.collateral.tcb_info_signature
    }
    expect(run('sgx-quote', SGX.quote, swapped)).toBe('EVIDENCE_UNVERIFIED')
    expect(
      run('sgx-quote', SGX.quote, {
        ...SGX.collateral,
        qe_identity: TDX.collateral.qe_identity,
        qe_identity_signature: TDX.collateral.qe_identity_signature
      })
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('refuses edited TCB info (its signature no longer verifies) and an edited CRL', () => {
    const edited = SGX.collateral.tcb_info.replace(
      '"ConfigurationAndSWHardeningNeeded"',
      '"UpToDate"'
    )
    expect(edited).not.toBe(SGX.collateral.tcb_info)
    expect(
      run('sgx-quote', SGX.quote, { ...SGX.collateral, tcb_info: edited })
    ).toBe('EVIDENCE_UNVERIFIED')
    const crl = Buffer.from(SGX.collateral.pck_crl, 'hex')
    crl[crl.length - 5] ^= 1
    expect(
      run('sgx-quote', SGX.quote, {
        ...SGX.collateral,
        pck_crl: crl.toString('hex')
      })
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('refuses a chain to another root as TRUST_ROOT_UNKNOWN', () => {
    const other = readFileSync(
      join(here, '../../__fixtures__/verify/nitro/root.pem'),
      'utf8'
    )
    const chain = SGX.collateral.tcb_info_issuer_chain
    const pems =
      chain.match(
        /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g
      ) ?? []
    const wrong = `${pems[0]}\n${other}`
    expect(
      run('sgx-quote', SGX.quote, {
        ...SGX.collateral,
        tcb_info_issuer_chain: wrong
      })
    ).toBe('TRUST_ROOT_UNKNOWN')
  })

  it('says expired collateral is out of date, not that the evidence is malformed', () => {
    let message = ''
    try {
      verifyDcapQuote('sgx-quote', SGX.quote, {
        collateral: SGX.collateral,
        policy: ANY,
        at: new Date('2025-08-01T00:00:00Z')
      })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/cannot be checked at this time/)
    expect(message).toMatch(/--evidence-time/)
    expect(message).not.toMatch(/malformed|raw evidence bytes/)
  })

  it('refuses expired or not-yet-valid collateral', () => {
    expect(
      run(
        'sgx-quote',
        SGX.quote,
        SGX.collateral,
        new Date('2025-08-01T00:00:00Z')
      )
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(
      run(
        'sgx-quote',
        SGX.quote,
        SGX.collateral,
        new Date('2025-06-01T00:00:00Z')
      )
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('refuses a TDX quote given as SGX and the reverse', () => {
    expect(run('sgx-quote', TDX.quote, TDX.collateral)).toBe('EVIDENCE_INVALID')
    expect(run('td-quote', SGX.quote, SGX.collateral)).toBe('EVIDENCE_INVALID')
  })

  it('refuses every single-byte change of the signed parts, and never crashes', () => {
    const s = splitDcapQuote('sgx-quote', SGX.quote)
    const end = s.signed.length + 4 + 64 + 64 + 384 + 64
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: end - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, x) => {
          const m = Buffer.from(SGX.quote)
          m[at] ^= x
          expect(run('sgx-quote', m, SGX.collateral)).not.toBe('ok')
        }
      ),
      { numRuns: 120 }
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        expect(run('td-quote', Buffer.from(b), TDX.collateral)).toBe(
          'EVIDENCE_INVALID'
        )
      }),
      { numRuns: 150 }
    )
  })

  it('reads collateral files strictly', () => {
    expect(codeOf(() => parseDcapCollateral('{', 'c.json'))).toBe(
      'INPUT_INVALID'
    )
    expect(codeOf(() => parseDcapCollateral('{"tcb_info": 1}', 'c.json'))).toBe(
      'INPUT_INVALID'
    )
    fc.assert(
      fc.property(fc.json(), (j) => {
        expect(['ok', 'INPUT_INVALID']).toContain(
          codeOf(() => parseDcapCollateral(j, 'c.json'))
        )
      })
    )
  })
})

describe('TCB info schema', () => {
  it('maps v2 flat component SVNs onto v3 components', async () => {
    const { tcbInfoSchema } =
      await import('../../src/verify/evidence/dcap-collateral.js')
    const tcb: Record<string, number> = { pcesvn: 13 }
    for (let i = 1; i <= 16; i++)
      tcb[`sgxtcbcomp${String(i).padStart(2, '0')}svn`] = i
    const info = tcbInfoSchema.parse({
      version: 2,
      issueDate: '2025-06-19T10:56:11Z',
      nextUpdate: '2025-07-19T10:56:11Z',
      fmspc: '00A067110000',
      pceId: '0000',
      tcbLevels: [
        { tcb, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' }
      ]
    })
    expect(info.id).toBe('SGX')
    expect(info.tcbLevels[0].tcb.sgxtcbcomponents.map((c) => c.svn)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1)
    )
    delete tcb.sgxtcbcomp16svn
    expect(
      tcbInfoSchema.safeParse({
        version: 2,
        issueDate: '2025-06-19T10:56:11Z',
        nextUpdate: '2025-07-19T10:56:11Z',
        fmspc: '00A067110000',
        pceId: '0000',
        tcbLevels: [
          { tcb, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' }
        ]
      }).success
    ).toBe(false)
  })
})
