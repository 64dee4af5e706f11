// Why this file is long: one archive format's writer, plain and with slots for bytes filled in later; both share the record layout and padding rules that must stay byte-exact together.
import { EnclaveBuildError } from '../errors.js'
import {
  HEADER_SIZE,
  MAGIC,
  pad4,
  TRAILER,
  TYPE_BITS,
  type CpioEntry
} from './newc.js'

export type { CpioEntry } from './newc.js'

/**
 * A deterministic "newc" (SVR4, magic 070701) cpio writer and reader, the
 * format Linux accepts as an initramfs. Every byte of the archive feeds an
 * enclave measurement, so nothing here depends on the machine: no real inode
 * numbers, owners or clocks.
 */

/**
 * Options of the writer. `style` picks the conventions of one real cpio
 * writer, because the bytes (and so the measurement) depend on them:
 *  - 'gnu' (default): GNU cpio `-H newc --reproducible -R +0:+0` over a tree:
 *    entries sorted by path bytes, inodes from 0, dev 0:0, a directory's nlink
 *    = 2 + its subdirectories, upper-case hex, an all-zero trailer.
 *  - 'gocpio': surma/gocpio as vendored by linuxkit (which builds nitro-cli's
 *    ramdisks): entries in the order given, inodes from 721, dev 3:1 on every
 *    header including the trailer, directories nlink 2, lower-case hex, the
 *    trailer taking the next inode.
 */
export interface CpioOptions {
  /** mtime of every entry without its own, seconds since the epoch (default 0). */
  mtime?: number
  style?: 'gnu' | 'gocpio'
  /**
   * Where the archive is written (zero-filled, of the given size); default
   * a plain Uint8Array. Lets a caller place it in shared memory.
   */
  alloc?: (size: number) => Uint8Array
}

interface Style {
  sort: boolean
  firstInode: number
  dev: [number, number]
  dirNlink: 'subdirs' | 'two'
  upperHex: boolean
  trailerInode: 'zero' | 'next'
}

const STYLES: Record<'gnu' | 'gocpio', Style> = {
  gnu: {
    sort: true,
    firstInode: 0,
    dev: [0, 0],
    dirNlink: 'subdirs',
    upperHex: true,
    trailerInode: 'zero'
  },
  gocpio: {
    sort: false,
    firstInode: 721,
    dev: [3, 1],
    dirNlink: 'two',
    upperHex: false,
    trailerInode: 'next'
  }
}

const MAX_U32 = 0xffffffff
const encoder = new TextEncoder()

/** Compares UTF-8 byte strings the way `LC_ALL=C sort` does. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

function invalidInput(message: string): EnclaveBuildError {
  return new EnclaveBuildError('INPUT_INVALID', `cpio: ${message}`)
}

function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32)
    throw invalidInput(`${what} ${value} does not fit a newc header field`)
  return value
}

/** Validates one entry and returns its name and content bytes. */
function prepare(e: CpioEntry): {
  name: Uint8Array
  body: Uint8Array | number
} {
  if (
    e.path === '' ||
    e.path.startsWith('/') ||
    e.path.endsWith('/') ||
    e.path.includes('\0') ||
    e.path.split('/').some((p) => p === '' || p === '.' || p === '..')
  )
    throw invalidInput(
      `path "${e.path}" must be relative, without empty, "." or ".." parts`
    )
  if (!Number.isInteger(e.mode) || e.mode < 0 || e.mode > 0o7777)
    throw invalidInput(`mode of "${e.path}" must be permission bits (0-0o7777)`)
  if (e.type === 'file') {
    if (e.data !== undefined && e.size !== undefined)
      throw invalidInput(`file "${e.path}" has both data and a reserved size`)
    // A reserved size is left as zeroes for the caller to fill in place.
    const body = e.data ?? checkU32(e.size ?? 0, `size of "${e.path}"`)
    return { name: encoder.encode(e.path), body }
  }
  if (e.type === 'symlink') {
    if (e.target === undefined || e.target === '')
      throw invalidInput(`symlink "${e.path}" needs a target`)
    return { name: encoder.encode(e.path), body: encoder.encode(e.target) }
  }
  if (e.type === 'dir')
    return { name: encoder.encode(e.path), body: new Uint8Array(0) }
  throw invalidInput(`unsupported type of "${String(e.path)}"`)
}

