import { spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import { AMD_ROOTS } from '../../src/verify/evidence/amd-roots.js'
import {
  parseDcapCollateral,
  TCB_STATUSES
} from '../../src/verify/evidence/dcap-collateral.js'
import {
  EVIDENCE_KINDS,
  readEvidence,
  type Evidence
} from '../../src/verify/evidence/index.js'
import { parseSnpPolicy } from '../../src/verify/evidence/snp-policy.js'

/*
 * Every piece of real evidence in __fixtures__/evidence/real/corpus.json
 * (and the older real fixtures it lists) gets the verdict and TCB status
 * an independent verifier gave it at the evidence's own time: dcap-qvl for
 * SGX/TDX, go-sev-guest's check (or trustee's own test) for SEV-SNP,
 * blocky/nitrite's tests for Nitro. The expected values are the table's,
 * written from those verifiers' outputs; with $DCAP_QVL_PYTHON and
 * $SEV_GUEST_CHECK set the table itself is checked against them again.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)

/** One row of the corpus table. */
interface CorpusRow {
  file: string
  type: 'nitro' | 'nitrotpm' | 'sgx-quote' | 'td-quote' | 'snp-report'
  platform: string
  collateral?: string
  vcek?: string
  at: string
  verifier: string
  verdict: 'accept' | 'refuse'
  tcbStatus: string | null
  advisoryIds?: string[]
  oursCode?: string
  /** The --snp-policy addition under which we accept it after all. */
  acceptWith?: string
  timestamp?: string
  pcr0?: string
  /** REPORTED_TCB as the reference verifier decodes it (SEV-SNP). */
  reportedTcb?: Record<string, number>
}

const rows = (
  JSON.parse(readFileSync(join(fx, 'real/corpus.json'), 'utf8')) as {
    rows: CorpusRow[]
  }
).rows
const read = (p: string): Buffer => readFileSync(join(fx, p))

/** Our verifier under the reference verifiers' permissive settings. */
async function ours(row: CorpusRow, snpExtra = ''): Promise<Evidence> {
  const bytes = read(row.file)
  const at = row.at === 'document' ? new Date() : new Date(row.at)
  switch (row.type) {
    case 'nitro':
    case 'nitrotpm':
      return readEvidence(row.type, bytes, { at, nitro: { at: 'document' } })
    case 'snp-report':
      return readEvidence('snp-report', bytes, {
        at,
        snp: {
          certificates: { vcek: read(row.vcek as string) },
          policy: parseSnpPolicy(`debug=allow,migrate-ma=allow,${snpExtra}`)
        }
      })
    default:
      return readEvidence(row.type, bytes, {
        at,
        dcap: {
          collateral: parseDcapCollateral(
            read(row.collateral as string).toString('utf8'),
            row.collateral as string
          ),
          policy: {
            acceptedStatuses: TCB_STATUSES.filter((s) => s !== 'Revoked'),
            debug: false
          }
        }
      })
  }
}

/** 'accept' with the evidence, or the code it was refused with. */
async function outcome(
  row: CorpusRow
): Promise<
  { verdict: 'accept'; e: Evidence } | { verdict: 'refuse'; code: string }
> {
  try {
    return { verdict: 'accept', e: await ours(row) }
  } catch (err) {
    if (err instanceof EnclaveBuildError)
      return { verdict: 'refuse', code: err.code }
    throw err
  }
}

describe('real evidence corpus: our verdicts are the reference verifiers', () => {
  it.each(rows.map((r) => [r.file, r] as const))('%s', async (_name, row) => {
    const got = await outcome(row)
    if (row.verdict === 'refuse') {
      expect(got).toEqual({ verdict: 'refuse', code: row.oursCode })
      return
    }
    expect(got.verdict).toBe('accept')
    const e = (got as { e: Evidence }).e
    expect(e.evidenceSignature).toBe('verified')
    if (row.type === 'sgx-quote' || row.type === 'td-quote')
      expect({ status: e.tcb?.status, ids: e.tcb?.advisoryIds }).toEqual({
        status: row.tcbStatus,
        ids: row.advisoryIds
      })
    // The registry names the registers each kind reports.
    const kind = EVIDENCE_KINDS[row.type]
    // (NitroTPM's measurement is PCR4, the UKI's; every other kind's the first)
    expect(e.measurement.name).toBe(
      row.type === 'nitrotpm' ? 'PCR4' : kind.registers[0]
    )
    expect(e.registers.filter((r) => !kind.registers.includes(r.name))).toEqual(
      []
    )
    if (row.type === 'nitro')
      expect([e.fields.timestamp, e.measurement.value]).toEqual([
        row.timestamp,
        row.pcr0
      ])
    if (row.type === 'nitrotpm') expect(e.fields.timestamp).toBe(row.timestamp)
    if (row.reportedTcb)
      expect(e.fields.reportedTcb).toMatchObject(row.reportedTcb)
  })

  it("accepts provisional SNP firmware only when told (go-sev-guest's -provisional)", async () => {
    const provisional = rows.filter((r) => r.acceptWith)
    expect(provisional.length).toBeGreaterThan(1)
    for (const row of provisional)
      expect([
        row.file,
        (await ours(row, row.acceptWith)).evidenceSignature
      ]).toEqual([row.file, 'verified'])
  })

  it('covers Nitro (debug and not, definite and indefinite maps), NitroTPM, SGX, TDX v4/v5 (GCP, Azure, bare metal), SNP Milan/Genoa/Turin VCEK and VLEK', () => {
    const text = rows.map((r) => `${r.type} ${r.platform}`).join('\n')
    for (const want of [
      /nitro .*production/,
      /nitro .*debug/,
      /nitro .*production.*indefinite-length/,
      /nitro .*definite-length map, user_data and public_key null/,
      /nitrotpm NitroTPM/,
      /sgx-quote SGX v3/,
      /td-quote TDX v4, Google Cloud/,
      /td-quote TDX v4, Azure/,
      /td-quote TDX v5/,
      /snp-report .*Milan.*VCEK/,
      /snp-report .*Genoa.*Azure/,
      /snp-report .*Google Cloud/,
      /snp-report SEV-SNP Turin, report v5/,
      /snp-report .*VLEK/
    ])
      expect(text).toMatch(want)
  })
})

const PYTHON = process.env.DCAP_QVL_PYTHON
;(PYTHON ? describe : describe.skip)(
  'the DCAP rows are what dcap-qvl says (needs $DCAP_QVL_PYTHON from .ci/dcap-qvl.sh)',
  () => {
    it('re-runs dcap-qvl over every SGX/TDX row', () => {
      const dcap = rows.filter(
        (r) => r.type === 'sgx-quote' || r.type === 'td-quote'
      )
      const input = dcap
        .map((r) =>
          JSON.stringify({
            quote: read(r.file).toString('hex'),
            collateral: read(r.collateral as string).toString('utf8'),
            now: Math.floor(new Date(r.at).getTime() / 1000)
          })
        )
        .join('\n')
      const run = spawnSync(PYTHON as string, [join(fx, 'dcap-oracle.py')], {
        input,
        encoding: 'utf8'
      })
      const got = run.stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              ok: boolean
              status?: string
              advisoryIds?: string[]
            }
        )
      expect(
        got.map((g, i) => ({
          file: dcap[i].file,
          verdict: g.ok ? 'accept' : 'refuse',
          tcbStatus: g.ok ? g.status : null,
          ...(g.ok ? { advisoryIds: g.advisoryIds } : {})
        }))
      ).toEqual(
        dcap.map((r) => ({
          file: r.file,
          verdict: r.verdict,
          tcbStatus: r.tcbStatus,
          ...(r.verdict === 'accept' ? { advisoryIds: r.advisoryIds } : {})
        }))
      )
    })
  }
)

