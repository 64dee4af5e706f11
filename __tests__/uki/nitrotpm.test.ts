import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createPrivateKey, sign } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Encoder, Tag } from 'cbor-x'
import { EnclaveBuildError } from '../../src/errors.js'
import { readEvidence } from '../../src/verify/evidence/index.js'
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
import { nitroFixture, pemToDer } from '../../__fixtures__/verify/evidence.js'
import { fixture } from '../../__fixtures__/uki/files.js'

// 1. A real NitroTPM document (SOURCE.md): verified to the pinned AWS root
//    at its own time; every mutation refused.
// 2. Documents in the real shape (indefinite-length payload map, 24 integer
//    keyed SHA-384 PCRs, 8-byte timestamp, root-first cabundle) signed by the
//    test chain of __fixtures__/verify/nitro, carrying the PCR4/7/12 that
//    nitro-tpm-pcr-compute 1.1.2 computed for the synthetic signed UKI with
//    Secure Boot on (vectors.json): verified → PCR4 → attestation → commit.

const real = fixture('nitrotpm/aws-live-2026-08-13.cose')
const REAL_TIME = new Date(1786642608432)
const REAL_PCR4 =
  '3c428daf639a86655cbe8aeff1eeb298f59c6a82d8ea6fdc34c6f3af1d2582f091a25aca4a6f390c32f0f7701952829a'

async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f()
    return 'resolved'
  } catch (e) {
    if (e instanceof EnclaveBuildError) return e.code
    throw e
  }
}

describe('a real NitroTPM attestation document', () => {
  it('verifies to the AWS Nitro root at its own time; PCR4 is the measurement', async () => {
    const e = await readEvidence('nitrotpm', real, {
      at: REAL_TIME,
      nitro: { at: 'document' }
    })
    expect(e.type).toBe('nitrotpm')
    expect(e.evidenceSignature).toBe('verified')
    expect(e.measurement).toEqual({
      name: 'PCR4',
      algorithm: 'sha384',
      value: REAL_PCR4
    })
    expect(e.registers).toHaveLength(24)
    expect(e.fields.moduleId).toBe('i-000fa553dad58a9f1-tpm0000000000000000')
    expect(e.fields.timestamp).toBe('2026-08-13T17:36:48.432Z')
    expect((e.fields.nitrotpmPcrs as Record<string, string>)['12']).toBe(
      '00'.repeat(48)
    )
  })

  it('refuses it now (the three-hour leaf has expired), as a Nitro Enclaves document (no "pcrs"), and under another root', async () => {
    expect(
      await codeOf(() =>
        readEvidence('nitrotpm', real, { at: new Date(), nitro: {} })
      )
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(
      await codeOf(() =>
        readEvidence('nitro', real, {
          at: REAL_TIME,
          nitro: { at: 'document' }
        })
      )
    ).toBe('EVIDENCE_INVALID')
    expect(
      await codeOf(() =>
        readEvidence('nitrotpm', real, {
          at: REAL_TIME,
          nitro: { at: 'document', rootPem: nitroFixture('root.pem') }
        })
      )
    ).toBe('TRUST_ROOT_UNKNOWN')
  })

  it('refuses every single-byte change of the PCRs, the payload fields and the signature', async () => {
    // offsets: PCR4's value, the module id, the timestamp, the nonce, the signature
    const pcr4At = real.indexOf(Buffer.from(REAL_PCR4, 'hex'))
    const offsets = [
      pcr4At,
      pcr4At + 47,
      real.indexOf(Buffer.from('i-000fa553')),
      real.indexOf(Buffer.from('1b0000019ffc32b130', 'hex')) + 8,
      real.length - 96,
      real.length - 1
    ]
    expect(offsets.every((o) => o > 0)).toBe(true)
    for (const at of offsets) {
      const m = Buffer.from(real)
      m[at] ^= 0x01
      expect(
        await codeOf(() =>
          readEvidence('nitrotpm', m, {
            at: REAL_TIME,
            nitro: { at: 'document' }
          })
        )
      ).not.toBe('resolved')
    }
  })
})

// --- documents in the real shape, signed by the test chain ---

const vectors = JSON.parse(fixture('vectors.json').toString()) as {
  measure: {
    name: string
    expect: { Measurements: { PCR4: string; PCR7: string; PCR12: string } }
  }[]
}
const sbOn = vectors.measure.find(
  (c) => c.name === 'synthetic signed 257 UKI, Secure Boot on, CA in db'
)!.expect.Measurements
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false })
const enc = (v: unknown): Buffer => Buffer.from(encoder.encode(v))
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(9)
  b[0] = 0x1b
  b.writeBigUInt64BE(BigInt(n), 1)
  return b
}
const DOC_TIME = Date.UTC(2027, 0, 1)

interface Shape {
  pcrs?: Map<number, string>
  pcrsKey?: string
  corruptSignature?: boolean
}

function tpmPcrs(): Map<number, string> {
  const m = new Map<number, string>()
  for (let i = 0; i < 24; i++) m.set(i, 'ab'.repeat(48))
  m.set(4, sbOn.PCR4)
  m.set(7, sbOn.PCR7)
  m.set(12, sbOn.PCR12)
  return m
}

