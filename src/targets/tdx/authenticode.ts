import { EnclaveBuildError } from '../../errors.js'
import { nodeCrypto } from '../snp/builtins.js'

/**
 * The Authenticode SHA-384 of a PE/COFF image (a bzImage's EFI stub), the
 * digest OVMF logs when it loads the kernel; computed as dstack-mr's
 * kernel.rs does: headers without CheckSum and the certificate directory
 * entry, sections by file offset, trailing bytes outside the certificate
 * table, then zero padding to a multiple of 8.
 */

function bad(message: string): EnclaveBuildError {
  return new EnclaveBuildError(
    'INPUT_INVALID',
    `the kernel is not a PE image OVMF can load (${message}); pass an x86-64 bzImage built with EFI_STUB`
  )
}

/** Authenticode SHA-384 of `pe`. */
export function authenticodeSha384(pe: Uint8Array): Uint8Array {
  const v = new DataView(pe.buffer, pe.byteOffset, pe.byteLength)
  const u32 = (at: number, what: string): number => {
    if (at + 4 > pe.length) throw bad(`no ${what}`)
    return v.getUint32(at, true)
  }
  const u16 = (at: number, what: string): number => {
    if (at + 2 > pe.length) throw bad(`no ${what}`)
    return v.getUint16(at, true)
  }
  const sig = u32(0x3c, 'DOS header')
  if (u32(sig, 'PE signature') !== 0x4550) throw bad('invalid PE signature')
  const coff = sig + 4
  const optSize = u16(coff + 16, 'COFF header')
  const opt = coff + 20
  const plus = u16(opt, 'optional header magic') === 0x20b
  const checksum = opt + 64
  const certDir = opt + (plus ? 112 : 96) + 4 * 8
  const headers = u32(opt + 60, 'SizeOfHeaders')
  if (checksum + 4 > certDir || certDir + 8 > headers || headers > pe.length)
    throw bad('header fields out of order or past the end')
  const h = nodeCrypto().createHash('sha384')
  h.update(pe.subarray(0, checksum))
  h.update(pe.subarray(checksum + 4, certDir))
  h.update(pe.subarray(certDir + 8, headers))
  let hashed = headers
  const count = u16(coff + 2, 'section count')
  const sections: [number, number][] = []
  for (let i = 0; i < count; i++) {
    const at = opt + optSize + 40 * i
    const size = u32(at + 16, 'SizeOfRawData')
    const ptr = u32(at + 20, 'PointerToRawData')
    if (size > 0) sections.push([ptr, size])
  }
  sections.sort((a, b) => a[0] - b[0])
  for (const [ptr, size] of sections) {
    if (ptr < pe.length)
      h.update(pe.subarray(ptr, Math.min(ptr + size, pe.length)))
    hashed += size
  }
  const certAddr = u32(certDir, 'certificate table')
  const certSize = u32(certDir + 4, 'certificate table')
  if (certAddr > 0 && certSize > 0 && pe.length > hashed) {
    const trailing = pe.length - hashed
    if (trailing > certSize && pe.length - (trailing - certSize) >= hashed)
      h.update(pe.subarray(hashed, hashed + trailing - certSize))
  }
  if (pe.length % 8 !== 0) h.update(new Uint8Array(8 - (pe.length % 8)))
  return h.digest()
}