const CHECK = process.env.SEV_GUEST_CHECK
const GUID = {
  vcek: '63da758d-e664-4564-adc5-f4b93be8accd',
  ask: '4ab7b379-bbac-4fe4-a02f-05aef327c782',
  ark: 'c0b406a4-a803-4952-9743-3fb6014cd0ae'
}
const der = (c: string | Buffer): Buffer => new X509Certificate(c).raw

/** report ‖ GHCB certificate table, as check -inform bin reads it. */
function extended(
  report: Buffer,
  certs: [keyof typeof GUID, Buffer][]
): Buffer {
  const header = Buffer.alloc((certs.length + 1) * 24)
  let offset = header.length
  certs.forEach(([kind, cert], i) => {
    Buffer.from(GUID[kind].replace(/-/g, ''), 'hex').copy(header, i * 24)
    header.writeUInt32LE(offset, i * 24 + 16)
    header.writeUInt32LE(cert.length, i * 24 + 20)
    offset += cert.length
  })
  return Buffer.concat([report, header, ...certs.map(([, c]) => c)])
}

;(CHECK ? describe : describe.skip)(
  'the SNP rows are what go-sev-guest check says (needs $SEV_GUEST_CHECK from .ci/sev-guest-check.sh)',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'snp-corpus-'))
    afterAll(() => rmSync(work, { recursive: true, force: true }))
    it('re-runs check over every VCEK-signed SNP row', () => {
      const snp = rows.filter(
        (r) => r.type === 'snp-report' && r.verifier.startsWith('go-sev-guest')
      )
      const verdicts = snp.map((r, i) => {
        const vcek = der(read(r.vcek as string))
        const product = new X509Certificate(vcek).issuer.includes('Genoa')
          ? 'Genoa'
          : 'Milan'
        const file = join(work, `${i}.bin`)
        writeFileSync(
          file,
          extended(read(r.file), [
            ['vcek', vcek],
            ['ask', der(AMD_ROOTS[product].ask)],
            ['ark', der(AMD_ROOTS[product].ark)]
          ])
        )
        const run = spawnSync(
          CHECK as string,
          [
            '-in',
            file,
            '-inform',
            'bin',
            '-network=false',
            '-guest_policy',
            '0x0f0000',
            ...(product === 'Milan' ? ['-product_name', 'Milan-B0'] : [])
          ],
          { encoding: 'utf8' }
        )
        return { file: r.file, verdict: run.status === 0 ? 'accept' : 'refuse' }
      })
      expect(verdicts).toEqual(
        snp.map((r) => ({ file: r.file, verdict: r.verdict }))
      )
    })
  }
)
