import { E as EnclaveBuildError } from './main-BvSkxQKB.js';

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
/** Lower-case hex of a byte range. */
function hexOf(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export { EVIDENCE_TYPES as E, hexOf as h, invalidEvidence as i };
