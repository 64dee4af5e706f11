import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { diffSections, readSections } from '../../src/elf/sections.js'
import { distinctStrings } from '../../src/elf/strings.js'
import { EnclaveBuildError } from '../../src/errors.js'

/** A minimal ELF64 LE file with the given sections (plus null and .shstrtab). */
function elf(sections: { name: string; data: Uint8Array }[]): Uint8Array {
  const names = ['', ...sections.map((s) => s.name), '.shstrtab']
  const strtab = Buffer.from(names.join('\0') + '\0', 'latin1')
  const nameOffsets = names.map((_, i) =>
    names.slice(0, i).reduce((n, s) => n + s.length + 1, 0)
  )
  const bodies = [...sections.map((s) => s.data), strtab]
  let at = 64
  const offsets = bodies.map((b) => {
    const o = at
    at += b.length
    return o
  })
  const shoff = at
  const shnum = names.length
  const out = new Uint8Array(shoff + shnum * 64)
  const v = new DataView(out.buffer)
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  v.setBigUint64(0x28, BigInt(shoff), true)
  v.setUint16(0x3a, 64, true)
  v.setUint16(0x3c, shnum, true)
  v.setUint16(0x3e, shnum - 1, true)
  bodies.forEach((b, i) => {
    out.set(b, offsets[i])
    const h = shoff + (i + 1) * 64
    v.setUint32(h, nameOffsets[i + 1], true)
    v.setUint32(h + 4, 1, true)
    v.setBigUint64(h + 0x18, BigInt(offsets[i]), true)
    v.setBigUint64(h + 0x20, BigInt(b.length), true)
  })
  return out
}

const bytes = (s: string) => Buffer.from(s, 'latin1')

describe('readSections', () => {
  it('reads names, offsets and sizes', () => {
    const f = elf([{ name: '.rodata', data: bytes('abcd') }])
    const s = readSections(f)
    expect(s.map((x) => x.name)).toEqual(['', '.rodata', '.shstrtab'])
    expect(s[1]).toMatchObject({ offset: 64, size: 4 })
  })

  it('refuses what is not ELF64 LE with ELF_INVALID, never crashing (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        try {
          readSections(data)
        } catch (err) {
          expect(err).toBeInstanceOf(EnclaveBuildError)
          expect((err as EnclaveBuildError).code).toBe('ELF_INVALID')
        }
      })
    )
  })

  it('survives corrupted headers of a valid file (property)', () => {
    const base = elf([{ name: '.text', data: bytes('0123456789') }])
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (i, b) => {
          const f = Uint8Array.from(base)
          f[i] = b
          try {
            readSections(f)
          } catch (err) {
            expect((err as EnclaveBuildError).code).toBe('ELF_INVALID')
          }
        }
      )
    )
  })
})

describe('diffSections', () => {
  it('names the differing section and the offsets of the differences', () => {
    const a = elf([
      { name: '.text', data: bytes('same-code') },
      { name: '.rodata', data: bytes('/home/a/src') }
    ])
    const b = elf([
      { name: '.text', data: bytes('same-code') },
      { name: '.rodata', data: bytes('/home/b/src') }
    ])
    expect(diffSections(a, b)).toEqual([
      {
        name: '.rodata',
        change: 'content',
        firstOffset: 64 + 9 + 6,
        ranges: [{ at: 6, length: 1 }]
      }
    ])
  })

  it('reports size changes and sections present in only one file', () => {
    const a = elf([{ name: '.rodata', data: bytes('short') }])
    const b = elf([
      { name: '.rodata', data: bytes('longer') },
      { name: '.extra', data: bytes('x') }
    ])
    expect(diffSections(a, b)).toEqual([
      { name: '.rodata', change: 'size', sizes: [5, 6] },
      { name: '.shstrtab', change: 'size', sizes: [19, 26] },
      { name: '.extra', change: 'only-in-second' }
    ])
  })

  it('finds the strings only one build has, preferring known paths', () => {
    const s = distinctStrings(
      bytes('\0common-string\0zzzzzzzzzzzzz\0/tmp/build-one/src\0'),
      bytes('\0common-string\0/tmp/build-two/src\0'),
      ['/tmp/build-one']
    )
    expect(s.first).toEqual(['/tmp/build-one/src', 'zzzzzzzzzzzzz'])
    expect(s.second).toEqual(['/tmp/build-two/src'])
  })
})
