import { join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import type { Credentials } from '../oci/auth.js'
import { digestOf, MEDIA, RegistryClient } from '../oci/client.js'
import { attachBundle, type PublishDeps, type PublishResult } from './push.js'
import { parseOciReference, pinnedReference } from '../oci/reference.js'

/**
 * Pushes an OCI image layout's single image as it is (config, layers and
 * manifest byte for byte, so the registry serves the digest that was
 * attested and that Confidential Space measures), under the reference's
 * tag, then attaches the Sigstore bundle as a referrer of the image.
 */

interface Desc {
  mediaType: string
  digest: string
  size: number
}

const MAX_JSON = 4 << 20

function parse<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T
  } catch {
    throw new EnclaveBuildError('INPUT_INVALID', `${what} is not JSON`)
  }
}

/** Publishes the image of `layout` to `reference` (oci://REGISTRY/NAME:TAG). */
export async function publishImage(
  layout: string,
  input: {
    reference: string
    bundle?: { json: unknown; predicateType: string }
    created?: string
  },
  deps: PublishDeps & { credentials?: Credentials } = {}
): Promise<PublishResult> {
  const ref = parseOciReference(input.reference, { needTag: true })
  const tag = ref.tag ?? ''
  const log = deps.log ?? ((): void => undefined)
  const blob = async (d: Desc, max = 2 ** 31): Promise<Buffer> => {
    if (!/^sha256:[0-9a-f]{64}$/.test(d.digest))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `the image names blob ${d.digest}, not a sha256 digest`
      )
    const bytes = await readInputFile(
      join(layout, 'blobs', 'sha256', d.digest.slice(7)),
      `blob ${d.digest}`,
      { maxBytes: max }
    )
    if (digestOf(bytes) !== d.digest)
      throw new EnclaveBuildError(
        'PIN_MISMATCH',
        `blob ${d.digest} of ${layout} changed since it was built; rebuild instead of publishing it`
      )
    return bytes
  }
  const index = parse<{ manifests?: Desc[] }>(
    await readInputFile(join(layout, 'index.json'), 'index.json', {
      maxBytes: MAX_JSON
    }),
    'index.json'
  )
  if (index.manifests?.length !== 1)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${layout} must hold exactly one image`
    )
  const desc = index.manifests[0]
  const manifestBytes = await blob(desc, MAX_JSON)
  const manifest = parse<{ config: Desc; layers: Desc[] }>(
    manifestBytes,
    'the manifest'
  )
  const client = new RegistryClient(ref, {
    actions: 'pull,push',
    ...(deps.credentials ? { credentials: deps.credentials } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {})
  })
  for (const d of [manifest.config, ...manifest.layers]) {
    const { size } = await client.pushBlob(await blob(d))
    log(`pushed blob ${d.digest} (${size} bytes)`)
  }
  const { digest } = await client.putManifest(
    tag,
    manifestBytes,
    MEDIA.manifest
  )
  log(`pushed the image ${ref.registry}/${ref.name}:${tag} as ${digest}`)
  const result: PublishResult = {
    reference: pinnedReference(ref, digest),
    digest,
    tag,
    layers: manifest.layers.length
  }
  if (!input.bundle) return result
  return {
    ...result,
    ...(await attachBundle(
      client,
      { mediaType: MEDIA.manifest, digest, size: manifestBytes.length },
      input.bundle,
      input.created,
      log
    ))
  }
}
