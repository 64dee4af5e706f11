import { X509Certificate } from 'node:crypto'
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type KeyObject
} from 'jose'
import { EnclaveBuildError } from '../../errors.js'
import { GOOGLE_CS_ROOT_PEM } from './google-cs-root.js'
import type { Evidence } from './types.js'

/**
 * Google Cloud Confidential Space attestation tokens (RS256 JWTs from the
 * launcher's teeserver). A PKI token carries its signing chain in `x5c`
 * and is checked to the pinned Confidential Space Root CA with no network;
 * an OIDC token is checked against a JWKS the caller supplies (a cached
 * file, or one fetched from Google's JWKS URL by the caller). Then the
 * claims a relying party must check (Google's "Attestation token claims"
 * and "token validation" docs): issuer, audience, time, swname, dbgstat,
 * support_attributes, hwmodel, and the container's image_digest, which is
 * the measurement: the OCI target's IMAGE_DIGEST, looked up to the commit.
 */

export const CS_ISSUER = 'https://confidentialcomputing.googleapis.com'
/** Hardware a production Confidential Space VM reports. */
export const CS_HWMODELS = [
  'GCP_AMD_SEV',
  'GCP_AMD_SEV_ES',
  'GCP_AMD_SEV_SNP',
  'GCP_INTEL_TDX'
]

/** How a token is checked. */
export interface CsTokenOptions {
  /** The `aud` the relying party asked the launcher for (required). */
  audience: string
  /** The time of the check. */
  at: Date
  /** PKI tokens: a root other than Google's (tests). */
  rootPem?: string
  /** OIDC tokens: the signer's keys. */
  jwks?: JSONWebKeySet
  /** Accept a debug image (dbgstat other than disabled-since-boot). */
  allowDebug?: boolean
  /** Support attributes the image must have (default STABLE). */
  support?: string[]
  /** Accepted hwmodel values (default {@link CS_HWMODELS}). */
  hwmodels?: string[]
  /** Accept a token whose container command was overridden by the operator. */
  allowCmdOverride?: boolean
}

const refuse = (msg: string): never => {
  throw new EnclaveBuildError(
    'EVIDENCE_POLICY_REJECTED',
    `the Confidential Space token is refused: ${msg}`
  )
}
const invalid = (msg: string): never => {
  throw new EnclaveBuildError(
    'EVIDENCE_INVALID',
    `the cs-token evidence is malformed: ${msg}`
  )
}

/** Checks the x5c chain up to the pinned root; returns the leaf's key. */
function pkiKey(x5c: unknown, rootPem: string, at: Date): KeyObject {
  if (
    !Array.isArray(x5c) ||
    x5c.length === 0 ||
    !x5c.every((c) => typeof c === 'string')
  )
    invalid('x5c must be a list of base64 certificates')
  let certs: X509Certificate[]
  try {
    certs = (x5c as string[]).map(
      (c) => new X509Certificate(Buffer.from(c, 'base64'))
    )
  } catch {
    return invalid('a certificate in x5c does not parse')
  }
  const root = new X509Certificate(rootPem)
  if (!certs[certs.length - 1].raw.equals(root.raw)) certs.push(root)
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i]
    if (at < new Date(c.validFrom) || at > new Date(c.validTo))
      refuse(
        `certificate ${c.subject.replace(/\n/g, ', ')} is not valid at ${at.toISOString()}`
      )
    const issuer = certs[i + 1] ?? root
    if (!c.checkIssued(issuer) || !c.verify(issuer.publicKey))
      refuse(
        `certificate ${i} of x5c is not signed by the next (the chain must end in Google's Confidential Space Root CA)`
      )
  }
  return certs[0].publicKey
}

type Claims = JWTPayload & {
  hwmodel?: unknown
  swname?: unknown
  dbgstat?: unknown
  swversion?: unknown
  eat_nonce?: unknown
  submods?: {
    confidential_space?: { support_attributes?: unknown }
    container?: Record<string, unknown>
    gce?: Record<string, unknown>
  }
}

