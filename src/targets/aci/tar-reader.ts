import { EnclaveBuildError } from '../../errors.js'

/**
 * A tar reader with the semantics of Go's archive/tar, because hcsshim's
 * tar2ext4 sees a layer through it and the dm-verity root hash depends on
 * every field as Go decodes it: which header formats carry atime/ctime,
 * how a PAX time splits into seconds and nanoseconds, that a global PAX
 * header comes out as an entry of its own, that a truncated pad at the end
 * is a normal end. Names and values stay byte strings (latin1), as Go's
 * strings are bytes: comparisons and lengths are then byte-wise.
 * Why this file is long: header parsing, PAX and the entry loop are one state
 * machine over one buffer, mirroring Go's reader.go.
 */

/** One entry as Go's tar.Reader.Next returns it (the fields tar2ext4 reads). */
export interface TarEntry {
  typeflag: string
  name: string
  linkname: string
  size: bigint
  mode: bigint
  uid: bigint
  gid: bigint
  devmajor: bigint
  devminor: bigint
  /** [seconds, nanoseconds] as Go's time.Time Unix()/Nanosecond(); null = zero time. */
  mtime: [bigint, number] | null
  atime: [bigint, number] | null
  ctime: [bigint, number] | null
  pax: Map<string, string>
  /** Offset of the data in the archive (size bytes for a regular entry). */
  dataOffset: number
  /** Bytes of data this entry owns (0 for header-only types). */
  dataSize: number
}

const bad = (why: string): never => {
  throw new EnclaveBuildError(
    'INPUT_INVALID',
    `the layer is not a tar archive Go's archive/tar reads: ${why}`
  )
}

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

function parseString(b: Uint8Array): string {
  const i = b.indexOf(0)
  return latin1(i >= 0 ? b.subarray(0, i) : b)
}

/** Go's parser.parseOctal: trim spaces and NULs, then ParseUint base 8. */
function parseOctal(b: Uint8Array): bigint {
  let s = latin1(b).replace(/^[ \0]+|[ \0]+$/g, '')
  if (s === '') return 0n
  const nul = s.indexOf('\0')
  if (nul >= 0) s = s.slice(0, nul)
  if (!/^[0-7]+$/.test(s)) bad('a numeric field is not octal')
  const x = BigInt(`0o${s}`)
  if (x >= 1n << 64n) bad('a numeric field overflows')
  return BigInt.asIntN(64, x)
}

/** Go's parser.parseNumeric: base-256 when the top bit is set, else octal. */
function parseNumeric(b: Uint8Array): bigint {
  if (b.length > 0 && (b[0] & 0x80) !== 0) {
    const inv = (b[0] & 0x40) !== 0 ? 0xff : 0
    let x = 0n
    for (let i = 0; i < b.length; i++) {
      let c = b[i] ^ inv
      if (i === 0) c &= 0x7f
      if (x >> 56n > 0n) bad('a base-256 field overflows')
      x = (x << 8n) | BigInt(c)
    }
    if (x >> 63n > 0n) bad('a base-256 field overflows')
    return inv === 0xff ? ~x : x
  }
  return parseOctal(b)
}

/** time.Unix(sec, nsec) normalised: [Unix(), Nanosecond()]. */
function unixTime(sec: bigint, nsec: bigint): [bigint, number] {
  const s = sec + nsec / 1_000_000_000n
  const n = nsec % 1_000_000_000n
  if (n < 0n) return [s - 1n, Number(n + 1_000_000_000n)]
  return [s, Number(n)]
}

