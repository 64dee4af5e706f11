import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { LaunchDigest, PageType } from '../../src/targets/snp/digest.js'
import { readInput, readInputSoon } from '../../src/targets/cvm/files.js'

// The fast paths of `snp measure` (background reads, unchecked page runs)
// must give exactly what the plain paths give, errors included.

const dir = mkdtempSync(join(tmpdir(), 'eb-snp-speed-'))

/** The outcome of a read: its bytes, or its error's code and message. */
async function outcome(p: Promise<Buffer>): Promise<unknown> {
  try {
    return Buffer.from(await p).toString('hex')
  } catch (err) {
    const e = err as { code: string; message: string }
    return { code: e.code, message: e.message }
  }
}

describe('readInputSoon', () => {
  test('same bytes and errors as readInput', async () => {
    const file = join(dir, 'data.bin')
    const empty = join(dir, 'empty.bin')
    writeFileSync(file, Buffer.from(Array.from({ length: 70000 }, (_, i) => i)))
    writeFileSync(empty, '')
    for (const path of [file, empty, dir, join(dir, 'missing'), '/dev/null']) {
      const expected = await outcome(readInput(path, '--ovmf'))
      expect(await outcome(readInputSoon(path, '--ovmf'))).toEqual(expected)
    }
    expect(await outcome(readInputSoon(join(dir, 'missing'), '--x'))).toEqual({
      code: 'FILE_NOT_FOUND',
      message: `--x ${join(dir, 'missing')} does not exist; check the path`
    })
  })
  test('a failed read nobody awaits is no unhandled rejection', async () => {
    const seen: unknown[] = []
    const listener = (reason: unknown): void => {
      seen.push(reason)
    }
    process.on('unhandledRejection', listener)
    try {
      void readInputSoon(join(dir, 'missing'), '--ovmf')
      await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      process.off('unhandledRejection', listener)
    }
    expect(seen).toEqual([])
  })
})

/** updateNormalPages as it was: one checked step per page. */
function pageByPage(ld: LaunchDigest, gpa: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; off += 4096) {
    const page = createHash('sha384')
      .update(data.subarray(off, off + 4096))
      .digest()
    ld.update(PageType.NORMAL, gpa + off, page)
  }
}

function run(f: () => Uint8Array): unknown {
  try {
    return Buffer.from(f()).toString('hex')
  } catch (err) {
    const e = err as { code: string; message: string }
    return { code: e.code, message: e.message }
  }
}

describe('updateNormalPages', () => {
  test('equals page-by-page updates, errors included', () => {
    const gpas = fc.oneof(
      fc.integer({ min: 0, max: 0xffff_f000 }),
      fc.integer({ min: -3 * 4096, max: 4096 }),
      fc.integer({
        min: Number.MAX_SAFE_INTEGER - 4 * 4096,
        max: Number.MAX_SAFE_INTEGER
      }),
      fc.constant(Number.NaN)
    )
    fc.assert(
      fc.property(
        gpas,
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(48, 47),
        fc.uint8Array({ minLength: 1, maxLength: 1 }),
        (gpa, pages, seedLength, [fill]) => {
          const data = new Uint8Array(pages * 4096).fill(fill)
          const seed = new Uint8Array(seedLength).fill(fill ^ 0x5a)
          const fast = run(() => {
            const ld = new LaunchDigest(seed)
            ld.updateNormalPages(gpa, Buffer.from(data))
            return ld.digest()
          })
          const slow = run(() => {
            const ld = new LaunchDigest(seed)
            pageByPage(ld, gpa, data)
            return ld.digest()
          })
          expect(fast).toEqual(slow)
        }
      ),
      { numRuns: 200 }
    )
  })
})
