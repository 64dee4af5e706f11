import type { SerializedBundle } from '@sigstore/bundle'
import { EnclaveBuildError } from '../errors.js'
import { HttpError, httpJson, type FetchFn } from '../util/http.js'
import { actionInputName, type InputName } from '../util/input-name.js'

/** Where and how to store an attestation on GitHub. */
export interface StoreOptions {
  /** "owner/name". */
  repository: string
  /** A token with `attestations: write` (GITHUB_TOKEN in a workflow). */
  token: string
  /** GITHUB_API_URL; https://api.github.com by default. */
  apiUrl?: string
  /** GITHUB_SERVER_URL, for the attestation's web URL. */
  serverUrl?: string
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  /** Told why and how long before each retry wait. */
  onWait?: (message: string) => void
  retries?: number
  timeoutMs?: number
  /** How messages name the inputs (default: the action's spelling). */
  input?: InputName
}

/** The stored attestation. */
export interface StoredAttestation {
  id: string
  /** The attestation's page, https://github.com/<owner>/<repo>/attestations/<id>. */
  url: string
}

/**
 * Stores a bundle with POST /repos/{owner}/{repo}/attestations so that
 * GET /repos/{owner}/{repo}/attestations/sha256:<digest> finds it by any
 * subject digest. Retries on 408/429/5xx come from httpRequest.
 */
export async function storeAttestation(
  bundle: SerializedBundle,
  options: StoreOptions
): Promise<StoredAttestation> {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(
    options.repository
  )
  if (!match)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `repository must be "owner/name", got "${options.repository}"`
    )
  const input = options.input ?? actionInputName
  if (!options.token)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `storing the attestation needs a token: set ${input('github-token')} (the default \${{ github.token }} works with \`permissions: attestations: write\`), or ${input('store', 'false')}`
    )
  const [, owner, repo] = match
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')
  const server = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '')
  let response: { id?: unknown }
  try {
    response = await httpJson<{ id?: unknown }>(
      `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/attestations`,
      {
        what: 'storing the attestation on GitHub',
        method: 'POST',
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': 'enclave-build'
        },
        body: JSON.stringify({ bundle }),
        fetch: options.fetch,
        sleep: options.sleep,
        onWait: options.onWait,
        retries: options.retries,
        timeoutMs: options.timeoutMs
      }
    )
  } catch (err) {
    if (err instanceof HttpError)
      throw new EnclaveBuildError(
        'STORAGE_FAILED',
        `${err.message}${/user-owned private/i.test(err.message) ? ` (GitHub stores attestations of private repositories only on Enterprise Cloud: set ${input('store', 'false')} and publish the .sigstore.json as a release asset)` : ''}`,
        { cause: err }
      )
    throw err
  }
  if (
    (typeof response.id !== 'number' && typeof response.id !== 'string') ||
    String(response.id) === ''
  )
    throw new EnclaveBuildError(
      'STORAGE_FAILED',
      `GitHub stored the attestation but answered without an id (${JSON.stringify(response).slice(0, 200)}); check the repository's attestations page`
    )
  const id = String(response.id)
  return { id, url: `${server}/${owner}/${repo}/attestations/${id}` }
}
