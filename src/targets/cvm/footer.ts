import type { EnclaveBuildError } from '../../errors.js'
import { GUIDS, guidBytesLe, guidFromBytesLe } from './guid.js'
import { leUint, pySlice } from './python.js'

/**
 * The OVMF GUIDed footer table, the one walk of it for SEV-SNP and TDX.
 * Entries lie back to back, each its data, then a u16 size (the whole
 * entry's, header included), then a 16-byte GUID; the last one, ending 0x20
 * bytes before the end of the image, is the footer (GUID 96b582de-...), whose
 * size is the whole table's. The table is read backwards from there.
 *
 * Three reference tools read it, and they read the same entries from a
 * well-formed table (dstack-mr then reads 18 more bytes below it as one more
 * entry: it takes the footer's size, header included, as the table's), but
 * not from malformed ones. A measurement follows its own reference, so
 * that a bad image gets the same refusal or the same value as there:
 *
 * |                      | sev-snp-measure (ovmf.py)  | dstack-mr (tdvf.rs)                        | gce-tcb-verifier (fw_guid_table_ops.go) |
 * | -------------------- | -------------------------- | ------------------------------------------ | --------------------------------------- |
 * | image under 50 bytes | Python slices; refused if under 18 bytes remain | refused                | refused                                 |
 * | no footer GUID       | no entries                 | refused                                    | refused                                 |
 * | footer size          | under 18: no entries; Python slices | 0 or past the image start: refused; the 18 bytes below the table read as an entry | under 18 or past the image start: refused |
 * | entry size under 18  | refused                    | 0 ends the walk, 1-17 steps back that far  | refused                                 |
 * | entry past the table | cut at the table start     | refused                                    | refused                                 |
 * | under 18 bytes left  | ignored                    | ignored                                    | refused                                 |
 * | duplicate GUID       | both yielded               | both yielded                               | refused                                 |
 * | an entry's data      | the bytes before its header | `size` bytes before its header            | the whole entry, header included        |
 *
 * Every step moves backwards by at least one byte or ends the walk, so it
 * ends on any input; every refusal is the caller's coded error.
 */

/** The reference tool whose reading of the table is followed. */
export type FooterWalk = 'sev-snp-measure' | 'dstack-mr' | 'gce-tcb-verifier'

/** One entry of the table, as the chosen reference slices it. */
export interface FooterEntry {
  /** The entry's GUID, lower case. */
  guid: string
  data: Uint8Array
}

/** The error for a malformed image, with the caller's advice appended. */
export type InvalidFirmware = (message: string) => EnclaveBuildError

const HEADER = 18 // u16 size + 16-byte GUID
const TAIL = 32 // the footer entry ends this far before the end
const FOOTER_GUID = guidBytesLe(GUIDS.footerTable)

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8)

/**
 * The table's entries, from the last in the image to the first, as `walk`
 * reads them; throws `invalid(...)` where that tool refuses the table. Lazy:
 * dstack-mr stops at the entry it looks for and never reads what lies
 * before it, so a caller that stops there sees no later refusal either.
 */
export function footerEntries(
  image: Uint8Array,
  walk: FooterWalk,
  invalid: InvalidFirmware
): Generator<FooterEntry> {
  if (walk === 'sev-snp-measure') return sevSnpMeasure(image, invalid)
  if (walk === 'dstack-mr') return dstackMr(image, invalid)
  return gceTcbVerifier(image, invalid)
}

/** ovmf.py: Python slices with unchecked sizes, clamped and wrapped as Python does. */
function* sevSnpMeasure(
  data: Uint8Array,
  invalid: InvalidFirmware
): Generator<FooterEntry> {
  const start = data.length - TAIL - HEADER
  const footer = pySlice(data, start)
  if (footer.length < HEADER)
    throw invalid(
      `firmware of ${data.length} bytes is too small for an OVMF footer table`
    )
  // No footer GUID: a firmware without the table (sev-snp-measure goes on with none).
  if (!same(footer.subarray(2, 18), FOOTER_GUID)) return
  const tableSize = leUint(footer, 2) - HEADER
  if (tableSize < 0) return
  let rest = pySlice(data, start - tableSize, start)
  while (rest.length >= HEADER) {
    const header = rest.subarray(rest.length - HEADER)
    const size = leUint(header, 2)
    if (size < HEADER)
      throw invalid(`OVMF footer table entry has invalid size ${size}`)
    yield {
      guid: guidFromBytesLe(header.subarray(2, 18)),
      data: pySlice(rest, -size, -HEADER)
    }
    rest = pySlice(rest, 0, -size)
  }
}

/** tdvf.rs: the footer's size taken as the region below its header; steps back by each size. */
function* dstackMr(
  fw: Uint8Array,
  invalid: InvalidFirmware
): Generator<FooterEntry> {
  if (fw.length < TAIL + HEADER) throw invalid('TDVF firmware too small')
  const end = fw.length - TAIL
  if (!same(fw.subarray(end - 16, end), FOOTER_GUID))
    throw invalid('no OVMF footer table GUID 32 bytes before the end')
  const tablesLen = u16(fw, end - HEADER)
  if (tablesLen === 0 || tablesLen > end - HEADER)
    throw invalid(`invalid OVMF footer table length ${tablesLen}`)
  const tables = fw.subarray(end - HEADER - tablesLen, end - HEADER)
  let at = tables.length
  while (at >= HEADER) {
    const len = u16(tables, at - HEADER)
    if (len > at - HEADER)
      throw invalid(`invalid OVMF footer table entry length ${len}`)
    yield {
      guid: guidFromBytesLe(tables.subarray(at - 16, at)),
      data: tables.subarray(at - HEADER - len, at - HEADER)
    }
    // dstack-mr steps back by the entry length alone: a zero length is a dead end.
    if (len === 0) return
    at -= len
  }
}

/** GetFwGUIDTable: the whole table must walk cleanly, each GUID once. */
function* gceTcbVerifier(
  fw: Uint8Array,
  invalid: InvalidFirmware
): Generator<FooterEntry> {
  const len = fw.length
  if (len < TAIL + HEADER) throw invalid('firmware too small')
  if (!same(fw.subarray(len - 48, len - TAIL), FOOTER_GUID))
    throw invalid('no OVMF footer table GUID 32 bytes before the end')
  const size = u16(fw, len - 50)
  if (size < HEADER || len < size + TAIL)
    throw invalid(`invalid OVMF footer table size ${size}`)
  const table = fw.subarray(len - TAIL - size, len - 50)
  const seen = new Set<string>()
  let rest = table.length
  while (rest > 0) {
    if (rest < HEADER) throw invalid('OVMF footer table is corrupted')
    const n = u16(table, rest - HEADER)
    if (rest < n || n < HEADER)
      throw invalid('OVMF footer table entries are corrupted')
    const guid = guidFromBytesLe(table.subarray(rest - 16, rest))
    if (seen.has(guid)) throw invalid(`duplicate GUID ${guid}`)
    seen.add(guid)
    yield { guid, data: table.subarray(rest - n, rest) }
    rest -= n
  }
}
