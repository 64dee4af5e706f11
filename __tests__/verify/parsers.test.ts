import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  hasSubject,
  peekStatement,
  wantedMeasurement
} from '../../src/verify/match.js'
import {
  checkIdentity,
  derUtf8String,
  makePolicy,
  signerIdentity
} from '../../src/verify/policy.js'
import { bundlesInText } from '../../src/verify/sources.js'
import { derUtf8, fulcioOid } from '../../__fixtures__/sigstore-mock.js'

/** The code a throwing call threw, or 'ok'. */
function outcome(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('measurement input', () => {
  it('takes 64 or 96 hex digits, 0x and upper case, and computes the lookup digest', () => {
    const pcr = wantedMeasurement(`0x${'AB'.repeat(48)}`)
    expect(pcr.algorithm).toBe('sha384')
    expect(pcr.value).toBe('ab'.repeat(48))
    // sha256 over the raw 48 bytes, as `xxd -r -p | sha256sum` computes it.
    expect(pcr.lookupDigest).toMatch(/^[0-9a-f]{64}$/)
    expect(pcr.lookupDigest).not.toBe(pcr.value.slice(0, 64))
    expect(wantedMeasurement('cd'.repeat(32)).lookupDigest).toBe(
      'cd'.repeat(32)
    )
  })

  it('anything else is INPUT_INVALID, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        expect(['ok', 'INPUT_INVALID']).toContain(
          outcome(() => wantedMeasurement(s))
        )
      })
    )
  })
})

describe('certificate identity', () => {
  it('decodes DER UTF8Strings of any length and refuses others', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(derUtf8String(derUtf8(s))).toBe(s)
      })
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const r = derUtf8String(b)
        expect(r === undefined || typeof r === 'string').toBe(true)
      })
    )
  })

  it('reads the Fulcio extensions (.8 wins over .1) and checks the policy', () => {
    const id = signerIdentity({
      subjectAlternativeName:
        'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
      extensions: { issuer: 'https://token.actions.githubusercontent.com' },
      oids: [
        fulcioOid(1, 'https://old.example'),
        fulcioOid(8, 'https://token.actions.githubusercontent.com'),
        fulcioOid(12, 'https://github.com/o/r'),
        fulcioOid(13, 'c'.repeat(40)),
        fulcioOid(14, 'refs/heads/main'),
        fulcioOid(11, 'self-hosted')
      ]
    })
    expect(id).toMatchObject({
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepositoryUri: 'https://github.com/o/r',
      sourceRepositoryDigest: 'c'.repeat(40),
      sourceRepositoryRef: 'refs/heads/main',
      runnerEnvironment: 'self-hosted'
    })
    expect(
      outcome(() => checkIdentity(makePolicy({ repository: 'O/R' }), id))
    ).toBe('ok')
    expect(
      outcome(() => checkIdentity(makePolicy({ repository: 'o/r2' }), id))
    ).toBe('IDENTITY_MISMATCH')
    expect(outcome(() => checkIdentity(makePolicy({}), {}))).toBe(
      'IDENTITY_MISMATCH'
    )
  })

  it('refuses contradictory or malformed policy flags', () => {
    expect(
      outcome(() =>
        makePolicy({ certificateIdentity: 'a', certificateIdentityRegexp: 'b' })
      )
    ).toBe('INPUT_INVALID')
    expect(outcome(() => makePolicy({ certificateIdentityRegexp: '(' }))).toBe(
      'INPUT_INVALID'
    )
    expect(outcome(() => makePolicy({ repository: 'no-slash' }))).toBe(
      'INPUT_INVALID'
    )
    expect(makePolicy({}).pinned).toBe(false)
  })
})

describe('bundle files', () => {
  const b = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', x: 1 }

  it('reads a bundle, JSON Lines, {bundle} and an API answer', () => {
    expect(bundlesInText(JSON.stringify(b), 'f')).toEqual([
      { name: 'f', json: b }
    ])
    expect(
      bundlesInText(
        `${JSON.stringify(b)}\n\n${JSON.stringify({ bundle: b })}\n`,
        'f'
      ).map((s) => s.name)
    ).toEqual(['f:1', 'f:3'])
    expect(
      bundlesInText(
        JSON.stringify({ attestations: [{ bundle: b }, { bundle: b }] }),
        'f'
      )
    ).toHaveLength(2)
  })

  it('garbage is INPUT_INVALID or no bundle, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(['ok', 'INPUT_INVALID']).toContain(
          outcome(() => bundlesInText(s, 'f'))
        )
      })
    )
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(outcome(() => bundlesInText(JSON.stringify(v), 'f'))).toBe('ok')
        expect(peekStatement(v)).toBeUndefined()
      })
    )
  })

  it('peeks at the subjects of an unverified bundle', () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'measurement:X', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'p',
      predicate: {}
    }
    const json = {
      dsseEnvelope: {
        payload: Buffer.from(JSON.stringify(statement)).toString('base64')
      }
    }
    const s = peekStatement(json)
    expect(s && hasSubject(s, 'ab'.repeat(32))).toBe(true)
    expect(s && hasSubject(s, 'cd'.repeat(32))).toBe(false)
  })
})
