import { EnclaveBuildError } from '../../errors.js'
import type { DcapCollateral } from './dcap-collateral.js'
import type { DcapPolicy } from './dcap-verify.js'
import type { NitroOptions } from './nitro.js'
import type { SnpPolicy } from './snp-policy.js'
import type { SnpCertificates } from './snp-verify.js'
import type { CsTokenOptions } from './cs-token.js'
import type { Evidence, EvidenceType } from './types.js'

/*
 * Every kind of evidence `verify --evidence-type` reads, in one table: how
 * it is verified to its vendor root, what it needs besides its own bytes,
 * which field carries the verifier's challenge, the registers it reports
 * and a line for help and docs. A new kind is one entry here and its name
 * in types.ts' EVIDENCE_TYPES; the CLI, the action and the evidence-only
 * report all go through this table. Evidence files themselves are read in
 * one place, verify/evidence-only.ts. Each verifier is loaded when its
 * kind is asked for: an SNP check does not pay for CBOR or zod.
 */

/** What each kind of evidence is verified with (see evidence-input.ts). */
export interface EvidenceOptions {
  /** Nitro: root override, time (its own `at` may be "document"), debug. */
  nitro?: NitroOptions
  /** When certificates and collateral must be valid. */
  at: Date
  snp?: { certificates: SnpCertificates; policy: SnpPolicy }
  dcap?: { collateral: DcapCollateral; policy: DcapPolicy }
  /** Confidential Space: audience, keys and claim policy (time is `at`). */
  cs?: Omit<CsTokenOptions, 'at'>
}

/** One kind of evidence. */
export interface EvidenceKind {
  /** One line: what the evidence is and what it is checked to. */
  description: string
  /** The flags (and action inputs) that say how it is verified. */
  flags: string[]
  /**
   * The field holding the verifier's challenge and how it must match:
   * `equal` (the whole field) or `prefix` (the challenge starts it).
   */
  freshness: { field: string; match: 'equal' | 'prefix' }
  /** Register names the evidence may report; the first is the measurement. */
  registers: string[]
  /** Verifies the bytes to the vendor root; refuses with a coded error. */
  verify: (bytes: Uint8Array, options: EvidenceOptions) => Promise<Evidence>
}

/** Refused when the material to verify a kind is missing. */
function needs(type: EvidenceType, what: string): never {
  throw new EnclaveBuildError(
    'INPUT_INVALID',
    `${type} evidence needs ${what} to be verified`
  )
}

const DCAP_NEEDS =
  "Intel's collateral: --dcap-collateral FILE (dcap-qvl's JSON shape: tcb_info, qe_identity, CRLs and issuer chains from Intel PCS), or --dcap-pcs https://api.trustedservices.intel.com to fetch it"

/** An Intel DCAP quote kind: SGX and TDX differ only in what they report. */
function dcapKind(
  type: 'sgx-quote' | 'td-quote',
  description: string,
  registers: string[]
): EvidenceKind {
  return {
    description,
    flags: [
      '--dcap-collateral',
      '--dcap-pcs',
      '--dcap-tcb-accept',
      '--dcap-allow-debug',
      '--evidence-time'
    ],
    freshness: { field: 'reportData', match: 'prefix' },
    registers,
    verify: async (bytes, o) =>
      o.dcap
        ? (await import('./dcap-verify.js')).verifyDcapQuote(type, bytes, {
            ...o.dcap,
            at: o.at
          })
        : needs(type, DCAP_NEEDS)
  }
}

/** The evidence kinds, by `--evidence-type`. */
export const EVIDENCE_KINDS: Record<EvidenceType, EvidenceKind> = {
  nitro: {
    description:
      'AWS Nitro Enclaves attestation document (COSE_Sign1, ES384) to the pinned AWS Nitro root',
    flags: ['--nitro-root', '--nitro-allow-debug', '--evidence-time'],
    freshness: { field: 'nonce', match: 'equal' },
    registers: Array.from({ length: 32 }, (_, i) => `PCR${i}`),
    verify: async (bytes, o) =>
      (await import('./nitro.js')).parseNitroDocument(bytes, o.nitro)
  },
  nitrotpm: {
    description:
      'AWS NitroTPM attestation document (COSE_Sign1, ES384, nitrotpm_pcrs) of an EC2 instance to the pinned AWS Nitro root',
    flags: ['--nitro-root', '--evidence-time'],
    freshness: { field: 'nonce', match: 'equal' },
    registers: Array.from({ length: 24 }, (_, i) => `PCR${i}`),
    verify: async (bytes, o) =>
      (await import('./nitrotpm.js')).parseNitroTpmDocument(bytes, o.nitro)
  },
  'sgx-quote': dcapKind(
    'sgx-quote',
    "Intel SGX DCAP quote v3/v4 to the pinned Intel SGX Root CA, with Intel's TCB status",
    ['MRENCLAVE', 'MRSIGNER']
  ),
  'td-quote': dcapKind(
    'td-quote',
    "Intel TDX DCAP quote v4/v5 to the pinned Intel SGX Root CA, with Intel's TCB status",
    ['MRTD', 'RTMR0', 'RTMR1', 'RTMR2', 'RTMR3', 'MRCONFIGID']
  ),
  'snp-report': {
    description:
      'AMD SEV-SNP attestation report to the pinned AMD ARK (Milan, Genoa, Turin) through its VCEK or VLEK',
    flags: [
      '--snp-vcek',
      '--snp-ask',
      '--snp-policy',
      '--snp-kds',
      '--evidence-cache',
      '--evidence-time'
    ],
    freshness: { field: 'reportData', match: 'prefix' },
    registers: ['SNP_LAUNCH_DIGEST', 'HOST_DATA'],
    verify: async (bytes, o) =>
      o.snp
        ? (await import('./snp-verify.js')).verifySnpReport(bytes, {
            ...o.snp,
            at: o.at
          })
        : needs('snp-report', 'its VCEK/VLEK: --snp-vcek FILE, or AMD KDS')
  },
  'cs-token': {
    description:
      "Google Cloud Confidential Space attestation token (JWT): PKI tokens to Google's pinned root offline, OIDC tokens with a JWKS; the container image digest is the measurement",
    flags: [
      '--cs-audience',
      '--cs-jwks',
      '--cs-root',
      '--cs-allow-debug',
      '--cs-support',
      '--cs-hwmodel',
      '--cs-allow-cmd-override',
      '--evidence-time'
    ],
    freshness: { field: 'eatNonce', match: 'equal' },
    registers: ['IMAGE_DIGEST'],
    verify: async (bytes, o) =>
      o.cs
        ? (await import('./cs-token.js')).verifyCsToken(bytes, {
            ...o.cs,
            at: o.at
          })
        : needs('cs-token', 'the audience it was asked for: --cs-audience AUD')
  }
}
