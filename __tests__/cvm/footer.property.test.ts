/**
 * The OVMF footer table walk on hostile input: whatever the sizes say
 * (overflowing the image, zero, smaller than a header, pointing back into
 * the same entry), each reference's walk ends, and ends either with its
 * entries or with the caller's coded error, never another exception. The
 * well-formed tables are laid out here as edk2 lays them out
 * (OvmfPkg/ResetVector/Ia16/ResetVectorVtf0.asm: data, u16 size, GUID,
 * backwards from 0x20 bytes before the end), and all three walks must read
 * back what was laid out (dstack-mr then reads on, 18 bytes below the table).
 */
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  footerEntries,
  type FooterEntry,
  type FooterWalk
} from '../../src/targets/cvm/footer.js'
import { guidBytesLe } from '../../src/targets/cvm/guid.js'

const WALKS: FooterWalk[] = ['sev-snp-measure', 'dstack-mr', 'gce-tcb-verifier']
const ADVICE = '; pass a firmware image'
const invalid = (message: string): EnclaveBuildError =>
  new EnclaveBuildError('FIRMWARE_INVALID', message + ADVICE)
const FOOTER = guidBytesLe('96b582de-1fb2-45f7-baea-a366c55a082d')
// a few GUIDs, so that duplicates are common
const GUIDS = [
  'e47a6535-984a-4798-865e-4685a7bf8ec2',
  'dc886566-984a-4798-a75e-5585a7bf67cc',
  '00f771de-1a7e-4fcb-890e-68c77e2fb44e',
  '7255371f-3a3b-4b04-927b-1da6efa8d454'
]

/** An entry's header: u16 size (little-endian), then the GUID bytes. */
function header(size: number, guid: Uint8Array): Buffer {
  const h = Buffer.alloc(18)
  h.writeUInt16LE(size & 0xffff, 0)
  h.set(guid, 2)
  return h
}

/**
 * Walks to the end; returns the entries or the error. More steps than the
 * image has bytes would mean a walk that does not move back: a hang.
 */
function walkAll(
  image: Uint8Array,
  walk: FooterWalk
): FooterEntry[] | EnclaveBuildError {
  const out: FooterEntry[] = []
  try {
    for (const e of footerEntries(image, walk, invalid)) {
      out.push(e)
      if (out.length > image.length) throw new Error(`${walk} does not end`)
    }
  } catch (err) {
    if (!(err instanceof EnclaveBuildError)) throw err
    return err
  }
  return out
}

function expectEndsCoded(image: Uint8Array): void {
  for (const walk of WALKS) {
    const r = walkAll(image, walk)
    if (r instanceof EnclaveBuildError) {
      expect(r.code).toBe('FIRMWARE_INVALID')
      expect(r.message.endsWith(ADVICE)).toBe(true)
    } else
      for (const e of r) {
        // every slice lies inside the image
        expect(e.data.byteOffset).toBeGreaterThanOrEqual(image.byteOffset)
        expect(e.data.byteOffset + e.data.length).toBeLessThanOrEqual(
          image.byteOffset + image.length
        )
      }
  }
}

/** A hostile entry: a declared size unrelated to its data, a GUID often repeated. */
const hostileEntry = fc.record({
  size: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 17 }),
    fc.integer({ min: 18, max: 80 }),
    fc.integer({ min: 0xff00, max: 0xffff })
  ),
  guid: fc.oneof(
    fc.constantFrom(...GUIDS).map(guidBytesLe),
    fc.uint8Array({ minLength: 16, maxLength: 16 })
  ),
  data: fc.uint8Array({ maxLength: 40 })
})

/** An image ending in a footer with the table GUID and a hostile table. */
const hostileImage = fc
  .record({
    prefix: fc.uint8Array({ maxLength: 64 }),
    entries: fc.array(hostileEntry, { maxLength: 6 }),
    footerSize: fc.oneof(
      fc.integer({ min: 0, max: 17 }),
      fc.integer({ min: 18, max: 400 }),
      fc.integer({ min: 0xff00, max: 0xffff })
    ),
    tail: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    cut: fc.nat({ max: 40 }),
    cutFront: fc.boolean()
  })
  .map((a) => {
    const image = Buffer.concat([
      a.prefix,
      ...a.entries.map((e) => Buffer.concat([e.data, header(e.size, e.guid)])),
      header(a.footerSize, FOOTER),
      a.tail
    ])
    // truncated images: at the front (the table loses its start) or the end
    return a.cut === 0
      ? image
      : a.cutFront
        ? image.subarray(Math.min(a.cut, image.length))
        : image.subarray(0, Math.max(0, image.length - a.cut))
  })

