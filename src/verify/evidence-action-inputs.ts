import { parseRfc3339 } from '../util/rfc3339.js'
import { z } from 'zod'
import { parseTcbAccept } from './evidence/tcb-status.js'
import { parseSnpPolicy } from './evidence/snp-policy.js'
import type { EvidenceInput } from './evidence-input.js'

/** The action inputs (kebab-case, as in action.yml) that say how evidence is verified. */
export const evidenceInputs = {
  'evidence-time': z
    .string()
    .default('now')
    .describe(
      'When certificates and collateral must be valid: now, document (Nitro: its own timestamp) or an RFC 3339 time.'
    ),
  'dcap-collateral': z
    .string()
    .default('')
    .describe(
      "SGX/TDX quotes: Intel's collateral as a JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for them."
    ),
  'dcap-tcb-accept': z
    .string()
    .default('UpToDate')
    .describe(
      'SGX/TDX: the TCB statuses accepted, comma-separated (UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded).'
    ),
  'dcap-allow-debug': z
    .stringbool()
    .default(false)
    .describe('SGX/TDX: accept a debug enclave or TD.'),
  'nitro-allow-debug': z
    .stringbool()
    .default(false)
    .describe(
      'Nitro: accept a document from an enclave run in debug mode (all PCRs zero).'
    ),
  'dcap-pcs': z
    .string()
    .default('')
    .describe(
      'SGX/TDX without dcap-collateral: fetch the collateral from this Intel PCS (or PCCS) base URL, e.g. https://api.trustedservices.intel.com.'
    ),
  'evidence-offline': z
    .stringbool()
    .default(false)
    .describe(
      'Fetch no collateral or VCEK: use evidence-cache only (filled by an earlier online run).'
    ),
  'snp-vcek': z
    .string()
    .default('')
    .describe(
      "SEV-SNP: path of the report's VCEK or VLEK (PEM or DER). Empty: fetched from AMD KDS (VCEK only)."
    ),
  'snp-ask': z
    .string()
    .default('')
    .describe(
      "SEV-SNP: path of the ASK or ASVK (PEM or DER). Empty: AMD's, pinned for Milan, Genoa and Turin."
    ),
  'snp-policy': z
    .string()
    .default('')
    .describe(
      'SEV-SNP: accepted guest policy, e.g. debug=deny,migrate-ma=deny,smt=allow,min-tcb.snp=22 (default: debug and migration agent refused, SMT allowed).'
    ),
  'snp-crl': z
    .string()
    .default('')
    .describe(
      "SEV-SNP: AMD's CRL for the ASK/ASVK, a DER file or kds to fetch it from AMD KDS (default: not checked, as go-sev-guest)."
    ),
  'snp-kds': z
    .string()
    .default('')
    .describe('SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'),
  'evidence-cache': z
    .string()
    .default('')
    .describe('Directory where VCEKs fetched from AMD KDS are kept.'),
  'evidence-register': z
    .enum(['', 'HOST_DATA', 'MRCONFIGID'])
    .default('')
    .describe(
      'Look the attestation up by this register of the evidence: HOST_DATA (SEV-SNP) or MRCONFIGID (TDX), for a CoCo initdata or ACI policy digest.'
    ),
  'cs-audience': z
    .string()
    .default('')
    .describe(
      'Confidential Space tokens: the audience the token was asked for (required for cs-token).'
    ),
  'cs-jwks': z
    .string()
    .default('')
    .describe(
      "Confidential Space OIDC tokens: the signer's JWKS, a file or an https URL (PKI tokens verify to Google's pinned root without it)."
    )
}

type EvidenceInputValues = {
  [K in keyof typeof evidenceInputs]: z.infer<(typeof evidenceInputs)[K]>
}

/** The evidence-time input: now, document, or an RFC 3339 time. */
function evidenceTimeOf(value: string): { at?: Date | 'document' } {
  if (value === '' || value === 'now') return {}
  if (value === 'document') return { at: 'document' }
  return { at: parseRfc3339(value, 'evidence-time (now, document or a time)') }
}

/** The verify request's evidence settings from the action inputs. */
export function evidenceInputOf(
  o: EvidenceInputValues
): Pick<
  EvidenceInput,
  'at' | 'snp' | 'dcap' | 'nitroAllowDebug' | 'cs' | 'register'
> {
  return {
    ...evidenceTimeOf(o['evidence-time']),
    ...(o['evidence-register'] ? { register: o['evidence-register'] } : {}),
    cs: {
      ...(o['cs-audience'] ? { audience: o['cs-audience'] } : {}),
      ...(o['cs-jwks'] ? { jwks: o['cs-jwks'] } : {})
    },
    nitroAllowDebug: o['nitro-allow-debug'],
    snp: {
      ...(o['snp-vcek'] ? { vcekPath: o['snp-vcek'] } : {}),
      ...(o['snp-ask'] ? { askPath: o['snp-ask'] } : {}),
      policy: parseSnpPolicy(o['snp-policy']),
      ...(o['snp-kds'] ? { kdsUrl: o['snp-kds'] } : {}),
      ...(o['evidence-cache'] ? { cacheDir: o['evidence-cache'] } : {}),
      ...(o['snp-crl'] ? { crl: o['snp-crl'] } : {}),
      offline: o['evidence-offline']
    },
    dcap: {
      ...(o['dcap-collateral'] ? { collateralPath: o['dcap-collateral'] } : {}),
      acceptedStatuses: parseTcbAccept(o['dcap-tcb-accept']),
      debug: o['dcap-allow-debug'],
      ...(o['dcap-pcs'] ? { pcsUrl: o['dcap-pcs'] } : {}),
      ...(o['evidence-cache'] ? { cacheDir: o['evidence-cache'] } : {}),
      offline: o['evidence-offline']
    }
  }
}
