import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseNitroDocument } from '../../src/verify/evidence/nitro.js'
import {
  buildNitroDocument,
  nitroFixture,
  nitroPayload
} from '../../__fixtures__/verify/evidence.js'

const rootPem = nitroFixture('root.pem')
const at = new Date(Date.UTC(2027, 0, 1))

/** Runs a parser and returns the error code it threw, or 'ok'. */
function outcome(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

const parse = (doc: Uint8Array): ReturnType<typeof parseNitroDocument> =>
  parseNitroDocument(doc, { rootPem, at })

describe('Nitro attestation document', () => {
  it('verifies the chain and signature and reads the PCRs (tagged and untagged)', () => {
    for (const tagged of [true, false]) {
      const e = parse(buildNitroDocument({ tagged }))
      expect(e.evidenceSignature).toBe('verified')
      expect(e.measurement).toEqual({
        name: 'PCR0',
        algorithm: 'sha384',
        value: 'a0'.repeat(48)
      })
      expect(e.registers.map((r) => r.name)).toEqual([
        'PCR0',
        'PCR1',
        'PCR2',
        'PCR3',
        'PCR8'
      ])
      expect(e.fields).toMatchObject({
        moduleId: 'i-0123456789abcdef0-enc0123456789abcdef',
        timestamp: '2027-01-01T00:00:00.000Z',
        nonce: '0102030405',
        userData: null
      })
    }
  })

  it('trusts only the pinned root: the AWS root by default', () => {
    expect(
      outcome(() => parseNitroDocument(buildNitroDocument(), { at }))
    ).toBe('TRUST_ROOT_UNKNOWN')
    const other = nitroFixture('other-root.pem')
    expect(
      outcome(() =>
        parseNitroDocument(buildNitroDocument(), { rootPem: other, at })
      )
    ).toBe('TRUST_ROOT_UNKNOWN')
    // A bundle that claims the pinned root but whose intermediate was not
    // signed by it fails the link check.
    expect(
      outcome(() =>
        parseNitroDocument(
          buildNitroDocument({
            cabundle: [rootPem, nitroFixture('other-root.pem')]
          }),
          { rootPem, at }
        )
      )
    ).toBe('EVIDENCE_UNVERIFIED')
  })

  it('refuses a bad signature, the wrong key, expiry and wrong algorithms', () => {
    expect(
      outcome(() => parse(buildNitroDocument({ corruptSignature: true })))
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(
      outcome(() =>
        parse(buildNitroDocument({ leafKeyPem: nitroFixture('int-key.pem') }))
      )
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(
      outcome(() =>
        parseNitroDocument(buildNitroDocument(), {
          rootPem,
          at: new Date(Date.UTC(2020, 0, 1))
        })
      )
    ).toBe('EVIDENCE_UNVERIFIED')
    expect(outcome(() => parse(buildNitroDocument({ alg: -7 })))).toBe(
      'EVIDENCE_INVALID'
    )
    expect(outcome(() => parse(buildNitroDocument({ digest: 'SHA256' })))).toBe(
      'EVIDENCE_INVALID'
    )
  })

  it('refuses malformed fields', () => {
    const cases: [string, unknown][] = [
      ['module_id', ''],
      ['timestamp', 0],
      ['pcrs', new Map()],
      ['pcrs', new Map([[40, Buffer.alloc(48)]])],
      ['pcrs', new Map([[0, Buffer.alloc(47)]])],
      ['pcrs', new Map([[1, Buffer.alloc(48)]])],
      ['certificate', Buffer.alloc(10)],
      ['cabundle', []],
      ['nonce', Buffer.alloc(2000)],
      ['user_data', 'text']
    ]
    for (const [key, value] of cases) {
      const payload = nitroPayload()
      payload.set(key, value)
      expect([
        key,
        outcome(() => parse(buildNitroDocument({ payload })))
      ]).toEqual([key, 'EVIDENCE_INVALID'])
    }
  })

  describe('RFC 5280 path constraints', () => {
    /** The error message of a document with this leaf and intermediates. */
    function chain(leaf: string, ...intermediates: string[]): string {
      try {
        parse(
          buildNitroDocument({
            leafPem: nitroFixture(`${leaf}.pem`),
            cabundle: [
              rootPem,
              ...intermediates.map((n) => nitroFixture(`${n}.pem`))
            ]
          })
        )
        return 'ok'
      } catch (err) {
        if (!(err instanceof EnclaveBuildError)) throw err
        expect(err.code).toBe('EVIDENCE_UNVERIFIED')
        return err.message
      }
    }

    it('accepts chains within pathLenConstraint', () => {
      expect(chain('pathlen0-direct-leaf', 'pathlen0-int')).toBe('ok')
      expect(chain('pathlen1-leaf', 'pathlen1-int', 'pathlen1-sub')).toBe('ok')
      expect(chain('noncrit-leaf', 'int')).toBe('ok')
    })

    it('refuses a CA below an intermediate with pathLen 0', () => {
      expect(chain('pathlen0-leaf', 'pathlen0-int', 'pathlen0-sub')).toContain(
        'certificate "C=US, O=Test, CN=pathlen0-int.test.nitro-enclaves" allows 0 intermediate CA(s) below it (pathLenConstraint) but has 1'
      )
    })

    it('refuses a CA without keyCertSign and a leaf without digitalSignature', () => {
      expect(chain('nosign-leaf', 'nosign-int')).toContain(
        'certificate "C=US, O=Test, CN=nosign-int.test.nitro-enclaves" may not sign certificates (keyUsage lacks keyCertSign)'
      )
      expect(chain('nods-leaf', 'int')).toContain(
        'certificate "C=US, O=Test, CN=nods-leaf.test.nitro-enclaves" may not sign the document (keyUsage lacks digitalSignature)'
      )
    })

    it('refuses critical unknown extensions, name constraints and non-CA issuers', () => {
      expect(chain('crit-leaf', 'int')).toContain(
        'has critical extensions this verifier does not understand (1.2.3.4)'
      )
      expect(chain('nc-leaf', 'nc-int')).toContain(
        'certificate "C=US, O=Test, CN=nc-int.test.nitro-enclaves" has name constraints, which this verifier does not support'
      )
      expect(chain('notca-leaf', 'notca-int')).toContain(
        'certificate "C=US, O=Test, CN=notca-int.test.nitro-enclaves" is not a CA'
      )
    })
  })

  it('never crashes on truncated or corrupted documents', () => {
    const doc = buildNitroDocument()
    fc.assert(
      fc.property(
        fc.nat(doc.length),
        fc.array(
          fc.tuple(fc.nat(doc.length - 1), fc.integer({ min: 0, max: 255 })),
          {
            minLength: 1,
            maxLength: 4
          }
        ),
        (cut, flips) => {
          const b = Buffer.from(doc)
          for (const [i, v] of flips) b[i] = v
          const changed = !b.equals(doc)
          const r1 = outcome(() => parse(b))
          expect([
            'ok',
            'EVIDENCE_INVALID',
            'EVIDENCE_UNVERIFIED',
            'TRUST_ROOT_UNKNOWN'
          ]).toContain(r1)
          // Any change that still parses must not pass the signature check
          // unless it only touched unsigned bytes (the unprotected header).
          if (changed && r1 === 'ok')
            expect(parse(b).evidenceSignature).toBe('verified')
          if (cut < doc.length)
            expect(['EVIDENCE_INVALID']).toContain(
              outcome(() => parse(doc.subarray(0, cut)))
            )
        }
      ),
      { numRuns: 300 }
    )
  })
})
