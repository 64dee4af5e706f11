import { EnclaveBuildError } from '../errors.js'
import { HttpError, httpRequest, type FetchFn } from '../util/http.js'
import { snappyDecode } from './snappy.js'

/** Where and how to look attestations up. */
export interface LookupOptions {
  /** owner/name */
  repository: string
  /** sha256 hex of the subject (the measurement's lookup digest). */
  digest: string
  token?: string
  /** GITHUB_API_URL; https://api.github.com by default. */
  apiUrl?: string
  /** Narrows the list server-side, e.g. the measurement predicate type. */
  predicateType?: string
  fetch?: FetchFn
  retries?: number
  sleep?: (ms: number) => Promise<void>
}

/** One bundle the API returned, with where it came from. */
export interface FoundBundle {
  name: string
  json: unknown
}

interface ListResponse {
  attestations?: { bundle?: unknown; bundle_url?: string }[]
}

/** A bundle served at bundle_url: JSON, or Snappy-compressed JSON. */
function decodeBundleBody(body: Buffer): unknown {
  const tryJson = (b: Buffer): unknown => {
    try {
      return JSON.parse(b.toString('utf8'))
    } catch {
      return undefined
    }
  }
  const plain = tryJson(body)
  if (plain !== undefined) return plain
  const inflated = snappyDecode(body)
  return inflated ? tryJson(inflated) : undefined
}

/**
 * GET /repos/{owner}/{repo}/attestations/sha256:{digest}: every attestation
 * stored for the subject. A 404 or an empty list is ATTESTATION_NOT_FOUND.
 * Bundles that are not inline are fetched from their bundle_url.
 */
export async function lookupAttestations(
  options: LookupOptions
): Promise<FoundBundle[]> {
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')
  const query = new URLSearchParams({ per_page: '100' })
  if (options.predicateType) query.set('predicate_type', options.predicateType)
  const url = `${api}/repos/${options.repository}/attestations/sha256:${options.digest}?${query.toString()}`
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'enclave-build'
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  const common = {
    fetch: options.fetch,
    retries: options.retries,
    sleep: options.sleep
  }
  let list: ListResponse
  try {
    const response = await httpRequest(url, {
      ...common,
      headers,
      what: 'looking up the attestation'
    })
    list = (await response.json()) as ListResponse
  } catch (err) {
    if (err instanceof HttpError && err.status === 404)
      throw new EnclaveBuildError(
        'ATTESTATION_NOT_FOUND',
        `no attestation for sha256:${options.digest} in ${options.repository} (GitHub answered 404); check the measurement and the repository, and that the token can read it`
      )
    if (err instanceof EnclaveBuildError) throw err
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `looking up the attestation: the answer is not JSON (${(err as Error).message})`
    )
  }
  const items = Array.isArray(list.attestations) ? list.attestations : []
  const found: FoundBundle[] = []
  for (const [i, item] of items.entries()) {
    const name = `${options.repository} attestation #${i + 1}`
    if (item.bundle !== undefined && item.bundle !== null) {
      found.push({ name, json: item.bundle })
      continue
    }
    if (typeof item.bundle_url !== 'string') continue
    // bundle_url is a pre-signed URL: no GitHub token goes there.
    const response = await httpRequest(item.bundle_url, {
      ...common,
      what: 'downloading the attestation bundle'
    })
    const json = decodeBundleBody(Buffer.from(await response.arrayBuffer()))
    if (json !== undefined) found.push({ name, json })
  }
  if (found.length === 0)
    throw new EnclaveBuildError(
      'ATTESTATION_NOT_FOUND',
      `no attestation for sha256:${options.digest} in ${options.repository}; check the measurement and the repository`
    )
  return found
}
