import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../errors.js'

/** Hex length of each measurement algorithm's value. */
const HEX_LENGTH = { sha256: 64, sha384: 96 } as const

/** The digest algorithms a measurement can use. */
export type MeasurementAlgorithm = keyof typeof HEX_LENGTH

/**
 * The sha256 digest under which a measurement is stored and looked up.
 *
 * GitHub's attestation API, `gh attestation verify` and most Sigstore tools
 * index subjects by sha256 only. A sha256 measurement (MRENCLAVE, MRSIGNER)
 * is used as it is. A sha384 one (Nitro PCRs, the SNP launch digest) is
 * hashed once more: sha256 over its raw 48 bytes, i.e.
 * `xxd -r -p <<<"$PCR0" | sha256sum`. The original value stays in the
 * predicate. Input is hex in either case; the result is lower-case hex.
 */
export function lookupDigest(algorithm: string, hex: string): string {
  if (algorithm !== 'sha256' && algorithm !== 'sha384')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `unsupported measurement algorithm "${algorithm}"; use sha256 or sha384`
    )
  const value = normalizeHex(algorithm, hex)
  if (algorithm === 'sha256') return value
  return createHash('sha256').update(Buffer.from(value, 'hex')).digest('hex')
}

/**
 * Checks that `hex` is a well-formed value of `algorithm` and returns it in
 * lower case, the form the hardware reports and the predicate stores.
 */
export function normalizeHex(
  algorithm: MeasurementAlgorithm,
  hex: string
): string {
  const want = HEX_LENGTH[algorithm]
  if (
    typeof hex !== 'string' ||
    hex.length !== want ||
    !/^[0-9a-fA-F]*$/.test(hex)
  )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `a ${algorithm} measurement must be ${want} hex digits, got "${String(hex).slice(0, 120)}"`
    )
  return hex.toLowerCase()
}
