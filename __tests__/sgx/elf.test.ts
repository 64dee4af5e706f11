import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import {
  loadSegments,
  PT_LOAD,
  readElfHeader,
  readProgramHeaders
} from '../../src/elf/elf.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { codeOf, LIBPAL } from '../gramine/helpers.js'

const libpal = readFileSync(LIBPAL)

describe('ELF64 reader', () => {
  it('reads the stand-in libpal: a PIE with R, RX, R, RW PT_LOAD segments', () => {
    const h = readElfHeader(libpal)
    expect(h.type).toBe(3)
    expect(h.machine).toBe(62)
    const loads = loadSegments(libpal)
    expect(loads.map((s) => s.flags)).toEqual([4, 5, 4, 6])
    expect(loads[0].vaddr).toBe(0)
    expect(loads[3].memsz).toBeGreaterThan(loads[3].filesz) // bss
    expect(
      readProgramHeaders(libpal).filter((p) => p.type === PT_LOAD)
    ).toEqual(loads)
  })

  it('refuses non-ELF, 32-bit, big-endian and truncated files with ELF_INVALID', async () => {
    expect(await codeOf(() => readElfHeader(Buffer.from('hello')))).toBe(
      'ELF_INVALID'
    )
    const c32 = Buffer.from(libpal)
    c32[4] = 1
    expect(await codeOf(() => readElfHeader(c32))).toBe('ELF_INVALID')
    const be = Buffer.from(libpal)
    be[5] = 2
    expect(await codeOf(() => readElfHeader(be))).toBe('ELF_INVALID')
    expect(await codeOf(() => loadSegments(libpal.subarray(0, 100)))).toBe(
      'ELF_INVALID'
    )
  })

  it('never crashes on random or mutated headers', () => {
    const head = libpal.subarray(0, 1024)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1023), fc.integer({ min: 0, max: 255 })), {
          maxLength: 20
        }),
        fc.nat(1024),
        (edits, cut) => {
          const b = Buffer.from(head.subarray(0, Math.max(cut, 0)))
          for (const [i, v] of edits) if (i < b.length) b[i] = v
          try {
            loadSegments(b)
          } catch (err) {
            expect(err).toBeInstanceOf(EnclaveBuildError)
          }
        }
      ),
      { numRuns: 500 }
    )
  })
})
