import { EnclaveBuildError } from '../errors.js'
import { HttpError, httpRequest, type FetchFn } from '../util/http.js'
import { basicAuth, parseChallenge, type Credentials } from './auth.js'
import { isLoopback, type OciReference } from './reference.js'

// Answering a registry's 401: its WWW-Authenticate challenge asks for Basic
// credentials or for a Bearer token from a token service (the registry
// token flow). Kept apart from the transport so the rules about where a
// login may be sent are read in one place.

/** What answering a challenge needs: the repository, the login, how to fetch. */
export interface ChallengeContext {
  ref: OciReference
  credentials?: Credentials
  /** "pull" for reading, "pull,push" for publishing. */
  actions: 'pull' | 'pull,push'
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  retries?: number
  timeoutMs?: number
  /** Overall deadline of one call, retries included (see util/http). */
  deadlineMs?: number
}

/** REGISTRY_REFUSED for a 401 that a login did not (or could not) answer. */
export function loginRefused(
  ctx: ChallengeContext,
  err: HttpError,
  what: string
): EnclaveBuildError {
  return new EnclaveBuildError(
    'REGISTRY_REFUSED',
    `${what}: ${ctx.ref.registry} refused the ${ctx.credentials ? 'credentials' : 'anonymous request'} (401)${ctx.credentials ? '' : '; log in: set the registry-username and registry-password inputs (action, publish), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line, and oci-base in the action)'}`,
    { cause: err }
  )
}

/**
 * Answers a WWW-Authenticate challenge: Basic, or a Bearer token from the
 * realm it names. Returns the Authorization header value to send.
 */
export async function answerChallenge(
  ctx: ChallengeContext,
  header: string | null
): Promise<string> {
  const challenge = parseChallenge(header)
  const creds = ctx.credentials
  if (!challenge || challenge.scheme === 'basic') {
    if (!creds)
      throw new EnclaveBuildError(
        'REGISTRY_REFUSED',
        `${ctx.ref.registry} wants a login and none was given; set the registry-username and registry-password inputs (action, publish), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line, and oci-base in the action)`
      )
    return basicAuth(creds)
  }
  const realm = challenge.params.realm
  let realmUrl: URL
  try {
    realmUrl = new URL(realm ?? '')
  } catch {
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `${ctx.ref.registry} sent a Bearer challenge without a usable realm (${realm ?? 'none'})`
    )
  }
  // A login goes only to https, or to http on this machine.
  const plainOk = realmUrl.protocol === 'https:' || isLoopback(realmUrl.host)
  if (challenge.params.service)
    realmUrl.searchParams.set('service', challenge.params.service)
  realmUrl.searchParams.set(
    'scope',
    `repository:${ctx.ref.name}:${ctx.actions}`
  )
  const headers: Record<string, string> = {}
  if (creds && plainOk) headers.Authorization = basicAuth(creds)
  let body: { token?: unknown; access_token?: unknown }
  try {
    const response = await httpRequest(realmUrl.toString(), {
      headers,
      what: `getting a token from ${realmUrl.host}`,
      fetch: ctx.fetch,
      sleep: ctx.sleep,
      retries: ctx.retries,
      timeoutMs: ctx.timeoutMs
    })
    body = (await response.json()) as typeof body
  } catch (err) {
    if (err instanceof HttpError && (err.status === 401 || err.status === 403))
      throw loginRefused(ctx, err, `getting a token from ${realmUrl.host}`)
    throw err
  }
  const token = body.token ?? body.access_token
  if (typeof token !== 'string' || token === '')
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `the token service ${realmUrl.host} answered without a token`
    )
  return `Bearer ${token}`
}
