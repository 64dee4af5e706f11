import { EnclaveBuildError, type ErrorCode } from '../errors.js'

/**
 * The shapes of an OCI index, manifest and config (image-spec), checked
 * before any field is used: these JSON documents come from a directory or
 * a registry nobody vouches for, and `JSON.parse` gives back whatever they
 * hold (null, a number where a list was, a list of nulls). A document of
 * the wrong shape is a coded error naming what is wrong, never a
 * TypeError that would pass for a bug of ours (INTERNAL). The caller says
 * whose fault it is: INPUT_INVALID for a local layout the user named,
 * HTTP_ERROR for what a registry served.
 */

/** A content descriptor. */
export interface OciDescriptor {
  mediaType: string
  digest: string
  size: number
  annotations?: Record<string, string>
  platform?: { os?: string; architecture?: string }
}

/** The image config fields this project reads or writes. */
export interface OciConfig {
  created?: string
  architecture: string
  os: string
  config?: {
    User?: string
    Env?: string[]
    Entrypoint?: string[]
    Cmd?: string[]
    WorkingDir?: string
    Labels?: Record<string, string>
  }
  rootfs: { type: 'layers'; diff_ids: string[] }
  history?: unknown[]
}

/** An image read from a layout. */
export interface LayoutImage {
  manifestDigest: string
  manifest: {
    schemaVersion: number
    mediaType?: string
    config: OciDescriptor
    layers: OciDescriptor[]
  }
  config: OciConfig
  configDigest: string
  /** Reads a layer blob (digest-checked). */
  blob: (d: OciDescriptor) => Promise<Buffer>
}

/**
 * The most layers an image may list. Docker chains at most 125
 * (moby layer/layer_store.go, maxLayerDepth); eight times that is far
 * above any image a runtime can start, and keeps a manifest of a million
 * descriptors from becoming a million reads.
 */
export const MAX_LAYERS = 1000

/** The most descriptors an index may list (a multi-platform index has a few dozen). */
const MAX_INDEX_ENTRIES = 4096

const DIGEST = /^sha256:[0-9a-f]{64}$/

/** How a shape error is reported: the code, and the prefix naming the source. */
export interface ShapeSource {
  code: Extract<ErrorCode, 'INPUT_INVALID' | 'HTTP_ERROR'>
  /** e.g. "OCI layout" or "registry.example.com served". */
  prefix: string
}

/** A local layout's documents: the user's input. */
export const LOCAL_LAYOUT: ShapeSource = {
  code: 'INPUT_INVALID',
  prefix: 'OCI layout:'
}

function fail(src: ShapeSource, msg: string): never {
  throw new EnclaveBuildError(src.code, `${src.prefix} ${msg}`)
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parses JSON text into an object (not null, not a list). */
export function jsonObject(
  bytes: Uint8Array,
  what: string,
  src: ShapeSource
): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    return fail(src, `${what} is not JSON`)
  }
  if (!isObject(v)) return fail(src, `${what} is not a JSON object`)
  return v
}

/** A content descriptor: a sha256 digest, a size, a media type. */
export function descriptor(
  v: unknown,
  what: string,
  src: ShapeSource
): OciDescriptor {
  if (!isObject(v)) return fail(src, `${what} is not a descriptor object`)
  if (typeof v.digest !== 'string' || !DIGEST.test(v.digest))
    fail(
      src,
      `${what} has the unsupported digest ${JSON.stringify(v.digest)} (sha256:<64 hex> only)`
    )
  if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0)
    fail(src, `${what} has no valid size`)
  if (v.mediaType !== undefined && typeof v.mediaType !== 'string')
    fail(src, `${what} has a mediaType that is not text`)
  if (v.platform !== undefined && !isObject(v.platform))
    fail(src, `${what} has a platform that is not an object`)
  return v as unknown as OciDescriptor
}

function list(
  v: unknown,
  what: string,
  max: number,
  src: ShapeSource
): unknown[] {
  if (!Array.isArray(v)) return fail(src, `${what} is not a list`)
  if (v.length > max)
    fail(src, `${what} lists ${v.length} entries, more than ${max}`)
  return v
}

/** The descriptors of an image index (`manifests`; absent means none). */
export function indexManifests(
  bytes: Uint8Array,
  what: string,
  src: ShapeSource
): OciDescriptor[] {
  return indexEntries(jsonObject(bytes, what, src), what, src)
}

/** indexManifests of an index already parsed (by jsonObject). */
export function indexEntries(
  index: Record<string, unknown>,
  what: string,
  src: ShapeSource
): OciDescriptor[] {
  if (index.manifests === undefined || index.manifests === null) return []
  return list(
    index.manifests,
    `${what}'s manifests`,
    MAX_INDEX_ENTRIES,
    src
  ).map((d, i) => descriptor(d, `${what}'s manifest ${i}`, src))
}

/** An image manifest: a config descriptor and at most MAX_LAYERS layers. */
export function imageManifest(
  bytes: Uint8Array,
  src: ShapeSource
): LayoutImage['manifest'] {
  return manifestShape(jsonObject(bytes, 'the manifest', src), src)
}

/** imageManifest of a manifest already parsed (by jsonObject). */
export function manifestShape(
  m: Record<string, unknown>,
  src: ShapeSource
): LayoutImage['manifest'] {
  if (m.config === undefined || m.layers === undefined)
    fail(src, 'the manifest has no config or layers')
  descriptor(m.config, "the manifest's config", src)
  list(m.layers, "the manifest's layers", MAX_LAYERS, src).forEach((d, i) =>
    descriptor(d, `layer ${i}`, src)
  )
  return m as unknown as LayoutImage['manifest']
}

const strings = (v: unknown): boolean =>
  Array.isArray(v) && v.every((x) => typeof x === 'string')

/**
 * An image config: os and architecture, `rootfs.diff_ids` one per layer,
 * and the runtime fields this project copies (each of its JSON type or
 * null, as Docker writes absent ones).
 */
export function imageConfig(
  bytes: Uint8Array,
  layers: number,
  src: ShapeSource
): OciConfig {
  const c = jsonObject(bytes, 'the config', src)
  if (typeof c.os !== 'string' || typeof c.architecture !== 'string')
    fail(src, 'the config has no os or architecture')
  const rootfs = c.rootfs
  if (!isObject(rootfs) || !strings(rootfs.diff_ids))
    return fail(src, 'the config has no rootfs.diff_ids list')
  const diffIds = rootfs.diff_ids as string[]
  if (diffIds.length !== layers)
    fail(
      src,
      `the config lists ${diffIds.length} diff_ids for the manifest's ${layers} layers`
    )
  if (
    c.history !== undefined &&
    c.history !== null &&
    !Array.isArray(c.history)
  )
    fail(src, 'the config history is not a list')
  const rc = c.config
  if (rc === undefined || rc === null) return c as unknown as OciConfig
  if (!isObject(rc))
    return fail(src, 'the config field "config" is not an object')
  const fields: [string, (v: unknown) => boolean][] = [
    ['User', (v) => typeof v === 'string'],
    ['WorkingDir', (v) => typeof v === 'string'],
    ['Env', strings],
    ['Entrypoint', strings],
    ['Cmd', strings],
    [
      'Labels',
      (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string')
    ]
  ]
  for (const [k, ok] of fields)
    if (rc[k] !== undefined && rc[k] !== null && !ok(rc[k]))
      fail(src, `the config's ${k} is not of its type`)
  return c as unknown as OciConfig
}
