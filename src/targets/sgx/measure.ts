import { createHash, type Hash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { PAGE_SIZE } from './constants.js'
import {
  EADD_RECORD,
  EEXTEND_CHUNK,
  EEXTEND_RECORD,
  EXTEND_WORDS,
  FREE_BATCH_RECORDS,
  freeBatch,
  LITTLE_ENDIAN,
  MEASURED_PAGE_BYTES,
  PAGE_WORDS,
  RECORD,
  tag,
  writeU64,
  ZERO_BATCH_PAGES,
  zeroBatch
} from './records.js'

/**
 * MRENCLAVE as the CPU computes it during enclave build: SHA-256 over one
 * 64-byte record per ECREATE/EADD/EEXTEND (Intel SDM vol. 3D 38.7), each
 * EEXTEND followed by the 256 measured bytes.
 *
 * Speed matters for big enclaves: a 256 GiB enclave has 64 Mi pages, almost
 * all unmeasured heap, i.e. 4 GiB of EADD records. Those records differ only
 * in their offset, so they are written into one reusable multi-MB buffer
 * whose tag and flags are filled once, and hashed in large update() calls.
 */

/** A page of zeros; pass it to addPage to measure an all-zero page cheaply. */
export const ZERO_PAGE: Uint8Array = new Uint8Array(PAGE_SIZE)

const STAGING_BYTES = 4 << 20

// The staging buffer of a finished builder, handed to the next one: a fresh
// 4 MiB allocation per enclave adds external memory that triggers full
// garbage collections, whose cost grows with whatever else the heap holds.
let spareStaging: Buffer | undefined

function takeStaging(): Buffer {
  const b = spareStaging ?? Buffer.allocUnsafeSlow(STAGING_BYTES)
  spareStaging = undefined
  return b
}

/** Accumulates the MRENCLAVE hash of one enclave build. */
export class MrenclaveBuilder {
  private readonly hash: Hash = createHash('sha256')
  // Every byte below `used` is written before it is hashed, so no zeroing.
  private readonly staging = takeStaging()
  // The same bytes as a plain Uint8Array: its set() and fill() are V8
  // built-ins, where Buffer's fill and copy cross into C++ at every call.
  private readonly bytes = new Uint8Array(
    this.staging.buffer,
    this.staging.byteOffset,
    STAGING_BYTES
  )
  private used = 0
  private finished = false

  // Bytes of the enclave added so far, for `progress`.
  private added = 0

  /**
   * `progress`, when given, is told how many bytes of the enclave have been
   * added (a 1 TiB enclave takes seconds).
   */
  constructor(
    private readonly enclaveSize: number,
    private readonly progress?: (done: number, total: number) => void
  ) {}

  private reserve(bytes: number): number {
    if (this.finished)
      throw new EnclaveBuildError('INTERNAL', 'MRENCLAVE already finished')
    if (this.used + bytes > this.staging.byteLength) this.flush()
    const at = this.used
    this.used += bytes
    return at
  }

  private flush(): void {
    if (this.used > 0) this.hash.update(this.staging.subarray(0, this.used))
    this.used = 0
  }

  private checkOffset(offset: number): void {
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      offset >= this.enclaveSize
    )
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `page offset 0x${offset.toString(16)} lies outside the enclave (size 0x${this.enclaveSize.toString(16)})`
      )
  }

  /** ECREATE: SSA frame size in pages and the enclave size. */
  ecreate(ssaFramePages: number): void {
    const at = this.reserve(RECORD)
    const b = this.staging
    b.fill(0, at, at + RECORD)
    tag(b, at, 'ECREATE')
    b.writeUInt32LE(ssaFramePages, at + 8)
    b.writeBigUInt64LE(BigInt(this.enclaveSize), at + 12)
  }

  /**
   * EADD of one page at `offset` (relative to the enclave base), then, when
   * `content` is given, EEXTEND of its 16 chunks. `content` is one page.
   */
  addPage(offset: number, flags: number, content?: Uint8Array): void {
    this.checkOffset(offset)
    if (content && content.byteLength !== PAGE_SIZE)
      throw new EnclaveBuildError(
        'INTERNAL',
        'a page must be exactly 4096 bytes'
      )
    const b = this.staging
    const u = this.bytes
    let p = this.reserve(content ? MEASURED_PAGE_BYTES : RECORD)
    // Records are copied from prebuilt templates and only the offset and
    // flags written: this loop runs for every measured page (libpal, TCS...).
    u.set(EADD_RECORD, p)
    writeU64(b, p + 8, offset)
    writeU64(b, p + 16, flags)
    if (!content) return
    p += RECORD
    const zero = content === ZERO_PAGE
    for (let i = 0; i < PAGE_SIZE; i += EEXTEND_CHUNK) {
      u.set(EEXTEND_RECORD, p)
      writeU64(b, p + 8, offset + i)
      if (zero) u.fill(0, p + RECORD, p + RECORD + EEXTEND_CHUNK)
      else u.set(content.subarray(i, i + EEXTEND_CHUNK), p + RECORD)
      p += RECORD + EEXTEND_CHUNK
    }
  }

  /** EADD without EEXTEND for `count` consecutive pages: the batched fast path. */
  addUnmeasuredPages(offset: number, count: number, flags: number): void {
    if (count <= 0) return
    this.checkOffset(offset)
    this.checkOffset(offset + (count - 1) * PAGE_SIZE)
    this.flush()
    const batch = freeBatch(flags)
    let page = offset
    let left = count
    while (left > 0) {
      const n = Math.min(left, FREE_BATCH_RECORDS)
      for (let i = 0; i < n; i++, page += PAGE_SIZE) {
        if (batch.words) {
          // Two 32-bit stores per record: far cheaper than a BigInt write.
          batch.words[i * 16 + 2] = page >>> 0
          batch.words[i * 16 + 3] = Math.floor(page / 0x100000000)
        } else batch.buf.writeBigUInt64LE(BigInt(page), i * RECORD + 8)
      }
      this.hash.update(
        n === FREE_BATCH_RECORDS ? batch.buf : batch.buf.subarray(0, n * RECORD)
      )
      left -= n
      this.added += n * PAGE_SIZE
      this.progress?.(this.added, this.enclaveSize)
    }
  }

  /**
   * EADD and EEXTEND of `count` consecutive all-zero pages: addPage with
   * ZERO_PAGE for each, batched. Byte for byte the same stream.
   */
  addZeroPages(offset: number, count: number, flags: number): void {
    if (count <= 0) return
    this.checkOffset(offset)
    this.checkOffset(offset + (count - 1) * PAGE_SIZE)
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < count; i++)
        this.addPage(offset + i * PAGE_SIZE, flags, ZERO_PAGE)
      return
    }
    this.flush()
    const { buf, words } = zeroBatch(flags)
    let page = offset
    let left = count
    while (left > 0) {
      const n = Math.min(left, ZERO_BATCH_PAGES)
      for (let i = 0; i < n; i++, page += PAGE_SIZE) {
        // EADD's offset at byte 8, then each EEXTEND's (page + 256 k) at its byte 8.
        let w = i * PAGE_WORDS + 2
        const high = Math.floor(page / 0x100000000)
        words[w] = page >>> 0
        words[w + 1] = high
        w += RECORD / 4
        for (let c = 0; c < PAGE_SIZE; c += EEXTEND_CHUNK, w += EXTEND_WORDS) {
          words[w] = (page + c) >>> 0
          words[w + 1] = high
        }
      }
      this.hash.update(
        n === ZERO_BATCH_PAGES ? buf : buf.subarray(0, n * MEASURED_PAGE_BYTES)
      )
      left -= n
    }
  }

  /** The 32-byte MRENCLAVE. */
  digest(): Buffer {
    this.flush()
    this.progress?.(this.enclaveSize, this.enclaveSize)
    // The staging buffer goes to the next builder; this one takes no more pages.
    this.finished = true
    spareStaging = this.staging
    return this.hash.digest()
  }
}
