import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import { githubToken } from '../util/github-token.js'
import type { FetchFn } from '../util/http.js'
import { evidenceInputs } from './evidence-action-inputs.js'
import { evidenceRequest } from './evidence-request.js'
import { EVIDENCE_TYPES } from './evidence/types.js'
import { GITHUB_OIDC_ISSUER } from './policy.js'
import type { VerifyInput, VerifyResult } from './run.js'

/**
 * The action inputs of `mode: verify` (kebab-case, exactly as in
 * action.yml). The same checks as `enclave-build verify`.
 */
export const verifyOptions = z.object({
  measurement: z
    .string()
    .default('')
    .describe(
      'The measurement to verify, as hex (MRENCLAVE: 64 digits; PCR0 or the SNP launch digest: 96). Empty: taken from evidence.'
    ),
  bundle: z
    .string()
    .default('')
    .describe(
      'Sigstore bundle files, directories of them, or oci://REGISTRY/NAME:TAG of a published artifact (its bundle is read from the referrers), one per line or comma-separated. Empty: look the attestation up on GitHub in attestation-repository.'
    ),
  'attestation-repository': z
    .string()
    .default('')
    .describe(
      'owner/name whose GitHub attestations are searched when no bundle is given (default: this repository). It also pins the source repository.'
    ),
  evidence: z
    .string()
    .default('')
    .describe(
      "Path of the enclave's own evidence (Nitro attestation document, SGX or TDX DCAP quote, SEV-SNP report), verified to the vendor's root; the measurement is read from it."
    ),
  'evidence-type': z
    .enum(['', ...EVIDENCE_TYPES])
    .default('')
    .describe(
      'nitro, nitrotpm, sgx-quote, td-quote, snp-report or cs-token (a Confidential Space attestation token); required with evidence.'
    ),
  ...evidenceInputs,
  'certificate-identity': z
    .string()
    .default('')
    .describe(
      'Exact signer workflow (certificate SAN), e.g. https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.'
    ),
  'certificate-identity-regexp': z
    .string()
    .default('')
    .describe('Regular expression the signer workflow (SAN) must match.'),
  'certificate-oidc-issuer': z
    .string()
    .default(GITHUB_OIDC_ISSUER)
    .describe('OIDC issuer of the signing certificate.'),
  'source-ref': z
    .string()
    .default('')
    .describe('Required source ref of the build, e.g. refs/tags/v1.2.3.'),
  'trusted-root': z
    .string()
    .default('')
    .describe(
      "Path of a Sigstore trusted_root.json (offline, or GitHub's private instance: gh attestation trusted-root). Empty: Sigstore's public root via TUF."
    ),
  'public-key': z
    .string()
    .default('')
    .describe(
      'Path of the PEM public key of a key-signed attestation (signing: key). With it alone the check is offline: no TUF, no network unless the bundle is looked up.'
    ),
  'github-token': z
    .string()
    .default('')
    .describe('Token that can read the attestations (attestations: read).')
})

/**
 * The verifier's messages name the command line's flags; in the action
 * they name its inputs instead, so that the user finds what to change in
 * the workflow file.
 */
const FLAG_TO_INPUT: Record<string, string> = {
  repo: 'attestation-repository'
}

/** `--flag` → the action input of the same meaning. */
export function inActionTerms(message: string): string {
  const inputs = new Set(Object.keys(verifyOptions.shape))
  return message.replace(/--([a-z][a-z0-9-]*)/g, (whole, flag: string) => {
    const input = FLAG_TO_INPUT[flag] ?? flag
    return inputs.has(input) ? input : whole
  })
}

/** An error with its message in the action's terms (code and cause kept). */
function actionError(err: unknown): unknown {
  if (!(err instanceof EnclaveBuildError)) return err
  const message = inActionTerms(err.message)
  return message === err.message
    ? err
    : new EnclaveBuildError(err.code, message, { cause: err })
}

