import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * The one pass over an unsigned EIF's body on the main thread: the file's
 * CRC-32 and the PCR0 stream (PCR1 being its prefix up to the end of the
 * first ramdisk). Both consume the same slice while it is still in cache,
 * so the 20 MB of a customer ramdisk come from memory once, not twice.
 * PCR2 (the later ramdisks) is hashed off this thread meanwhile.
 */

/** One piece of the body, in file order. */
export interface BodyPiece {
  bytes: Uint8Array
  /** Whether PCR0 covers it (section payloads other than metadata). */
  measured: boolean
}

/** The results of the pass. */
export interface BodyScan {
  crc32: number
  /** SHA-384 of all measured bytes (before the PCR extend). */
  imageDigest: Uint8Array
  /** SHA-384 of the measured bytes up to and including piece `pcr1After`. */
  bootDigest: Uint8Array
}

/** Small enough to stay in L2 between the two consumers. */
const SLICE = 256 * 1024

/**
 * CRC-32 of `crcPrefix` then every piece; SHA-384 of the measured pieces,
 * with a snapshot after piece index `pcr1After`.
 */
export function scanBody(
  crcPrefix: Uint8Array,
  pieces: readonly BodyPiece[],
  pcr1After: number
): BodyScan {
  const steps = scanSteps(crcPrefix, pieces, pcr1After)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
  }
}

/** Bytes between two chances for the event loop (a signal's handler) to run. */
const YIELD_EVERY = 32 * 2 ** 20

/**
 * {@link scanBody}, giving the event loop a turn every 32 MiB: a large EIF
 * takes seconds to scan, and a SIGTERM's handler (which removes the temp
 * output and ends the process) must not wait for the whole pass.
 */
export async function scanBodyAsync(
  crcPrefix: Uint8Array,
  pieces: readonly BodyPiece[],
  pcr1After: number
): Promise<BodyScan> {
  const steps = scanSteps(crcPrefix, pieces, pcr1After)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** The pass, pausing (yield) after every YIELD_EVERY bytes. */
function* scanSteps(
  crcPrefix: Uint8Array,
  pieces: readonly BodyPiece[],
  pcr1After: number
): Generator<void, BodyScan> {
  let crc = crc32(crcPrefix)
  const image = createHash('sha384')
  let bootDigest: Uint8Array | undefined
  let sinceYield = 0
  for (let i = 0; i < pieces.length; i++) {
    const { bytes, measured } = pieces[i]
    for (let at = 0; at < bytes.length; at += SLICE) {
      const slice = bytes.subarray(at, at + SLICE)
      if (measured) image.update(slice)
      crc = crc32(slice, crc)
      sinceYield += slice.length
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        yield
      }
    }
    if (i === pcr1After) bootDigest = image.copy().digest()
  }
  // pcr1After past the end: the boot stream is the whole image stream.
  bootDigest ??= image.copy().digest()
  return { crc32: crc, imageDigest: image.digest(), bootDigest }
}
