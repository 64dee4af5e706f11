import { createHash } from 'node:crypto'

// The few constants of the OCI distribution and image specs (v1.1) the
// publisher and the discoverer share, and the one way a digest is made.

/** A manifest as stored: its bytes, media type and digest. */
export interface StoredManifest {
  bytes: Buffer
  mediaType: string
  digest: string
}

/** Media types of the spec. */
export const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  empty: 'application/vnd.oci.empty.v1+json'
} as const

/** Upper bound of a manifest or index the client reads (the spec's 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** sha256:<hex> of bytes. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}
