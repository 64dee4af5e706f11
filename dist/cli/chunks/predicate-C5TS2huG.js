import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { V as VERSION } from './version-a3PQCvvS.js';
import { h as hexString, a as measurementSchema } from './measurement-YVwFwJAW.js';
import { p as prettifyError, o as object, a as string, l as literal, r as record, c as array, b as boolean, n as number, u as unknown } from './schemas-BeVPcTnG.js';

/**
 * The predicate type of the measurement attestation. The trailing `/v1` is
 * the version of the predicate shape: a change that removes or re-means a
 * field gets `/v2`; adding an optional field keeps `/v1`. Verifiers pin it
 * (`cosign --type`, `gh attestation verify --predicate-type`).
 */
const MEASUREMENT_PREDICATE_TYPE = 'https://enclave-build.dev/measurement/v1';
/** The version of enclave-build recorded in predicates (src/version.ts). */
const TOOL_VERSION = VERSION;
const sha256Hex = hexString(64);
/** The Go build, as recorded by src/go (paths reduced to file names). */
const goBuildSchema = object({
    goVersion: string().describe('`go version` of the toolchain'),
    goos: string(),
    goarch: string(),
    goamd64: string(),
    package: string().describe('Main package as given to go build'),
    env: record(string(), string())
        .describe('Environment variables set explicitly'),
    args: array(string()).describe('Arguments after `go`'),
    ldflags: string(),
    tags: array(string()),
    cgo: boolean(),
    goSumSha256: sha256Hex
        .nullable()
        .describe('sha256 of go.sum; null without dependencies'),
    binary: object({ name: string(), sha256: sha256Hex, size: number().int() })
        .strict(),
    buildinfo: object({
        goVersion: string(),
        path: string(),
        main: object({
            path: string(),
            version: string(),
            sum: string().optional()
        })
            .strict(),
        deps: array(object({
            path: string(),
            version: string(),
            sum: string().optional()
        })
            .strict()),
        settings: record(string(), string())
    })
        .strict()
        .describe('`go version -m` of the binary'),
    reproducible: boolean()
        .nullable()
        .describe('Result of the rebuild check; null when none ran')
})
    .strict();
/**
 * The predicate of {@link MEASUREMENT_PREDICATE_TYPE}. `source` is
 * informational: a verifier trusts the repository and commit in the Fulcio
 * certificate, never these copies.
 */
const measurementPredicateSchema = object({
    target: string().min(1).describe('TEE target, e.g. gramine, nitro, snp'),
    measurements: array(measurementSchema).min(1),
    signer: record(string(), string())
        .optional()
        .describe('Enclave signer identity (MRSIGNER, PCR8 certificate digest...)'),
    pinned: array(object({ name: string(), sha256: sha256Hex }).strict())
        .describe('Platform inputs the measurement depends on'),
    artifacts: array(object({ kind: string(), name: string(), sha256: sha256Hex })
        .strict())
        .describe('Files the target produced'),
    parameters: record(string(), unknown())
        .describe('Target-specific facts (vcpus, cmdline...)'),
    build: goBuildSchema,
    source: object({
        repository: string().optional(),
        commit: string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/),
        ref: string().optional()
    })
        .strict()
        .describe('For information only; trust the certificate'),
    tool: object({ name: literal('enclave-build'), version: string() })
        .strict()
})
    .strict();
/** Parses an untrusted predicate; a mismatch is an INPUT_INVALID error. */
function parseMeasurementPredicate(value) {
    const result = measurementPredicateSchema.safeParse(value);
    if (!result.success)
        throw new EnclaveBuildError('INPUT_INVALID', `not a ${MEASUREMENT_PREDICATE_TYPE} predicate: ${prettifyError(result.error)}`);
    return result.data;
}

export { MEASUREMENT_PREDICATE_TYPE as M, TOOL_VERSION as T, measurementPredicateSchema as m, parseMeasurementPredicate as p };
