import { nodeCrypto } from '../cvm/builtins.js'
import {
  ATTR_MR_EXTEND,
  ATTR_PAGE_AUG,
  invalidFirmware,
  type TdvfSection
} from './metadata.js'

/**
 * MRTD, the TD build-time measurement (TDX module spec, "MRTD"): SHA-384
 * over one 128-byte record per TDH.MEM.PAGE.ADD ("MEM.PAGE.ADD", GPA at
 * byte 16) and, per TDH.MR.EXTEND of a 256-byte chunk, a 128-byte record
 * ("MR.EXTEND", GPA) followed by the chunk. Records are written into one
 * large buffer and hashed in a few updates instead of tens of thousands.
 */

/** Page-add order: "single" interleaves adds and extends page by page; "two-pass" adds a section's pages first (QEMU 8.x). */
export type PageAddOrder = 'single' | 'two-pass'

/** One region the VMM adds at build time. */
export interface MrtdRegion {
  gpa: number
  pages: number
  /** False for PAGE.AUG sections: not added at build time. */
  add: boolean
  /** The bytes MR.EXTENDed (pages × 4096), or none. */
  data?: Uint8Array
}

const PAGE = 4096
const CHUNK = 256
const RECORD = 128
const BATCH = 1 << 20
/** A record's first bytes: its tag, zero-padded to the GPA at byte 16. */
const tagged = (tag: string): Uint8Array => {
  const b = new Uint8Array(16)
  b.set(Buffer.from(tag, 'latin1'))
  return b
}
const ADD = tagged('MEM.PAGE.ADD')
const EXTEND = tagged('MR.EXTEND')
const MAX_GPA = 2 ** 52

/** The regions dstack-mr measures: its own reading of the attributes. */
export function dstackRegions(
  fw: Uint8Array,
  sections: TdvfSection[]
): MrtdRegion[] {
  return sections.map((s, i) => {
    const size = s.memoryDataSize
    const gpa = s.memoryAddress
    if (gpa + size > BigInt(MAX_GPA))
      throw invalidFirmware(`TDX section ${i} lies above 2^52`)
    const region: MrtdRegion = {
      gpa: Number(gpa),
      pages: Number(size) / PAGE,
      add: (s.attributes & ATTR_PAGE_AUG) === 0
    }
    if ((s.attributes & ATTR_MR_EXTEND) === 0) return region
    const end = s.dataOffset + Number(size)
    if (end > fw.length)
      throw invalidFirmware(
        `TDX section ${i} extends bytes ${s.dataOffset}..${end} past the image end`
      )
    return { ...region, data: fw.subarray(s.dataOffset, end) }
  })
}

/** Writes records into a reusable batch buffer and hashes it when full. */
class RecordHasher {
  private readonly h = nodeCrypto().createHash('sha384')
  private readonly buf = Buffer.alloc(BATCH)
  private at = 0

  private room(n: number): void {
    if (this.at + n <= BATCH) return
    this.h.update(this.buf.subarray(0, this.at))
    this.buf.fill(0, 0, this.at)
    this.at = 0
  }

  // Tag and GPA only: the rest of every record stays zero because the batch
  // buffer is zeroed again (one fill per megabyte) after each hash update,
  // and Uint8Array.set, unlike Buffer fill/copy, stays out of C++.
  private header(tag: Uint8Array, gpa: number): void {
    this.room(RECORD + CHUNK)
    const b = this.buf
    b.set(tag, this.at)
    b.writeUInt32LE(gpa % 2 ** 32, this.at + 16)
    b.writeUInt32LE(Math.floor(gpa / 2 ** 32), this.at + 20)
    this.at += RECORD
  }

  pageAdd(gpa: number): void {
    this.header(ADD, gpa)
  }

  extendPage(gpa: number, page: Uint8Array): void {
    for (let c = 0; c < PAGE; c += CHUNK) {
      this.header(EXTEND, gpa + c)
      this.buf.set(page.subarray(c, c + CHUNK), this.at)
      this.at += CHUNK
    }
  }

  digest(): Uint8Array {
    this.h.update(this.buf.subarray(0, this.at))
    return this.h.digest()
  }
}

/** MRTD over the regions in order. */
export function mrtdOf(
  regions: MrtdRegion[],
  order: PageAddOrder = 'single'
): Uint8Array {
  const r = new RecordHasher()
  for (const { gpa, pages, add, data } of regions) {
    const page = (p: number): Uint8Array =>
      (data as Uint8Array).subarray(p * PAGE, (p + 1) * PAGE)
    if (order === 'two-pass') {
      if (add) for (let p = 0; p < pages; p++) r.pageAdd(gpa + p * PAGE)
      if (data)
        for (let p = 0; p < pages; p++) r.extendPage(gpa + p * PAGE, page(p))
    } else {
      for (let p = 0; p < pages; p++) {
        if (add) r.pageAdd(gpa + p * PAGE)
        if (data) r.extendPage(gpa + p * PAGE, page(p))
      }
    }
  }
  return r.digest()
}
