import { EnclaveBuildError } from '../../errors.js'
import { EVIDENCE_KINDS, type EvidenceOptions } from './registry.js'
import { EVIDENCE_TYPES, type Evidence, type EvidenceType } from './types.js'

export type { Evidence, EvidenceRegister, EvidenceType } from './types.js'
export { EVIDENCE_TYPES } from './types.js'
export {
  EVIDENCE_KINDS,
  type EvidenceKind,
  type EvidenceOptions
} from './registry.js'

/** Checks a user-given evidence type. */
export function evidenceType(value: string): EvidenceType {
  if (!(EVIDENCE_TYPES as readonly string[]).includes(value))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--evidence-type must be one of ${EVIDENCE_TYPES.join(', ')}, got "${value}"`
    )
  return value as EvidenceType
}

/**
 * Reads and verifies evidence of the given type to its vendor's root, by
 * its entry in EVIDENCE_KINDS. There is no parse-only path: evidence
 * without the material to verify it is refused, so an unsigned report can
 * never pass as the enclave's.
 */
export async function readEvidence(
  type: EvidenceType,
  bytes: Uint8Array,
  options: EvidenceOptions
): Promise<Evidence> {
  return EVIDENCE_KINDS[type].verify(bytes, options)
}
