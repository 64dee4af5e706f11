import { MEDIA } from './client.js'

/**
 * The OCI layout of what enclave-build publishes: one image manifest per
 * build whose artifactType names the TEE, an empty config, one layer per
 * file (titled with its file name), and the measurements as annotations;
 * the Sigstore bundle is attached to it as a referrer, laid out as
 * @sigstore/oci (GitHub's attest action) lays out image attestations.
 */

/** application/vnd.enclave-build.<tee>.v1 */
export function artifactType(target: string): string {
  return `application/vnd.enclave-build.${target}.v1`
}

/** The artifactType → target, or undefined for other artifacts. */
export function targetOfArtifactType(type: unknown): string | undefined {
  const m =
    typeof type === 'string'
      ? /^application\/vnd\.enclave-build\.([a-z0-9-]+)\.v1$/.exec(type)
      : null
  return m?.[1]
}

/** Media type of a layer of this kind (eif, initrd, manifest-sgx, binary...). */
export function layerMediaType(kind: string): string {
  return `application/vnd.enclave-build.file.${kind}.v1`
}

/** Annotation keys. */
export const ANNOTATION = {
  title: 'org.opencontainers.image.title',
  created: 'org.opencontainers.image.created',
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  target: 'dev.enclave-build.target',
  kind: 'dev.enclave-build.kind',
  /** + lower-case register name: dev.enclave-build.measurement.pcr0 */
  measurement: 'dev.enclave-build.measurement.',
  /** The name of the main register (the first measurement), e.g. PCR0. */
  primary: 'dev.enclave-build.measurement',
  bundleContent: 'dev.sigstore.bundle.content',
  bundlePredicateType: 'dev.sigstore.bundle.predicateType'
} as const

/** The Sigstore bundle media type GitHub's attest action attaches. */
export const SIGSTORE_BUNDLE_V03 =
  'application/vnd.dev.sigstore.bundle.v0.3+json'

/** What every Sigstore bundle media type starts with. */
export const BUNDLE_MEDIA_PREFIX = 'application/vnd.dev.sigstore.bundle'

/** The empty JSON config `{}` the spec defines for artifacts. */
export const EMPTY_CONFIG = {
  mediaType: MEDIA.empty,
  digest:
    'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30='
} as const

/** A content descriptor. */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  annotations?: Record<string, string>
  data?: string
}

/** An OCI image manifest. */
export interface ImageManifest {
  schemaVersion: 2
  mediaType: string
  artifactType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** One file to publish, already hashed. */
export interface LayerFile {
  kind: string
  name: string
  digest: string
  size: number
}

/** What the artifact manifest says beside its layers. */
export interface ArtifactFacts {
  target: string
  measurements: { name: string; value: string }[]
  /** RFC 3339; the commit time, so the same build gives the same digest. */
  created?: string
  repository?: string
  commit?: string
}

/** Keys sorted, so the manifest bytes depend on content alone. */
function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))
  )
}

/** The artifact manifest: the same inputs give the same bytes. */
export function artifactManifest(
  facts: ArtifactFacts,
  files: LayerFile[]
): ImageManifest {
  const annotations: Record<string, string> = {
    ...(facts.created ? { [ANNOTATION.created]: facts.created } : {}),
    [ANNOTATION.target]: facts.target,
    ...(facts.repository ? { [ANNOTATION.source]: facts.repository } : {}),
    ...(facts.commit ? { [ANNOTATION.revision]: facts.commit } : {})
  }
  for (const m of facts.measurements)
    annotations[ANNOTATION.measurement + m.name.toLowerCase()] = m.value
  if (facts.measurements[0])
    annotations[ANNOTATION.primary] = facts.measurements[0].name
  return {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    artifactType: artifactType(facts.target),
    config: { ...EMPTY_CONFIG },
    layers: files.map((f) => ({
      mediaType: layerMediaType(f.kind),
      digest: f.digest,
      size: f.size,
      annotations: { [ANNOTATION.title]: f.name, [ANNOTATION.kind]: f.kind }
    })),
    annotations: sorted(annotations)
  }
}

/** The referrer that carries a Sigstore bundle for `subject`. */
export function bundleManifest(
  bundle: { mediaType: string; digest: string; size: number },
  subject: Descriptor,
  predicateType: string,
  created?: string
): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    artifactType: bundle.mediaType,
    config: { ...EMPTY_CONFIG },
    layers: [
      { mediaType: bundle.mediaType, digest: bundle.digest, size: bundle.size }
    ],
    subject: {
      mediaType: subject.mediaType,
      digest: subject.digest,
      size: subject.size
    },
    annotations: sorted({
      ...(created ? { [ANNOTATION.created]: created } : {}),
      [ANNOTATION.bundleContent]: 'dsse-envelope',
      [ANNOTATION.bundlePredicateType]: predicateType
    })
  }
}

/** The referrers tag schema: sha256:<hex> → sha256-<hex>. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-')
}
