import { n as normalizeHex, l as lookupDigest } from './measurement-YVwFwJAW.js';
import { M as MEASUREMENT_PREDICATE_TYPE, m as measurementPredicateSchema } from './predicate-C5TS2huG.js';
import { a as statementSchema, M as MEASUREMENT_SUBJECT_PREFIX } from './statement-DtDuZd7a.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * Reads a measurement given as hex: 64 digits is a sha256 register
 * (MRENCLAVE), 96 a sha384 one (PCR0, the SNP launch digest). A `0x` prefix
 * and upper case are accepted.
 */
function wantedMeasurement(hex) {
    const clean = hex.trim().replace(/^0x/i, '');
    const algorithm = clean.length === 96 ? 'sha384' : 'sha256';
    const value = normalizeHex(algorithm, clean);
    return { algorithm, value, lookupDigest: lookupDigest(algorithm, value) };
}
/** Parses a DSSE payload as an in-toto statement; coded on failure. */
function parsePayload(payload, name) {
    let json;
    try {
        json = JSON.parse(Buffer.from(payload).toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the signed payload is not JSON`);
    }
    const result = statementSchema.safeParse(json);
    if (!result.success)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the signed payload is not an in-toto Statement v1`);
    return result.data;
}
/**
 * The statement inside a bundle's JSON, WITHOUT checking anything: used only
 * to pick which of many bundles to verify. Undefined when it has none.
 */
function peekStatement(json) {
    const payload = json
        ?.dsseEnvelope?.payload;
    if (typeof payload !== 'string')
        return undefined;
    try {
        return parsePayload(Buffer.from(payload, 'base64'), 'bundle');
    }
    catch {
        return undefined;
    }
}
/** True when one of the statement's subjects has the lookup digest. */
function hasSubject(statement, lookup) {
    return statement.subject.some((s) => s.digest.sha256 === lookup);
}
/**
 * Checks that the measurement is a subject of the (verified) statement AND
 * that the predicate records the same value under the same name: the subject
 * alone is only a sha256 of the register, the predicate has the register.
 */
function matchMeasurement(statement, wanted, name = 'bundle') {
    if (!hasSubject(statement, wanted.lookupDigest))
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: no subject has the measurement's lookup digest sha256:${wanted.lookupDigest}; this attestation is for another build`);
    if (statement.predicateType !== MEASUREMENT_PREDICATE_TYPE)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: predicate type is ${statement.predicateType}, not ${MEASUREMENT_PREDICATE_TYPE}`);
    const parsed = measurementPredicateSchema.safeParse(statement.predicate);
    if (!parsed.success)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the predicate is not a valid ${MEASUREMENT_PREDICATE_TYPE} predicate`);
    const predicate = parsed.data;
    const measurement = predicate.measurements.find((m) => m.algorithm === wanted.algorithm &&
        m.value === wanted.value &&
        m.lookupDigest === wanted.lookupDigest &&
        statement.subject.some((s) => s.name === `${MEASUREMENT_SUBJECT_PREFIX}${m.name}` &&
            s.digest.sha256 === wanted.lookupDigest));
    if (!measurement)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the digest is a subject, but the predicate records no ${wanted.algorithm} measurement ${wanted.value} under that subject's name`);
    return { predicate, measurement };
}
/**
 * With evidence, every register the enclave reported that the predicate
 * also records (PCR1, PCR2, PCR8, MRSIGNER...) must agree, not just the one
 * that found the attestation. A register is recorded either as a
 * measurement of the same name or in the predicate's enclave `signer` map
 * (targets put MRSIGNER and PCR8 there, e.g. `{"mrsigner": hex}`).
 */
function crossCheckRegisters(predicate, registers, name = 'bundle') {
    const checked = [];
    const signer = Object.entries(predicate.signer ?? {});
    for (const r of registers) {
        const recorded = predicate.measurements.find((m) => m.name === r.name && m.algorithm === r.algorithm)?.value ??
            signer.find(([k]) => k.toLowerCase() === r.name.toLowerCase())?.[1];
        if (recorded === undefined)
            continue;
        if (recorded.toLowerCase() !== r.value)
            throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `${name}: the enclave reports ${r.name} = ${r.value}, the attestation records ${recorded}; the enclave runs something else than this build`);
        checked.push(r.name);
    }
    return checked;
}

export { parsePayload as a, crossCheckRegisters as c, hasSubject as h, matchMeasurement as m, peekStatement as p, wantedMeasurement as w };
