import { EnclaveBuildError } from '../errors.js'
import { HttpError, httpRequest } from '../util/http.js'
import {
  answerChallenge,
  loginRefused,
  type ChallengeContext
} from './challenge.js'
import type { OciReference } from './reference.js'

// How requests reach one registry repository: over the injected fetch and
// util/http (timeouts, retries on 408/429/5xx), logging in on the first 401,
// and reading bodies only up to a size, because a registry is not trusted.

/** Options of a registry client: the login, its scope, and how to fetch. */
export type ClientOptions = Omit<ChallengeContext, 'ref'>

/** One registry repository's requests, authenticated on the first 401. */
export class RegistryTransport {
  readonly ref: OciReference
  protected readonly options: ClientOptions
  private authorization: string | undefined
  private authTried = false

  constructor(ref: OciReference, options: ClientOptions) {
    this.ref = ref
    this.options = options
  }

  /** The URL of `path` under /v2/<name>/ of this repository. */
  protected url(path: string): string {
    return `${this.ref.baseUrl}/v2/${this.ref.name}/${path}`
  }

  /** One request; on the first 401 it answers the challenge and retries. */
  async send(
    url: string,
    init: {
      method?: string
      headers?: Record<string, string>
      body?: Uint8Array
      /** Bytes the answer is expected to carry (a blob being downloaded). */
      receiveBytes?: number
      what: string
    }
  ): Promise<Response> {
    // one minute, and a minute more per 60 MB sent or expected back (at
    // 1 MB/s, the least a CI runner's link gives); the per-attempt timeout
    // also covers reading the body, so it grows with it
    const { receiveBytes, ...request } = init
    const bytes = (init.body?.length ?? 0) + (receiveBytes ?? 0)
    const allowed = 60_000 + Math.ceil(bytes / 1000)
    for (;;) {
      try {
        return await httpRequest(url, {
          ...request,
          headers: {
            ...init.headers,
            ...(this.authorization ? { Authorization: this.authorization } : {})
          },
          fetch: this.options.fetch,
          sleep: this.options.sleep,
          retries: this.options.retries,
          timeoutMs:
            this.options.timeoutMs ??
            (receiveBytes === undefined ? 60_000 : allowed),
          deadlineMs: this.options.deadlineMs ?? allowed
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
        const ctx = { ...this.options, ref: this.ref }
        if (this.authTried) throw loginRefused(ctx, err, init.what)
        this.authTried = true
        this.authorization = await answerChallenge(
          ctx,
          err.headers?.get('www-authenticate') ?? null
        )
      }
    }
  }
}

/** The body, refused past a size (a hostile registry cannot fill memory). */
export async function readLimited(
  response: Response,
  maxBytes: number,
  what: string
): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? '0')
  // the registry's fault, not the user's: a remote code, exit 1
  if (length > maxBytes)
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `${what}: the registry sent ${length} bytes, more than the ${maxBytes} a registry may send here; it is misbehaving or not a registry`
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
          'HTTP_ERROR',
          `${what}: the registry sent more than the ${maxBytes} bytes a registry may send here; it is misbehaving or not a registry`
        )
      }
      chunks.push(value)
    }
  return Buffer.concat(chunks)
}
