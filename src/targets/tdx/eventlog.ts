import { nodeCrypto } from '../cvm/builtins.js'
import { guidBytesLe } from '../cvm/guid.js'

/**
 * RTMR arithmetic: an RTMR starts at 48 zero bytes and each event extends
 * it as RTMR = SHA-384(RTMR ‖ digest), digests being SHA-384 of the event
 * data (TCG event log, as dstack-mr's measure_log).
 */

/** SHA-384 of bytes. */
export function sha384(data: Uint8Array): Uint8Array {
  return nodeCrypto().createHash('sha384').update(data).digest()
}

/** The RTMR after replaying these event digests. */
export function replay(log: Uint8Array[]): Uint8Array {
  let mr: Uint8Array = new Uint8Array(48)
  for (const d of log)
    mr = nodeCrypto().createHash('sha384').update(mr).update(d).digest()
  return mr
}

/** UTF-16LE of a string (JS strings are UTF-16 already, as Rust's encode_utf16). */
export function utf16le(s: string): Buffer {
  return Buffer.from(s, 'utf16le')
}

/** Digest of an EFI variable event as OVMF logs an absent/empty variable (dstack-mr's measure_tdx_efi_variable). */
export function efiVariableDigest(
  vendorGuid: string,
  name: string
): Uint8Array {
  const head = Buffer.alloc(32)
  head.set(guidBytesLe(vendorGuid), 0)
  // Rust's str::len: the UTF-8 byte length, which is the char count for these ASCII names.
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(name, 'utf8')), 16)
  return sha384(Buffer.concat([head, utf16le(name)]))
}

/** The separator event's digest (four zero bytes). */
export const SEPARATOR = (): Uint8Array => sha384(new Uint8Array(4))
