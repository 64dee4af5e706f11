import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runVerify } from '../../src/verify/run.js'
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

// A TDX build attested like every target, then found and matched from a TD
// quote alone: dcap-qvl's real TDX sample, verified to Intel's root with its
// collateral (__fixtures__/evidence/SOURCE.md), its registers attested here.

const dcap = join(import.meta.dirname, '../../__fixtures__/evidence/dcap')
const sample = readFileSync(join(dcap, 'tdx_quote'))
const reg = (at: number): string =>
  sample.subarray(48 + at, 48 + at + 48).toString('hex')
const REG = {
  MRTD: reg(136),
  RTMR0: reg(328),
  RTMR1: reg(376),
  RTMR2: reg(424)
}
const AT = new Date('2025-06-25T00:00:00Z')

let mock: MockSigstore
let dir: string
let root: string
let bundle: string
let wrongKernel: string
beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'tdx-verify-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  const sign = async (regs: Record<string, string>, name: string) => {
    const path = join(dir, name)
    const statement = statementFor(
      'tdx',
      Object.entries(regs).map(([n, v]) => measurement(n, 'sha384', v))
    )
    await writeFile(
      path,
      JSON.stringify((await signKeyless(mock, statement)).bundle)
    )
    return path
  }
  bundle = await sign(REG, 'tdx.sigstore.json')
  wrongKernel = await sign(
    { ...REG, RTMR1: 'ff'.repeat(48) },
    'other.sigstore.json'
  )
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const verify = (bundles: string[], challenge?: string) =>
  runVerify(
    {
      bundles,
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      evidence: {
        type: 'td-quote',
        path: join(dcap, 'tdx_quote'),
        at: AT,
        dcap: { collateralPath: join(dcap, 'tdx_quote_collateral.json') },
        ...(challenge ? { challenge } : {})
      }
    },
    {}
  )

describe('verify --evidence-type td-quote', () => {
  it('MRTD → commit, RTMR0-2 cross-checked, report data as the challenge', async () => {
    const data = sample.subarray(48 + 520, 48 + 524).toString('hex')
    const r = await verify([bundle], data)
    expect([r.verified, r.measurementName, r.sourceCommit]).toEqual([
      true,
      'MRTD',
      COMMIT
    ])
    expect(r.evidence?.registersChecked).toEqual([
      'MRTD',
      'RTMR0',
      'RTMR1',
      'RTMR2'
    ])
  })
  it('a TD whose RTMR1 differs (another kernel) is MEASUREMENT_MISMATCH', async () => {
    await expect(verify([wrongKernel])).rejects.toMatchObject({
      code: 'MEASUREMENT_MISMATCH'
    })
  })
})
