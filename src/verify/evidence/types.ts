import { EnclaveBuildError } from '../../errors.js'

/** The kinds of evidence `verify --evidence-type` reads. */
export const EVIDENCE_TYPES = [
  'nitro',
  'nitrotpm',
  'sgx-quote',
  'snp-report',
  'td-quote',
  'cs-token'
] as const

/** One of {@link EVIDENCE_TYPES}. */
export type EvidenceType = (typeof EVIDENCE_TYPES)[number]

/** A register value the enclave reported, as lower-case hex. */
export interface EvidenceRegister {
  /** Named as the targets name their measurements (PCR0, MRENCLAVE...). */
  name: string
  algorithm: 'sha256' | 'sha384'
  value: string
}

/** What a parser extracts from the enclave's own evidence. */
export interface Evidence {
  type: EvidenceType
  /** The register that identifies the code (PCR0, MRENCLAVE, MEASUREMENT). */
  measurement: EvidenceRegister
  /**
   * Every register the evidence carries under the names the predicate uses,
   * so the verifier can cross-check all of them, not only the primary one.
   */
  registers: EvidenceRegister[]
  /**
   * "verified": the evidence signature and its chain to the pinned vendor
   * root were checked. "not-checked" is what the bare SGX/SNP parsers
   * (sgx-quote.ts, snp-report.ts) return before their verifiers run;
   * readEvidence never returns it: evidence it cannot verify is refused.
   */
  evidenceSignature: 'verified' | 'not-checked'
  /** The other decoded fields, JSON-ready (hex strings, numbers, booleans). */
  fields: Record<string, unknown>
  /**
   * The platform's TCB as the vendor's collateral rates it, once verified:
   * Intel's status for the FMSPC (UpToDate, SWHardeningNeeded, OutOfDate…)
   * with its advisory IDs; for SEV-SNP the reported TCB the VCEK was
   * issued for and whether it met the stated minimum.
   */
  tcb?: { status: string; advisoryIds: string[]; date?: string }
  /** Which machine: FMSPC (+ PCE ID) for DCAP, chip id and product for SNP. */
  platform?: Record<string, string>
}

/** Throws the one error every parser uses for malformed evidence. */
export function invalidEvidence(type: EvidenceType, detail: string): never {
  throw new EnclaveBuildError(
    'EVIDENCE_INVALID',
    `the ${type} evidence is malformed: ${detail}. Pass the raw evidence bytes as the enclave produced them`
  )
}

/**
 * Throws for well-formed evidence that does not verify: a signature, a
 * certificate (its chain, key usage, validity or revocation) or collateral
 * that does not match. A verifier's "no", not a mistake in the input.
 */
export function evidenceUnverified(type: EvidenceType, detail: string): never {
  throw new EnclaveBuildError(
    'EVIDENCE_UNVERIFIED',
    `the ${type} evidence does not verify: ${detail}`
  )
}

/**
 * Throws for verification material that is well formed but not valid at
 * the time of check (collateral past its nextUpdate, a stale CRL): the
 * evidence is not at fault, the collateral or the time is.
 */
export function collateralOutOfDate(type: EvidenceType, detail: string): never {
  throw new EnclaveBuildError(
    'EVIDENCE_UNVERIFIED',
    `the ${type} evidence cannot be checked at this time: ${detail}`
  )
}

/** Lower-case hex of a byte range. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'hex'
  )
}
