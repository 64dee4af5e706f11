import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { readInputFile } from '../../util/fs.js'

/**
 * AWS's platform blobs (kernel bzImage/Image, init, nsm.ko, cmdline) are
 * inputs by path. Their bytes are measured into PCR0/PCR1, so each may be
 * pinned by sha256 and is always recorded with its digest.
 */

/** A blob read and checked against its pin. */
export interface Blob {
  /** e.g. "kernel", "init", "nsm.ko", "cmdline". */
  name: string
  path: string
  bytes: Uint8Array
  sha256: string
  /** The git blob id, as `git hash-object` and GitHub show it. */
  gitBlobId: string
}

/** The id git gives a file's content: sha1("blob <len>\0" + bytes). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex')
}

/**
 * Reads a blob. `pin` is a sha256 (hex) or a git blob id (40 hex, as listed
 * in aws-nitro-enclaves-cli's blobs/); a mismatch is PIN_MISMATCH, naming
 * the pin as `pinInput` (the input that holds it, as the caller spells it).
 */
export async function loadBlob(
  name: string,
  path: string,
  pin?: string,
  pinInput?: string
): Promise<Blob> {
  const bytes: Uint8Array = await readInputFile(path, `the ${name} blob`)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const blobId = gitBlobId(bytes)
  const want = pin?.trim().toLowerCase()
  if (want) {
    if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(want))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${pinInput ?? `the ${name} pin`} must be a sha256 (64 hex) or a git blob id (40 hex)`
      )
    const got = want.length === 64 ? sha256 : blobId
    if (got !== want)
      throw new EnclaveBuildError(
        'PIN_MISMATCH',
        `the ${name} blob at ${path} has ${want.length === 64 ? 'sha256' : 'git blob id'} ${got}, not the pinned ${want}; use the pinned blob or update ${pinInput ?? 'the pin'}`
      )
  }
  return { name, path, bytes, sha256, gitBlobId: blobId }
}
