import { describe, expect, it } from '@jest/globals'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { AMD_ROOTS } from '../../src/verify/evidence/amd-roots.js'
import {
  DEFAULT_SNP_POLICY,
  parseSnpPolicy,
  type SnpPolicy
} from '../../src/verify/evidence/snp-policy.js'
import {
  verifySnpReport,
  type SnpCertificates
} from '../../src/verify/evidence/snp-verify.js'

const dir = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence/snp'
)
const read = (name: string): Buffer => readFileSync(join(dir, name))

/** dstack's Milan report (captured 2026-06-17) with its ASK and VCEK. */
const DSTACK = {
  report: read('dstack-report.bin'),
  certs: { vcek: read('dstack-vcek.pem'), ask: read('dstack-ask.pem') },
  at: new Date('2026-07-01T00:00:00Z')
}
/** go-sev-guest's Milan report (debug allowed by its policy) and VCEK. */
const GOSEV = {
  report: read('gosev-attestation.bin'),
  certs: { vcek: read('gosev-vcek.der') },
  at: new Date('2023-01-01T00:00:00Z')
}

/** tinfoil's Genoa report (gzip-decoded from its attestation bundle) and VCEK. */
const GENOA = {
  report: read('tinfoil-genoa-report.bin'),
  certs: { vcek: read('tinfoil-genoa-vcek.der') },
  at: new Date('2026-02-01T00:00:00Z')
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
  report: Buffer,
  certs: SnpCertificates,
  at: Date,
  policy: SnpPolicy = DEFAULT_SNP_POLICY
): string {
  return codeOf(() =>
    verifySnpReport(report, { certificates: certs, policy, at })
  )
}

function flipped(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b)
  c[at] ^= 1
  return c
}

