import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decode } from 'cbor-x'
import { EnclaveBuildError } from '../../src/errors.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import {
  encodeSignatureSection,
  parseSignatureSection,
  pcr0Payload,
  signPcr0,
  verifyPcr0Signature
} from '../../src/targets/nitro/signature.js'

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const input = (name: string): string =>
  readFileSync(join(root, 'inputs', name), 'utf8')
const PCR0 =
  '252ffba4503fa43525a688ff1e04cb3de426f39aa546055d502d7e9d6b782087d5162e208fe8ba9f87663d9db7363af6'

function awsSection(): Uint8Array {
  const eif = readFileSync(join(root, 'd4-signed/image.eif'))
  const sig = readEif(eif).sections.find((s) => s.type === 'Signature')
  if (!sig) throw new Error('d4 has no signature section')
  return sig.data
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
  return 'none'
}

describe('signature section', () => {
  it("re-encodes AWS's section byte for byte given its r||s", () => {
    const aws = awsSection()
    const parsed = parseSignatureSection(aws)
    const cose = decode(parsed.coseSign1) as Uint8Array[]
    expect(Buffer.from(cose[0]).toString('hex')).toBe('a1013822')
    expect(Buffer.from(cose[2])).toEqual(Buffer.from(pcr0Payload(PCR0)))
    const ours = encodeSignatureSection(
      parsed.certificatePem,
      cose[0],
      pcr0Payload(PCR0),
      cose[3]
    )
    expect(Buffer.from(ours)).toEqual(Buffer.from(aws))
  })

  it('signs PCR0 in a form our verifier and the AWS layout accept', () => {
    const cert = input('signer1-cert.pem')
    const section = signPcr0(PCR0, cert, input('signer1-key.pem'))
    const parsed = parseSignatureSection(section)
    expect(parsed.certificatePem).toBe(cert)
    expect(verifyPcr0Signature(parsed, PCR0)).toBe(true)
    expect(verifyPcr0Signature(parsed, PCR0.replace(/^2/, '3'))).toBe(false)
    // the r||s of P-384 is 96 bytes
    const cose = decode(parsed.coseSign1) as Uint8Array[]
    expect(cose[3]).toHaveLength(96)
  })

  it('refuses a key that is not the certificate’s, or not EC', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
    expect(codeOf(() => signPcr0(PCR0, input('signer1-cert.pem'), other))).toBe(
      'KEY_INVALID'
    )
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
    expect(codeOf(() => signPcr0(PCR0, input('signer1-cert.pem'), rsa))).toBe(
      'KEY_INVALID'
    )
    expect(codeOf(() => signPcr0(PCR0, 'not a cert', rsa))).toBe('KEY_INVALID')
  })

  it.each([
    ['prime256v1', 'a10126', 64],
    ['secp521r1', 'a1013823', 132]
  ])(
    'signs with a %s key (COSE header %s, r||s %i bytes)',
    (curve, hdr, len) => {
      const fixture = (n: string): string =>
        readFileSync(
          join(import.meta.dirname, '../../__fixtures__/nitro', n),
          'utf8'
        )
      const section = signPcr0(
        PCR0,
        fixture(`test-${curve}-cert.pem`),
        fixture(`test-${curve}-key.pem`)
      )
      const parsed = parseSignatureSection(section)
      expect(verifyPcr0Signature(parsed, PCR0)).toBe(true)
      const cose = decode(parsed.coseSign1) as Uint8Array[]
      expect(Buffer.from(cose[0]).toString('hex')).toBe(hdr)
      expect(cose[3]).toHaveLength(len)
    }
  )

  it('garbage sections are EIF_INVALID', () => {
    for (const bad of [
      Uint8Array.of(),
      Uint8Array.of(0xff),
      Uint8Array.of(0x80),
      Buffer.from('a16161', 'hex'),
      Buffer.from('81a0', 'hex')
    ])
      expect(codeOf(() => parseSignatureSection(bad))).toBe('EIF_INVALID')
  })
})
