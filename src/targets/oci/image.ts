import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import type { LayoutImage, OciConfig, OciDescriptor } from '../image/layout.js'
import { gzipStored } from './gzip-stored.js'
import { writeLayerTar, type LayerEntry } from './tar-writer.js'

/**
 * A reproducible single-platform OCI image of one program: the base's
 * layers (scratch, or a base pinned by digest) and one uncompressed layer
 * with the binary (parents as 0755 directories, the binary 0755, uid/gid 0,
 * every mtime = `created`), a config with the given entrypoint, env, user
 * and labels, and a manifest. All JSON is written with a fixed key order
 * and no spaces, so the same inputs give the same digests anywhere.
 */

export const MEDIA_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const MEDIA_CONFIG = 'application/vnd.oci.image.config.v1+json'
export const MEDIA_LAYER = 'application/vnd.oci.image.layer.v1.tar'
export const MEDIA_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip'
export const MEDIA_INDEX = 'application/vnd.oci.image.index.v1+json'

/** What the image is made of. */
export interface ImageSpec {
  binary: Uint8Array
  /** Absolute path of the binary in the image; also the entrypoint. */
  entrypoint: string
  /** Extra files: absolute path in the image → bytes (mode 0644). */
  files?: Map<string, Uint8Array>
  /**
   * A cgo binary's ELF loader and libraries: absolute path → bytes, mode
   * 0755 (the kernel maps the loader only when it may execute it).
   */
  closure?: Map<string, Uint8Array>
  env: string[]
  labels: Record<string, string>
  user?: string
  /** RFC 3339, second precision (the layer mtimes use the same second). */
  created: string
  architecture: string
  /** Layer as plain tar (default) or gzip of stored blocks (deterministic). */
  compression?: 'none' | 'gzip'
  base?: LayoutImage & { reference?: string }
}

/** Every blob of the image and the digests a user pins. */
export interface BuiltImage {
  blobs: Map<string, Buffer>
  manifestDescriptor: OciDescriptor & {
    platform: { architecture: string; os: string }
  }
  digest: string
  config: string
  layers: string[]
  diffIds: string[]
}

/**
 * Docker's layer media types and the OCI ones that name the same bytes: a
 * base served as Docker schema 2 (Docker Hub) keeps its layer blobs, and
 * our OCI manifest names them with OCI's types, as OCI readers (umoci)
 * require and BuildKit's OCI export does.
 */
const OCI_LAYER_TYPE: Readonly<Record<string, string>> = {
  'application/vnd.docker.image.rootfs.diff.tar': MEDIA_LAYER,
  'application/vnd.docker.image.rootfs.diff.tar.gzip': MEDIA_LAYER_GZIP
}

const sha256 = (b: Uint8Array): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`

function checkPath(p: string, what: string): string {
  if (
    !p.startsWith('/') ||
    p.endsWith('/') ||
    p.split('/').some((s, i) => i > 0 && (s === '' || s === '.' || s === '..'))
  )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${what} must be an absolute file path without . or .. (got ${JSON.stringify(p)})`
    )
  return p.slice(1)
}