function parsePaxTime(v: string): [bigint, number] {
  const dot = v.indexOf('.')
  const ss = dot >= 0 ? v.slice(0, dot) : v
  const sn = dot >= 0 ? v.slice(dot + 1) : ''
  if (!/^[+-]?[0-9]+$/.test(ss)) bad('a PAX time is malformed')
  const secs = BigInt(ss)
  if (secs >= 1n << 63n || secs < -(1n << 63n)) bad('a PAX time overflows')
  if (sn === '') return unixTime(secs, 0n)
  if (!/^[0-9]+$/.test(sn)) bad('a PAX time is malformed')
  const ns = BigInt(sn.slice(0, 9).padEnd(9, '0'))
  return unixTime(secs, ss.startsWith('-') ? -ns : ns)
}

function parsePax(buf: Uint8Array): Map<string, string> {
  let s = latin1(buf)
  const out = new Map<string, string>()
  while (s.length > 0) {
    const sp = s.indexOf(' ')
    if (sp < 0) bad('a PAX record has no length')
    const nStr = s.slice(0, sp)
    if (!/^[+-]?[0-9]+$/.test(nStr)) bad('a PAX record length is not a number')
    let n = Number(nStr)
    if (n < 5 || n > s.length) bad('a PAX record length is out of range')
    const rest = s.slice(sp + 1)
    n -= nStr.length + 1
    if (n <= 0) bad('a PAX record length is out of range')
    if (rest[n - 1] !== '\n') bad('a PAX record does not end in a newline')
    const rec = rest.slice(0, n - 1)
    s = rest.slice(n)
    const eq = rec.indexOf('=')
    if (eq < 0) bad('a PAX record has no "="')
    const k = rec.slice(0, eq)
    const v = rec.slice(eq + 1)
    const pathy = ['path', 'linkpath', 'uname', 'gname'].includes(k)
    if (k === '' || (pathy ? v.includes('\0') : k.includes('\0')))
      bad('a PAX record is invalid')
    if (k.startsWith('GNU.sparse.')) bad('GNU sparse files are not supported')
    out.set(k, v)
  }
  return out
}

