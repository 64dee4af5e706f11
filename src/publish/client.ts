import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../errors.js'
import { HttpError, httpRequest, type FetchFn } from '../util/http.js'
import { basicAuth, parseChallenge, type Credentials } from './auth.js'
import { isLoopback, type OciReference } from './reference.js'

/**
 * A small client of the OCI distribution spec (v1.1): blobs, manifests,
 * referrers, with the registry token flow. Written over the injected fetch
 * and util/http (timeouts, retries on 408/429/5xx) because no npm client
 * pushes multi-layer artifacts and reads referrers (docs/publish.md).
 */

/** Options of {@link RegistryClient}. */
export interface ClientOptions {
  credentials?: Credentials
  /** "pull" for reading, "pull,push" for publishing. */
  actions: 'pull' | 'pull,push'
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  retries?: number
  timeoutMs?: number
}

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

/** One registry repository, authenticated on the first 401. */
export class RegistryClient {
  readonly ref: OciReference
  private readonly options: ClientOptions
  private authorization: string | undefined
  private authTried = false

  constructor(ref: OciReference, options: ClientOptions) {
    this.ref = ref
    this.options = options
  }

  private url(path: string): string {
    return `${this.ref.baseUrl}/v2/${this.ref.name}/${path}`
  }

  /** One request; on the first 401 it answers the challenge and retries. */
  async send(
    url: string,
    init: {
      method?: string
      headers?: Record<string, string>
      body?: Uint8Array
      what: string
    }
  ): Promise<Response> {
    for (;;) {
      try {
        return await httpRequest(url, {
          ...init,
          headers: {
            ...init.headers,
            ...(this.authorization ? { Authorization: this.authorization } : {})
          },
          fetch: this.options.fetch,
          sleep: this.options.sleep,
          retries: this.options.retries,
          timeoutMs: this.options.timeoutMs ?? 60_000
        })
      } catch (err) {
        if (
          err instanceof HttpError &&
          (err.status === 403 || err.status === 405) &&
          (init.method === 'POST' || init.method === 'PUT')
        )
          throw new EnclaveBuildError(
            'REGISTRY_REFUSED',
            `${init.what}: ${this.ref.registry} refused to store it (${err.status}): the registry is read-only, or the login may not push to ${this.ref.name} (for ghcr.io: permissions: packages: write)`,
            { cause: err }
          )
        if (!(err instanceof HttpError) || err.status !== 401) throw err
        if (this.authTried) throw this.refused(err, init.what)
        this.authTried = true
        await this.authenticate(err.headers?.get('www-authenticate') ?? null)
      }
    }
  }

  private refused(err: HttpError, what: string): EnclaveBuildError {
    return new EnclaveBuildError(
      'REGISTRY_REFUSED',
      `${what}: ${this.ref.registry} refused the ${this.options.credentials ? 'credentials' : 'anonymous request'} (401)${this.options.credentials ? '' : '; log in: set publish-password (action), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line)'}`,
      { cause: err }
    )
  }

  /** Answers a WWW-Authenticate challenge: Basic, or a Bearer token. */
  private async authenticate(header: string | null): Promise<void> {
    const challenge = parseChallenge(header)
    const creds = this.options.credentials
    if (!challenge || challenge.scheme === 'basic') {
      if (!creds)
        throw new EnclaveBuildError(
          'REGISTRY_REFUSED',
          `${this.ref.registry} wants a login and none was given; set publish-password (action), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line)`
        )
      this.authorization = basicAuth(creds)
      return
    }
    const realm = challenge.params.realm
    let realmUrl: URL
    try {
      realmUrl = new URL(realm ?? '')
    } catch {
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `${this.ref.registry} sent a Bearer challenge without a usable realm (${realm ?? 'none'})`
      )
    }
    // A login goes only to https, or to http on this machine.
    const plainOk = realmUrl.protocol === 'https:' || isLoopback(realmUrl.host)
    if (challenge.params.service)
      realmUrl.searchParams.set('service', challenge.params.service)
    realmUrl.searchParams.set(
      'scope',
      `repository:${this.ref.name}:${this.options.actions}`
    )
    const headers: Record<string, string> = {}
    if (creds && plainOk) headers.Authorization = basicAuth(creds)
    let body: { token?: unknown; access_token?: unknown }
    try {
      const response = await httpRequest(realmUrl.toString(), {
        headers,
        what: `getting a token from ${realmUrl.host}`,
        fetch: this.options.fetch,
        sleep: this.options.sleep,
        retries: this.options.retries,
        timeoutMs: this.options.timeoutMs
      })
      body = (await response.json()) as typeof body
    } catch (err) {
      if (
        err instanceof HttpError &&
        (err.status === 401 || err.status === 403)
      )
        throw this.refused(err, `getting a token from ${realmUrl.host}`)
      throw err
    }
    const token = body.token ?? body.access_token
    if (typeof token !== 'string' || token === '')
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `the token service ${realmUrl.host} answered without a token`
      )
    this.authorization = `Bearer ${token}`
  }

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

  /** A blob's bytes, refused above `maxBytes`, checked against its digest. */
  async getBlob(digest: string, maxBytes: number): Promise<Buffer> {
    const response = await this.send(this.url(`blobs/${digest}`), {
      what: 'downloading a blob'
    })
    const bytes = await readLimited(response, maxBytes, `blob ${digest}`)
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

  /** A manifest or index by tag or digest; undefined when there is none (404). */
  async getManifest(reference: string): Promise<StoredManifest | undefined> {
    let response: Response
    try {
      response = await this.send(this.url(`manifests/${reference}`), {
        headers: { Accept: `${MEDIA.manifest}, ${MEDIA.index}` },
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

/** The body, refused past a size (a hostile registry cannot fill memory). */
async function readLimited(
  response: Response,
  maxBytes: number,
  what: string
): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? '0')
  if (length > maxBytes)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${what} is ${length} bytes, more than the ${maxBytes} allowed`
    )
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = response.body?.getReader()
  if (reader)
    for (;;) {
      const { done, value } = (await reader.read()) as {
        done: boolean
        value?: Uint8Array
      }
      if (done || !value) break
      total += value.length
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          `${what} is more than the ${maxBytes} bytes allowed`
        )
      }
      chunks.push(value)
    }
  return Buffer.concat(chunks)
}