/** A NitroTPM document byte for byte in AWS's shape, signed with the test leaf. */
function nitroTpmDocument(s: Shape = {}): Buffer {
  const pcrs = s.pcrs ?? tpmPcrs()
  const pcrBytes = Buffer.concat([
    Buffer.from([0xb8, pcrs.size]),
    ...[...pcrs].map(([k, v]) =>
      Buffer.concat([enc(k), enc(Buffer.from(v, 'hex'))])
    )
  ])
  const field = (k: string, v: Buffer): Buffer => Buffer.concat([enc(k), v])
  const payload = Buffer.concat([
    Buffer.from([0xbf]),
    field('module_id', enc('i-0123456789abcdef0-tpm0000000000000000')),
    field('digest', enc('SHA384')),
    field('timestamp', u64(DOC_TIME)),
    field(s.pcrsKey ?? 'nitrotpm_pcrs', pcrBytes),
    field('certificate', enc(pemToDer(nitroFixture('leaf.pem')))),
    field(
      'cabundle',
      enc([nitroFixture('root.pem'), nitroFixture('int.pem')].map(pemToDer))
    ),
    field('public_key', enc(null)),
    field('user_data', enc(null)),
    field('nonce', enc(Buffer.from('0102030405', 'hex'))),
    Buffer.from([0xff])
  ])
  const protectedHeader = enc(new Map([[1, -35]]))
  const signature = sign(
    'sha384',
    enc(['Signature1', protectedHeader, Buffer.alloc(0), payload]),
    {
      key: createPrivateKey(nitroFixture('leaf-key.pem')),
      dsaEncoding: 'ieee-p1363'
    }
  )
  if (s.corruptSignature) signature[5] ^= 1
  return enc(new Tag([protectedHeader, new Map(), payload, signature], 18))
}

let mock: MockSigstore
let dir: string
let root: string
let nitroRoot: string
let bundle: string
beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-nitrotpm-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  nitroRoot = join(dir, 'nitro-root.pem')
  await writeFile(nitroRoot, nitroFixture('root.pem'))
  // What target uki attests with Secure Boot variables: PCR4, PCR7, PCR12.
  const statement = statementFor('uki', [
    measurement('PCR4', 'sha384', sbOn.PCR4),
    measurement('PCR12', 'sha384', sbOn.PCR12),
    measurement('PCR7', 'sha384', sbOn.PCR7)
  ])
  bundle = join(dir, 'uki.sigstore.json')
  await writeFile(
    bundle,
    JSON.stringify((await signKeyless(mock, statement)).bundle)
  )
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

async function verifyDoc(doc: Buffer, over: Partial<VerifyInput> = {}) {
  const path = join(dir, `doc-${Math.random().toString(36).slice(2)}.cose`)
  await writeFile(path, doc)
  return runVerify(
    {
      bundles: [bundle],
      trustedRootPath: root,
      policy: { repository: 'acme/enclave-app' },
      evidence: { type: 'nitrotpm', path, nitroRootPath: nitroRoot },
      ...over
    },
    { now: () => new Date(DOC_TIME) }
  )
}

describe('verify --evidence-type nitrotpm: document → PCR4 → attestation → commit', () => {
  it('finds the build by PCR4 and cross-checks PCR7 and PCR12', async () => {
    const r = await verifyDoc(nitroTpmDocument())
    expect(r).toMatchObject({
      verified: true,
      measurement: sbOn.PCR4,
      measurementName: 'PCR4',
      sourceCommit: COMMIT,
      evidence: { type: 'nitrotpm', evidenceSignature: 'verified' }
    })
    expect(
      (r.evidence as { registersChecked: string[] }).registersChecked.sort()
    ).toEqual(['PCR12', 'PCR4', 'PCR7'])
  })

  it('refuses a PCR7 or PCR12 the attestation does not record', async () => {
    for (const i of [7, 12]) {
      const pcrs = tpmPcrs()
      pcrs.set(i, 'cd'.repeat(48))
      expect(await codeOf(() => verifyDoc(nitroTpmDocument({ pcrs })))).toBe(
        'MEASUREMENT_MISMATCH'
      )
    }
  })

  it('finds no attestation for another PCR4', async () => {
    const pcrs = tpmPcrs()
    pcrs.set(4, 'cd'.repeat(48))
    expect(await codeOf(() => verifyDoc(nitroTpmDocument({ pcrs })))).toBe(
      'MEASUREMENT_NOT_SUBJECT'
    )
  })

  it('refuses a bad signature, the Enclaves key "pcrs", no PCR4, and the AWS root for a test chain', async () => {
    expect(
      await codeOf(() =>
        verifyDoc(nitroTpmDocument({ corruptSignature: true }))
      )
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(
      await codeOf(() => verifyDoc(nitroTpmDocument({ pcrsKey: 'pcrs' })))
    ).toBe('EVIDENCE_INVALID')
    const pcrs = tpmPcrs()
    pcrs.delete(4)
    expect(await codeOf(() => verifyDoc(nitroTpmDocument({ pcrs })))).toBe(
      'EVIDENCE_INVALID'
    )
    const path = join(dir, 'aws-root.cose')
    await writeFile(path, nitroTpmDocument())
    expect(
      await codeOf(() =>
        verifyDoc(nitroTpmDocument(), {
          evidence: { type: 'nitrotpm', path }
        })
      )
    ).toBe('TRUST_ROOT_UNKNOWN')
  })
})
