import { describe, expect, it } from '@jest/globals'
import { X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  commonName,
  pemCertificates,
  verifyPath
} from '../../src/verify/evidence/chain.js'
import { nitroFixture } from '../../__fixtures__/verify/evidence.js'

/*
 * The path checks the SNP and DCAP verifiers share, over the test chains
 * of __fixtures__/verify/nitro/gen.sh (root ← int ← leaf and variants).
 */

const cert = (name: string): X509Certificate =>
  new X509Certificate(nitroFixture(`${name}.pem`))
const root = cert('root')
const leaf = cert('leaf')
const at = new Date(
  (leaf.validFromDate.getTime() + leaf.validToDate.getTime()) / 2
)

function codeOf(path: string[], when = at): string {
  try {
    verifyPath('sgx-quote', path.map(cert), when)
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('verifyPath', () => {
  it('accepts a well-formed chain and the RFC 5280 cases that are fine', () => {
    expect(codeOf(['leaf', 'int', 'root'])).toBe('ok')
    expect(codeOf(['noncrit-leaf', 'int', 'root'])).toBe('ok')
    expect(codeOf(['pathlen0-direct-leaf', 'pathlen0-int', 'root'])).toBe('ok')
    expect(
      codeOf(['pathlen1-leaf', 'pathlen1-sub', 'pathlen1-int', 'root'])
    ).toBe('ok')
  })

  it('refuses each broken constraint as EVIDENCE_UNVERIFIED', () => {
    for (const path of [
      ['crit-leaf', 'int', 'root'],
      ['nods-leaf', 'int', 'root'],
      ['nc-leaf', 'nc-int', 'root'],
      ['notca-leaf', 'notca-int', 'root'],
      ['nosign-leaf', 'nosign-int', 'root'],
      ['pathlen0-leaf', 'pathlen0-sub', 'pathlen0-int', 'root'],
      ['leaf', 'pathlen0-int', 'root'] // not issued by its next
    ])
      expect([path.join(' ← '), codeOf(path)]).toEqual([
        path.join(' ← '),
        'EVIDENCE_UNVERIFIED'
      ])
  })

  it('a chain under another root is TRUST_ROOT_UNKNOWN', () => {
    expect(codeOf(['leaf', 'int', 'other-root'])).toBe('TRUST_ROOT_UNKNOWN')
    expect(codeOf(['leaf', 'root'])).toBe('TRUST_ROOT_UNKNOWN')
  })

  it('refuses a certificate outside its validity', () => {
    expect(
      codeOf(
        ['leaf', 'int', 'root'],
        new Date(leaf.validToDate.getTime() + 1000)
      )
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('reads PEM lists and common names', () => {
    const two = `${nitroFixture('leaf.pem')}\n${nitroFixture('int.pem')}`
    expect(
      pemCertificates('sgx-quote', two, 'chain').map((c) => c.fingerprint256)
    ).toEqual([leaf.fingerprint256, cert('int').fingerprint256])
    expect(() => pemCertificates('sgx-quote', 'none', 'chain')).toThrow(
      EnclaveBuildError
    )
    expect(commonName(root.subject)).toBeDefined()
  })
})