/** Writes one 110-byte ASCII header at `at`. */
function writeHeader(
  out: Uint8Array,
  at: number,
  fields: number[],
  upper: boolean
): void {
  let s = MAGIC
  for (const f of fields) {
    const hex = f.toString(16).padStart(8, '0')
    s += upper ? hex.toUpperCase() : hex
  }
  for (let i = 0; i < HEADER_SIZE; i++) out[at + i] = s.charCodeAt(i)
}

/**
 * Builds a newc archive: entries in byte order of their paths, inodes
 * counted in archive order, uid/gid 0, names and data padded to 4 bytes,
 * the TRAILER!!! entry, and zero padding to a multiple of 512 bytes.
 */
export function writeCpio(
  entries: CpioEntry[],
  options: CpioOptions = {}
): Uint8Array {
  return writeCpioWithSlots(entries, options).archive
}

/** An archive whose reserved files (`size` entries) are still zeroes. */
export interface CpioWithSlots {
  archive: Uint8Array
  /** Where each reserved file's bytes go: path → [offset, size]. */
  slots: Map<string, { offset: number; size: number }>
}

/**
 * writeCpio, with the content of `size` entries left for the caller to
 * write at `slots.get(path).offset` (e.g. read from disk in place).
 */
export function writeCpioWithSlots(
  entries: CpioEntry[],
  options: CpioOptions = {}
): CpioWithSlots {
  const mtime = checkU32(options.mtime ?? 0, 'mtime')
  const style = STYLES[options.style ?? 'gnu']
  if (style === undefined) throw invalidInput('style must be "gnu" or "gocpio"')
  const [devMajor, devMinor] = style.dev
  const items = entries.map((e) => ({ e, ...prepare(e) }))
  if (style.sort) items.sort((a, b) => compareBytes(a.name, b.name))

  const seen = new Set<string>()
  const subdirs = new Map<string, number>()
  for (const { e } of items) {
    if (seen.has(e.path)) throw invalidInput(`"${e.path}" appears twice`)
    seen.add(e.path)
    const slash = e.path.lastIndexOf('/')
    if (e.type === 'dir' && slash > 0) {
      const parent = e.path.slice(0, slash)
      subdirs.set(parent, (subdirs.get(parent) ?? 0) + 1)
    }
  }

  const length = (body: Uint8Array | number): number =>
    typeof body === 'number' ? body : body.length
  let size = 0
  for (const it of items)
    size = pad4(pad4(size + HEADER_SIZE + it.name.length + 1) + length(it.body))
  const trailer = encoder.encode(TRAILER)
  size = pad4(size + HEADER_SIZE + trailer.length + 1)
  const out = (options.alloc ?? ((n) => new Uint8Array(n)))(
    Math.ceil(size / 512) * 512
  )

  let at = 0
  let ino = style.firstInode
  const slots = new Map<string, { offset: number; size: number }>()
  const put = (
    fields: number[],
    name: Uint8Array,
    body: Uint8Array | number,
    path?: string
  ): void => {
    writeHeader(out, at, fields, style.upperHex)
    out.set(name, at + HEADER_SIZE)
    at = pad4(at + HEADER_SIZE + name.length + 1)
    if (typeof body === 'number') {
      if (path !== undefined) slots.set(path, { offset: at, size: body })
    } else out.set(body, at)
    at = pad4(at + length(body))
  }
  for (const { e, name, body } of items) {
    const nlink =
      e.type !== 'dir'
        ? 1
        : style.dirNlink === 'two'
          ? 2
          : 2 + (subdirs.get(e.path) ?? 0)
    const t = e.mtime === undefined ? mtime : checkU32(e.mtime, 'mtime')
    checkU32(length(body), `size of "${e.path}"`)
    // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
    // rdevmajor, rdevminor, namesize, check
    put(
      [
        checkU32(ino++, 'inode'),
        TYPE_BITS[e.type] | e.mode,
        0,
        0,
        nlink,
        t,
        length(body),
        devMajor,
        devMinor,
        0,
        0,
        name.length + 1,
        0
      ],
      name,
      body,
      e.path
    )
  }
  // GNU cpio zeroes the trailer's inode; gocpio writes it as one more entry.
  const trailerIno = style.trailerInode === 'zero' ? 0 : ino
  put(
    [
      trailerIno,
      0,
      0,
      0,
      1,
      0,
      0,
      devMajor,
      devMinor,
      0,
      0,
      trailer.length + 1,
      0
    ],
    trailer,
    new Uint8Array(0)
  )
  return { archive: out, slots }
}

export { readCpio, readCpioRecords, type CpioRecord } from './cpio-reader.js'
