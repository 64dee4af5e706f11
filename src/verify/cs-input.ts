import type { JSONWebKeySet } from 'jose'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import { httpJson, type FetchFn } from '../util/http.js'
import { MAX_PEM_BYTES } from '../util/limits.js'
import type { Evidence } from './evidence/index.js'

/**
 * How `verify --evidence-type cs-token` is configured and run: the audience
 * the relying party chose, the JWKS for OIDC tokens (a file, or a URL read
 * once), an optional root for PKI tokens, and the claim policy.
 */
export interface CsEvidenceInput {
  audience?: string
  /** A JWKS JSON file, or an https:// URL serving one. */
  jwks?: string
  /** A PEM root instead of Google's (PKI tokens). */
  rootPath?: string
  allowDebug?: boolean
  /** Support attributes required, comma-separated in the flag (default STABLE). */
  support?: string[]
  hwmodels?: string[]
  allowCmdOverride?: boolean
}

function jwksOf(v: unknown, where: string): JSONWebKeySet {
  if (
    typeof v !== 'object' ||
    v === null ||
    !Array.isArray((v as { keys?: unknown }).keys)
  )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${where} is not a JWKS ({"keys": [...]})`
    )
  return v as JSONWebKeySet
}

/** Verifies a Confidential Space token with the given settings. */
export async function csTokenEvidence(
  cs: CsEvidenceInput | undefined,
  bytes: Uint8Array,
  at: Date,
  deps: { fetch?: FetchFn; sleep?: (ms: number) => Promise<void> }
): Promise<Evidence> {
  if (!cs?.audience)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'a Confidential Space token is checked against the audience you asked it for: give --cs-audience AUD'
    )
  let jwks: JSONWebKeySet | undefined
  if (cs.jwks !== undefined) {
    if (/^https?:\/\//.test(cs.jwks)) {
      if (
        !cs.jwks.startsWith('https://') &&
        !/^http:\/\/(127\.|localhost[:/])/.test(cs.jwks)
      )
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          '--cs-jwks URL must be https (or http on loopback)'
        )
      jwks = jwksOf(
        await httpJson(cs.jwks, {
          what: 'reading the Confidential Space JWKS',
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.sleep ? { sleep: deps.sleep } : {})
        }),
        cs.jwks
      )
    } else {
      const text = (
        await readInputFile(cs.jwks, '--cs-jwks', { maxBytes: MAX_PEM_BYTES })
      ).toString('utf8')
      try {
        jwks = jwksOf(JSON.parse(text), cs.jwks)
      } catch (err) {
        if (err instanceof EnclaveBuildError) throw err
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          `--cs-jwks ${cs.jwks} is not JSON`
        )
      }
    }
  }
  const rootPem = cs.rootPath
    ? (
        await readInputFile(cs.rootPath, '--cs-root', {
          maxBytes: MAX_PEM_BYTES
        })
      ).toString('utf8')
    : undefined
  const { verifyCsToken } = await import('./evidence/cs-token.js')
  return verifyCsToken(bytes, {
    audience: cs.audience,
    at,
    ...(jwks ? { jwks } : {}),
    ...(rootPem ? { rootPem } : {}),
    ...(cs.allowDebug ? { allowDebug: true } : {}),
    ...(cs.support ? { support: cs.support } : {}),
    ...(cs.hwmodels ? { hwmodels: cs.hwmodels } : {}),
    ...(cs.allowCmdOverride ? { allowCmdOverride: true } : {})
  })
}
