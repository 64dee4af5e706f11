import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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

// A TDX build attested like every target, then found and matched from a TD quote alone.

const REG = {
  MRTD: 'a1'.repeat(48),
  RTMR0: 'b0'.repeat(48),
  RTMR1: 'b1'.repeat(48),
  RTMR2: 'b2'.repeat(48)
}

/** A TD quote v4 header + body carrying the given registers (signature data not read). */
function tdQuote(
  regs: Record<string, string>,
  reportData = Buffer.alloc(64)
): Buffer {
  const q = Buffer.alloc(48 + 584 + 4)
  q.writeUInt16LE(4, 0)
  q.writeUInt32LE(0x81, 4)
  Buffer.from(regs.MRTD, 'hex').copy(q, 48 + 136)
  ;['RTMR0', 'RTMR1', 'RTMR2'].forEach((r, i) =>
    Buffer.from(regs[r], 'hex').copy(q, 48 + 328 + 48 * i)
  )
  reportData.copy(q, 48 + 520)
  return q
}

let mock: MockSigstore
let dir: string
let root: string
let bundle: string
beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'tdx-verify-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  const statement = statementFor(
    'tdx',
    Object.entries(REG).map(([n, v]) => measurement(n, 'sha384', v))
  )
  bundle = join(dir, 'tdx.sigstore.json')
  await writeFile(
    bundle,
    JSON.stringify((await signKeyless(mock, statement)).bundle)
  )
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const verify = async (quote: Buffer, challenge?: string) => {
  const path = join(dir, 'quote.bin')
  await writeFile(path, quote)
  return runVerify(
    {
      bundles: [bundle],
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      evidence: { type: 'td-quote', path, challenge }
    },
    { now: () => new Date(Date.UTC(2027, 0, 1)) }
  )
}

describe('verify --evidence-type td-quote', () => {
  it('MRTD → commit, RTMR0-2 cross-checked, report data as the challenge', async () => {
    const data = Buffer.concat([Buffer.from('c0ffee', 'hex'), Buffer.alloc(61)])
    const r = await verify(tdQuote(REG, data), 'c0ffee')
    expect([r.verified, r.measurementName, r.sourceCommit]).toEqual([
      true,
      'MRTD',
      COMMIT
    ])
  })
  it('a TD whose RTMR1 differs (another kernel) is MEASUREMENT_MISMATCH', async () => {
    await expect(
      verify(tdQuote({ ...REG, RTMR1: 'ff'.repeat(48) }))
    ).rejects.toMatchObject({
      code: 'MEASUREMENT_MISMATCH'
    })
  })
})
