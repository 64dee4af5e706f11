import { EnclaveBuildError } from '../errors.js'
import { HttpError } from '../util/http.js'
import {
  digestOf,
  MAX_MANIFEST_BYTES,
  MEDIA,
  type StoredManifest
} from './spec.js'
import { readLimited, RegistryTransport } from './transport.js'

/**
 * A small client of the OCI distribution spec (v1.1): blobs, manifests,
 * referrers, with the registry token flow. Written over the injected fetch
 * and util/http (timeouts, retries on 408/429/5xx) because no npm client
 * pushes multi-layer artifacts and reads referrers (docs/publish.md).
 * This module holds the registry operations; requests and login are
 * transport.ts and challenge.ts, the spec's constants spec.ts (re-exported
 * here, the publisher's one door to the registry).
 */
export {
  digestOf,
  MAX_MANIFEST_BYTES,
  MEDIA,
  type StoredManifest
} from './spec.js'
export type { ClientOptions } from './transport.js'

/** One registry repository, authenticated on the first 401. */
export class RegistryClient extends RegistryTransport {
  /** True when the repository has the blob. */
  async hasBlob(digest: string): Promise<boolean> {
    try {
      await this.send(this.url(`blobs/${digest}`), {
        method: 'HEAD',
        what: 'checking a blob'
      })
      return true
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return false
      throw err
    }
  }

  /** Uploads a blob (POST then one PUT), unless the registry has it. */
  async pushBlob(bytes: Uint8Array): Promise<{ digest: string; size: number }> {
    const digest = digestOf(bytes)
    const size = bytes.length
    if (await this.hasBlob(digest)) return { digest, size }
    const started = await this.send(this.url('blobs/uploads/'), {
      method: 'POST',
      what: 'starting a blob upload'
    })
    const location = started.headers.get('location')
    if (!location)
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `${this.ref.registry} started an upload without a Location header`
      )
    const put = new URL(location, this.ref.baseUrl)
    put.searchParams.set('digest', digest)
    await this.send(put.toString(), {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(size)
      },
      body: bytes,
      what: `uploading a blob of ${size} bytes`
    })
    return { digest, size }
  }

  /**
   * A blob's bytes, refused above `maxBytes`, checked against its digest.
   * With `expectBytes` (its descriptor's size) the call's deadline grows
   * with the download, and any other length is refused.
   */
  async getBlob(
    digest: string,
    maxBytes: number,
    expectBytes?: number
  ): Promise<Buffer> {
    const response = await this.send(this.url(`blobs/${digest}`), {
      what: 'downloading a blob',
      ...(expectBytes !== undefined ? { receiveBytes: expectBytes } : {})
    })
    const bytes = await readLimited(
      response,
      Math.min(maxBytes, expectBytes ?? maxBytes),
      `blob ${digest}`
    )
    if (expectBytes !== undefined && bytes.length !== expectBytes)
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `${this.ref.registry} served blob ${digest} as ${bytes.length} bytes, its descriptor says ${expectBytes}`
      )
    if (digestOf(bytes) !== digest)
      throw new EnclaveBuildError(
        'SIGNATURE_INVALID',
        `${this.ref.registry} served blob ${digest} with other bytes`
      )
    return bytes
  }

  /** Stores a manifest under a tag or its digest; returns the digest and OCI-Subject. */
  async putManifest(
    reference: string,
    bytes: Buffer,
    mediaType: string
  ): Promise<{ digest: string; subject?: string }> {
    const digest = digestOf(bytes)
    const response = await this.send(this.url(`manifests/${reference}`), {
      method: 'PUT',
      headers: { 'Content-Type': mediaType },
      body: bytes,
      what: `storing the manifest ${reference}`
    })
    const said = response.headers.get('docker-content-digest')
    if (said && said !== digest)
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `${this.ref.registry} stored the manifest as ${said}, not ${digest}`
      )
    const subject = response.headers.get('oci-subject')
    return { digest, ...(subject ? { subject } : {}) }
  }

  /**
   * A manifest or index by tag or digest; undefined when there is none
   * (404). `accept`: the media types asked for (default OCI's two).
   */
  async getManifest(
    reference: string,
    accept: readonly string[] = [MEDIA.manifest, MEDIA.index]
  ): Promise<StoredManifest | undefined> {
    let response: Response
    try {
      response = await this.send(this.url(`manifests/${reference}`), {
        headers: { Accept: accept.join(', ') },
        what: `reading the manifest ${reference}`
      })
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined
      throw err
    }
    const bytes = await readLimited(
      response,
      MAX_MANIFEST_BYTES,
      `manifest ${reference}`
    )
    const digest = digestOf(bytes)
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new EnclaveBuildError(
        'SIGNATURE_INVALID',
        `${this.ref.registry} served manifest ${reference} with other bytes`
      )
    const mediaType = (response.headers.get('content-type') ?? '')
      .split(';')[0]
      .trim()
    return { bytes, mediaType, digest }
  }

  /**
   * GET /v2/<name>/referrers/<digest>: the index of referrers, or undefined
   * when the registry has no referrers API (404, or an answer that is not an
   * OCI index), so the caller falls back to the referrers tag schema.
   */
  async referrers(digest: string): Promise<Buffer | undefined> {
    let response: Response
    try {
      response = await this.send(this.url(`referrers/${digest}`), {
        headers: { Accept: MEDIA.index },
        what: 'listing referrers'
      })
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined
      throw err
    }
    const type = response.headers.get('content-type') ?? ''
    const bytes = await readLimited(response, MAX_MANIFEST_BYTES, 'referrers')
    return type.startsWith(MEDIA.index) ? bytes : undefined
  }
}