/** Verifies a token (its bytes as read from the evidence file). */
export async function verifyCsToken(
  bytes: Uint8Array,
  o: CsTokenOptions
): Promise<Evidence> {
  const token = Buffer.from(bytes).toString('utf8').trim()
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    invalid('not a compact JWS (three base64url parts)')
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(token)
  } catch {
    return invalid('the header is not base64url JSON')
  }
  if (header.alg !== 'RS256') refuse(`alg is ${String(header.alg)}, not RS256`)
  const pki = header.x5c !== undefined
  if (!pki && !o.jwks)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'an OIDC Confidential Space token needs the signer keys: --cs-jwks FILE|URL (Google publishes them at https://www.googleapis.com/service_accounts/v1/metadata/jwk/signer@confidentialspace-sign.iam.gserviceaccount.com)'
    )
  const opts = {
    issuer: CS_ISSUER,
    audience: o.audience,
    algorithms: ['RS256'],
    currentDate: o.at,
    requiredClaims: ['exp', 'iat']
  }
  let payload: Claims
  try {
    payload = (
      pki
        ? await jwtVerify(
            token,
            pkiKey(header.x5c, o.rootPem ?? GOOGLE_CS_ROOT_PEM, o.at),
            opts
          )
        : await jwtVerify(
            token,
            createLocalJWKSet(o.jwks as JSONWebKeySet),
            opts
          )
    ).payload
  } catch (err) {
    if (err instanceof EnclaveBuildError) throw err
    // a segment that is not base64url (RFC 7515 §7.1): malformed, not refused
    if (err instanceof joseErrors.JWSInvalid) return invalid(err.message)
    if (err instanceof joseErrors.JWSSignatureVerificationFailed)
      return refuse('its signature does not verify')
    if (err instanceof joseErrors.JWKSNoMatchingKey)
      return refuse('no key of the JWKS signed it')
    if (err instanceof joseErrors.JWTExpired)
      return refuse(`it expired (exp ${String(err.payload.exp)})`)
    if (err instanceof joseErrors.JWTClaimValidationFailed)
      return refuse(`${err.claim}: ${err.message}`)
    return refuse((err as Error).message)
  }
  if (payload.swname !== 'CONFIDENTIAL_SPACE')
    refuse(
      `swname is ${JSON.stringify(payload.swname)}, not CONFIDENTIAL_SPACE`
    )
  if (payload.dbgstat !== 'disabled-since-boot' && !o.allowDebug)
    refuse(
      `dbgstat is ${JSON.stringify(payload.dbgstat)}: the image can be debugged (--cs-allow-debug to accept)`
    )
  const hw = o.hwmodels ?? CS_HWMODELS
  if (typeof payload.hwmodel !== 'string' || !hw.includes(payload.hwmodel))
    refuse(
      `hwmodel ${JSON.stringify(payload.hwmodel)} is not one of ${hw.join(', ')}`
    )
  const support = payload.submods?.confidential_space?.support_attributes
  const have = Array.isArray(support)
    ? support.filter((s): s is string => typeof s === 'string')
    : []
  for (const s of o.support ?? ['STABLE'])
    if (!have.includes(s))
      refuse(`support_attributes ${JSON.stringify(have)} lack ${s}`)
  const c = payload.submods?.container ?? {}
  const digest = c.image_digest
  if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest))
    refuse('submods.container.image_digest is missing or not sha256:<64 hex>')
  if (
    c.cmd_override !== undefined &&
    c.cmd_override !== null &&
    !(Array.isArray(c.cmd_override) && c.cmd_override.length === 0) &&
    !o.allowCmdOverride
  )
    refuse(
      'the operator overrode the container command (cmd_override); the image alone does not say what ran'
    )
  const value = (digest as string).slice(7)
  return {
    type: 'cs-token',
    measurement: { name: 'IMAGE_DIGEST', algorithm: 'sha256', value },
    registers: [{ name: 'IMAGE_DIGEST', algorithm: 'sha256', value }],
    evidenceSignature: 'verified',
    fields: {
      tokenType: pki ? 'PKI' : 'OIDC',
      iss: payload.iss,
      aud: payload.aud,
      iat: payload.iat,
      exp: payload.exp,
      hwmodel: payload.hwmodel,
      swname: payload.swname,
      swversion: payload.swversion,
      dbgstat: payload.dbgstat,
      supportAttributes: have,
      imageDigest: digest,
      imageReference: c.image_reference,
      imageId: c.image_id,
      restartPolicy: c.restart_policy,
      args: c.args,
      env: c.env,
      cmdOverride: c.cmd_override,
      envOverride: c.env_override,
      eatNonce: payload.eat_nonce
    },
    platform: { hwmodel: String(payload.hwmodel) }
  }
}
