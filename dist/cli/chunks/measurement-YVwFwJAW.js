import { createHash } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { a as string, o as object, _ as _enum } from './schemas-BeVPcTnG.js';

/** Hex length of each measurement algorithm's value. */
const HEX_LENGTH = { sha256: 64, sha384: 96 };
/**
 * The sha256 digest under which a measurement is stored and looked up.
 *
 * GitHub's attestation API, `gh attestation verify` and most Sigstore tools
 * index subjects by sha256 only. A sha256 measurement (MRENCLAVE, MRSIGNER)
 * is used as it is. A sha384 one (Nitro PCRs, the SNP launch digest) is
 * hashed once more: sha256 over its raw 48 bytes, i.e.
 * `xxd -r -p <<<"$PCR0" | sha256sum`. The original value stays in the
 * predicate. Input is hex in either case; the result is lower-case hex.
 */
function lookupDigest(algorithm, hex) {
    if (algorithm !== 'sha256' && algorithm !== 'sha384')
        throw new EnclaveBuildError('INPUT_INVALID', `unsupported measurement algorithm "${algorithm}"; use sha256 or sha384`);
    const value = normalizeHex(algorithm, hex);
    if (algorithm === 'sha256')
        return value;
    return createHash('sha256').update(Buffer.from(value, 'hex')).digest('hex');
}
/**
 * Checks that `hex` is a well-formed value of `algorithm` and returns it in
 * lower case, the form the hardware reports and the predicate stores.
 */
function normalizeHex(algorithm, hex) {
    const want = HEX_LENGTH[algorithm];
    if (typeof hex !== 'string' ||
        hex.length !== want ||
        !/^[0-9a-fA-F]*$/.test(hex))
        throw new EnclaveBuildError('INPUT_INVALID', `a ${algorithm} measurement must be ${want} hex digits, got "${String(hex).slice(0, 120)}"`);
    return hex.toLowerCase();
}
/** A lower-case hex string of exactly `n` digits. */
const hexString = (n) => string()
    .regex(new RegExp(`^[0-9a-f]{${n}}$`))
    .describe(`lower-case hex, ${n} digits`);
/** One value the hardware will report, as a target computed it. */
const measurementSchema = object({
    name: string()
        .min(1)
        .describe('Register name, e.g. MRENCLAVE, PCR0, SNP_LAUNCH_DIGEST'),
    algorithm: _enum(['sha256', 'sha384']),
    value: string()
        .regex(/^([0-9a-f]{64}|[0-9a-f]{96})$/)
        .describe('Lower-case hex as the hardware reports it'),
    lookupDigest: hexString(64).describe('sha256 subject digest: the value itself for sha256, sha256 of the raw bytes for sha384')
})
    .strict();
/**
 * A measurement from its register name, algorithm and hex value: the value
 * is checked and lower-cased, and its lookup digest computed.
 */
function measurement(name, algorithm, value) {
    const hex = normalizeHex(algorithm, value);
    return {
        name,
        algorithm,
        value: hex,
        lookupDigest: lookupDigest(algorithm, hex)
    };
}

export { measurementSchema as a, hexString as h, lookupDigest as l, measurement as m, normalizeHex as n };
