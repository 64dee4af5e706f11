import { endianness } from 'node:os'
import { PAGE_SIZE } from './constants.js'

/*
 * The byte records MRENCLAVE hashes (Intel SDM vol. 3D 38.7): 64-byte
 * EADD/EEXTEND records, and the reusable batches of them that the builder
 * in measure.ts hashes in large update() calls.
 */

/** Bytes of one ECREATE/EADD/EEXTEND record. */
export const RECORD = 64
/** Bytes one EEXTEND measures. */
export const EEXTEND_CHUNK = 256
/** Bytes a measured page adds: EADD + 16 x (EEXTEND + 256 bytes). */
export const MEASURED_PAGE_BYTES =
  RECORD + (PAGE_SIZE / EEXTEND_CHUNK) * (RECORD + EEXTEND_CHUNK)
/** EADD records per free-page batch: 4 MiB per update(). */
export const FREE_BATCH_RECORDS = 1 << 16
/** Measured zero pages per batch: ~4 MiB per update(). */
export const ZERO_BATCH_PAGES = 800
/** 32-bit words per measured page's records. */
export const PAGE_WORDS = MEASURED_PAGE_BYTES / 4
/** 32-bit words from one EEXTEND record to the next. */
export const EXTEND_WORDS = (RECORD + EEXTEND_CHUNK) / 4
/** Whether offsets can be stored as two native 32-bit words. */
export const LITTLE_ENDIAN = endianness() === 'LE'

/** Writes a record's 8-byte, zero-padded name. */
export function tag(buf: Buffer, at: number, name: string): void {
  buf.fill(0, at, at + 8)
  buf.write(name, at, 'latin1')
}

/** A 64-byte record with its name and zeros. */
function record(name: string): Buffer {
  const r = Buffer.alloc(RECORD)
  tag(r, 0, name)
  return r
}
/** Record templates; only offsets (and EADD's flags) are written per use. */
export const EADD_RECORD = record('EADD')
/** See EADD_RECORD. */
export const EEXTEND_RECORD = record('EEXTEND')

/** A non-negative safe integer as u64 LE, without BigInt. */
export function writeU64(b: Buffer, at: number, v: number): void {
  b.writeUInt32LE(v >>> 0, at)
  b.writeUInt32LE(Math.floor(v / 0x100000000), at + 4)
}

/** A reusable run of records whose offsets are rewritten per batch. */
export interface FreeBatch {
  flags: number
  buf: Buffer
  words?: Uint32Array
}
let cachedBatch: FreeBatch | undefined

/**
 * The reusable buffer of EADD records for unmeasured pages, built once per
 * process (per flags value) by repeating one record with a native fill.
 * Only the offsets are rewritten for each batch.
 */
export function freeBatch(flags: number): FreeBatch {
  if (cachedBatch?.flags === flags) return cachedBatch
  const one = Buffer.from(EADD_RECORD)
  writeU64(one, 16, flags)
  const ab = new ArrayBuffer(FREE_BATCH_RECORDS * RECORD)
  const buf = Buffer.from(ab)
  buf.fill(one)
  cachedBatch = {
    flags,
    buf,
    words: LITTLE_ENDIAN ? new Uint32Array(ab) : undefined
  }
  return cachedBatch
}

/** A FreeBatch of whole measured pages, always viewed as 32-bit words. */
export interface ZeroBatch extends FreeBatch {
  words: Uint32Array
}
let cachedZeroBatch: ZeroBatch | undefined

/**
 * The reusable buffer of measured all-zero pages (stacks, signal stacks,
 * TLS and SSA areas: most of what a small enclave measures), built once per
 * process (per flags value) by repeating one page's EADD + 16 x (EEXTEND +
 * 256 zero bytes) with a native fill. Only the 17 offsets per page are
 * rewritten for each batch, like the free-page batch.
 */
export function zeroBatch(flags: number): ZeroBatch {
  if (cachedZeroBatch?.flags === flags) return cachedZeroBatch
  const one = Buffer.alloc(MEASURED_PAGE_BYTES)
  one.set(EADD_RECORD, 0)
  writeU64(one, 16, flags)
  for (let i = 0; i < PAGE_SIZE / EEXTEND_CHUNK; i++)
    one.set(EEXTEND_RECORD, RECORD + i * (RECORD + EEXTEND_CHUNK))
  const ab = new ArrayBuffer(ZERO_BATCH_PAGES * MEASURED_PAGE_BYTES)
  const buf = Buffer.from(ab)
  buf.fill(one)
  cachedZeroBatch = { flags, buf, words: new Uint32Array(ab) }
  return cachedZeroBatch
}