/** The layer's entries: each parent directory once, then files, sorted by path. */
export function layerEntries(
  spec: Pick<ImageSpec, 'binary' | 'entrypoint' | 'files' | 'closure'>
): LayerEntry[] {
  const files = new Map<string, { data: Uint8Array; mode: number }>()
  files.set(checkPath(spec.entrypoint, '--entrypoint'), {
    data: spec.binary,
    mode: 0o755
  })
  for (const [p, data] of spec.files ?? []) {
    const rel = checkPath(p, 'an extra file')
    if (files.has(rel))
      throw new EnclaveBuildError('INPUT_INVALID', `${p} is given twice`)
    files.set(rel, { data, mode: 0o644 })
  }
  for (const [p, data] of spec.closure ?? []) {
    const rel = checkPath(p, 'a library of the binary')
    if (files.has(rel))
      throw new EnclaveBuildError('INPUT_INVALID', `${p} is given twice`)
    files.set(rel, { data, mode: 0o755 })
  }
  const dirs = new Set<string>()
  for (const rel of files.keys()) {
    const parts = rel.split('/')
    for (let i = 1; i < parts.length; i++)
      dirs.add(`${parts.slice(0, i).join('/')}/`)
  }
  for (const d of dirs)
    if (files.has(d.slice(0, -1)))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${d} is both a file and a directory`
      )
  const entries: LayerEntry[] = [
    ...[...dirs].map((d) => ({ path: d, mode: 0o755 })),
    ...[...files].map(([path, f]) => ({ path, mode: f.mode, data: f.data }))
  ]
  return entries.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  )
}

/** Builds the image's blobs. */
export function buildImage(
  spec: ImageSpec,
  baseLayers: { descriptor: OciDescriptor; bytes: Buffer }[] = []
): BuiltImage {
  const seconds = Date.parse(spec.created) / 1000
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--created must be an RFC 3339 time on a whole second, 1970 or later (got ${spec.created})`
    )
  const created = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
  const tar = writeLayerTar(layerEntries(spec), seconds)
  const diffId = sha256(tar)
  const gzip = spec.compression === 'gzip'
  const blob = gzip ? gzipStored(tar) : tar
  const layerDigest = sha256(blob)
  const blobs = new Map<string, Buffer>()
  for (const l of baseLayers) blobs.set(l.descriptor.digest, l.bytes)
  blobs.set(layerDigest, blob)
  const base = spec.base?.config
  if (base && (base.os !== 'linux' || base.architecture !== spec.architecture))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the base is ${base.os}/${base.architecture}, the binary is linux/${spec.architecture}`
    )
  const env = [...(base?.config?.Env ?? [])]
  for (const e of spec.env) {
    const k = e.slice(0, e.indexOf('='))
    const i = env.findIndex((x) => x.startsWith(`${k}=`))
    if (i >= 0) env[i] = e
    else env.push(e)
  }
  const labels = { ...(base?.config?.Labels ?? {}), ...spec.labels }
  const user = spec.user ?? base?.config?.User
  const cfg: Record<string, unknown> = {}
  if (user !== undefined && user !== '') cfg.User = user
  if (env.length > 0) cfg.Env = env
  cfg.Entrypoint = [spec.entrypoint]
  if (base?.config?.WorkingDir) cfg.WorkingDir = base.config.WorkingDir
  if (Object.keys(labels).length > 0)
    cfg.Labels = Object.fromEntries(
      Object.keys(labels)
        .sort()
        .map((k) => [k, labels[k]])
    )
  const diffIds = [...(base?.rootfs.diff_ids ?? []), diffId]
  const config: OciConfig = {
    created,
    architecture: spec.architecture,
    os: 'linux',
    config: cfg,
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      ...(base?.history ?? []),
      { created, created_by: 'enclave-build oci image' }
    ]
  }
  const configBytes = Buffer.from(JSON.stringify(config))
  const configDigest = sha256(configBytes)
  blobs.set(configDigest, configBytes)
  const layers: OciDescriptor[] = [
    ...baseLayers.map((l) => ({
      mediaType:
        OCI_LAYER_TYPE[l.descriptor.mediaType] ?? l.descriptor.mediaType,
      digest: l.descriptor.digest,
      size: l.descriptor.size
    })),
    {
      mediaType: gzip ? MEDIA_LAYER_GZIP : MEDIA_LAYER,
      digest: layerDigest,
      size: blob.length
    }
  ]
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: MEDIA_MANIFEST,
    config: {
      mediaType: MEDIA_CONFIG,
      digest: configDigest,
      size: configBytes.length
    },
    layers
  }
  if (spec.base)
    manifest.annotations = {
      'org.opencontainers.image.base.digest': spec.base.manifestDigest,
      ...(spec.base.reference
        ? { 'org.opencontainers.image.base.name': spec.base.reference }
        : {})
    }
  const manifestBytes = Buffer.from(JSON.stringify(manifest))
  const digest = sha256(manifestBytes)
  blobs.set(digest, manifestBytes)
  return {
    blobs,
    manifestDescriptor: {
      mediaType: MEDIA_MANIFEST,
      digest,
      size: manifestBytes.length,
      platform: { architecture: spec.architecture, os: 'linux' }
    },
    digest,
    config: configDigest,
    layers: layers.map((l) => l.digest),
    diffIds
  }
}
