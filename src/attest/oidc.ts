import type { IdentityProvider } from '@sigstore/sign'
import { EnclaveBuildError } from '../errors.js'
import { httpJson, type FetchFn } from '../util/http.js'
import { actionInputName, type InputName } from '../util/input-name.js'

/** Options of {@link githubOidcProvider}. */
export interface OidcOptions {
  env: NodeJS.ProcessEnv
  /** Audience Fulcio expects. */
  audience?: string
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  /** How messages name the `signing` input (default: the action's spelling). */
  input?: InputName
}

/** The permissions block a workflow needs for keyless attestation. */
export const PERMISSIONS_HINT = `add to the job (or workflow):
  permissions:
    contents: read
    id-token: write      # lets the job request the OIDC token Fulcio needs
    attestations: write  # lets the job store the attestation on GitHub`

/**
 * The OIDC token for keyless signing. In GitHub Actions it is requested
 * from ACTIONS_ID_TOKEN_REQUEST_URL, which GitHub only sets when the job has
 * `id-token: write`; elsewhere SIGSTORE_ID_TOKEN may carry one. A missing
 * token is explained, not reported as a failed HTTP call.
 */
export function githubOidcProvider(options: OidcOptions): IdentityProvider {
  return {
    getToken: async (): Promise<string> => {
      const { env } = options
      const input = options.input ?? actionInputName
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
      const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
      if (url && requestToken) {
        const full = new URL(url)
        full.searchParams.append('audience', options.audience ?? 'sigstore')
        const data = await httpJson<{ value?: unknown }>(full.href, {
          what: 'requesting the GitHub OIDC token',
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${requestToken}`
          },
          fetch: options.fetch,
          sleep: options.sleep
        })
        if (typeof data.value !== 'string' || data.value === '')
          throw new EnclaveBuildError(
            'SIGNING_FAILED',
            'the GitHub OIDC endpoint answered without a token; re-run the job'
          )
        return data.value
      }
      if (env.SIGSTORE_ID_TOKEN) return env.SIGSTORE_ID_TOKEN
      if (env.GITHUB_ACTIONS === 'true')
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          `keyless signing needs an OIDC token, but ACTIONS_ID_TOKEN_REQUEST_URL is not set because the job lacks the id-token permission; ${PERMISSIONS_HINT}
(on pull requests from forks GitHub never grants it: use ${input('signing', 'none')} there)`
        )
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `keyless signing needs an OIDC token and this is not a GitHub Actions job (no ACTIONS_ID_TOKEN_REQUEST_URL, no SIGSTORE_ID_TOKEN); sign with a key instead (${input('signing', 'key')}, or \`attest sign --key\`)`
      )
    }
  }
}
