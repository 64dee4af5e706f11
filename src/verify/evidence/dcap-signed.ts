import {
  createPublicKey,
  verify as verifySignature,
  X509Certificate,
  type KeyObject
} from 'node:crypto'
import type { z } from 'zod'
import { EnclaveBuildError } from '../../errors.js'
import { pemCertificates, subjectOf, verifyPath } from './chain.js'
import { checkNotRevoked, type Crl } from './crl.js'
import {
  collateralOutOfDate,
  evidenceUnverified,
  invalidEvidence,
  type EvidenceType
} from './types.js'

/*
 * The signed parts of DCAP collateral and evidence: certificate chains to
 * the pinned Intel SGX Root CA (checked against the root CA CRL), and the
 * TCB info / QE identity bodies signed by the TCB Signing certificate.
 */

/** A chain from evidence or collateral, its top replaced by the pinned root once it matches. */
export function chainTo(
  type: EvidenceType,
  pem: string,
  root: X509Certificate,
  what: string,
  at: Date,
  rootCrl?: Crl,
  seen?: Map<string, X509Certificate[]>
): X509Certificate[] {
  // TCB info and QE identity usually share one issuer chain: check it once.
  const known = seen?.get(pem)
  if (known) return known
  const certs = pemCertificates(type, pem, what)
  const top = certs[certs.length - 1]
  if (certs.length < 2 || top.fingerprint256 !== root.fingerprint256)
    throw new EnclaveBuildError(
      'TRUST_ROOT_UNKNOWN',
      `the ${what} ends in "${subjectOf(top)}" (${top.fingerprint256}), not the pinned Intel SGX Root CA ${root.fingerprint256}`
    )
  const path = [...certs.slice(0, -1), root]
  verifyPath(type, path, at)
  if (rootCrl)
    for (const c of path.slice(0, -1)) checkNotRevoked(type, rootCrl, c)
  seen?.set(pem, path)
  return path
}

/** Verifies a signed collateral body (TCB info / QE identity) and parses it. */
export function signedBody<T extends z.ZodType>(
  type: EvidenceType,
  schema: T,
  text: string,
  signatureHex: string,
  signer: X509Certificate,
  at: Date,
  what: string
): z.infer<T> {
  const sig = Buffer.from(signatureHex, 'hex')
  if (
    sig.length !== 64 ||
    !verifySignature(
      'sha256',
      Buffer.from(text, 'utf8'),
      { key: signer.publicKey, dsaEncoding: 'ieee-p1363' },
      sig
    )
  )
    evidenceUnverified(
      type,
      `the ${what} signature does not verify with "${subjectOf(signer)}"`
    )
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return invalidEvidence(type, `the ${what} is not JSON`)
  }
  const r = schema.safeParse(json)
  if (!r.success)
    invalidEvidence(
      type,
      `the ${what} is malformed: ${r.error.issues[0].message}`
    )
  const body = r.data as { issueDate: string; nextUpdate: string }
  if (at < new Date(body.issueDate) || at > new Date(body.nextUpdate))
    collateralOutOfDate(
      type,
      `the ${what} is valid ${body.issueDate} to ${body.nextUpdate}, not at ${at.toISOString()}; fetch current collateral (--dcap-pcs) or pass a time it was valid with --evidence-time`
    )
  return r.data
}

/** The raw X ‖ Y P-256 attestation key as a KeyObject. */
export function p256Key(type: EvidenceType, raw: Buffer): KeyObject {
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(0, 32).toString('base64url'),
        y: raw.subarray(32).toString('base64url')
      },
      format: 'jwk'
    })
  } catch {
    return invalidEvidence(type, 'the attestation key is not a P-256 point')
  }
}

/** Verifies an ECDSA-P256 r ‖ s signature over `data`, EVIDENCE_UNVERIFIED naming `what`. */
export function checkSig(
  type: EvidenceType,
  data: Buffer,
  key: KeyObject,
  sig: Buffer,
  what: string
): void {
  if (!verifySignature('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig))
    evidenceUnverified(type, `the ${what} does not verify`)
}
