import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseDcapCollateral } from '../../src/verify/evidence/dcap-collateral.js'
import { verifyDcapQuote } from '../../src/verify/evidence/dcap-verify.js'
import { parseNitroDocument } from '../../src/verify/evidence/nitro.js'
import { parseSnpReport } from '../../src/verify/evidence/snp-report.js'
import { parseSnpPolicy } from '../../src/verify/evidence/snp-policy.js'
import {
  decodeTcb,
  verifySnpReport
} from '../../src/verify/evidence/snp-verify.js'

/*
 * The three ways real evidence was misread, each on real evidence from
 * other projects (__fixtures__/evidence/real/SOURCE.md), with the value
 * the reference verifier gives.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)
const read = (p: string): Buffer => readFileSync(join(fx, p))

function code(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('Nitro: fields read as AWS writes them', () => {
  it("reads the 8-byte timestamp of blocky/nitrite's real documents", () => {
    const doc = read('real/nitro/nitrite-prod.cbor')
    // "timestamp" (text, 9 bytes) followed by 0x1b: an 8-byte unsigned integer.
    const at = doc.indexOf(Buffer.from('6974696d657374616d70', 'hex'))
    expect(doc[at + 10]).toBe(0x1b)
    const e = parseNitroDocument(doc, { at: 'document' })
    // nitrite's TestExec: NitroAttestationTime and the base64 PCR0.
    expect(e.fields.timestamp).toBe('2024-09-07T14:37:39.545Z')
    expect(Buffer.from(e.measurement.value, 'hex').toString('base64')).toBe(
      '5ypGyoCiYPsEShJUQvDH4zGBO8uvlyTZ84V3WJknZvLWVxCieqlK45Sd1U58n+hq'
    )
  })

  it('refuses a debug-mode document unless allowed, as nitrite does', () => {
    const doc = read('real/nitro/nitrite-debug.cbor')
    expect(code(() => parseNitroDocument(doc, { at: 'document' }))).toBe(
      'EVIDENCE_POLICY_REJECTED'
    )
    const e = parseNitroDocument(doc, { at: 'document', allowDebug: true })
    expect([e.fields.timestamp, e.fields.debug]).toEqual([
      '2024-09-07T14:38:06.508Z',
      true
    ])
  })
})

describe("TDX: TCB levels matched as Intel's isTdxTcbHigherOrEqual", () => {
  const collateral = parseDcapCollateral(
    read('real/tdx/collateral-00806f050000-2025-02.json').toString('utf8'),
    'collateral'
  )
  const at = new Date('2025-02-20T00:00:00Z')
  const verify = (file: string): ReturnType<typeof verifyDcapQuote> =>
    verifyDcapQuote('td-quote', read(file), {
      collateral,
      at,
      policy: { acceptedStatuses: ['UpToDate'], debug: false }
    })

  it('a Google Cloud TD at TEE_TCB_SVN 04 01 07 is UpToDate (dcap-qvl: UpToDate)', () => {
    // Byte 0 (module SVN 4) is below the UpToDate level's tdxtcbcomponents[0]
    // (5), but the module identity TDX_01 grades it, and grades it UpToDate.
    const e = verify('real/tdx/gcp-cos113-v4.dat')
    expect(e.tcb).toEqual({
      status: 'UpToDate',
      advisoryIds: [],
      date: '2024-03-13T00:00:00Z'
    })
  })

  it('an Azure TD is refused for SEPT_VE_DISABLE off, not for its TCB', () => {
    let message = ''
    try {
      verify('real/tdx/azure-v4.dat')
    } catch (err) {
      message = `${(err as EnclaveBuildError).code}: ${(err as Error).message}`
    }
    expect(message).toMatch(/^EVIDENCE_POLICY_REJECTED: .*SEPT_VE_DISABLE/)
  })
})

describe('SEV-SNP: SMT is guest policy bit 16, bit 17 reserved (must be 1)', () => {
  const report = read('snp/dstack-report.bin')
  const withPolicy = (policy: bigint): Buffer => {
    const b = Buffer.from(report)
    b.writeBigUInt64LE(policy, 0x08)
    return b
  }

  it('reads SMT from bit 16 of a real report', () => {
    // AMD SEV-SNP ABI (56860) "Guest Policy": 16 SMT, 17 reserved = 1.
    expect(report.readBigUInt64LE(0x08)).toBe(0x30000n)
    const smt = (b: Buffer): unknown =>
      (parseSnpReport(b).fields.policy as { smt: boolean }).smt
    expect(smt(report)).toBe(true)
    expect(smt(withPolicy(0x20000n))).toBe(false)
    expect(code(() => parseSnpReport(withPolicy(0x10000n)))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('smt=deny refuses the real SMT guest', () => {
    const vcek = read('snp/dstack-vcek.pem')
    const run = (spec: string): string =>
      code(() =>
        verifySnpReport(report, {
          certificates: { vcek },
          policy: parseSnpPolicy(spec),
          at: new Date('2026-12-01T00:00:00Z')
        })
      )
    expect([run('smt=allow'), run('smt=deny')]).toEqual([
      'ok',
      'EVIDENCE_POLICY_REJECTED'
    ])
  })
})

describe('verify --evidence alone prints what the evidence attests', () => {
  function capture(): CliIO & { out: string; err: string } {
    const io = {
      out: '',
      err: '',
      cwd: process.cwd(),
      env: {},
      stdout: (t: string) => {
        io.out += t
      },
      stderr: (t: string) => {
        io.err += t
      }
    }
    return io
  }

  it('a GCP TD quote: evidenceSignature, tcbStatus and the registers', async () => {
    const io = capture()
    const status = await cli(
      [
        'verify',
        '--evidence',
        join(fx, 'real/tdx/gcp-cos113-v4.dat'),
        '--evidence-type',
        'td-quote',
        '--evidence-time',
        '2025-02-20T00:00:00Z',
        '--dcap-collateral',
        join(fx, 'real/tdx/collateral-00806f050000-2025-02.json'),
        '--json'
      ],
      io
    )
    expect([status, io.err]).toEqual([0, ''])
    const out = JSON.parse(io.out) as Record<string, unknown>
    expect(out).toMatchObject({
      verified: true,
      type: 'td-quote',
      evidenceSignature: 'verified',
      tcbStatus: 'UpToDate'
    })
    expect(Object.keys(out.registers as object)).toEqual([
      'MRTD',
      'RTMR0',
      'RTMR1',
      'RTMR2',
      'RTMR3',
      'MRCONFIGID'
    ])
  })

  it('a debug Nitro document is refused with exit 1 unless --nitro-allow-debug', async () => {
    const args = [
      'verify',
      '--evidence',
      join(fx, 'real/nitro/nitrite-debug.cbor'),
      '--evidence-type',
      'nitro',
      '--evidence-time',
      'document',
      '--json'
    ]
    const io = capture()
    expect(await cli(args, io)).not.toBe(0)
    expect(io.err).toMatch(/EVIDENCE_POLICY_REJECTED/)
    const ok = capture()
    expect(await cli([...args, '--nitro-allow-debug'], ok)).toBe(0)
    expect(JSON.parse(ok.out)).toMatchObject({
      type: 'nitro',
      evidenceSignature: 'verified'
    })
  })
})

describe("SEV-SNP Turin: every TCB_VERSION read in Turin's layout", () => {
  // openanolis/trustee's check_turin_generation_and_tcb decodes this real
  // Turin report's REPORTED_TCB as FMC 1, boot loader 3, TEE 2, SNP 5,
  // microcode 97; its CURRENT, COMMITTED and LAUNCH TCBs hold the same bytes.
  const report = read('real/snp/anolis-turin-report.bin')
  const want = { fmc: 1, bootLoader: 3, tee: 2, snp: 5, microcode: 97 }
  const tcbs = ['currentTcb', 'reportedTcb', 'committedTcb', 'launchTcb']

  it('parses a version 5 report of CPU family 1Ah with the FMC first', () => {
    expect(report.readUInt32LE(0)).toBe(5)
    expect(report[0x188]).toBe(0x1a)
    const fields = parseSnpReport(report).fields
    for (const k of tcbs) expect([k, fields[k]]).toMatchObject([k, want])
  })

  it('reports them so after the VCEK-SEV-Turin signature is verified', () => {
    const e = verifySnpReport(report, {
      at: new Date('2026-12-01T00:00:00Z'),
      certificates: { vcek: read('real/snp/anolis-turin-vcek.der') },
      policy: parseSnpPolicy('debug=allow')
    })
    expect(e.fields.product).toBe('Turin')
    for (const k of tcbs) expect([k, e.fields[k]]).toMatchObject([k, want])
  })
})

describe('regression: the parser and the VCEK check read every TCB alike', () => {
  it('for any version 3-5 report, Turin layout exactly when CPUID_FAM_ID is 1Ah', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0x4a0, maxLength: 0x4a0 }),
        fc.integer({ min: 3, max: 5 }),
        fc.constantFrom(0x19, 0x1a, 0x17, 0),
        (bytes, version, family) => {
          const b = Buffer.from(bytes)
          b.writeUInt32LE(version, 0)
          b.writeBigUInt64LE(0x30000n, 0x08)
          b[0x188] = family
          const fields = parseSnpReport(b).fields
          const product = family === 0x1a ? 'Turin' : 'Milan'
          for (const [k, at] of [
            ['currentTcb', 0x38],
            ['reportedTcb', 0x180],
            ['committedTcb', 0x1e0],
            ['launchTcb', 0x1f0]
          ] as const)
            expect(fields[k]).toEqual({
              raw: b.subarray(at, at + 8).toString('hex'),
              ...decodeTcb(b, at, product)
            })
        }
      ),
      { numRuns: 200 }
    )
  })
})
