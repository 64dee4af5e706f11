import { X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import type { EvidenceType } from './types.js'
import { evidenceUnverified, invalidEvidence } from './types.js'
import { readExtensions, type CertificateExtensions } from './x509.js'

/*
 * Certificate-path checks shared by the SEV-SNP (VCEK ← ASK ← ARK) and
 * DCAP (PCK ← Platform/Processor CA ← Intel SGX Root CA) verifiers: every
 * link signed by the next, each issuer a CA allowed to sign certificates,
 * every certificate valid at the verification time, no critical extension
 * we do not understand, and the root compared by fingerprint with the
 * pinned one, never trusted from the evidence.
 */

/** A certificate's subject on one line, for messages. */
export function subjectOf(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ')
}

/** The common name of a distinguished name as X509Certificate prints it. */
export function commonName(dn: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1]
}

/** Parses one certificate (PEM or DER), EVIDENCE_INVALID when it is not one. */
export function certificateOf(
  type: EvidenceType,
  bytes: string | Uint8Array,
  what: string
): X509Certificate {
  try {
    return new X509Certificate(bytes)
  } catch {
    return invalidEvidence(type, `${what} is not an X.509 certificate`)
  }
}

/** All PEM certificates of a text, in order. */
export function pemCertificates(
  type: EvidenceType,
  text: string,
  what: string
): X509Certificate[] {
  const pems =
    text.match(
      /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g
    ) ?? []
  if (pems.length === 0)
    invalidEvidence(type, `${what} holds no PEM certificate`)
  return pems.map((p, i) => certificateOf(type, p, `${what} [${i}]`))
}

/** The extensions of a certificate, coded with its subject. */
export function extensionsOf(
  type: EvidenceType,
  cert: X509Certificate
): CertificateExtensions {
  try {
    return readExtensions(cert.raw)
  } catch (err) {
    if (err instanceof EnclaveBuildError)
      invalidEvidence(type, `certificate "${subjectOf(cert)}": ${err.message}`)
    throw err
  }
}

/**
 * Verifies `path` (leaf first, the pinned root last) at time `at`. The
 * caller has already compared the root with its pin (so its self-signature
 * is not checked, only its validity and constraints); a path whose top
 * certificate is not signed by the root is TRUST_ROOT_UNKNOWN, any other
 * failure EVIDENCE_UNVERIFIED (a certificate that does not parse: EVIDENCE_INVALID).
 */
export function verifyPath(
  type: EvidenceType,
  path: X509Certificate[],
  at: Date
): void {
  const root = path[path.length - 1]
  path.forEach((cert, i) => {
    const name = subjectOf(cert)
    const ext = extensionsOf(type, cert)
    if (ext.criticalUnknown.length > 0)
      evidenceUnverified(
        type,
        `certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`
      )
    if (ext.nameConstraints)
      evidenceUnverified(
        type,
        `certificate "${name}" has name constraints, which this verifier does not support`
      )
    // The leaf signs the evidence (or the collateral), the others certificates.
    if (i === 0 && ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
      evidenceUnverified(
        type,
        `certificate "${name}" may not sign (keyUsage lacks digitalSignature)`
      )
    if (i > 0 && ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
      evidenceUnverified(
        type,
        `certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`
      )
    const pathLen = ext.basicConstraints?.pathLen
    if (i > 0 && pathLen !== undefined && i - 1 > pathLen)
      evidenceUnverified(
        type,
        `certificate "${name}" allows ${pathLen} intermediate CA(s) below it but has ${i - 1}`
      )
    if (at < cert.validFromDate || at > cert.validToDate)
      evidenceUnverified(
        type,
        `certificate "${name}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()}); pass the time the evidence was produced with --evidence-time`
      )
    if (i > 0 && !cert.ca) evidenceUnverified(type, `"${name}" is not a CA`)
    // The root is pinned by fingerprint: its self-signature adds nothing.
    if (i === path.length - 1) return
    const issuer = path[i + 1]
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
      if (i === path.length - 2)
        throw new EnclaveBuildError(
          'TRUST_ROOT_UNKNOWN',
          `the ${type} certificate "${name}" is not signed by the pinned root "${subjectOf(root)}" (${root.fingerprint256})`
        )
      evidenceUnverified(
        type,
        `certificate "${name}" is not signed by "${subjectOf(issuer)}"`
      )
    }
  })
}
