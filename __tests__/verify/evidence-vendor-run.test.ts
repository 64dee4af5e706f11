import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { verifyForAction, verifyOptions } from '../../src/verify/options.js'
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
 * The whole verify flow from real vendor evidence (dcap-qvl's SGX and TDX
 * samples, dstack's SEV-SNP report; see __fixtures__/evidence/SOURCE.md)
 * to a commit, with bundles signed here for their measurements.
 */

const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)
const SGX_AT = new Date('2025-06-25T00:00:00Z')
const SNP_AT = new Date('2026-07-01T00:00:00Z')
const MRENCLAVE =
  '33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb'
const MRSIGNER =
  '815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6'

let mock: MockSigstore
let dir: string
let root: string
const bundles: string[] = []
let snpDigest: string
let mrtd: string

const f = (p: string): string => join(fixtures, p)

beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-vendor-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  const snp = await readFile(f('snp/dstack-report.bin'))
  snpDigest = snp.subarray(0x90, 0xc0).toString('hex')
  const tdx = await readFile(f('dcap/tdx_quote'))
  mrtd = tdx.subarray(48 + 136, 48 + 184).toString('hex')
  const statements = [
    statementFor('gramine', [measurement('MRENCLAVE', 'sha256', MRENCLAVE)], {
      mrsigner: MRSIGNER
    }),
    statementFor('tdx', [measurement('MRTD', 'sha384', mrtd)]),
    statementFor('snp', [measurement('SNP_LAUNCH_DIGEST', 'sha384', snpDigest)])
  ]
  for (const [i, s] of statements.entries()) {
    const path = join(dir, `b${i}.sigstore.json`)
    await writeFile(path, JSON.stringify((await signKeyless(mock, s)).bundle))
    bundles.push(path)
  }
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

