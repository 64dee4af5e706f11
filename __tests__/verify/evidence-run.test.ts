import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { runVerify, type VerifyInput } from '../../src/verify/run.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  COMMIT,
  measurement,
  NITRO,
  SGX,
  signKeyless,
  statementFor,
  statements
} from '../../__fixtures__/verify/attestation.js'
import {
  buildNitroDocument,
  buildSgxQuote,
  buildSnpReport,
  defaultPcrs,
  nitroFixture
} from '../../__fixtures__/verify/evidence.js'

let mock: MockSigstore
let dir: string
let root: string
let nitroRoot: string
const bundles: Record<string, string> = {}
const at = new Date(Date.UTC(2027, 0, 1))

beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-evidence-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  nitroRoot = join(dir, 'nitro-root.pem')
  await writeFile(nitroRoot, nitroFixture('root.pem'))
  for (const [name, make] of Object.entries(statements)) {
    bundles[name] = join(dir, `${name}.sigstore.json`)
    await writeFile(
      bundles[name],
      JSON.stringify((await signKeyless(mock, make())).bundle)
    )
  }
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

async function evidenceFile(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

const run = (over: Partial<VerifyInput>) =>
  runVerify(
    {
      bundles: Object.values(bundles),
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      ...over
    },
    { now: () => at }
  )

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  if (err === undefined) return 'resolved'
  if (err instanceof EnclaveBuildError) return err.code
  throw err as Error
}

describe('verify from the enclave evidence', () => {
  it('Nitro: verified document → PCR0 → commit, every PCR cross-checked', async () => {
    const path = await evidenceFile('nitro.cbor', buildNitroDocument())
    const r = await run({
      evidence: { type: 'nitro', path, nitroRootPath: nitroRoot }
    })
    expect(r).toMatchObject({
      measurement: NITRO.PCR0,
      measurementName: 'PCR0',
      sourceCommit: COMMIT,
      evidence: {
        type: 'nitro',
        evidenceSignature: 'verified',
        registersChecked: ['PCR0', 'PCR1', 'PCR2', 'PCR8']
      }
    })
    expect(r.warnings).toEqual([])
  })

  it('Nitro: a PCR that disagrees with the attestation is MEASUREMENT_MISMATCH', async () => {
    const pcrs = defaultPcrs()
    pcrs.set(2, Buffer.alloc(48, 0xee))
    const path = await evidenceFile(
      'nitro-pcr2.cbor',
      buildNitroDocument({ pcrs })
    )
    expect(
      await codeOf(
        run({ evidence: { type: 'nitro', path, nitroRootPath: nitroRoot } })
      )
    ).toBe('MEASUREMENT_MISMATCH')
  })

  it('Nitro: the AWS root by default; a test chain is TRUST_ROOT_UNKNOWN', async () => {
    const path = await evidenceFile('nitro2.cbor', buildNitroDocument())
    expect(await codeOf(run({ evidence: { type: 'nitro', path } }))).toBe(
      'TRUST_ROOT_UNKNOWN'
    )
  })

  it('checks the challenge: the Nitro nonce', async () => {
    const nitro = await evidenceFile('nitro5.cbor', buildNitroDocument())
    const ev = { type: 'nitro' as const, path: nitro, nitroRootPath: nitroRoot }
    await expect(
      run({ evidence: { ...ev, challenge: '0x0102030405' } })
    ).resolves.toMatchObject({ verified: true })
    expect(
      await codeOf(run({ evidence: { ...ev, challenge: '01020304' } }))
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(await codeOf(run({ evidence: { ...ev, challenge: 'xyz' } }))).toBe(
      'INPUT_INVALID'
    )
  })

  it('SGX/TDX/SNP evidence without the material to verify it is refused, never parsed only', async () => {
    const quote = await evidenceFile(
      'quote.bin',
      buildSgxQuote({
        mrenclave: Buffer.from(SGX.MRENCLAVE, 'hex'),
        mrsigner: Buffer.from(SGX.MRSIGNER, 'hex')
      })
    )
    for (const type of ['sgx-quote', 'td-quote'] as const)
      expect(await codeOf(run({ evidence: { type, path: quote } }))).toBe(
        'INPUT_INVALID'
      )
    const report = await evidenceFile('report.bin', buildSnpReport())
    // No VCEK file: AMD KDS is asked; a v2 report cannot be looked up.
    expect(
      await codeOf(run({ evidence: { type: 'snp-report', path: report } }))
    ).toBe('INPUT_INVALID')
  })

  it('malformed evidence is EVIDENCE_INVALID', async () => {
    const junk = await evidenceFile('junk.bin', Buffer.from('not evidence'))
    expect(await codeOf(run({ evidence: { type: 'nitro', path: junk } }))).toBe(
      'EVIDENCE_INVALID'
    )
    expect(
      await codeOf(
        run({
          evidence: { type: 'snp-report', path: junk, snp: { vcekPath: junk } }
        })
      )
    ).toBe('EVIDENCE_INVALID')
  })

  it('an evidence register absent from the predicate is simply not cross-checked', async () => {
    const only0 = join(dir, 'only0.sigstore.json')
    await writeFile(
      only0,
      JSON.stringify(
        (
          await signKeyless(
            mock,
            statementFor('nitro', [measurement('PCR0', 'sha384', NITRO.PCR0)])
          )
        ).bundle
      )
    )
    const path = await evidenceFile('nitro3.cbor', buildNitroDocument())
    const r = await run({
      bundles: [only0],
      evidence: { type: 'nitro', path, nitroRootPath: nitroRoot }
    })
    expect(r.evidence?.registersChecked).toEqual(['PCR0'])
  })

  it('the CLI takes --evidence/--evidence-type/--nitro-root/--evidence-time', async () => {
    const path = await evidenceFile('nitro4.cbor', buildNitroDocument())
    const out: string[] = []
    const err: string[] = []
    const io: CliIO = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: dir,
      env: {}
    }
    const args = [
      'verify',
      '--bundle',
      bundles.nitro,
      '--trusted-root',
      root,
      '--evidence',
      path,
      '--evidence-type',
      'nitro',
      '--nitro-root',
      nitroRoot,
      '--json'
    ]
    expect(await cli([...args, '--evidence-time', 'document'], io)).toBe(0)
    expect(JSON.parse(out.join(''))).toMatchObject({
      sourceCommit: COMMIT,
      evidence: { evidenceSignature: 'verified' }
    })
    expect(
      await cli([...args, '--evidence-time', '2019-01-01T00:00:00Z'], io)
    ).toBe(1)
    expect(err.join('')).toMatch(
      /error\[EVIDENCE_UNVERIFIED\]: .*not valid at 2019/
    )
    expect(await cli([...args, '--evidence-type', 'tpm'], io)).toBe(2)
  })
})