/** Parsed verify options. */
export type VerifyOptions = z.infer<typeof verifyOptions>

/** What the action provides. */
export interface VerifyContext {
  env: NodeJS.ProcessEnv
  fetch?: FetchFn
  log: (message: string) => void
  warn: (message: string) => void
}

/** The outputs of `mode: verify`, by output name, and the full result. */
export interface VerifyOutcome {
  outputs: {
    verified: 'true'
    'source-repository': string
    'source-commit': string
    workflow: string
    measurement: string
  }
  result: VerifyResult
}

/** Splits a list input (lines or commas). */
function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/**
 * Runs the verification for the action. Throws a coded EnclaveBuildError
 * when the measurement is not verified (the step fails with the reason).
 */
export async function verifyForAction(
  options: VerifyOptions,
  ctx: VerifyContext
): Promise<VerifyOutcome> {
  try {
    return await verifyInAction(options, {
      ...ctx,
      warn: (m) => ctx.warn(inActionTerms(m))
    })
  } catch (err) {
    throw actionError(err)
  }
}

async function verifyInAction(
  options: VerifyOptions,
  ctx: VerifyContext
): Promise<VerifyOutcome> {
  const bundles = list(options.bundle)
  const repository =
    options['attestation-repository'] || ctx.env.GITHUB_REPOSITORY || ''
  if (options.evidence && !options['evidence-type'])
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'evidence needs evidence-type: nitro, nitrotpm, sgx-quote, td-quote or snp-report'
    )
  if (bundles.length === 0 && !repository)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give bundle, or attestation-repository to look the attestation up'
    )
  const input: VerifyInput = {
    ...(options.measurement ? { measurement: options.measurement } : {}),
    ...(options.evidence && options['evidence-type']
      ? {
          evidence: {
            type: options['evidence-type'],
            path: options.evidence,
            ...evidenceRequest(options)
          }
        }
      : {}),
    ...(bundles.length
      ? { bundles }
      : {
          lookup: {
            repository,
            token: githubToken(options['github-token'], ctx.env),
            ...(ctx.env.GITHUB_API_URL
              ? { apiUrl: ctx.env.GITHUB_API_URL }
              : {})
          }
        }),
    ...(options['trusted-root']
      ? { trustedRootPath: options['trusted-root'] }
      : {}),
    ...(options['public-key'] ? { publicKeyPath: options['public-key'] } : {}),
    policy: {
      certificateIdentity: options['certificate-identity'] || undefined,
      certificateIdentityRegexp:
        options['certificate-identity-regexp'] || undefined,
      certificateOidcIssuer: options['certificate-oidc-issuer'],
      sourceRef: options['source-ref'] || undefined,
      ...(options['attestation-repository']
        ? { repository: options['attestation-repository'] }
        : {})
    }
  }
  // ghcr.io takes the workflow token (packages: read) for private packages.
  const token = options['github-token'] || ctx.env.GITHUB_TOKEN
  // Sigstore and the OCI client load only once the inputs have passed.
  const { runVerify } = await import('./run.js')
  const result = await runVerify(input, {
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    registryCredentials: async (registry) => {
      const { resolveCredentials } = await import('../oci/auth.js')
      return resolveCredentials(
        registry,
        ctx.env,
        registry === 'ghcr.io' && token && !token.startsWith('${{')
          ? { password: token }
          : {}
      )
    }
  })
  for (const w of result.warnings) ctx.warn(w)
  ctx.log(
    `verified ${result.measurementName} ${result.measurement}: ${result.sourceRepository ?? '(repository not recorded)'} @ ${result.sourceCommit ?? '(commit not recorded)'} (${result.workflow ?? 'key-signed'})`
  )
  return {
    outputs: {
      verified: 'true',
      'source-repository': result.sourceRepository ?? '',
      'source-commit': result.sourceCommit ?? '',
      workflow: result.workflow ?? '',
      measurement: result.measurement
    },
    result
  }
}
