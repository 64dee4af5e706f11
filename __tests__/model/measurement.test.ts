import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { measurement, measurementSchema } from '../../src/model/measurement.js'

describe('measurement()', () => {
  it('keeps a sha256 value as its own lookup digest, lower-cased', () => {
    const v = 'AB'.repeat(32)
    expect(measurement('MRENCLAVE', 'sha256', v)).toEqual({
      name: 'MRENCLAVE',
      algorithm: 'sha256',
      value: v.toLowerCase(),
      lookupDigest: v.toLowerCase()
    })
  })

  it('looks a sha384 value up by sha256 of its raw 48 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex')
        const m = measurement('PCR0', 'sha384', hex)
        expect(m.lookupDigest).toBe(
          createHash('sha256').update(bytes).digest('hex')
        )
        expect(measurementSchema.parse(m)).toEqual(m)
      })
    )
  })

  it('refuses a value of the wrong length or alphabet', () => {
    expect(() => measurement('PCR0', 'sha384', 'ab'.repeat(32))).toThrow(
      EnclaveBuildError
    )
    expect(() => measurement('X', 'sha256', 'zz'.repeat(32))).toThrow(
      /64 hex digits/
    )
  })
})
