import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import {
  parseToml,
  type TomlTable,
  type TomlValue
} from '../../src/targets/gramine/toml.js'
import {
  pythonFloat,
  writeToml
} from '../../src/targets/gramine/toml-writer.js'
import { codeOf, NAMES, vectorFile } from './helpers.js'

const t = (entries: [string, TomlValue][] = []): TomlTable => new Map(entries)

// Keys that are not integer-like (JavaScript objects reorder those; see toml.ts).
const key = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/),
  fc
    .string({ minLength: 1, maxLength: 6 })
    .filter((s) => !/^\d+$/.test(s) && s !== '__proto__')
)
const scalar: fc.Arbitrary<TomlValue> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.boolean(),
  fc.double({ noNaN: true })
)
const { value } = fc.letrec<{ value: TomlValue; table: TomlTable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('table')
  ),
  table: fc
    .uniqueArray(fc.tuple(key, tie('value')), {
      maxLength: 5,
      selector: (e) => e[0]
    })
    .map((es) => new Map(es))
}))
const manifest = fc
  .uniqueArray(fc.tuple(key, value), { maxLength: 6, selector: (e) => e[0] })
  .map((es): TomlTable => new Map(es))

describe('TOML writer (tomli-w 1.0)', () => {
  it('rewrites every vector .manifest.sgx to the same bytes', () => {
    for (const name of NAMES) {
      const text = readFileSync(vectorFile(name, '.manifest.sgx'), 'utf8')
      expect(writeToml(parseToml(text))).toBe(text)
    }
  })

  it('random manifests survive write -> parse', () => {
    fc.assert(
      fc.property(manifest, (m) => {
        const text = writeToml(m)
        expect(parseToml(text)).toEqual(m)
        expect(writeToml(parseToml(text))).toBe(text)
      }),
      { numRuns: 300 }
    )
  })

  it('keeps tabs raw and escapes quotes, backslashes and controls', () => {
    const m = t([['s', 'a\tb"c\\d\n\x01\x7f\r\b\f']])
    expect(writeToml(m)).toBe('s = "a\tb\\"c\\\\d\\n\\u0001\\u007f\\r\\b\\f"\n')
  })

  it('quotes keys that are not bare', () => {
    expect(
      writeToml(
        t([
          ['a.b', 1n],
          ['', 2n],
          ['ok-_9', 3n]
        ])
      )
    ).toBe('"a.b" = 1\n"" = 2\nok-_9 = 3\n')
  })

  it('uses [[...]] only when an inline table line would exceed 100 characters', () => {
    // '    { k = "..." },' is 11 + len + 4 = 100 characters when len is 85
    const fits = t([['a', [t([['k', 'x'.repeat(85)]])]]])
    expect(writeToml(fits)).toBe(`a = [\n    { k = "${'x'.repeat(85)}" },\n]\n`)
    const over = t([['a', [t([['k', 'x'.repeat(86)]])]]])
    expect(writeToml(over)).toBe(`[[a]]\nk = "${'x'.repeat(86)}"\n`)
  })

  it('renders arrays of arrays with nested indent and tables after values', () => {
    const m = t([
      ['sub', t([['x', true]])],
      ['arr', [[1n, 2n], []]],
      ['f', 1.5]
    ])
    expect(writeToml(m)).toBe(
      'arr = [\n    [\n        1,\n        2,\n    ],\n    [],\n]\nf = 1.5\n\n[sub]\nx = true\n'
    )
  })

  it('prints empty tables as headers and skips headers of table-only tables', () => {
    expect(writeToml(t([['a', t([['b', t()]])]]))).toBe('[a.b]\n')
  })

  it('formats floats like Python repr()', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [0.1, '0.1'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-2.5e-7, '-2.5e-07'],
      [123.456, '123.456'],
      [-0, '-0.0'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
      [1.7976931348623157e308, '1.7976931348623157e+308']
    ]
    for (const [x, s] of cases) expect(pythonFloat(x)).toBe(s)
  })

  it('refuses malformed TOML with TOML_INVALID, never a crash', async () => {
    expect(await codeOf(() => parseToml('a = '))).toBe('TOML_INVALID')
    expect(await codeOf(() => parseToml('a = 1\na = 2'))).toBe('TOML_INVALID')
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseToml(s)
        } catch (err) {
          expect((err as { code?: string }).code).toBe('TOML_INVALID')
        }
      }),
      { numRuns: 500 }
    )
  })
})
