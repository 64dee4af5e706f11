import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** The kinds of evidence `verify --evidence-type` reads. */
const EVIDENCE_TYPES = [
    'nitro',
    'nitrotpm',
    'sgx-quote',
    'snp-report',
    'td-quote',
    'cs-token'
];
/** Throws the one error every parser uses for malformed evidence. */
function invalidEvidence(type, detail) {
    throw new EnclaveBuildError('EVIDENCE_INVALID', `the ${type} evidence is malformed: ${detail}. Pass the raw evidence bytes as the enclave produced them`);
}
/**
 * Throws for well-formed evidence that does not verify: a signature, a
 * certificate (its chain, key usage, validity or revocation) or collateral
 * that does not match. A verifier's "no", not a mistake in the input.
 */
function evidenceUnverified(type, detail) {
    throw new EnclaveBuildError('EVIDENCE_UNVERIFIED', `the ${type} evidence does not verify: ${detail}`);
}
/**
 * Throws for verification material that is well formed but not valid at
 * the time of check (collateral past its nextUpdate, a stale CRL): the
 * evidence is not at fault, the collateral or the time is.
 */
function collateralOutOfDate(type, detail) {
    throw new EnclaveBuildError('EVIDENCE_UNVERIFIED', `the ${type} evidence cannot be checked at this time: ${detail}`);
}
/** Lower-case hex of a byte range. */
function hexOf(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export { EVIDENCE_TYPES as E, collateralOutOfDate as c, evidenceUnverified as e, hexOf as h, invalidEvidence as i };
