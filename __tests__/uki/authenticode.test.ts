import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { authenticodeDigest } from '../../src/pe/authenticode.js'
import { parsePe, sectionData } from '../../src/pe/pe.js'
import {
  attributeCertificates,
  signatureCertificates
} from '../../src/pe/signature.js'
import { fixture, HAVE_REAL, vectorFile } from '../../__fixtures__/uki/files.js'

// Expected digests: LIEF 1.0.0's Binary.authentihash (authenticode-lief.json)
// and the digests the real signers (Debian, Microsoft, osslsigncode for the
// synthetic UKI) put into the images' own signatures.
const lief = JSON.parse(fixture('authenticode-lief.json').toString()) as {
  files: {
    file: string
    sha256: string
    authenticodeSha256: string
    authenticodeSha384: string
  }[]
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** The messageDigest of SpcIndirectDataContent: the Authenticode digest the signer signed. */
function signedDigest(image: Buffer): string {
  const pe = parsePe(image)
  const der = Buffer.from(attributeCertificates(pe)[0].data)
  // SpcIndirectDataContent's DigestInfo: SEQUENCE { AlgorithmIdentifier(sha256), OCTET STRING(32) }.
  const at = der.indexOf(
    Buffer.from('3031300d060960864801650304020105000420', 'hex')
  )
  return der.subarray(at + 19, at + 19 + 32).toString('hex')
}

function expectLief(f: (typeof lief.files)[number]): void {
  const bytes = vectorFile(f.file)!
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256)
  expect(hex(authenticodeDigest(bytes, { algorithm: 'sha256' }))).toBe(
    f.authenticodeSha256
  )
  expect(hex(authenticodeDigest(bytes, { algorithm: 'sha384' }))).toBe(
    f.authenticodeSha384
  )
}

describe('Authenticode (src/pe) against LIEF: synthetic files', () => {
  it.each(lief.files.filter((f) => !f.file.startsWith('$')))('$file', (f) => {
    expectLief(f)
  })
})
;(HAVE_REAL ? describe : describe.skip)(
  'Authenticode (src/pe) against LIEF: real Debian files (needs UKI_* from .ci/uki-oracle.sh)',
  () => {
    it.each(lief.files.filter((f) => f.file.startsWith('$')))('$file', (f) => {
      expectLief(f)
    })
  }
)

describe('Authenticode against the digest inside the signature', () => {
  it('synthetic UKI signed by osslsigncode 2.9', () => {
    const uki = fixture('synthetic/uki-257-signed.efi')
    expect(hex(authenticodeDigest(uki))).toBe(signedDigest(uki))
    expect(signedDigest(uki)).toBe(
      '669a07880a5751943696369edc18315f2c3a0a988bfdfbe3a6cc1909953aab5e'
    )
  })
  ;(HAVE_REAL ? describe : describe.skip)(
    'real signed images (needs UKI_* from .ci/uki-oracle.sh)',
    () => {
      it.each([
        ['$UKI_KERNEL_61', 'Debian'],
        ['$UKI_KERNEL_612', 'Debian'],
        ['$UKI_SHIM', 'Microsoft']
      ])('%s, signed by %s', (name) => {
        const image = vectorFile(name)!
        expect(hex(authenticodeDigest(image))).toBe(signedDigest(image))
      })
    }
  )
})

describe('PE reader and signature certificates', () => {
  it('reads sections as the object crate does', () => {
    const pe = parsePe(fixture('synthetic/uki-257.efi'))
    expect(pe.sections.map((s) => s.name)).toEqual([
      '.text',
      '.sbat',
      '.sdmagic',
      '.osrel',
      '.cmdline',
      '.uname',
      '.linux',
      '.initrd'
    ])
    expect(Buffer.from(sectionData(pe, '.cmdline')!).toString()).toBe(
      'console=ttyS0 quiet'
    )
    expect(sectionData(pe, '.pcrsig')).toBeUndefined()
  })

  it('lists the certificates of a signature in DER SET order', () => {
    const pe = parsePe(fixture('synthetic/uki-257-signed.efi'))
    const certs = signatureCertificates(attributeCertificates(pe)[0])
    const pem = (name: string): Buffer =>
      Buffer.from(
        fixture(`synthetic/${name}.pem`)
          .toString()
          .replace(/-----[^-]+-----|\s/g, ''),
        'base64'
      )
    expect(certs).toHaveLength(2)
    expect(certs.map((c) => Buffer.from(c))).toEqual(
      expect.arrayContaining([pem('ca'), pem('leaf')])
    )
  })

  it('refuses what is not PE32+', () => {
    expect(() => parsePe(Buffer.from('MZ'))).toThrow(/not a PE32\+/)
    const pe32 = Buffer.from(fixture('synthetic/stub-257.efi'))
    pe32.writeUInt16LE(0x10b, 0x40 + 24)
    expect(() => parsePe(pe32)).toThrow(/0x20b/)
    const cut = fixture('synthetic/uki-257.efi').subarray(0, 3000)
    expect(() => authenticodeDigest(cut)).toThrow(/past the end/)
  })
})
