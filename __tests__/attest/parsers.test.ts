import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { generateSigningKey } from '../../src/attest/key.js'
import {
  findMeasurementSubject,
  verifyBundleWithKey
} from '../../src/attest/key-verify.js'
import { h1ToHex } from '../../src/attest/provenance.js'
import { validate } from '../../src/attest/records.js'
import { buildRecordSchema } from '../../src/model/build-record.js'
import { targetResultSchema } from '../../src/model/target-result.js'
import { signStatement } from '../../src/attest/sign.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { sampleBuild, sampleResult } from './sample.js'

/** Runs `f`; anything thrown must be an EnclaveBuildError. */
function onlyCoded(f: () => unknown): void {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(EnclaveBuildError)
  }
}

describe('parsers of untrusted input never crash', () => {
  const { publicKeyPem, privateKeyPem } = generateSigningKey()

  it('validate(buildRecordSchema / targetResultSchema) on arbitrary JSON', () => {
    expect(validate(buildRecordSchema, sampleBuild(), 'b')).toEqual(
      sampleBuild()
    )
    expect(validate(targetResultSchema, sampleResult(), 'r')).toEqual(
      sampleResult()
    )
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(() => validate(buildRecordSchema, v, 'b')).toThrow(
          EnclaveBuildError
        )
        expect(() => validate(targetResultSchema, v, 'r')).toThrow(
          EnclaveBuildError
        )
      })
    )
  })

  it('validate rejects a record with one field broken (property)', () => {
    const keys = Object.keys(sampleBuild()) as (keyof ReturnType<
      typeof sampleBuild
    >)[]
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(fc.integer(), fc.constant(null), fc.object()),
        (k, junk) => {
          // The values that are not junk for these fields.
          fc.pre(
            !(k === 'goSumSha256' && junk === null) &&
              !(k === 'reproducible' && junk === null) &&
              !(k === 'schemaVersion' && junk === 1)
          )
          // An object of strings is a valid env.
          fc.pre(
            !(
              k === 'env' &&
              typeof junk === 'object' &&
              junk !== null &&
              Object.values(junk).every((x) => typeof x === 'string')
            )
          )
          const broken = { ...sampleBuild(), [k]: junk }
          expect(() => validate(buildRecordSchema, broken, 'b')).toThrow(
            EnclaveBuildError
          )
        }
      )
    )
  })

  it('verifyBundleWithKey on arbitrary JSON and on mutated bundles', async () => {
    const statement = buildMeasurementStatement({
      result: sampleResult(),
      build: sampleBuild(),
      toolVersion: '0'
    })
    const { bundle } = await signStatement(statement, {
      mode: 'key',
      privateKeyPem
    })
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(() => verifyBundleWithKey(v, publicKeyPem)).toThrow(
          EnclaveBuildError
        )
      })
    )
    // Flip one character of the signature or of the payload: always refused.
    const sig = bundle.dsseEnvelope?.signatures[0].sig ?? ''
    const payload = bundle.dsseEnvelope?.payload ?? ''
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJ'),
        (which, at, ch) => {
          const s = which ? sig : payload
          const i = at % (s.length - 2)
          fc.pre(s[i] !== ch)
          const changed = s.slice(0, i) + ch + s.slice(i + 1)
          const copy = structuredClone(bundle)
          if (!copy.dsseEnvelope) throw new Error('no envelope')
          if (which) copy.dsseEnvelope.signatures[0].sig = changed
          else copy.dsseEnvelope.payload = changed
          expect(() => verifyBundleWithKey(copy, publicKeyPem)).toThrow(
            EnclaveBuildError
          )
        }
      ),
      { numRuns: 50 }
    )
    expect(() => verifyBundleWithKey(bundle, 'not a key')).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' })
    )
  })

  it('findMeasurementSubject on arbitrary strings', () => {
    const statement = buildMeasurementStatement({
      result: sampleResult(),
      build: sampleBuild(),
      toolVersion: '0'
    })
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) =>
        onlyCoded(() => findMeasurementSubject(statement, s))
      )
    )
  })

  it('h1ToHex decodes Go module hashes and ignores anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (raw) => {
        const b = Buffer.from(raw)
        expect(h1ToHex(`h1:${b.toString('base64')}`)).toBe(b.toString('hex'))
      })
    )
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = h1ToHex(s)
        if (out !== undefined) expect(out).toMatch(/^[0-9a-f]{64}$/)
      })
    )
    expect(h1ToHex(undefined)).toBeUndefined()
    expect(h1ToHex('h1:abc=')).toBeUndefined()
  })
})
