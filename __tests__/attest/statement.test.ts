import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { lookupDigest } from '../../src/model/measurement.js'
import {
  MEASUREMENT_PREDICATE_TYPE,
  parseMeasurementPredicate
} from '../../src/model/predicate.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import { parseStatement, STATEMENT_TYPE } from '../../src/model/statement.js'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  MRENCLAVE,
  PCR0,
  PCR0_LOOKUP,
  sampleBuild,
  sampleResult
} from './sample.js'

describe('lookupDigest', () => {
  it('keeps a sha256 value and hashes the raw bytes of a sha384 one', () => {
    expect(lookupDigest('sha256', MRENCLAVE.toUpperCase())).toBe(MRENCLAVE)
    expect(lookupDigest('sha384', PCR0)).toBe(PCR0_LOOKUP)
    // The documented shell recipe: xxd -r -p <<<"$PCR0" | sha256sum
    expect(lookupDigest('sha384', '00'.repeat(48))).toBe(
      createHash('sha256').update(Buffer.alloc(48)).digest('hex')
    )
  })

  it('refuses wrong lengths, non-hex and unknown algorithms with INPUT_INVALID', () => {
    for (const [alg, v] of [
      ['sha256', PCR0],
      ['sha384', MRENCLAVE],
      ['sha256', 'zz'.repeat(32)],
      ['sha512', '00'.repeat(64)]
    ])
      expect(() => lookupDigest(alg, v)).toThrow(EnclaveBuildError)
  })

  it('never throws anything but EnclaveBuildError (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 120 }), (alg, hex) => {
        try {
          const d = lookupDigest(alg, hex)
          expect(d).toMatch(/^[0-9a-f]{64}$/)
        } catch (err) {
          expect(err).toBeInstanceOf(EnclaveBuildError)
        }
      })
    )
  })

  it('is a sha256 of 48 bytes for every sha384 value (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (raw) => {
        const hex = Buffer.from(raw).toString('hex')
        expect(lookupDigest('sha384', hex)).toBe(
          createHash('sha256').update(raw).digest('hex')
        )
      })
    )
  })
})

describe('buildMeasurementStatement', () => {
  const statement = buildMeasurementStatement({
    result: sampleResult(),
    build: sampleBuild(),
    source: { ref: 'refs/tags/v1.2.3' },
    toolVersion: '0.1.0'
  })

  it('lists the binary, the artefacts and each measurement by lookup digest', () => {
    expect(statement._type).toBe(STATEMENT_TYPE)
    expect(statement.predicateType).toBe(MEASUREMENT_PREDICATE_TYPE)
    expect(statement.subject).toEqual([
      { name: 'server', digest: { sha256: sampleBuild().binary.sha256 } },
      {
        name: 'app.eif',
        digest: { sha256: sampleResult().artifacts[0].sha256 }
      },
      {
        name: 'initrd.cpio',
        digest: { sha256: sampleResult().artifacts[1].sha256 }
      },
      { name: 'measurement:PCR0', digest: { sha256: PCR0_LOOKUP } },
      { name: 'measurement:MRENCLAVE', digest: { sha256: MRENCLAVE } }
    ])
  })

  it('keeps the original values, signer, pins, build and source in the predicate', () => {
    const p = parseMeasurementPredicate(statement.predicate)
    expect(p.measurements[0]).toEqual({
      name: 'PCR0',
      algorithm: 'sha384',
      value: PCR0,
      lookupDigest: PCR0_LOOKUP
    })
    expect(p.signer).toEqual(sampleResult().signer)
    expect(p.pinned).toEqual([
      { name: 'kernel', sha256: sampleResult().pinned[0].sha256 }
    ])
    expect(p.build.binary).toEqual({
      name: 'server',
      sha256: sampleBuild().binary.sha256,
      size: 1234
    })
    expect(p.build.reproducible).toBe(true)
    expect(p.source).toEqual({
      repository: 'https://github.com/acme/enclave-app',
      commit: sampleBuild().source.commit,
      ref: 'refs/tags/v1.2.3'
    })
    expect(JSON.stringify(p.artifacts)).not.toContain('/tmp/out')
    expect(parseStatement(JSON.parse(JSON.stringify(statement)))).toEqual(
      statement
    )
  })

  it('refuses a result whose lookup digest disagrees with the rule', () => {
    const result = sampleResult()
    result.measurements[0].lookupDigest = PCR0.slice(0, 64)
    expect(() =>
      buildMeasurementStatement({
        result,
        build: sampleBuild(),
        toolVersion: '0'
      })
    ).toThrow(/lookupDigest/)
  })

  it('refuses a result without measurements or with a bad digest', () => {
    const empty = { ...sampleResult(), measurements: [] }
    expect(() =>
      buildMeasurementStatement({
        result: empty,
        build: sampleBuild(),
        toolVersion: '0'
      })
    ).toThrow(EnclaveBuildError)
    const bad = sampleResult()
    bad.artifacts[0].sha256 = 'nothex'
    expect(() =>
      buildMeasurementStatement({
        result: bad,
        build: sampleBuild(),
        toolVersion: '0'
      })
    ).toThrow(/predicate is invalid/)
  })

  it('rejects malformed predicates and statements with coded errors (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(() => parseMeasurementPredicate(v)).toThrow(EnclaveBuildError)
        try {
          parseStatement(v)
        } catch (err) {
          expect(err).toBeInstanceOf(EnclaveBuildError)
        }
      })
    )
  })
})
