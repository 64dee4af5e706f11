import { parseRfc3339 } from '../util/rfc3339.js'
import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import { MAX_EVIDENCE_BYTES, MAX_PEM_BYTES } from '../util/limits.js'
import type { FetchFn } from '../util/http.js'
import {
  parseDcapCollateral,
  parseTcbAccept,
  type TcbStatus
} from './evidence/dcap-collateral.js'
import type { EvidenceOptions, EvidenceType } from './evidence/index.js'
import {
  DEFAULT_SNP_POLICY,
  parseSnpPolicy,
  type SnpPolicy
} from './evidence/snp-policy.js'

/*
 * What `verify` is told about the enclave's evidence, and the material it
 * is verified with: the action's evidence inputs, their mapping, and the
 * certificates and collateral read from files (or the VCEK from AMD KDS).
 */

/** Certificates and collateral: util/limits' bounds, refused unread above them. */
const CERT_LIMIT = { maxBytes: MAX_PEM_BYTES }

/** The evidence part of a verify request. */
export interface EvidenceInput {
  type: EvidenceType
  path: string
  nitroRootPath?: string
  /** When certificates and collateral must be valid (default: now). */
  at?: Date | 'document'
  /** Hex the nonce (Nitro) or the report data (SGX, TDX, SNP) must carry. */
  challenge?: string
  /** SEV-SNP: VCEK/VLEK and ASK/ASVK files (else AMD KDS), the stated policy. */
  snp?: SnpEvidenceInput
  /** SGX/TDX: the collateral file and what the relying party accepts. */
  dcap?: DcapEvidenceInput
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
}

/** How an SGX/TDX quote is verified. */
export interface DcapEvidenceInput {
  collateralPath?: string
  /** Default: UpToDate only. */
  acceptedStatuses?: TcbStatus[]
  /** Accept a debug enclave / TD (default no). */
  debug?: boolean
}

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
  'snp-kds': z
    .string()
    .default('')
    .describe('SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'),
  'evidence-cache': z
    .string()
    .default('')
    .describe('Directory where VCEKs fetched from AMD KDS are kept.')
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
): Pick<EvidenceInput, 'at' | 'snp' | 'dcap'> {
  return {
    ...evidenceTimeOf(o['evidence-time']),
    snp: {
      ...(o['snp-vcek'] ? { vcekPath: o['snp-vcek'] } : {}),
      ...(o['snp-ask'] ? { askPath: o['snp-ask'] } : {}),
      policy: parseSnpPolicy(o['snp-policy']),
      ...(o['snp-kds'] ? { kdsUrl: o['snp-kds'] } : {}),
      ...(o['evidence-cache'] ? { cacheDir: o['evidence-cache'] } : {})
    },
    dcap: {
      ...(o['dcap-collateral'] ? { collateralPath: o['dcap-collateral'] } : {}),
      acceptedStatuses: parseTcbAccept(o['dcap-tcb-accept']),
      debug: o['dcap-allow-debug']
    }
  }
}

/** The material each evidence type is verified with, read from files or KDS. */
export async function evidenceOptions(
  ev: EvidenceInput,
  bytes: Buffer,
  rootPem: string | undefined,
  now: Date,
  deps: { fetch?: FetchFn; sleep?: (ms: number) => Promise<void> }
): Promise<EvidenceOptions> {
  if (ev.type === 'nitro')
    return {
      at: now,
      nitro: { ...(rootPem ? { rootPem } : {}), at: ev.at ?? now }
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
    return {
      at,
      snp: {
        certificates: { vcek, ...(ask ? { ask } : {}) },
        policy: snp.policy ?? DEFAULT_SNP_POLICY
      }
    }
  }
  const dcap = ev.dcap ?? {}
  if (!dcap.collateralPath) return { at }
  const collateral = parseDcapCollateral(
    (
      await readInputFile(dcap.collateralPath, 'DCAP collateral', {
        maxBytes: MAX_EVIDENCE_BYTES
      })
    ).toString('utf8'),
    dcap.collateralPath
  )
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
