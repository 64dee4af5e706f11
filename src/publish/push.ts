import { basename } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile, sha256Hex } from '../util/fs.js'
import type { FetchFn } from '../util/http.js'
import {
  artifactManifest,
  BUNDLE_MEDIA_PREFIX,
  bundleManifest,
  referrersTag,
  SIGSTORE_BUNDLE_V03,
  type ArtifactFacts,
  type Descriptor,
  type LayerFile
} from '../oci/artifact.js'
import type { Credentials } from '../oci/auth.js'
import { digestOf, MEDIA, RegistryClient } from '../oci/client.js'
import { parseOciReference, pinnedReference } from '../oci/reference.js'
import { addToIndex } from '../oci/referrers.js'

/** A file to publish and the sha256 it must still have. */
export interface PublishFile {
  kind: string
  path: string
  sha256: string
}

/** What to publish where. */
export interface PublishInput {
  /** oci://REGISTRY/NAME:TAG */
  reference: string
  facts: ArtifactFacts
  files: PublishFile[]
  /** The serialized Sigstore bundle to attach, with its predicate type. */
  bundle?: { json: unknown; predicateType: string }
}

/** The outside world of a publish. */
export interface PublishDeps {
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  credentials?: Credentials
  log?: (message: string) => void
}

/** What was published. */
export interface PublishResult {
  /** oci://registry/name@sha256:… */
  reference: string
  digest: string
  tag: string
  layers: number
  bundleDigest?: string
  /** How the bundle can be found: the registry's referrers API or the tag schema. */
  referrers?: 'api' | 'tag-schema'
}

/** Largest file published (Buffer's limit is above; EIFs are far below). */
const MAX_FILE_BYTES = 2 ** 31

async function readChecked(file: PublishFile): Promise<Buffer> {
  // a regular file within the limit, opened once (a FIFO swapped in cannot hang it)
  const bytes = await readInputFile(file.path, `${file.kind}`, {
    maxBytes: MAX_FILE_BYTES
  })
  if (sha256Hex(bytes) !== file.sha256)
    throw new EnclaveBuildError(
      'PIN_MISMATCH',
      `${file.path} changed since it was measured (sha256 ${sha256Hex(bytes)}, attested ${file.sha256}); rebuild instead of publishing it`
    )
  return bytes
}

/** The media type a serialized bundle declares (v0.3 when it does not). */
function bundleMediaType(json: unknown): string {
  const m = (json as { mediaType?: unknown } | null)?.mediaType
  return typeof m === 'string' && m.startsWith(BUNDLE_MEDIA_PREFIX)
    ? m
    : SIGSTORE_BUNDLE_V03
}

/**
 * Pushes the files as one OCI artifact under the tag, then attaches the
 * bundle as a referrer of it. When the registry does not answer the
 * referrer's push with OCI-Subject (no referrers API), the referrers tag
 * schema index `sha256-<hex>` is updated instead, as the spec requires.
 */
export async function publishArtifact(
  input: PublishInput,
  deps: PublishDeps = {}
): Promise<PublishResult> {
  const ref = parseOciReference(input.reference, { needTag: true })
  const tag = ref.tag ?? ''
  const log = deps.log ?? ((): void => undefined)
  const names = new Set<string>()
  for (const f of input.files) {
    const name = basename(f.path)
    if (names.has(name))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `two files to publish are named ${name}; layer titles must differ`
      )
    names.add(name)
  }
  const client = new RegistryClient(ref, {
    actions: 'pull,push',
    ...(deps.credentials ? { credentials: deps.credentials } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {})
  })
  // What is already public, for the error when a later step fails: the
  // artifact goes in by digest, then its attestation, and the tag moves
  // last, so a tag never points at an artifact without its referrer.
  const published: string[] = []
  try {
    await client.pushBlob(Buffer.from('{}'))
    const layers: LayerFile[] = []
    for (const file of input.files) {
      const bytes = await readChecked(file)
      const { digest, size } = await client.pushBlob(bytes)
      layers.push({ kind: file.kind, name: basename(file.path), digest, size })
      log(`pushed ${basename(file.path)} (${size} bytes, ${digest})`)
    }
    const manifest = Buffer.from(
      JSON.stringify(artifactManifest(input.facts, layers))
    )
    const { digest } = await client.putManifest(
      digestOf(manifest),
      manifest,
      MEDIA.manifest
    )
    const pinned = pinnedReference(ref, digest)
    published.push(`the artifact ${pinned} (untagged)`)
    log(`pushed ${pinned}`)
    const result: PublishResult = {
      reference: pinned,
      digest,
      tag,
      layers: layers.length
    }
    if (input.bundle) {
      const attached = await attachBundle(
        client,
        { mediaType: MEDIA.manifest, digest, size: manifest.length },
        input.bundle,
        input.facts.created,
        log
      )
      published.push(`its attestation ${attached.bundleDigest}`)
      Object.assign(result, attached)
    }
    await client.putManifest(tag, manifest, MEDIA.manifest)
    log(`tagged ${ref.registry}/${ref.name}:${tag} as ${digest}`)
    return result
  } catch (err) {
    throw alreadyPublic(err, published, `${ref.registry}/${ref.name}:${tag}`)
  }
}

/** The error of a failed publish, saying what is public and that the tag did not move. */
function alreadyPublic(
  err: unknown,
  published: string[],
  tagged: string
): unknown {
  if (published.length === 0 || !(err instanceof EnclaveBuildError)) return err
  return new EnclaveBuildError(
    err.code,
    `${err.message}. Already public: ${published.join(', ')}; ${tagged} was not moved to it. A re-run pushes the same digests again and then moves the tag`,
    { cause: err }
  )
}

/**
 * Attaches a Sigstore bundle as a referrer of `subject` (an artifact or an
 * image manifest): the referrers API when the registry answers with
 * OCI-Subject, else the referrers tag schema index `sha256-<hex>`.
 */
export async function attachBundle(
  client: RegistryClient,
  subject: Descriptor,
  bundle: { json: unknown; predicateType: string },
  created: string | undefined,
  log: (message: string) => void
): Promise<Pick<PublishResult, 'bundleDigest' | 'referrers'>> {
  // the referrer's config is the empty descriptor's blob
  await client.pushBlob(Buffer.from('{}'))
  const bundleBytes = Buffer.from(JSON.stringify(bundle.json))
  const mediaType = bundleMediaType(bundle.json)
  const blob = await client.pushBlob(bundleBytes)
  const referrer = bundleManifest(
    { mediaType, ...blob },
    subject,
    bundle.predicateType,
    created
  )
  const referrerBytes = Buffer.from(JSON.stringify(referrer))
  const stored = await client.putManifest(
    digestOf(referrerBytes),
    referrerBytes,
    MEDIA.manifest
  )
  if (stored.subject === subject.digest) {
    log(`attached the Sigstore bundle as ${stored.digest} (referrers API)`)
    return { bundleDigest: stored.digest, referrers: 'api' }
  }
  // No OCI-Subject: the registry keeps no referrers list; keep it by tag.
  const tagName = referrersTag(subject.digest)
  const existing = await client.getManifest(tagName)
  const index = addToIndex(existing, {
    mediaType: MEDIA.manifest,
    digest: stored.digest,
    size: referrerBytes.length,
    artifactType: mediaType,
    ...(referrer.annotations ? { annotations: referrer.annotations } : {})
  })
  if (index) await client.putManifest(tagName, index, MEDIA.index)
  log(
    `attached the Sigstore bundle as ${stored.digest} (referrers tag ${tagName})`
  )
  return { bundleDigest: stored.digest, referrers: 'tag-schema' }
}
