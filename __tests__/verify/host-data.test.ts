import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import { runVerify, type VerifyInput } from '../../src/verify/run.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  COMMIT,
  measurement,
  signKeyless,
  statementFor
} from '../../__fixtures__/verify/attestation.js'

/*
 * Real vendor evidence (dstack's SEV-SNP report, dcap-qvl's TDX quote; see
 * __fixtures__/evidence/SOURCE.md) looked up by HOST_DATA / MRCONFIGID, the
 * fields that carry a CoCo initdata digest or a confidential ACI policy
 * digest, to an oci target attestation that records the same value.
 */

const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)
const f = (p: string): string => join(fixtures, p)
const SNP_AT = new Date('2026-07-01T00:00:00Z')
const TDX_AT = new Date('2025-06-25T00:00:00Z')

let mock: MockSigstore
let dir: string
let root: string
let hostData: string
let mrConfigId: string
const bundles: string[] = []

beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-hostdata-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  // the values straight from the evidence bytes (SEV-SNP ABI: HOST_DATA at
  // 0xC0; TDX quote v4: MRCONFIGID after MRTD in the TD report body)
  hostData = (await readFile(f('snp/dstack-report.bin')))
    .subarray(0xc0, 0xe0)
    .toString('hex')
  mrConfigId = (await readFile(f('dcap/tdx_quote')))
    .subarray(48 + 184, 48 + 232)
    .toString('hex')
  const st = statementFor('oci', [
    measurement('IMAGE_DIGEST', 'sha256', 'ab'.repeat(32)),
    measurement('HOST_DATA', 'sha256', hostData),
    measurement('MRCONFIGID', 'sha384', mrConfigId)
  ])
  const path = join(dir, 'oci.sigstore.json')
  await writeFile(path, JSON.stringify((await signKeyless(mock, st)).bundle))
  bundles.push(path)
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const run = (evidence: VerifyInput['evidence'], at: Date) =>
  runVerify(
    {
      bundles,
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      ...(evidence ? { evidence } : {})
    },
    { now: () => at }
  )

describe('verify by HOST_DATA / MRCONFIGID', () => {
  it('dstack’s SNP report, verified to AMD, HOST_DATA → the oci attestation → commit', async () => {
    expect(hostData).toBe(
      '783f0057820acb99249af56cc3b07b4e8d80f65183167cba9cf437bb680f742f'
    )
    const r = await run(
      {
        type: 'snp-report',
        path: f('snp/dstack-report.bin'),
        register: 'HOST_DATA',
        snp: {
          vcekPath: f('snp/dstack-vcek.pem'),
          askPath: f('snp/dstack-ask.pem')
        }
      },
      SNP_AT
    )
    expect([r.measurementName, r.measurement, r.sourceCommit]).toEqual([
      'HOST_DATA',
      hostData,
      COMMIT
    ])
  })

  it('dcap-qvl’s TD quote, verified to Intel, MRCONFIGID → the oci attestation → commit', async () => {
    const r = await run(
      {
        type: 'td-quote',
        path: f('dcap/tdx_quote'),
        register: 'MRCONFIGID',
        at: TDX_AT,
        dcap: { collateralPath: f('dcap/tdx_quote_collateral.json') }
      },
      TDX_AT
    )
    expect([r.measurementName, r.measurement, r.sourceCommit]).toEqual([
      'MRCONFIGID',
      mrConfigId,
      COMMIT
    ])
  })

  it('a report with HOST_DATA changed is refused; a register the evidence lacks is INPUT_INVALID', async () => {
    const b = Buffer.from(await readFile(f('snp/dstack-report.bin')))
    b[0xc0] ^= 1
    const p = join(dir, 'other.bin')
    await writeFile(p, b)
    await expect(
      run(
        {
          type: 'snp-report',
          path: p,
          register: 'HOST_DATA',
          snp: {
            vcekPath: f('snp/dstack-vcek.pem'),
            askPath: f('snp/dstack-ask.pem')
          }
        },
        SNP_AT
      )
    ).rejects.toBeInstanceOf(EnclaveBuildError)
    await expect(
      run(
        {
          type: 'snp-report',
          path: f('snp/dstack-report.bin'),
          register: 'MRCONFIGID',
          snp: {
            vcekPath: f('snp/dstack-vcek.pem'),
            askPath: f('snp/dstack-ask.pem')
          }
        },
        SNP_AT
      )
    ).rejects.toThrow(/--evidence-register MRCONFIGID/)
  })
})
