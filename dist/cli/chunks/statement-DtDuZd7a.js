import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { p as prettifyError, o as object, r as record, a as string, c as array, l as literal, u as unknown } from './schemas-BeVPcTnG.js';

/** `_type` of an in-toto Statement v1. */
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** DSSE payloadType of an in-toto statement. */
const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** Subject names of measurements start with this, e.g. `measurement:PCR0`. */
const MEASUREMENT_SUBJECT_PREFIX = 'measurement:';
/** An in-toto ResourceDescriptor as used for subjects. */
const subjectSchema = object({
    name: string(),
    digest: record(string(), string().regex(/^[0-9a-f]+$/))
});
/** An in-toto Statement v1 with any predicate. */
const statementSchema = object({
    _type: literal(STATEMENT_TYPE),
    subject: array(subjectSchema).min(1),
    predicateType: string().min(1),
    predicate: record(string(), unknown())
});
/** Keeps the first of subjects that share name and digest. */
function dedupe(subjects) {
    const seen = new Set();
    return subjects.filter((s) => {
        const key = JSON.stringify([s.name, s.digest]);
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** Parses an untrusted statement (e.g. a DSSE payload); INPUT_INVALID on mismatch. */
function parseStatement(value) {
    const result = statementSchema.safeParse(value);
    if (!result.success)
        throw new EnclaveBuildError('INPUT_INVALID', `not an in-toto Statement v1: ${prettifyError(result.error)}`);
    return result.data;
}
/** The exact bytes that get signed: compact JSON. */
function statementPayload(statement) {
    return Buffer.from(JSON.stringify(statement), 'utf8');
}

export { INTOTO_PAYLOAD_TYPE as I, MEASUREMENT_SUBJECT_PREFIX as M, STATEMENT_TYPE as S, statementSchema as a, dedupe as d, parseStatement as p, statementPayload as s };
