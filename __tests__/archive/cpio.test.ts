import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import {
  readCpio,
  readCpioRecords,
  writeCpio,
  type CpioEntry
} from '../../src/archive/cpio.js'
import { EnclaveBuildError } from '../../src/errors.js'

const inputs = join(
  import.meta.dirname,
  '../../__fixtures__/vectors/nitro/inputs'
)
const input = (name: string): Uint8Array => readFileSync(join(inputs, name))
const dirs = (names: string[]): CpioEntry[] =>
  names.map((path) => ({ path, type: 'dir', mode: 0o755 }))

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
  return 'none'
}

describe('writeCpio reproduces GNU cpio --reproducible byte for byte', () => {
  it('dev-customer.cpio', () => {
    const entries: CpioEntry[] = [
      // given out of order on purpose: the writer sorts
      ...dirs([
        'rootfs/var',
        'rootfs/dev',
        'rootfs/tmp',
        'rootfs/proc',
        'rootfs/sys',
        'rootfs/run',
        'rootfs'
      ]),
      {
        path: 'rootfs/app',
        type: 'file',
        mode: 0o755,
        data: input('app-standin.bin')
      },
      {
        path: 'env',
        type: 'file',
        mode: 0o644,
        data: Buffer.from(
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n'
        )
      },
      { path: 'cmd', type: 'file', mode: 0o644, data: Buffer.from('/app\n') }
    ]
    expect(Buffer.from(writeCpio(entries, { mtime: 1 }))).toEqual(
      Buffer.from(input('dev-customer.cpio'))
    )
  })

  it('dev-bootstrap.cpio', () => {
    const entries: CpioEntry[] = [
      {
        path: 'nsm.ko',
        type: 'file',
        mode: 0o755,
        data: input('nsm-standin.ko')
      },
      {
        path: 'init',
        type: 'file',
        mode: 0o755,
        data: input('init-standin.bin')
      },
      ...dirs(['dev'])
    ]
    expect(Buffer.from(writeCpio(entries, { mtime: 1 }))).toEqual(
      Buffer.from(input('dev-bootstrap.cpio'))
    )
  })

  it('reads the reference archives back', () => {
    const recs = readCpioRecords(input('dev-customer.cpio'))
    expect(recs.map((r) => r.path)).toEqual([
      'cmd',
      'env',
      'rootfs',
      'rootfs/app',
      'rootfs/dev',
      'rootfs/proc',
      'rootfs/run',
      'rootfs/sys',
      'rootfs/tmp',
      'rootfs/var'
    ])
    expect(recs.map((r) => r.ino)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(recs[2].nlink).toBe(8)
    expect(Buffer.from(recs[3].data ?? [])).toEqual(
      Buffer.from(input('app-standin.bin'))
    )
  })
})

describe('writeCpio rules', () => {
  it('sorts by bytes, not by locale ("a-b" before "a/x")', () => {
    const out = readCpio(
      writeCpio([
        { path: 'a/x', type: 'file', mode: 0o644 },
        { path: 'a-b', type: 'file', mode: 0o644 },
        { path: 'a', type: 'dir', mode: 0o755 },
        { path: 'B', type: 'file', mode: 0o644 }
      ])
    )
    expect(out.map((e) => e.path)).toEqual(['B', 'a', 'a-b', 'a/x'])
  })

  it('style gocpio gives the linuxkit header fields', () => {
    const recs = readCpioRecords(
      writeCpio(
        [...dirs(['d/e', 'd']), { path: 'f', type: 'file', mode: 0o644 }],
        { style: 'gocpio', mtime: 1492533000 }
      )
    )
    // order kept, inodes from 721, dev 3:1, nlink 2 for every directory
    expect(
      recs.map((r) => [r.path, r.ino, r.nlink, r.devMajor, r.devMinor, r.mtime])
    ).toEqual([
      ['d/e', 721, 2, 3, 1, 1492533000],
      ['d', 722, 2, 3, 1, 1492533000],
      ['f', 723, 1, 3, 1, 1492533000]
    ])
    const bytes = Buffer.from(writeCpio(dirs(['dev']), { style: 'gocpio' }))
    // lower-case hex; the trailer takes the next inode and dev 3:1
    expect(bytes.subarray(0, 22).toString()).toBe('070701000002d1000041ed')
    const t = bytes.indexOf('TRAILER!!!') - 110
    expect(bytes.subarray(t, t + 14).toString()).toBe('070701000002d2')
    expect(bytes.subarray(t + 62, t + 78).toString()).toBe('0000000300000001')
  })

  it('refuses bad entries with INPUT_INVALID', () => {
    const bad: CpioEntry[][] = [
      [{ path: '/abs', type: 'file', mode: 0o644 }],
      [{ path: 'a/../b', type: 'file', mode: 0o644 }],
      [{ path: '', type: 'dir', mode: 0o755 }],
      [{ path: 'x', type: 'file', mode: 0o100644 }],
      [{ path: 'l', type: 'symlink', mode: 0o777 }],
      [
        { path: 'x', type: 'file', mode: 0o644 },
        { path: 'x', type: 'dir', mode: 0o755 }
      ]
    ]
    for (const entries of bad)
      expect(codeOf(() => writeCpio(entries))).toBe('INPUT_INVALID')
  })
})

const segment = fc
  .stringMatching(/^[a-zA-Z0-9._-]{1,12}$/)
  .filter((s) => s !== '.' && s !== '..')
const entryArb: fc.Arbitrary<CpioEntry> = fc.oneof(
  fc.record({
    path: fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((p) => p.join('/')),
    type: fc.constant('file' as const),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    data: fc.uint8Array({ maxLength: 40 }),
    mtime: fc.integer({ min: 0, max: 0xffffffff })
  }),
  fc.record({
    path: fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((p) => p.join('/')),
    type: fc.constant('dir' as const),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    mtime: fc.integer({ min: 0, max: 0xffffffff })
  }),
  fc.record({
    path: fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((p) => p.join('/')),
    type: fc.constant('symlink' as const),
    mode: fc.constant(0o777),
    target: fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((s) => !s.includes('\0')),
    mtime: fc.integer({ min: 0, max: 0xffffffff })
  })
)
const uniqueEntries = fc.uniqueArray(entryArb, {
  selector: (e) => e.path,
  maxLength: 12
})

describe('properties', () => {
  it('readCpio(writeCpio(x)) gives x back, sorted; size is a multiple of 512', () => {
    fc.assert(
      fc.property(uniqueEntries, (entries) => {
        const bytes = writeCpio(entries)
        expect(bytes.length % 512).toBe(0)
        const back = readCpio(bytes)
        const sorted = [...entries].sort((a, b) =>
          Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))
        )
        expect(back.map((e) => e.path)).toEqual(sorted.map((e) => e.path))
        back.forEach((e, i) => {
          const want = sorted[i]
          expect([e.type, e.mode, e.mtime, e.target]).toEqual([
            want.type,
            want.mode,
            want.mtime,
            want.target
          ])
          if (want.type === 'file')
            expect(Buffer.from(e.data ?? [])).toEqual(
              Buffer.from(want.data ?? [])
            )
        })
        // deterministic: the input order does not matter
        expect(Buffer.from(writeCpio([...entries].reverse()))).toEqual(
          Buffer.from(bytes)
        )
      })
    )
  })

  it('truncated or corrupted archives give CPIO_INVALID, never a crash', () => {
    fc.assert(
      fc.property(
        uniqueEntries,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (entries, cut, pos, value) => {
          const bytes = writeCpio(entries)
          // any cut before the end of the trailer's name must be refused
          const end = Buffer.from(bytes).lastIndexOf('TRAILER!!!') + 11
          const truncated = bytes.slice(0, cut % end)
          expect(codeOf(() => readCpio(truncated))).toBe('CPIO_INVALID')
          const flipped = bytes.slice()
          flipped[pos % flipped.length] = value
          const code = codeOf(() => readCpio(flipped))
          expect(['none', 'CPIO_INVALID']).toContain(code)
        }
      )
    )
  })

  it('random bytes give CPIO_INVALID', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(['CPIO_INVALID', 'none']).toContain(
          codeOf(() => readCpio(bytes))
        )
        expect(
          codeOf(() => readCpio(Buffer.concat([Buffer.from('x'), bytes])))
        ).toBe('CPIO_INVALID')
      })
    )
  })
})
