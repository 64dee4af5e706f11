import {
  invalidFirmware,
  TdvfSectionType,
  type TdvfSection
} from './metadata.js'

/**
 * The TD HOB Google's hypervisor writes, as gce-tcb-verifier rebuilds it
 * (ovmf/tdx_data.go getTDHOBList, v0.3.1): a PHIT handoff table, one
 * system-memory resource per metadata section (in metadata order), one
 * unaccepted-memory resource per stretch of RAM no section covers, and the
 * end-of-list HOB; zero-padded to the TD HOB section's size.
 */

/** A guest-physical range (numbers: below 2^53). */
export interface Range {
  start: number
  length: number
}

const BASE_ATTRS = 0x7 // present | initialized | tested
const NEEDS_EARLY_ACCEPT = 0x1000_0000
const FOUR_GIB = 2 ** 32

/** RAM not covered by any section, bank by bank (unacceptedMemRanges). */
export function unaccepted(priv: Range[], ram: Range[]): Range[] {
  const sorted = (a: Range[]): Range[] =>
    a.map((r) => ({ ...r })).sort((x, y) => x.start - y.start)
  const p = sorted(priv)
  const out: Range[] = []
  let i = 0
  for (const bank of sorted(ram)) {
    if (bank.length === 0) continue
    let start = bank.start
    const end = bank.start + bank.length
    while (i < p.length) {
      const r = p[i]
      if (r.length === 0 || r.start + r.length <= start) {
        i++
        continue
      }
      if (r.start >= end) break
      const iStart = Math.max(start, r.start)
      const iEnd = Math.min(end, r.start + r.length)
      if (iStart > start) out.push({ start, length: iStart - start })
      start = iEnd
      if (start === end) break
    }
    if (end > start) out.push({ start, length: end - start })
  }
  return out
}

function u64(b: Buffer, at: number, v: number): void {
  b.writeUInt32LE(v % 2 ** 32, at)
  b.writeUInt32LE(Math.floor(v / 2 ** 32), at + 4)
}

/** The TD HOB bytes (the TD HOB section's size) for these sections and RAM banks. */
export function tdHobGce(sections: TdvfSection[], ram: Range[]): Uint8Array {
  const hob = sections.find((s) => s.type === TdvfSectionType.TD_HOB)
  if (hob === undefined) throw invalidFirmware('TDX metadata has no TD HOB')
  const priv = sections.map((s) => ({
    start: Number(s.memoryAddress),
    length: Number(s.memoryDataSize)
  }))
  const free = unaccepted(priv, ram)
  const size = 56 + 48 * (priv.length + free.length) + 8
  const length = Number(hob.memoryDataSize)
  if (size > length)
    throw invalidFirmware(`the TD HOB (${size} bytes) overflows its section`)
  const b = Buffer.alloc(length)
  b.writeUInt16LE(1, 0)
  b.writeUInt16LE(56, 2)
  b.writeUInt32LE(9, 8)
  u64(b, 48, Number(hob.memoryAddress) + size - 8)
  let at = 56
  const resource = (type: number, attrs: number, r: Range): void => {
    b.writeUInt16LE(3, at)
    b.writeUInt16LE(48, at + 2)
    b.writeUInt32LE(type, at + 24)
    b.writeUInt32LE(attrs, at + 28)
    u64(b, at + 32, r.start)
    u64(b, at + 40, r.length)
    at += 48
  }
  for (const r of priv) resource(0, BASE_ATTRS, r)
  for (const r of free)
    resource(
      7,
      r.start + r.length <= FOUR_GIB
        ? BASE_ATTRS | NEEDS_EARLY_ACCEPT
        : BASE_ATTRS,
      r
    )
  b.writeUInt16LE(0xffff, at)
  b.writeUInt16LE(8, at + 2)
  return b
}
