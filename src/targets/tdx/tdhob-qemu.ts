import { nodeCrypto } from '../cvm/builtins.js'
import {
  invalidFirmware,
  TdvfSectionType,
  type TdvfSection
} from './metadata.js'

/**
 * The TD HOB QEMU hands a TD booted with `memory` bytes of RAM, as dstack-mr
 * rebuilds it (tdvf.rs measure_td_hob): the PHIT table, then one resource
 * per accepted range (TD HOB and temporary-memory sections) and per
 * unaccepted stretch, RAM above 2 GiB being split around the PCI hole when
 * there is 2.75 GiB or more. Its SHA-384 is the first RTMR0 event.
 */

type Span = { accepted: boolean; start: bigint; end: bigint }

function accept(spans: Span[], start: bigint, end: bigint): Span[] {
  if (start >= end) return spans
  const out: Span[] = []
  for (const r of spans) {
    if (r.accepted || r.end <= start || r.start >= end) out.push(r)
    else {
      if (r.start < start)
        out.push({ accepted: false, start: r.start, end: start })
      if (r.end > end) out.push({ accepted: false, start: end, end: r.end })
    }
  }
  out.push({ accepted: true, start, end })
  // A stable sort by start, as Rust's sort_by_key.
  return out.sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0
  )
}

const U64 = 2n ** 64n

/** SHA-384 of the TD HOB for this firmware's sections and RAM size. */
export function tdHobHash(sections: TdvfSection[], memory: bigint): Uint8Array {
  let spans: Span[] = [{ accepted: false, start: 0n, end: memory }]
  let base = 0x809000n
  for (const s of sections) {
    if (
      s.type === TdvfSectionType.TD_HOB ||
      s.type === TdvfSectionType.TEMP_MEM
    )
      spans = accept(spans, s.memoryAddress, s.memoryAddress + s.memoryDataSize)
    if (s.type === TdvfSectionType.TD_HOB) base = s.memoryAddress
  }
  const parts: Buffer[] = []
  const phit = Buffer.alloc(56)
  phit.writeUInt16LE(1, 0)
  phit.writeUInt16LE(56, 2)
  phit.writeUInt32LE(9, 8)
  parts.push(phit)
  const resource = (type: number, start: bigint, length: bigint): void => {
    if (length < 0n || length >= U64 || start >= U64)
      throw invalidFirmware('TD HOB memory range out of range')
    const r = Buffer.alloc(48)
    r.writeUInt16LE(3, 0)
    r.writeUInt16LE(48, 2)
    r[24] = type
    r.writeUInt32LE(7, 28)
    r.writeBigUInt64LE(start, 32)
    r.writeBigUInt64LE(length, 40)
    parts.push(r)
  }
  const last = spans.pop() as Span
  for (const r of spans) {
    if (r.end < r.start) throw invalidFirmware('invalid TD HOB memory range')
    resource(r.accepted ? 0x00 : 0x07, r.start, r.end - r.start)
  }
  if (last.end < last.start)
    throw invalidFirmware('invalid TD HOB memory range')
  if (memory >= 0xb000_0000n) {
    if (last.start < 0x8000_0000n)
      resource(0x07, last.start, 0x8000_0000n - last.start)
    if (last.end > 0x8000_0000n)
      resource(0x07, 0x1_0000_0000n, last.end - 0x8000_0000n)
  } else resource(0x07, last.start, last.end - last.start)
  const hob = Buffer.concat(parts)
  phit.writeBigUInt64LE((base + BigInt(hob.length) + 8n) % U64, 48)
  hob.set(phit, 0)
  return nodeCrypto().createHash('sha384').update(hob).digest()
}
