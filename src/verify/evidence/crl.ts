import {
  constants,
  verify as verifySignature,
  type X509Certificate
} from 'node:crypto'
import { derElements, derOnly, objectIdentifier } from './x509.js'
import {
  collateralOutOfDate,
  evidenceUnverified,
  invalidEvidence,
  type EvidenceType
} from './types.js'

/*
 * X.509 certificate revocation lists (RFC 5280 §5), as Intel's PCS serves
 * them for the SGX Root CA and the PCK Platform/Processor CAs. node:crypto
 * has no CRL type, so this reads the DER with the strict reader of
 * x509.ts and checks the signature with the issuer's key.
 */

const SEQUENCE = 0x30
const INTEGER = 0x02
const UTC_TIME = 0x17
const GENERALIZED_TIME = 0x18
const ECDSA_SHA256 = '1.2.840.10045.4.3.2'
/** AMD's ARK signs its CRLs RSASSA-PSS, SHA-384, 48-byte salt. */
const RSASSA_PSS = '1.2.840.113549.1.1.10'

/** A verified CRL: when it is valid and which serials it revokes. */
export interface Crl {
  thisUpdate: Date
  nextUpdate: Date
  /** Upper-case hex serial numbers, as X509Certificate.serialNumber prints them. */
  revoked: Set<string>
}

/** UTCTime / GeneralizedTime (Z form only, as RFC 5280 requires). */
function time(type: EvidenceType, tag: number, b: Uint8Array): Date {
  const s = Buffer.from(b).toString('latin1')
  const m =
    tag === UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  if (m === null) return invalidEvidence(type, `CRL time "${s}" is malformed`)
  let year = Number(m[1])
  if (tag === UTC_TIME) year += year < 50 ? 2000 : 1900
  return new Date(Date.UTC(year, +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
}

/** Serial number contents as X509Certificate prints them (no leading 00). */
function serialHex(b: Uint8Array): string {
  let hex = Buffer.from(b).toString('hex').toUpperCase()
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2)
  return hex
}

/**
 * Parses a DER CRL and verifies its signature (Intel's ECDSA-SHA256, AMD's
 * RSASSA-PSS SHA-384) with `issuer`'s
 * key and its validity at `at`. EVIDENCE_INVALID when it is not a CRL,
 * EVIDENCE_UNVERIFIED when it does not verify or is stale: a CRL that
 * cannot be checked revokes nothing we could rely on.
 */
export function readCrl(
  type: EvidenceType,
  der: Uint8Array,
  issuer: X509Certificate,
  at: Date,
  what: string
): Crl {
  let parts
  try {
    parts = derElements(derOnly(der, SEQUENCE, 'CertificateList'))
  } catch {
    return invalidEvidence(type, `${what} is not a DER CRL`)
  }
  const fail = (detail: string): never =>
    invalidEvidence(type, `${what}: ${detail}`)
  if (parts.length !== 3 || parts.some((p, i) => i < 2 && p.tag !== SEQUENCE))
    fail('not a CRL')
  const [tbs, algorithm, signature] = parts
  const alg = derElements(algorithm.contents)
  const oid = alg[0]?.tag === 0x06 ? objectIdentifier(alg[0].contents) : ''
  if (oid !== ECDSA_SHA256 && oid !== RSASSA_PSS)
    fail('not signed with ECDSA-SHA256 (Intel) or RSASSA-PSS (AMD)')
  if (signature.tag !== 0x03 || signature.contents[0] !== 0)
    fail('bad signature BIT STRING')
  // PSS parameters are not read: only SHA-384 with a 48-byte salt verifies.
  const ok =
    oid === ECDSA_SHA256
      ? verifySignature(
          'sha256',
          tbs.encoded,
          issuer.publicKey,
          signature.contents.subarray(1)
        )
      : verifySignature(
          'sha384',
          tbs.encoded,
          {
            key: issuer.publicKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 48
          },
          signature.contents.subarray(1)
        )
  if (!ok)
    evidenceUnverified(
      type,
      `${what}: not signed by "${issuer.subject.replace(/\n/g, ', ')}"`
    )

  const fields = derElements(tbs.contents)
  let i = fields[0]?.tag === INTEGER ? 1 : 0 // version v2
  // RFC 5280 §5.1.1.2: the signed algorithm must be the outer one.
  if (!Buffer.from(fields[i]?.encoded ?? []).equals(algorithm.encoded))
    fail('the signed and outer signature algorithms differ')
  i += 2 // signature algorithm, issuer (the signature binds the issuer)
  const [thisUpdate, nextUpdate] = [fields[i], fields[i + 1]]
  const isTime = (f?: { tag: number }): boolean =>
    f?.tag === UTC_TIME || f?.tag === GENERALIZED_TIME
  if (!isTime(thisUpdate) || !isTime(nextUpdate))
    fail('thisUpdate/nextUpdate missing')
  const crl: Crl = {
    thisUpdate: time(type, thisUpdate.tag, thisUpdate.contents),
    nextUpdate: time(type, nextUpdate.tag, nextUpdate.contents),
    revoked: new Set()
  }
  const list = fields[i + 2]
  if (list?.tag === SEQUENCE)
    for (const entry of derElements(list.contents)) {
      const serial = derElements(entry.contents)[0]
      if (serial?.tag !== INTEGER) fail('revoked entry without a serial')
      crl.revoked.add(serialHex(serial.contents))
    }
  // Only a stale CRL is refused. One issued after the time of check (old
  // evidence checked with today's collateral) knows every revocation the
  // older one did and more, so it can only make the check stricter; its
  // revocations count whatever their date. dcap-qvl (webpki) does the same;
  // a CRL issued in the future of the time of check is not an error there.
  if (at > crl.nextUpdate)
    collateralOutOfDate(
      type,
      `${what} is stale at ${at.toISOString()} (next update was due ${crl.nextUpdate.toISOString()}); fetch current collateral or pass the time it was valid with --evidence-time`
    )
  return crl
}

/** Refuses a certificate the CRL revokes. */
export function checkNotRevoked(
  type: EvidenceType,
  crl: Crl,
  cert: X509Certificate
): void {
  if (crl.revoked.has(serialHex(Buffer.from(cert.serialNumber, 'hex'))))
    evidenceUnverified(
      type,
      `certificate "${cert.subject.replace(/\n/g, ', ')}" (serial ${cert.serialNumber}) is revoked`
    )
}

/**
 * A DER CRL's nextUpdate, unverified: only for deciding when a cached copy
 * must be fetched again (readCrl verifies it before any use). Undefined
 * when the bytes are not a CRL.
 */
export function crlNextUpdate(der: Uint8Array): Date | undefined {
  try {
    const [tbs] = derElements(derOnly(der, SEQUENCE, 'CertificateList'))
    const fields = derElements(tbs.contents)
    const next = fields[(fields[0]?.tag === INTEGER ? 1 : 0) + 3]
    if (next?.tag !== UTC_TIME && next?.tag !== GENERALIZED_TIME)
      return undefined
    return time('sgx-quote', next.tag, next.contents)
  } catch {
    return undefined
  }
}