const run = (
  evidence: VerifyInput['evidence'],
  fetch?: typeof globalThis.fetch
) =>
  runVerify(
    {
      bundles,
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      evidence
    },
    fetch ? { fetch } : {}
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

const sgx = {
  type: 'sgx-quote' as const,
  path: f('dcap/sgx_quote'),
  at: SGX_AT,
  dcap: {
    collateralPath: f('dcap/sgx_quote_collateral.json'),
    acceptedStatuses: ['ConfigurationAndSWHardeningNeeded' as const]
  }
}
const snp = {
  type: 'snp-report' as const,
  path: f('snp/dstack-report.bin'),
  at: SNP_AT,
  snp: { vcekPath: f('snp/dstack-vcek.pem') }
}

describe('verify from vendor-signed evidence', () => {
  it('SGX quote verified to Intel → MRENCLAVE → commit, TCB status and FMSPC shown', async () => {
    const r = await run(sgx)
    expect(r.sourceCommit).toBe(COMMIT)
    expect(r.evidence).toMatchObject({
      evidenceSignature: 'verified',
      registersChecked: ['MRENCLAVE', 'MRSIGNER'],
      tcb: {
        status: 'ConfigurationAndSWHardeningNeeded',
        advisoryIds: ['INTEL-SA-00289', 'INTEL-SA-00615']
      },
      platform: { fmspc: '00A067110000' }
    })
    expect(
      await codeOf(
        run({ ...sgx, dcap: { collateralPath: sgx.dcap.collateralPath } })
      )
    ).toBe('EVIDENCE_TCB_REJECTED')
    expect(await codeOf(run({ ...sgx, at: 'document' }))).toBe('INPUT_INVALID')
  })

  it('SGX challenge: the report data must start with it', async () => {
    const hello = Buffer.from('Hello').toString('hex')
    await expect(run({ ...sgx, challenge: hello })).resolves.toMatchObject({
      verified: true
    })
    expect(await codeOf(run({ ...sgx, challenge: 'c0ffee' }))).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })

  it('TDX quote verified to Intel → MRTD → commit, UpToDate', async () => {
    const r = await run({
      type: 'td-quote',
      path: f('dcap/tdx_quote'),
      at: SGX_AT,
      dcap: { collateralPath: f('dcap/tdx_quote_collateral.json') }
    })
    expect([r.measurementName, r.measurement, r.sourceCommit]).toEqual([
      'MRTD',
      mrtd,
      COMMIT
    ])
    expect(r.evidence?.tcb?.status).toBe('UpToDate')
  })

  it('SNP report verified to AMD → launch digest → commit, chip id shown', async () => {
    const r = await run({
      ...snp,
      challenge: Buffer.from('attest-test-fixture-2026').toString('hex')
    })
    expect(r.sourceCommit).toBe(COMMIT)
    expect(r.evidence).toMatchObject({
      evidenceSignature: 'verified',
      platform: {
        product: 'Milan',
        chipId: expect.stringMatching(/^38d17458/) as unknown as string
      }
    })
    const tampered = join(dir, 'tampered.bin')
    const b = await readFile(snp.path)
    b[0x90] ^= 1
    await writeFile(tampered, b)
    expect(await codeOf(run({ ...snp, path: tampered }))).toBe(
      'EVIDENCE_UNVERIFIED'
    )
  })

  it('SNP VCEK from AMD KDS (injected fetch), then from the cache', async () => {
    const der = Buffer.from(
      (await readFile(f('snp/dstack-vcek.pem'), 'utf8')).replace(
        /-----[^-]+-----|\s/g,
        ''
      ),
      'base64'
    )
    const urls: string[] = []
    const fetch = ((url: string) => {
      urls.push(url)
      return Promise.resolve(new Response(der, { status: 200 }))
    }) as typeof globalThis.fetch
    const cacheDir = join(dir, 'kds-cache')
    const ev = { ...snp, snp: { kdsUrl: 'https://kds.example/', cacheDir } }
    await expect(run(ev, fetch)).resolves.toMatchObject({ verified: true })
    expect(urls).toEqual([
      'https://kds.example/vcek/v1/Milan/38d174589d2dff97a6d40cb9f9d90b9507c027491219083cef3ce73ed18f7289142d941ad61eabecd27d25f268c1095d665f6001358e98a4769c82734a6bb877?blSPL=4&teeSPL=0&snpSPL=23&ucodeSPL=213'
    ])
    await expect(run(ev, fetch)).resolves.toMatchObject({ verified: true })
    expect(urls).toHaveLength(1)
  })

  it('the CLI takes --dcap-collateral/--dcap-tcb-accept and --snp-vcek/--snp-policy', async () => {
    const out: string[] = []
    const err: string[] = []
    const io: CliIO = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: dir,
      env: {}
    }
    const base = [
      'verify',
      '--trusted-root',
      root,
      ...bundles.flatMap((b) => ['--bundle', b])
    ]
    const sgxArgs = [
      ...base,
      '--evidence',
      sgx.path,
      '--evidence-type',
      'sgx-quote',
      '--evidence-time',
      SGX_AT.toISOString(),
      '--dcap-collateral',
      sgx.dcap.collateralPath
    ]
    expect(
      await cli(
        [
          ...sgxArgs,
          '--dcap-tcb-accept',
          'UpToDate,ConfigurationAndSWHardeningNeeded',
          '--json'
        ],
        io
      )
    ).toBe(0)
    expect(JSON.parse(out.join(''))).toMatchObject({
      evidence: {
        evidenceSignature: 'verified',
        tcb: { status: 'ConfigurationAndSWHardeningNeeded' }
      }
    })
    expect(await cli(sgxArgs, io)).toBe(1)
    expect(err.join('')).toMatch(/error\[EVIDENCE_TCB_REJECTED\]/)
    expect(await cli([...sgxArgs, '--dcap-tcb-accept', 'Fine'], io)).toBe(2)
    const snpArgs = [
      ...base,
      '--evidence',
      snp.path,
      '--evidence-type',
      'snp-report',
      '--evidence-time',
      SNP_AT.toISOString(),
      '--snp-vcek',
      snp.snp.vcekPath
    ]
    out.length = 0
    expect(await cli(snpArgs, io)).toBe(0)
    expect(out.join('')).toMatch(/platform: product Milan, chipId 38d17458/)
    expect(await cli([...snpArgs, '--snp-policy', 'min-tcb.snp=30'], io)).toBe(
      1
    )
    expect(err.join('')).toMatch(/error\[EVIDENCE_TCB_REJECTED\]/)
  })

  it('the action’s verify mode takes the same evidence inputs', async () => {
    const act = (inputs: Record<string, string>) =>
      verifyForAction(
        verifyOptions.parse({
          bundle: bundles.join('\n'),
          'trusted-root': root,
          'attestation-repository': 'acme/enclave-app',
          ...inputs
        }),
        { env: {}, log: () => undefined, warn: () => undefined }
      )
    const snpInputs = {
      evidence: snp.path,
      'evidence-type': 'snp-report',
      'evidence-time': SNP_AT.toISOString(),
      'snp-vcek': snp.snp.vcekPath
    }
    const r = await act(snpInputs)
    expect(r.outputs['source-commit']).toBe(COMMIT)
    expect(r.result.evidence?.platform?.product).toBe('Milan')
    expect(await codeOf(act({ ...snpInputs, 'snp-policy': 'smt=deny' }))).toBe(
      'EVIDENCE_POLICY_REJECTED'
    )
    const tdxInputs = {
      evidence: f('dcap/tdx_quote'),
      'evidence-type': 'td-quote',
      'evidence-time': SGX_AT.toISOString(),
      'dcap-collateral': f('dcap/tdx_quote_collateral.json')
    }
    await expect(act(tdxInputs)).resolves.toMatchObject({
      outputs: { measurement: mrtd }
    })
    expect(
      await codeOf(act({ ...tdxInputs, 'dcap-tcb-accept': 'Great' }))
    ).toBe('INPUT_INVALID')
    expect(await codeOf(act({ ...tdxInputs, 'dcap-collateral': '' }))).toBe(
      'INPUT_INVALID'
    )
  })
})
