import { EnclaveBuildError } from '../../errors.js'
import { EVIDENCE_KINDS } from './registry.js'
import type { Evidence } from './types.js'

/**
 * Checks that the evidence carries the challenge the verifier sent, so a
 * recorded document cannot be replayed: the Nitro `nonce`, or the first
 * bytes of the SGX/SNP report data (where enclaves put a nonce or the hash
 * of one). `expected` is hex; a shorter value must be a prefix.
 */
export function checkChallenge(evidence: Evidence, expected: string): void {
  const want = expected.trim().replace(/^0x/i, '').toLowerCase()
  if (want === '' || want.length % 2 !== 0 || !/^[0-9a-f]+$/.test(want))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--evidence-challenge must be hex bytes, got "${expected.slice(0, 80)}"`
    )
  const { field, match } = EVIDENCE_KINDS[evidence.type].freshness
  const got = evidence.fields[field]
  const ok =
    typeof got === 'string' &&
    (match === 'equal' ? got === want : got.startsWith(want))
  if (!ok)
    throw new EnclaveBuildError(
      'EVIDENCE_UNVERIFIED',
      `the evidence's ${field} is ${typeof got === 'string' ? got : 'absent'}, not the challenge ${want}; it may be replayed: ask the enclave for fresh evidence with this challenge`
    )
}
