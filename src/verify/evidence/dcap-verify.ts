import { createHash, X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { checkNotRevoked, readCrl } from './crl.js'
import {
  qeIdentitySchema,
  tcbInfoSchema,
  type DcapCollateral,
  type TcbStatus
} from './dcap-collateral.js'
import { splitDcapQuote } from './dcap-quote.js'
import { chainTo, checkSig, p256Key, signedBody } from './dcap-signed.js'
import {
  mergeVerdicts,
  moduleVerdict,
  platformVerdict,
  qeVerdict
} from './dcap-tcb.js'
import { INTEL_SGX_ROOT_PEM, INTEL_SGX_ROOT_SHA256 } from './intel-root.js'
import { pckClaims } from './pck.js'
import { parseSgxQuote } from './sgx-quote.js'
import { parseTdQuote } from './td-quote.js'
import { tdAttributeProblem, tdxFields } from './td-report.js'
import { evidenceUnverified, type Evidence } from './types.js'

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

/**
 * Verifies a DCAP quote of `type` ('sgx-quote' or 'td-quote'). Malformed
 * input is EVIDENCE_INVALID, a failed check EVIDENCE_UNVERIFIED, a chain to another root
 * TRUST_ROOT_UNKNOWN, a TCB status not accepted EVIDENCE_TCB_REJECTED, a
 * debug enclave/TD not accepted EVIDENCE_POLICY_REJECTED.
 */
export function verifyDcapQuote(
  type: 'sgx-quote' | 'td-quote',
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
    evidenceUnverified(
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
  const base = q.tee === 'tdx' ? parseTdQuote(bytes) : parseSgxQuote(bytes)
  const debug =
    q.tee === 'tdx' ? (q.body[120] & 1) === 1 : (q.body[48] & 2) === 2
  const evidence: Evidence = {
    ...base,
    evidenceSignature: 'verified',
    fields: {
      ...base.fields,
      ...(td ? tdxFields(q.body).fields : {}),
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
