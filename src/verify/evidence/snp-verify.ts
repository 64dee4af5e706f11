// Why this file is long: one SEV-SNP verification read as one sequence (chain, CRL, signature, VCEK TCB and chip, policy), with its two refusals: malformed (EVIDENCE_INVALID) and not verifying (EVIDENCE_UNVERIFIED).
import { verify as verifySignature, X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { AMD_ROOTS, SNP_PRODUCTS, type SnpProduct } from './amd-roots.js'
import {
  certificateOf,
  commonName,
  extensionsOf,
  subjectOf,
  verifyPath
} from './chain.js'
import { checkSnpPolicy, type SnpPolicy, type SnpTcb } from './snp-policy.js'
import { checkSnpFirmwareTcb } from './snp-tcb.js'
import { checkNotRevoked, readCrl } from './crl.js'
import { parseSnpReport, snpReportBytes, snpTcbFields } from './snp-report.js'
import {
  evidenceUnverified,
  hexOf,
  invalidEvidence,
  type Evidence
} from './types.js'
import { derOnly, derSmallInteger } from './x509.js'

/*
 * Verifies an SEV-SNP attestation report to AMD's root (SEV-SNP Firmware
 * ABI §7.3 and "Versioned Chip Endorsement Key (VCEK) Certificate and KDS
 * Interface Specification"): VCEK (or VLEK) ← ASK (or ASVK) ← ARK pinned
 * per product, the ECDSA P-384 signature over bytes 0..0x29F, the TCB the
 * VCEK was issued for against REPORTED_TCB, its hwID against CHIP_ID, and
 * the guest policy against the relying party's.
 */

/** Where the signature of a report starts and what it covers. */
const SIGNED = 0x2a0
/** AMD's VCEK extension OIDs (KDS spec, table 8). */
const AMD_OID = '1.3.6.1.4.1.3704.1'
const SPL: Record<keyof SnpTcb, string> = {
  bootLoader: `${AMD_OID}.3.1`,
  tee: `${AMD_OID}.3.2`,
  snp: `${AMD_OID}.3.3`,
  microcode: `${AMD_OID}.3.8`,
  fmc: `${AMD_OID}.3.9`
}
const HW_ID = `${AMD_OID}.4`

/** The certificates of one report: the leaf, and optionally its ASK/ASVK. */
export interface SnpCertificates {
  /** VCEK or VLEK, PEM or DER. */
  vcek: string | Uint8Array
  /** ASK or ASVK, PEM or DER; default: the pinned one of the product. */
  ask?: string | Uint8Array
}

/** Options of {@link verifySnpReport}. */
export interface SnpVerifyOptions {
  certificates: SnpCertificates
  policy: SnpPolicy
  /** When the certificates must be valid. */
  at: Date
  /**
   * AMD's CRL for the product (KDS /vcek|vlek/v1/{product}/crl), signed by
   * the ARK: the ASK/ASVK must not be on it. Unchecked without one, as
   * go-sev-guest's check without -check_crl.
   */
  crl?: Uint8Array
}

function bad(detail: string): never {
  return invalidEvidence('snp-report', detail)
}

/** Well formed, but a check says no. */
function refused(detail: string): never {
  return evidenceUnverified('snp-report', detail)
}

/** REPORTED_TCB in the product's layout (Turin moved the fields). */
export function decodeTcb(b: Buffer, at: number, product: SnpProduct): SnpTcb {
  if (product === 'Turin')
    return {
      fmc: b[at],
      bootLoader: b[at + 1],
      tee: b[at + 2],
      snp: b[at + 3],
      microcode: b[at + 7]
    }
  return {
    bootLoader: b[at],
    tee: b[at + 1],
    snp: b[at + 6],
    microcode: b[at + 7]
  }
}

/** The product line a VCEK/VLEK names in its issuer (SEV-Milan, SEV-VLEK-Genoa). */
function productOf(leaf: X509Certificate): SnpProduct {
  const cn = commonName(leaf.issuer) ?? ''
  const product = SNP_PRODUCTS.find(
    (p) => cn === `SEV-${p}` || cn === `SEV-VLEK-${p}`
  )
  if (product === undefined)
    throw new EnclaveBuildError(
      'TRUST_ROOT_UNKNOWN',
      `the SEV-SNP certificate is issued by "${cn}", not an AMD ${SNP_PRODUCTS.join('/')} ASK or ASVK`
    )
  return product
}

const arks = new Map<SnpProduct, X509Certificate>()

/** The pinned ARK of a product, checked against its fingerprint once. */
function pinnedArk(product: SnpProduct): X509Certificate {
  const cached = arks.get(product)
  if (cached) return cached
  const ark = new X509Certificate(AMD_ROOTS[product].ark)
  if (ark.fingerprint256 !== AMD_ROOTS[product].arkSha256)
    throw new EnclaveBuildError('INTERNAL', `embedded ARK-${product} changed`)
  arks.set(product, ark)
  return ark
}

/** The VCEK's TCB SPL extensions and hwID. */
function vcekClaims(
  leaf: X509Certificate,
  product: SnpProduct
): { tcb: Partial<SnpTcb>; hwId?: Buffer } {
  const values = extensionsOf('snp-report', leaf).values
  const tcb: Partial<SnpTcb> = {}
  for (const [k, oid] of Object.entries(SPL) as [keyof SnpTcb, string][]) {
    const v = values.get(oid)
    if (v === undefined) {
      if (k !== 'fmc' || product === 'Turin')
        bad(`the VCEK/VLEK lacks its ${k} SPL extension ${oid}`)
      continue
    }
    tcb[k] = derSmallInteger(v, `${k} SPL`)
  }
  const raw = values.get(HW_ID)
  if (raw === undefined) return { tcb }
  // Milan/Genoa KDS certificates hold the 64 raw bytes; accept the DER
  // OCTET STRING form too.
  const hwId =
    raw[0] === 0x04 && raw.length > 2 ? derOnly(raw, 0x04, 'hwID') : raw
  return { tcb, hwId: Buffer.from(hwId) }
}

/** r and s are 72-byte little-endian fields; P-384 uses the low 48 bytes. */
function p1363Signature(report: Buffer): Buffer {
  const field = (at: number): Buffer => {
    const le = report.subarray(at, at + 72)
    if (le.subarray(48).some((x) => x !== 0))
      bad('the signature r or s is larger than a P-384 scalar')
    return Buffer.from(le.subarray(0, 48)).reverse()
  }
  // The rest of the signature field is reserved and unsigned: junk there
  // would ride along with a valid report (go-sev-guest refuses it too).
  if (report.subarray(SIGNED + 144).some((x) => x !== 0))
    bad('the reserved bytes after the signature (0x330-0x49F) are not zero')
  return Buffer.concat([field(SIGNED), field(SIGNED + 72)])
}

/**
 * Parses and verifies an SEV-SNP report: chain to the pinned ARK, the
 * report signature, VCEK TCB = REPORTED_TCB, hwID = CHIP_ID, then the
 * policy. Malformed input is EVIDENCE_INVALID, a failed check
 * EVIDENCE_UNVERIFIED, a chain
 * to another root TRUST_ROOT_UNKNOWN, a refused policy bit
 * EVIDENCE_POLICY_REJECTED, a TCB below the minimum EVIDENCE_TCB_REJECTED.
 */
export function verifySnpReport(
  bytes: Uint8Array,
  options: SnpVerifyOptions
): Evidence {
  const report = snpReportBytes(bytes)
  const evidence = parseSnpReport(report)
  const leaf = certificateOf('snp-report', options.certificates.vcek, 'VCEK')
  const product = productOf(leaf)
  const flags = report.readUInt32LE(0x48)
  const keySel = (flags >> 2) & 7
  if (keySel > 1)
    refused(`the report is not signed (SIGNING_KEY ${keySel}: no VCEK or VLEK)`)
  const kind = keySel === 0 ? 'VCEK' : 'VLEK'
  if (commonName(leaf.subject) !== `SEV-${kind}`)
    refused(
      `the report is signed with the ${kind}, but the certificate given is "${subjectOf(leaf)}"`
    )
  const roots = AMD_ROOTS[product]
  const ask = certificateOf(
    'snp-report',
    options.certificates.ask ?? (kind === 'VCEK' ? roots.ask : roots.asvk),
    kind === 'VCEK' ? 'ASK' : 'ASVK'
  )
  const ark = pinnedArk(product)
  verifyPath('snp-report', [leaf, ask, ark], options.at)
  if (options.crl) {
    const crl = readCrl('snp-report', options.crl, ark, options.at, "AMD's CRL")
    checkNotRevoked('snp-report', crl, ask)
    checkNotRevoked('snp-report', crl, leaf)
  }

  const key = leaf.publicKey
  if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
    bad(`the ${kind} does not hold a P-384 key`)
  if (report.readUInt32LE(0x34) !== 1)
    bad('the signature algorithm is not ECDSA P-384 with SHA-384 (1)')
  const ok = verifySignature(
    'sha384',
    report.subarray(0, SIGNED),
    { key, dsaEncoding: 'ieee-p1363' },
    p1363Signature(report)
  )
  if (!ok) refused(`the report signature does not verify with the ${kind}`)

  const reported = decodeTcb(report, 0x180, product)
  const claims = vcekClaims(leaf, product)
  const differs = (Object.keys(claims.tcb) as (keyof SnpTcb)[]).filter(
    (k) => claims.tcb[k] !== reported[k]
  )
  if (differs.length > 0)
    refused(
      `the ${kind} was issued for another TCB (${differs.map((k) => `${k} ${claims.tcb[k]} ≠ reported ${reported[k]}`).join(', ')}); fetch the ${kind} for the report's REPORTED_TCB`
    )
  const chipId = report.subarray(0x1a0, 0x1e0)
  const masked = (flags & 2) === 2
  if (kind === 'VCEK') {
    if (claims.hwId === undefined) bad('the VCEK has no hwID extension')
    if (!masked && !chipId.subarray(0, claims.hwId.length).equals(claims.hwId))
      refused(
        `the VCEK is for chip ${hexOf(claims.hwId)}, the report for ${hexOf(chipId)}`
      )
  }
  checkSnpFirmwareTcb(
    report,
    product,
    options.policy.provisional ?? false,
    decodeTcb
  )
  checkSnpPolicy(evidence.fields, reported, options.policy)
  return {
    ...evidence,
    evidenceSignature: 'verified',
    fields: {
      ...evidence.fields, // every TCB in the layout of the VCEK's product
      currentTcb: snpTcbFields(report, 0x38, product === 'Turin'),
      reportedTcb: snpTcbFields(report, 0x180, product === 'Turin'),
      committedTcb: snpTcbFields(report, 0x1e0, product === 'Turin'),
      launchTcb: snpTcbFields(report, 0x1f0, product === 'Turin'),
      product,
      signingKey: kind,
      root: roots.arkSha256
    },
    tcb: {
      status: options.policy.minTcb ? 'MeetsMinimum' : 'NoMinimumStated',
      advisoryIds: []
    },
    platform: {
      product,
      chipId: masked ? 'masked' : hexOf(chipId),
      reportedTcb: hexOf(report.subarray(0x180, 0x188))
    }
  }
}
