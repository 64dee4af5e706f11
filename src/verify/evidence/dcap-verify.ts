import {
  createHash,
  createPublicKey,
  verify as verifySignature,
  X509Certificate,
  type KeyObject
} from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { pemCertificates, subjectOf, verifyPath } from './chain.js'
import { checkNotRevoked, readCrl, type Crl } from './crl.js'
import {
  qeIdentitySchema,
  tcbInfoSchema,
  type DcapCollateral,
  type TcbStatus
} from './dcap-collateral.js'
import { splitDcapQuote } from './dcap-quote.js'
import {
  mergeVerdicts,
  moduleVerdict,
  platformVerdict,
  qeVerdict
} from './dcap-tcb.js'
import { INTEL_SGX_ROOT_PEM, INTEL_SGX_ROOT_SHA256 } from './intel-root.js'
import { pckClaims } from './pck.js'
import { parseSgxQuote } from './sgx-quote.js'
import { tdAttributeProblem, tdxEvidence, tdxFields } from './tdx-quote.js'
import { invalidEvidence, type Evidence, type EvidenceType } from './types.js'
import type { z } from 'zod'

/*
 * Verifies an SGX (v3, v4) or TDX (v4, v5) DCAP quote to the pinned Intel
 * SGX Root CA with collateral given as data (dcap-qvl's shape), in the
 * order of Intel's QVL: CRLs, TCB info and QE identity signatures, the PCK
 * chain, the QE report signature by the PCK key, the QE report data
 * binding the attestation key, the quote signature, then the TCB status
 * and the relying party's policy.
 */

/** What the relying party accepts of a DCAP quote. */
export interface DcapPolicy {
  /** TCB statuses accepted (default UpToDate only). */
  acceptedStatuses: TcbStatus[]
  /** Whether a debug enclave / TD is accepted (default no). */
  debug: boolean
}

/** Options of {@link verifyDcapQuote}. */
export interface DcapVerifyOptions {
  collateral: DcapCollateral
  policy: DcapPolicy
  at: Date
}

let pinnedRoot: X509Certificate | undefined

/** The pinned root, checked against its fingerprint once per process. */
function intelRoot(): X509Certificate {
  if (pinnedRoot) return pinnedRoot
  const root = new X509Certificate(INTEL_SGX_ROOT_PEM)
  if (root.fingerprint256 !== INTEL_SGX_ROOT_SHA256)
    throw new EnclaveBuildError(
      'INTERNAL',
      'embedded Intel SGX Root CA changed'
    )
  return (pinnedRoot = root)
}