/** Header-only types: their size field owns no data (Go's isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6'])

function checksumOk(b: Uint8Array): boolean {
  const field = b.subarray(148, 156)
  let value: bigint
  try {
    value = parseOctal(field)
  } catch {
    return false
  }
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < 512; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : b[i]
    unsigned += c
    signed += c >= 0x80 ? c - 256 : c
  }
  return value === BigInt(unsigned) || value === BigInt(signed)
}

/** Every entry of a tar archive, as Go's tar.Reader.Next yields them. */
export function* readTar(tar: Uint8Array): Generator<TarEntry> {
  let pos = 0
  let pax = new Map<string, string>()
  let longName = ''
  let longLink = ''
  const zero = (b: Uint8Array): boolean => b.every((x) => x === 0)
  for (;;) {
    if (pos >= tar.length) return
    if (pos + 512 > tar.length) bad('a header is cut short')
    const blk = tar.subarray(pos, pos + 512)
    if (zero(blk)) {
      if (pos + 512 === tar.length) return
      if (pos + 1024 > tar.length) bad('the archive ends inside a block')
      if (zero(tar.subarray(pos + 512, pos + 1024))) return
      bad('a zero block is followed by data')
    }
    if (!checksumOk(blk)) bad(`the header at offset ${pos} has a bad checksum`)
    const magic = latin1(blk.subarray(257, 263))
    const version = latin1(blk.subarray(263, 265))
    const star =
      magic === 'ustar\0' && latin1(blk.subarray(508, 512)) === 'tar\0'
    const ustar = magic === 'ustar\0'
    const gnu = magic === 'ustar ' && version === ' \0'
    const e: TarEntry = {
      typeflag: String.fromCharCode(blk[156]),
      name: parseString(blk.subarray(0, 100)),
      linkname: parseString(blk.subarray(157, 257)),
      size: parseNumeric(blk.subarray(124, 136)),
      mode: parseNumeric(blk.subarray(100, 108)),
      uid: parseNumeric(blk.subarray(108, 116)),
      gid: parseNumeric(blk.subarray(116, 124)),
      devmajor: 0n,
      devminor: 0n,
      mtime: unixTime(parseNumeric(blk.subarray(136, 148)), 0n),
      atime: null,
      ctime: null,
      pax: new Map(),
      dataOffset: pos + 512,
      dataSize: 0
    }
    if (ustar || gnu) {
      e.devmajor = parseNumeric(blk.subarray(329, 337))
      e.devminor = parseNumeric(blk.subarray(337, 345))
      let prefix = ''
      if (star) {
        prefix = parseString(blk.subarray(345, 476))
        e.atime = unixTime(parseNumeric(blk.subarray(476, 488)), 0n)
        e.ctime = unixTime(parseNumeric(blk.subarray(488, 500)), 0n)
      } else if (ustar) prefix = parseString(blk.subarray(345, 500))
      else {
        try {
          if (blk[345] !== 0)
            e.atime = unixTime(parseNumeric(blk.subarray(345, 357)), 0n)
          if (blk[357] !== 0)
            e.ctime = unixTime(parseNumeric(blk.subarray(357, 369)), 0n)
        } catch {
          // a pre-Go 1.8 writer's prefix in the GNU time fields (golang/go#12594)
          e.atime = e.ctime = null
          const s = parseString(blk.subarray(345, 500))
          if (![...s].some((c) => c.charCodeAt(0) >= 0x80)) prefix = s
        }
      }
      if (prefix.length > 0) e.name = `${prefix}/${e.name}`
    }
    if (e.size < 0n) bad('a size is negative')
    const own = HEADER_ONLY.has(e.typeflag) ? 0 : Number(e.size)
    const padded = Math.ceil(own / 512) * 512
    pos = e.dataOffset + padded
    if (
      e.typeflag === 'x' ||
      e.typeflag === 'g' ||
      e.typeflag === 'L' ||
      e.typeflag === 'K'
    ) {
      if (own > 1 << 20) bad('a special header is larger than 1 MiB')
      if (e.dataOffset + own > tar.length) bad('a special header is cut short')
      const data = tar.subarray(e.dataOffset, e.dataOffset + own)
      if (e.typeflag === 'x') pax = parsePax(data)
      else if (e.typeflag === 'g') {
        yield {
          ...e,
          pax: parsePax(data),
          size: 0n,
          mode: 0n,
          uid: 0n,
          gid: 0n,
          mtime: null,
          linkname: '',
          dataSize: 0
        }
        pax = new Map()
      } else if (e.typeflag === 'L') longName = parseString(data)
      else longLink = parseString(data)
      continue
    }
    if (e.typeflag === 'S') bad('GNU sparse files are not supported')
    for (const [k, v] of pax) {
      if (v === '') continue
      const int = (): bigint => {
        if (!/^[+-]?[0-9]+$/.test(v)) bad(`PAX ${k} is not a number`)
        const x = BigInt(v)
        if (x >= 1n << 63n || x < -(1n << 63n)) bad(`PAX ${k} overflows`)
        return x
      }
      if (k === 'path') e.name = v
      else if (k === 'linkpath') e.linkname = v
      else if (k === 'uid') e.uid = int()
      else if (k === 'gid') e.gid = int()
      else if (k === 'atime') e.atime = parsePaxTime(v)
      else if (k === 'mtime') e.mtime = parsePaxTime(v)
      else if (k === 'ctime') e.ctime = parsePaxTime(v)
      else if (k === 'size') e.size = int()
    }
    e.pax = pax
    pax = new Map()
    if (longName !== '') e.name = longName
    if (longLink !== '') e.linkname = longLink
    longName = longLink = ''
    if (e.typeflag === '\0') e.typeflag = e.name.endsWith('/') ? '5' : '0'
    if (e.size < 0n) bad('a size is negative')
    e.dataSize = HEADER_ONLY.has(e.typeflag) ? 0 : Number(e.size)
    pos = e.dataOffset + Math.ceil(e.dataSize / 512) * 512
    yield e
  }
}
