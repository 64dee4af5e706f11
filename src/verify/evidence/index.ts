import { EnclaveBuildError } from '../../errors.js'
import type { DcapCollateral } from './dcap-collateral.js'
import { verifyDcapQuote, type DcapPolicy } from './dcap-verify.js'
import { parseNitroDocument, type NitroOptions } from './nitro.js'
import type { SnpPolicy } from './snp-policy.js'
import { verifySnpReport, type SnpCertificates } from './snp-verify.js'
import { EVIDENCE_TYPES, type Evidence, type EvidenceType } from './types.js'

export type { Evidence, EvidenceRegister, EvidenceType } from './types.js'
export { EVIDENCE_TYPES } from './types.js'

/** Checks a user-given evidence type. */
export function evidenceType(value: string): EvidenceType {
  if (!(EVIDENCE_TYPES as readonly string[]).includes(value))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--evidence-type must be one of ${EVIDENCE_TYPES.join(', ')}, got "${value}"`
    )
  return value as EvidenceType
}

/** What each kind of evidence is verified with. */
export interface EvidenceOptions {
  /** Nitro: root override and time (its own `at` may be "document"). */
  nitro?: NitroOptions
  /** SGX/TDX/SNP: when the certificates and collateral must be valid. */
  at: Date
  snp?: { certificates: SnpCertificates; policy: SnpPolicy }
  dcap?: { collateral: DcapCollateral; policy: DcapPolicy }
}

/**
 * Reads and verifies evidence of the given type to its vendor's root.
 * There is no parse-only path: evidence without the material to verify it
 * is refused, so an unsigned report can never pass as the enclave's.
 */
export function readEvidence(
  type: EvidenceType,
  bytes: Uint8Array,
  options: EvidenceOptions
): Evidence {
  switch (type) {
    case 'nitro':
      return parseNitroDocument(bytes, options.nitro)
    case 'sgx-quote':
    case 'td-quote':
      if (!options.dcap)
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          `${type} evidence needs Intel's collateral to be verified: --dcap-collateral FILE (dcap-qvl's JSON shape: tcb_info, qe_identity, CRLs and issuer chains from Intel PCS)`
        )
      return verifyDcapQuote(type, bytes, { ...options.dcap, at: options.at })
    case 'snp-report':
      if (!options.snp)
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          'snp-report evidence needs its VCEK/VLEK to be verified: --snp-vcek FILE, or AMD KDS'
        )
      return verifySnpReport(bytes, { ...options.snp, at: options.at })
    case 'cs-token':
      // a JWT is checked with jose, which is asynchronous: verify/collect.ts
      // calls cs-token.ts' verifyCsToken for this type instead
      throw new EnclaveBuildError(
        'INTERNAL',
        'cs-token evidence is verified by verifyCsToken'
      )
  }
}
