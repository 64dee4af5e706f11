import { EnclaveBuildError } from '../errors.js'
import {
  HEADER_SIZE,
  MAGIC,
  pad4,
  TRAILER,
  TYPE_BITS,
  type CpioEntry
} from './newc.js'

/**
 * A strict newc reader: every inconsistency is a CPIO_INVALID error, never
 * an exception from a typed array, so any bytes can be handed to it.
 */

function corrupt(message: string): EnclaveBuildError {
  return new EnclaveBuildError(
    'CPIO_INVALID',
    `${message}; the archive is not an uncompressed newc (070701) cpio archive or is truncated`
  )
}

/** Parses an 8-digit hex header field strictly (no sign, no spaces). */
function hexField(bytes: Uint8Array, at: number): number {
  let v = 0
  for (let i = 0; i < 8; i++) {
    const c = bytes[at + i]
    const d =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x41 && c <= 0x46
          ? c - 0x37
          : c >= 0x61 && c <= 0x66
            ? c - 0x57
            : -1
    if (d < 0) throw corrupt(`bad hex digit in header at byte ${at + i}`)
    v = v * 16 + d
  }
  return v
}

/** A parsed member with the raw header fields kept for inspection. */
export interface CpioRecord extends CpioEntry {
  ino: number
  nlink: number
  uid: number
  gid: number
  devMajor: number
  devMinor: number
}

/**
 * Reads a newc archive up to its TRAILER!!! entry. Only files, directories
 * and symlinks are accepted (what an enclave ramdisk built here contains);
 * anything else, or any inconsistency, is a CPIO_INVALID error.
 */
export function readCpioRecords(bytes: Uint8Array): CpioRecord[] {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const records: CpioRecord[] = []
  let at = 0
  for (;;) {
    if (at + HEADER_SIZE > bytes.length)
      throw corrupt(`header at byte ${at} runs past the end`)
    for (let i = 0; i < 6; i++)
      if (bytes[at + i] !== MAGIC.charCodeAt(i))
        throw corrupt(`bad magic at byte ${at}`)
    const f: number[] = []
    for (let i = 0; i < 13; i++) f.push(hexField(bytes, at + 6 + 8 * i))
    const [ino, mode, uid, gid, nlink, mtime, fileSize] = f
    const [devMajor, devMinor, , , nameSize] = f.slice(7)
    if (nameSize < 2) throw corrupt(`empty name at byte ${at}`)
    const nameEnd = at + HEADER_SIZE + nameSize
    if (nameEnd > bytes.length)
      throw corrupt(`name at byte ${at} runs past the end`)
    if (bytes[nameEnd - 1] !== 0)
      throw corrupt(`name at byte ${at} is not NUL-terminated`)
    let path: string
    try {
      path = decoder.decode(bytes.subarray(at + HEADER_SIZE, nameEnd - 1))
    } catch {
      throw corrupt(`name at byte ${at} is not UTF-8`)
    }
    if (path.includes('\0')) throw corrupt(`name at byte ${at} contains NUL`)
    const dataAt = pad4(nameEnd)
    const dataEnd = dataAt + fileSize
    if (dataEnd > bytes.length)
      throw corrupt(`data of "${path}" runs past the end`)
    at = pad4(dataEnd)
    if (path === TRAILER) return records
    const data = bytes.slice(dataAt, dataEnd)
    const common = {
      path,
      mode: mode & 0o7777,
      mtime,
      ino,
      nlink,
      uid,
      gid,
      devMajor,
      devMinor
    }
    switch (mode & 0o170000) {
      case TYPE_BITS.file:
        records.push({ ...common, type: 'file', data })
        break
      case TYPE_BITS.dir:
        if (fileSize !== 0) throw corrupt(`directory "${path}" has data`)
        records.push({ ...common, type: 'dir' })
        break
      case TYPE_BITS.symlink: {
        let target: string
        try {
          target = decoder.decode(data)
        } catch {
          throw corrupt(`symlink target of "${path}" is not UTF-8`)
        }
        records.push({ ...common, type: 'symlink', target })
        break
      }
      default:
        throw corrupt(
          `"${path}" has unsupported file type ${(mode & 0o170000).toString(8)}`
        )
    }
  }
}

/** Reads a newc archive into entries (see readCpioRecords for the rules). */
export function readCpio(bytes: Uint8Array): CpioEntry[] {
  return readCpioRecords(bytes).map(
    ({ path, type, mode, data, target, mtime }) =>
      type === 'file'
        ? { path, type, mode, data, mtime }
        : type === 'symlink'
          ? { path, type, mode, target, mtime }
          : { path, type, mode, mtime }
  )
}