describe('the footer table walk on hostile input', () => {
  test('every walk ends with entries inside the image or a coded FIRMWARE_INVALID', () => {
    fc.assert(fc.property(hostileImage, expectEndsCoded), { numRuns: 500 })
  })

  test('random bytes of any small length, with and without the footer GUID', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 120 }),
        fc.boolean(),
        (bytes, plant) => {
          const image = Buffer.from(bytes)
          if (plant && image.length >= 48) image.set(FOOTER, image.length - 48)
          expectEndsCoded(image)
        }
      ),
      { numRuns: 500 }
    )
  })

  test('a footer size that overflows the image: dstack-mr and gce-tcb-verifier refuse, sev-snp-measure slices as Python', () => {
    const image = Buffer.concat([
      Buffer.alloc(10),
      header(0xffff, FOOTER),
      Buffer.alloc(32)
    ])
    expect(walkAll(image, 'dstack-mr')).toMatchObject({
      code: 'FIRMWARE_INVALID',
      message: expect.stringContaining('invalid OVMF footer table length 65535')
    })
    expect(walkAll(image, 'gce-tcb-verifier')).toMatchObject({
      code: 'FIRMWARE_INVALID',
      message: expect.stringContaining('invalid OVMF footer table size 65535')
    })
    // ovmf.py: data[start - 65517 : start] with start = 10 wraps to an empty slice
    expect(walkAll(image, 'sev-snp-measure')).toEqual([])
  })

  test('an entry whose size is zero or below a header cannot loop', () => {
    for (const size of [0, 1, 17]) {
      const image = Buffer.concat([
        Buffer.alloc(100),
        header(size, guidBytesLe(GUIDS[1])),
        header(64 + 18 + 18, FOOTER),
        Buffer.alloc(32)
      ])
      // sev-snp-measure and Google refuse it; dstack-mr ends at 0 and
      // steps 1-17 bytes back, into the header it just read
      expect(walkAll(image, 'sev-snp-measure')).toMatchObject({
        code: 'FIRMWARE_INVALID',
        message: expect.stringContaining(`invalid size ${size}`)
      })
      expect(walkAll(image, 'gce-tcb-verifier')).toMatchObject({
        code: 'FIRMWARE_INVALID',
        message: expect.stringContaining('entries are corrupted')
      })
      if (size === 0) expect(walkAll(image, 'dstack-mr')).toHaveLength(1)
      expectEndsCoded(image)
    }
  })
})

describe('the footer table walk on well-formed tables', () => {
  const entries = fc.uniqueArray(
    fc.record({
      guid: fc.constantFrom(...GUIDS),
      data: fc.uint8Array({ minLength: 4, maxLength: 40 })
    }),
    { selector: (e) => e.guid, maxLength: GUIDS.length }
  )
  test('all three walks read back the entries laid out, last first', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 18, maxLength: 64 }),
          fc.nat({ max: 46 }).map((n) => new Uint8Array(18 + n))
        ),
        entries,
        (prefix, list) => {
          const laid = list.map((e) =>
            Buffer.concat([
              e.data,
              header(e.data.length + 18, guidBytesLe(e.guid))
            ])
          )
          const table = Buffer.concat(laid)
          const image = Buffer.concat([
            prefix,
            table,
            header(table.length + 18, FOOTER),
            Buffer.alloc(32, 0xff)
          ])
          const want = [...list].reverse()
          // dstack-mr's region starts 18 bytes below the table (it takes the
          // footer's size, header included, as the table's): the laid-out
          // entries come first, then those 18 bytes are read as one more
          // entry, which ends the walk if its size is 0 and is refused if not
          const taken = (walk: FooterWalk): FooterEntry[] => {
            const out: FooterEntry[] = []
            const walker = footerEntries(image, walk, invalid)
            while (out.length < list.length) {
              const next = walker.next()
              if (next.done === true) break
              out.push(next.value)
            }
            return out
          }
          for (const walk of WALKS) {
            expect(taken(walk).map((e) => e.guid)).toEqual(
              want.map((e) => e.guid)
            )
            if (walk !== 'dstack-mr')
              expect(walkAll(image, walk)).toHaveLength(list.length)
          }
          const below = image.readUInt16LE(prefix.length - 18)
          const rest = walkAll(image, 'dstack-mr')
          if (below === 0) expect(rest).toHaveLength(list.length + 1)
          else expect(rest).toMatchObject({ code: 'FIRMWARE_INVALID' })
          const data = (walk: FooterWalk): Buffer[] =>
            taken(walk).map((e) => Buffer.from(e.data))
          // ovmf.py: the data; Google: the whole entry; dstack-mr: `size` bytes before the header
          expect(data('sev-snp-measure')).toEqual(
            want.map((e) => Buffer.from(e.data))
          )
          expect(data('gce-tcb-verifier')).toEqual([...laid].reverse())
          for (const [i, d] of data('dstack-mr').entries()) {
            expect(d.length).toBe(want[i].data.length + 18)
            expect(d.subarray(18)).toEqual(Buffer.from(want[i].data))
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