/** A chain from evidence or collateral, its top replaced by the pinned root once it matches. */
function chainTo(
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
function signedBody<T extends z.ZodType>(
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
    invalidEvidence(
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
    invalidEvidence(
      type,
      `the ${what} is valid ${body.issueDate} to ${body.nextUpdate}, not at ${at.toISOString()}; fetch current collateral or pass the time with --evidence-time`
    )
  return r.data
}

/** The raw X ‖ Y P-256 attestation key as a KeyObject. */
function p256Key(type: EvidenceType, raw: Buffer): KeyObject {
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

function checkSig(
  type: EvidenceType,
  data: Buffer,
  key: KeyObject,
  sig: Buffer,
  what: string
): void {
  if (!verifySignature('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig))
    invalidEvidence(type, `the ${what} does not verify`)
}

/**
 * Verifies a DCAP quote of `type` ('sgx-quote' or 'tdx-quote'). Malformed
 * input or a failed check is EVIDENCE_INVALID, a chain to another root
 * TRUST_ROOT_UNKNOWN, a TCB status not accepted EVIDENCE_TCB_REJECTED, a
 * debug enclave/TD not accepted EVIDENCE_POLICY_REJECTED.
 */
export function verifyDcapQuote(
  type: 'sgx-quote' | 'tdx-quote',
  bytes: Uint8Array,
  options: DcapVerifyOptions
): Evidence {
  const { collateral: c, at } = options
  const q = splitDcapQuote(type, bytes)
  const root = intelRoot()
  const rootCrl = readCrl(
    type,
    Buffer.from(c.root_ca_crl, 'hex'),
    root,
    at,
    'the root CA CRL'
  )
  checkNotRevoked(type, rootCrl, root)
  const seen = new Map<string, X509Certificate[]>()

  const [tcbSigner] = chainTo(
    type,
    c.tcb_info_issuer_chain,
    root,
    'TCB info issuer chain',
    at,
    rootCrl,
    seen
  )
  const info = signedBody(
    type,
    tcbInfoSchema,
    c.tcb_info,
    c.tcb_info_signature,
    tcbSigner,
    at,
    'TCB info'
  )
  const [qeSigner] = chainTo(
    type,
    c.qe_identity_issuer_chain,
    root,
    'QE identity issuer chain',
    at,
    rootCrl,
    seen
  )
  const identity = signedBody(
    type,
    qeIdentitySchema,
    c.qe_identity,
    c.qe_identity_signature,
    qeSigner,
    at,
    'QE identity'
  )

  const [pck, pckCa] = chainTo(
    type,
    q.pckChainPem,
    root,
    'PCK certificate chain',
    at,
    rootCrl
  )
  const pckCrl = readCrl(
    type,
    Buffer.from(c.pck_crl, 'hex'),
    pckCa,
    at,
    'the PCK CRL'
  )
  checkNotRevoked(type, pckCrl, pck)
  const claims = pckClaims(type, pck)

  checkSig(
    type,
    q.qeReport,
    pck.publicKey,
    q.qeReportSignature,
    'QE report signature (by the PCK key)'
  )
  const binding = createHash('sha256')
    .update(q.attestationKey)
    .update(q.qeAuthData)
    .digest()
  if (
    !q.qeReport.subarray(320, 352).equals(binding) ||
    q.qeReport.subarray(352, 384).some((x) => x !== 0)
  )
    invalidEvidence(
      type,
      'the QE report data does not bind the attestation key and QE auth data'
    )
  checkSig(
    type,
    q.signed,
    p256Key(type, q.attestationKey),
    q.signature,
    'quote signature (by the attestation key)'
  )

  const td = q.tee === 'tdx' ? tdxFields(q.body) : undefined
  let verdict = mergeVerdicts(
    platformVerdict(type, info, claims, td?.teeTcbSvn),
    qeVerdict(type, identity, q.qeReport, q.tee === 'tdx')
  )
  if (td) {
    const m = moduleVerdict(type, info, td)
    if (m) verdict = mergeVerdicts(verdict, m)
  }
  const base =
    q.tee === 'tdx' ? tdxEvidence(q.body, q.version) : parseSgxQuote(bytes)
  const debug =
    q.tee === 'tdx' ? (q.body[120] & 1) === 1 : (q.body[48] & 2) === 2
  const evidence: Evidence = {
    ...base,
    evidenceSignature: 'verified',
    fields: {
      ...base.fields,
      tcbStatus: verdict.status,
      advisoryIds: verdict.advisoryIds,
      root: root.fingerprint256
    },
    tcb: {
      status: verdict.status,
      advisoryIds: verdict.advisoryIds,
      ...(verdict.date ? { date: verdict.date } : {})
    },
    platform: {
      fmspc: claims.fmspc,
      pceId: claims.pceId,
      pceSvn: String(claims.pceSvn),
      cpuSvn: claims.cpuSvn
    }
  }
  if (!options.policy.acceptedStatuses.includes(verdict.status))
    throw new EnclaveBuildError(
      'EVIDENCE_TCB_REJECTED',
      `the platform's TCB status is ${verdict.status}${verdict.advisoryIds.length ? ` (${verdict.advisoryIds.join(', ')})` : ''}, not one of the accepted ${options.policy.acceptedStatuses.join(', ')}; update the platform, or accept it with --dcap-tcb-accept`
    )
  if (debug && !options.policy.debug)
    throw new EnclaveBuildError(
      'EVIDENCE_POLICY_REJECTED',
      `the ${q.tee === 'tdx' ? 'TD' : 'enclave'} runs in debug mode, whose memory the host can read; refuse it, or accept it with --dcap-allow-debug`
    )
  const problem = q.tee === 'tdx' ? tdAttributeProblem(q.body) : undefined
  if (problem)
    throw new EnclaveBuildError(
      'EVIDENCE_POLICY_REJECTED',
      `the TD is not one to trust: ${problem}; launch it with the default TD attributes`
    )
  return evidence
}