describe('SEV-SNP report verification to the AMD root', () => {
  it('verifies dstack’s real Milan report: chain, signature, TCB, chip id', () => {
    const e = verifySnpReport(DSTACK.report, {
      certificates: DSTACK.certs,
      policy: DEFAULT_SNP_POLICY,
      at: DSTACK.at
    })
    expect(e.evidenceSignature).toBe('verified')
    expect(e.measurement.value).toMatch(
      /^7f51e17f72a04d5422cb2c00998166536019a217/
    )
    expect(e.fields.hostData).toBe(
      '783f0057820acb99249af56cc3b07b4e8d80f65183167cba9cf437bb680f742f'
    )
    expect(e.platform).toMatchObject({
      product: 'Milan',
      chipId:
        '38d174589d2dff97a6d40cb9f9d90b9507c027491219083cef3ce73ed18f7289142d941ad61eabecd27d25f268c1095d665f6001358e98a4769c82734a6bb877'
    })
    expect(e.fields.reportedTcb).toMatchObject({
      bootLoader: 4,
      tee: 0,
      snp: 23,
      microcode: 213
    })
    expect(e.fields.signingKey).toBe('VCEK')
  })

  it('verifies tinfoil’s real Genoa report to the pinned ARK-Genoa', () => {
    const e = verifySnpReport(GENOA.report, {
      certificates: GENOA.certs,
      policy: DEFAULT_SNP_POLICY,
      at: GENOA.at
    })
    expect(e.evidenceSignature).toBe('verified')
    expect(e.platform?.product).toBe('Genoa')
    expect(e.fields.reportedTcb).toMatchObject({
      bootLoader: 10,
      tee: 0,
      snp: 23,
      microcode: 84
    })
    expect(run(flipped(GENOA.report, 0x90), GENOA.certs, GENOA.at)).toBe(
      'EVIDENCE_UNVERIFIED'
    )
    // A Milan VCEK for a Genoa report, and the reverse.
    expect(run(GENOA.report, DSTACK.certs, GENOA.at)).toBe(
      'EVIDENCE_UNVERIFIED'
    )
    expect(run(DSTACK.report, GENOA.certs, DSTACK.at)).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })

  it('uses the pinned ASK when none is given', () => {
    expect(run(DSTACK.report, { vcek: DSTACK.certs.vcek }, DSTACK.at)).toBe(
      'ok'
    )
  })

  it('verifies go-sev-guest’s report once its debug policy is accepted', () => {
    expect(run(GOSEV.report, GOSEV.certs, GOSEV.at)).toBe(
      'EVIDENCE_POLICY_REJECTED'
    )
    const allowDebug = parseSnpPolicy('debug=allow')
    expect(run(GOSEV.report, GOSEV.certs, GOSEV.at, allowDebug)).toBe('ok')
  })

  it('refuses a flipped signature byte, measurement, report data or TCB byte', () => {
    for (const at of [0x2a0, 0x2a0 + 72, 0x90, 0x50, 0xc0])
      expect(run(flipped(DSTACK.report, at), DSTACK.certs, DSTACK.at)).toBe(
        'EVIDENCE_UNVERIFIED'
      )
  })

  it('refuses non-zero reserved bytes after the signature (unsigned)', () => {
    expect(run(flipped(DSTACK.report, 0x400), DSTACK.certs, DSTACK.at)).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('refuses a signature whose high bytes are set', () => {
    expect(
      run(flipped(DSTACK.report, 0x2a0 + 60), DSTACK.certs, DSTACK.at)
    ).toBe('EVIDENCE_INVALID')
  })

  it('refuses another chip’s VCEK (swapped certificate)', () => {
    expect(run(DSTACK.report, GOSEV.certs, DSTACK.at)).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })

  it('refuses an ASK of another product (wrong root) as TRUST_ROOT_UNKNOWN', () => {
    const genoaAsk = AMD_ROOTS.Genoa.ask
    expect(
      run(DSTACK.report, { ...DSTACK.certs, ask: genoaAsk }, DSTACK.at)
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('refuses a VCEK under a self-made "SEV-Milan" CA', () => {
    // A certificate whose issuer is not an AMD product CA at all.
    const nitro = readFileSync(join(dir, '../../verify/nitro/leaf.pem'), 'utf8')
    expect(run(DSTACK.report, { vcek: nitro }, DSTACK.at)).toBe(
      'TRUST_ROOT_UNKNOWN'
    )
  })

  it('refuses certificates outside their validity (expired collateral)', () => {
    const vcek = new X509Certificate(DSTACK.certs.vcek)
    const after = new Date(vcek.validToDate.getTime() + 1000)
    const before = new Date(vcek.validFromDate.getTime() - 1000)
    expect(run(DSTACK.report, DSTACK.certs, after)).toBe('EVIDENCE_UNVERIFIED')
    expect(run(DSTACK.report, DSTACK.certs, before)).toBe('EVIDENCE_UNVERIFIED')
  })

  it('applies a minimum TCB with its own code', () => {
    const high = parseSnpPolicy('min-tcb.snp=24')
    const ok = parseSnpPolicy('min-tcb.snp=23,min-tcb.microcode=213')
    expect(run(DSTACK.report, DSTACK.certs, DSTACK.at, high)).toBe(
      'EVIDENCE_TCB_REJECTED'
    )
    expect(run(DSTACK.report, DSTACK.certs, DSTACK.at, ok)).toBe('ok')
  })

  it('checks the VMPL when the policy names one', () => {
    const vmpl = verifySnpReport(DSTACK.report, {
      certificates: DSTACK.certs,
      policy: DEFAULT_SNP_POLICY,
      at: DSTACK.at
    }).fields.vmpl as number
    expect(
      run(
        DSTACK.report,
        DSTACK.certs,
        DSTACK.at,
        parseSnpPolicy(`vmpl=${vmpl}`)
      )
    ).toBe('ok')
    expect(
      run(
        DSTACK.report,
        DSTACK.certs,
        DSTACK.at,
        parseSnpPolicy(`vmpl=${(vmpl + 1) % 4}`)
      )
    ).toBe('EVIDENCE_POLICY_REJECTED')
  })

  it('refuses an SMT guest when the policy denies SMT', () => {
    const e = verifySnpReport(DSTACK.report, {
      certificates: DSTACK.certs,
      policy: DEFAULT_SNP_POLICY,
      at: DSTACK.at
    })
    const smt = (e.fields.policy as { smt: boolean }).smt
    expect(
      run(DSTACK.report, DSTACK.certs, DSTACK.at, parseSnpPolicy('smt=deny'))
    ).toBe(smt ? 'EVIDENCE_POLICY_REJECTED' : 'ok')
  })

  it('never throws anything but a coded error on random bytes or mutations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x49f }),
        fc.integer({ min: 1, max: 255 }),
        (at, x) => {
          const m = Buffer.from(DSTACK.report)
          m[at] ^= x
          // Every byte is signed, or must be zero (the unused high bytes of
          // r and s, the reserved tail after the signature).
          expect(run(m, DSTACK.certs, DSTACK.at)).not.toBe('ok')
        }
      ),
      { numRuns: 150 }
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1300 }), (b) => {
        expect(run(Buffer.from(b), DSTACK.certs, DSTACK.at)).not.toBe('ok')
      }),
      { numRuns: 100 }
    )
  })
})

describe('--snp-policy', () => {
  it('parses flags and minimum TCB components', () => {
    expect(parseSnpPolicy('')).toEqual(DEFAULT_SNP_POLICY)
    expect(parseSnpPolicy('debug=allow, smt=deny,min-tcb.fmc=1')).toEqual({
      debug: true,
      migrateMa: false,
      smt: false,
      minTcb: { fmc: 1 }
    })
  })

  it('refuses anything else as INPUT_INVALID', () => {
    for (const bad of [
      'debug',
      'debug=yes',
      'foo=allow',
      'min-tcb.snp=256',
      'a=b=c'
    ])
      expect(codeOf(() => parseSnpPolicy(bad))).toBe('INPUT_INVALID')
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(['ok', 'INPUT_INVALID']).toContain(
          codeOf(() => parseSnpPolicy(s))
        )
      })
    )
  })
})
