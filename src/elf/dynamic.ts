import { EnclaveBuildError } from '../errors.js'
import { readElfHeader, readProgramHeaders } from './elf.js'

/**
 * The dynamic-linking facts of an ELF64 file, read from its program headers
 * as the loader reads them (not from section headers, which may be
 * stripped): PT_INTERP, and from PT_DYNAMIC the DT_NEEDED names, DT_RPATH
 * and DT_RUNPATH. String offsets are resolved through DT_STRTAB, a virtual
 * address mapped back to the file through the PT_LOAD segments.
 */

export interface DynamicInfo {
  interp?: string
  needed: string[]
  rpath?: string
  runpath?: string
}

const PT_DYNAMIC = 2
const PT_INTERP = 3
const DT_NULL = 0
const DT_NEEDED = 1
const DT_STRTAB = 5
const DT_STRSZ = 10
const DT_RPATH = 15
const DT_RUNPATH = 29

function bad(why: string): never {
  throw new EnclaveBuildError(
    'ELF_INVALID',
    `cannot read dynamic section: ${why}`
  )
}

function cString(buf: Uint8Array, start: number, end: number): string {
  if (start < 0 || start >= end) bad('string offset out of range')
  const nul = buf.subarray(start, end).indexOf(0)
  if (nul < 0) bad('unterminated string')
  return Buffer.from(buf.subarray(start, start + nul)).toString('latin1')
}

/** Reads PT_INTERP and the DT_NEEDED/RPATH/RUNPATH of a 64-bit little-endian ELF. */
export function readDynamic(buf: Uint8Array): DynamicInfo {
  const phdrs = readProgramHeaders(buf, readElfHeader(buf))
  const inFile = (off: number, len: number): boolean =>
    off >= 0 && len >= 0 && off + len <= buf.byteLength
  const out: DynamicInfo = { needed: [] }
  const interp = phdrs.find((p) => p.type === PT_INTERP)
  if (interp) {
    if (!inFile(interp.offset, interp.filesz)) bad('PT_INTERP outside the file')
    out.interp = cString(buf, interp.offset, interp.offset + interp.filesz)
  }
  const dyn = phdrs.find((p) => p.type === PT_DYNAMIC)
  if (!dyn) return out
  if (!inFile(dyn.offset, dyn.filesz)) bad('PT_DYNAMIC outside the file')
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const entries: [number, number][] = []
  for (let o = dyn.offset; o + 16 <= dyn.offset + dyn.filesz; o += 16) {
    const tag = Number(v.getBigInt64(o, true))
    if (tag === DT_NULL) break
    entries.push([tag, Number(v.getBigUint64(o + 8, true))])
  }
  const strtabVaddr = entries.find(([t]) => t === DT_STRTAB)?.[1]
  const strsz = entries.find(([t]) => t === DT_STRSZ)?.[1] ?? 0
  if (strtabVaddr === undefined) return out
  const seg = phdrs.find(
    (p) =>
      p.type === 1 && strtabVaddr >= p.vaddr && strtabVaddr < p.vaddr + p.filesz
  )
  if (!seg) bad('DT_STRTAB is not in a loaded segment')
  const strtab = seg.offset + (strtabVaddr - seg.vaddr)
  const end = Math.min(buf.byteLength, strtab + strsz)
  const str = (off: number): string => cString(buf, strtab + off, end)
  for (const [tag, val] of entries) {
    if (tag === DT_NEEDED) out.needed.push(str(val))
    else if (tag === DT_RPATH) out.rpath = str(val)
    else if (tag === DT_RUNPATH) out.runpath = str(val)
  }
  return out
}
