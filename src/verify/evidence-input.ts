import { X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import { MAX_EVIDENCE_BYTES, MAX_PEM_BYTES } from '../util/limits.js'
import type { FetchFn } from '../util/http.js'
import type { TcbStatus } from './evidence/tcb-status.js'
import type { EvidenceOptions, EvidenceType } from './evidence/index.js'
import { DEFAULT_SNP_POLICY, type SnpPolicy } from './evidence/snp-policy.js'
import type { CsEvidenceInput } from './cs-input.js'

/*
 * What `verify` is told about the enclave's evidence, and the material it
 * is verified with: the certificates and collateral read from files (or
 * fetched from AMD KDS and Intel PCS). The command line's flags and the
 * action's inputs for it are one table, evidence-flags.ts, and
 * evidence-request.ts turns their values into this.
 */

/** Certificates and collateral: util/limits' bounds, refused unread above them. */
const CERT_LIMIT = { maxBytes: MAX_PEM_BYTES }

/** The evidence part of a verify request. */
export interface EvidenceInput {
  type: EvidenceType
  path: string
  nitroRootPath?: string
  /** Nitro: accept a debug-mode enclave (default no). */
  nitroAllowDebug?: boolean
  /** When certificates and collateral must be valid (default: now). */
  at?: Date | 'document'
  /** Hex the nonce (Nitro) or the report data (SGX, TDX, SNP) must carry. */
  challenge?: string
  /** SEV-SNP: VCEK/VLEK and ASK/ASVK files (else AMD KDS), the stated policy. */
  snp?: SnpEvidenceInput
  /** SGX/TDX: the collateral file and what the relying party accepts. */
  dcap?: DcapEvidenceInput
  /** Confidential Space tokens: audience, JWKS, root, claim policy. */
  cs?: CsEvidenceInput
  /**
   * The register to look the attestation up by instead of the evidence's
   * launch measurement: HOST_DATA (SEV-SNP) or MRCONFIGID (TDX), which carry
   * a CoCo initdata digest or an ACI policy digest the oci target records.
   */
  register?: string
}

/** How an SEV-SNP report is verified. */
export interface SnpEvidenceInput {
  vcekPath?: string
  askPath?: string
  policy?: SnpPolicy
  /** AMD KDS base URL when no VCEK file is given (default AMD's). */
  kdsUrl?: string
  /** Where fetched VCEKs are kept. */
  cacheDir?: string
  /** AMD's CRL: a DER file, or "kds" to fetch it (default: unchecked). */
  crl?: string
  /** Fetch nothing: VCEK and CRL from cacheDir only. */
  offline?: boolean
}

/** How an SGX/TDX quote is verified. */
export interface DcapEvidenceInput {
  collateralPath?: string
  /** Default: UpToDate only. */
  acceptedStatuses?: TcbStatus[]
  /** Accept a debug enclave / TD (default no). */
  debug?: boolean
  /** Intel PCS (or PCCS) base URL when no collateral file is given. */
  pcsUrl?: string
  /** Where fetched collateral is kept until its nextUpdate. */
  cacheDir?: string
  /** Read collateral from the cache only, never the network. */
  offline?: boolean
}

/** AMD's CRL: the file given, or the one of the VCEK's product from KDS. */
async function snpCrl(
  snp: SnpEvidenceInput,
  vcek: Buffer,
  now: Date,
  deps: { fetch?: FetchFn; sleep?: (ms: number) => Promise<void> }
): Promise<Buffer> {
  if (snp.crl !== 'kds')
    return readInputFile(snp.crl as string, 'AMD CRL', {
      maxBytes: MAX_EVIDENCE_BYTES
    })
  let issuer: string
  try {
    issuer = new X509Certificate(vcek).issuer
  } catch {
    issuer = ''
  }
  const m = /CN=SEV-(VLEK-)?(Milan|Genoa|Turin)/.exec(issuer)
  if (!m)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      "--snp-crl kds needs a VCEK/VLEK issued by an AMD Milan, Genoa or Turin ASK/ASVK; pass AMD's CRL as a file instead"
    )
  const { fetchAmdCrl } = await import('./evidence/kds.js')
  return fetchAmdCrl(m[2] as 'Milan', m[1] ? 'vlek' : 'vcek', {
    ...(snp.kdsUrl ? { baseUrl: snp.kdsUrl } : {}),
    ...(snp.cacheDir ? { cacheDir: snp.cacheDir } : {}),
    ...(snp.offline ? { offline: true } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    now
  })
}

/** The material each evidence type is verified with, read from files or KDS. */
export async function evidenceOptions(
  ev: EvidenceInput,
  bytes: Buffer,
  rootPem: string | undefined,
  now: Date,
  deps: { fetch?: FetchFn; sleep?: (ms: number) => Promise<void> }
): Promise<EvidenceOptions> {
  if (ev.type === 'nitro' || ev.type === 'nitrotpm')
    return {
      at: now,
      nitro: {
        ...(rootPem ? { rootPem } : {}),
        at: ev.at ?? now,
        allowDebug: ev.nitroAllowDebug ?? false
      }
    }
  if (ev.at === 'document')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--evidence-time document is for Nitro documents; a ${ev.type} carries no time: give now or an RFC 3339 time`
    )
  const at = ev.at ?? now
  if (ev.type === 'snp-report') {
    const snp = ev.snp ?? {}
    const vcek = snp.vcekPath
      ? await readInputFile(snp.vcekPath, 'VCEK/VLEK certificate', CERT_LIMIT)
      : await (
          await import('./evidence/kds.js')
        ).fetchVcek(bytes, {
          ...(snp.kdsUrl ? { baseUrl: snp.kdsUrl } : {}),
          ...(snp.cacheDir ? { cacheDir: snp.cacheDir } : {}),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.sleep ? { sleep: deps.sleep } : {})
        })
    const ask = snp.askPath
      ? await readInputFile(snp.askPath, 'ASK/ASVK certificate', CERT_LIMIT)
      : undefined
    const crl = snp.crl ? await snpCrl(snp, vcek, at, deps) : undefined
    return {
      at,
      snp: {
        certificates: { vcek, ...(ask ? { ask } : {}) },
        policy: snp.policy ?? DEFAULT_SNP_POLICY,
        ...(crl ? { crl } : {})
      }
    }
  }
  // Confidential Space tokens are read by cs-input.ts (JWKS files or URLs)
  if (ev.type === 'cs-token') return { at }
  const dcap = ev.dcap ?? {}
  // Intel's PCS is asked only when told to (--dcap-pcs, or offline from
  // the cache an earlier --dcap-pcs run filled): without either the quote
  // is refused for want of collateral, never fetched for behind one's back.
  if (!dcap.collateralPath && !dcap.pcsUrl && !dcap.offline) return { at }
  const collateral = dcap.collateralPath
    ? (await import('./evidence/dcap-collateral.js')).parseDcapCollateral(
        (
          await readInputFile(dcap.collateralPath, 'DCAP collateral', {
            maxBytes: MAX_EVIDENCE_BYTES
          })
        ).toString('utf8'),
        dcap.collateralPath
      )
    : await (
        await import('./evidence/pcs.js')
      ).fetchDcapCollateral(ev.type, bytes, {
        ...(dcap.pcsUrl ? { baseUrl: dcap.pcsUrl } : {}),
        ...(dcap.cacheDir ? { cacheDir: dcap.cacheDir } : {}),
        ...(dcap.offline ? { offline: true } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        now: () => now
      })
  return {
    at,
    dcap: {
      collateral,
      policy: {
        acceptedStatuses: dcap.acceptedStatuses ?? ['UpToDate'],
        debug: dcap.debug ?? false
      }
    }
  }
}
