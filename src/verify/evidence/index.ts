import { EnclaveBuildError } from '../../errors.js'
import { parseNitroDocument, type NitroOptions } from './nitro.js'
import { parseSgxQuote } from './sgx-quote.js'
import { parseSnpReport } from './snp-report.js'
import { parseTdQuote } from './td-quote.js'
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

/** Reads evidence of the given type; only Nitro has options (root, time). */
export function readEvidence(
  type: EvidenceType,
  bytes: Uint8Array,
  nitro: NitroOptions = {}
): Evidence {
  switch (type) {
    case 'nitro':
      return parseNitroDocument(bytes, nitro)
    case 'sgx-quote':
      return parseSgxQuote(bytes)
    case 'snp-report':
      return parseSnpReport(bytes)
    case 'td-quote':
      return parseTdQuote(bytes)
  }
}
