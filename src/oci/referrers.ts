import { EnclaveBuildError } from '../errors.js'
import type { Descriptor } from './artifact.js'
import { MEDIA, type StoredManifest } from './client.js'

/** An OCI image index (the referrers list in either form). */
export interface ImageIndex {
  schemaVersion: 2
  mediaType: string
  manifests: Descriptor[]
}

/** Parses an index the registry served; HTTP_ERROR (its fault) when it is none. */
export function parseIndex(bytes: Buffer, what: string): ImageIndex {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `${what}: the registry served something that is not JSON`
    )
  }
  const o = value as Partial<ImageIndex> | null
  // Go registries answer an empty list as null (a nil slice).
  if (
    typeof o === 'object' &&
    o !== null &&
    (o as { manifests?: unknown }).manifests === null
  )
    o.manifests = []
  if (
    typeof o !== 'object' ||
    o === null ||
    o.schemaVersion !== 2 ||
    !Array.isArray(o.manifests) ||
    !o.manifests.every(isDescriptor)
  )
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `${what}: the registry served something that is not an OCI image index`
    )
  return o as ImageIndex
}

/** A well-formed descriptor (digest sha256, size a number). */
export function isDescriptor(d: unknown): d is Descriptor {
  const o = d as Partial<Descriptor> | null
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.mediaType === 'string' &&
    typeof o.digest === 'string' &&
    /^sha256:[a-f0-9]{64}$/.test(o.digest) &&
    typeof o.size === 'number' &&
    Number.isSafeInteger(o.size) &&
    o.size >= 0
  )
}

/**
 * The referrers tag schema index with `entry` added: the bytes to store,
 * or undefined when it already lists the entry (nothing to write).
 */
export function addToIndex(
  existing: StoredManifest | undefined,
  entry: Descriptor
): Buffer | undefined {
  const index: ImageIndex = existing
    ? parseIndex(existing.bytes, 'the referrers tag index')
    : { schemaVersion: 2, mediaType: MEDIA.index, manifests: [] }
  if (index.manifests.some((m) => m.digest === entry.digest)) return undefined
  index.manifests.push(entry)
  return Buffer.from(JSON.stringify(index))
}
