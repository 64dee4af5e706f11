import { EnclaveBuildError } from '../../errors.js'
import { guidBytesLe } from '../cvm/guid.js'

/*
 * EFI_SIGNATURE_LIST parsing (UEFI 2.10 §32.4.1) as nitro-tpm-pcr-compute
 * 1.1.2's esl.rs reads a db file: a list header (type GUID, list size,
 * header size, signature size), then signatures of `signatureSize` bytes
 * (owner GUID ‖ data) until the buffer ends. Like esl.rs it does not stop
 * at the list's own size: a db of several lists is read as one list with the
 * first list's signature size, and fails unless the sizes happen to fit.
 * PCR7 must agree with that tool, so this file does the same.
 */

/** One EFI_SIGNATURE_DATA: owner GUID (16 bytes, as stored) and data. */
export interface EfiSignature {
  owner: Uint8Array
  data: Uint8Array
}

/** One EFI_SIGNATURE_LIST: its type GUID as stored and its signatures. */
export interface EfiSignatureList {
  type: Uint8Array
  signatures: EfiSignature[]
}

/** EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, little-endian as stored. */
export const EFI_CERT_X509 = guidBytesLe('a5c059a1-94e4-4aa7-87b5-ab155c2bf072')

const bad = (): EnclaveBuildError =>
  new EnclaveBuildError(
    'INPUT_INVALID',
    'the --db file is not an EFI signature list nitro-tpm-pcr-compute can read; pass the db variable contents (one EFI_SIGNATURE_LIST, e.g. from efi-readvar or cert-to-efi-sig-list)'
  )

/** Parses a signature database as esl.rs does (see the file comment). */
export function parseSignatureLists(data: Uint8Array): EfiSignatureList[] {
  const lists: EfiSignatureList[] = []
  let rest = data
  while (rest.length > 0) {
    if (rest.length < 28) throw bad()
    const dv = new DataView(rest.buffer, rest.byteOffset, rest.byteLength)
    const type = rest.subarray(0, 16)
    const listSize = dv.getUint32(16, true)
    const headerSize = dv.getUint32(20, true)
    const size = dv.getUint32(24, true)
    if (28 + headerSize > rest.length) throw bad()
    // esl.rs computes a signature count with unchecked u32 arithmetic (and
    // then does not use it); a list that would underflow or divide by zero
    // makes the tool fail, so it fails here too.
    if (size === 0 || listSize < 28 + headerSize) throw bad()
    rest = rest.subarray(28 + headerSize)
    const signatures: EfiSignature[] = []
    while (rest.length > 0) {
      if (size < 16 || rest.length < size) throw bad()
      signatures.push({
        owner: rest.subarray(0, 16),
        data: rest.subarray(16, size)
      })
      rest = rest.subarray(size)
    }
    lists.push({ type, signatures })
  }
  return lists
}
