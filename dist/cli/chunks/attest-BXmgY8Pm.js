import { isAbsolute, resolve } from 'node:path';
import { E as EnclaveBuildError, v as readInputText, p as parse, d as required, b as printJson, w as writeFileAtomic, C as hashFile } from './main-BQHnxbfa.js';
import { l as lookupDigest, m as measurement } from './measurement-YVwFwJAW.js';
import { p as publicKeyHint, g as generateSigningKey } from './key-B3v2KLGv.js';
import { d as distExports } from './index-BJu9Xu71.js';
import { d as distExports$1 } from './index-DWt2yMIs.js';
import { l as loadPublicKey } from './key-C_eeoC5p.js';
import { I as INTOTO_PAYLOAD_TYPE, p as parseStatement } from './statement-DtDuZd7a.js';
import { b as buildMeasurementStatement, s as signStatement, a as sigstoreEndpoints, g as githubOidcProvider, w as writeBundle } from './statement-BsG_aGzJ.js';
import { T as TOOL_VERSION } from './predicate-C5TS2huG.js';
import { b as boolean, a as string, r as record, c as array, n as number, l as literal, d as looseObject$1, _ as _enum, u as unknown, p as prettifyError } from './schemas-BeVPcTnG.js';
import { refuseOverwrite, writeFileSet } from './file-set-CU9XYgxJ.js';
import 'node:crypto';
import 'node:util';
import './http-BiRlcPi4.js';
import './input-name-slbb3zbm.js';
import 'node:os';
import './index-eVNJ2CGZ.js';
import 'node:tty';
import 'node:http2';
import 'node:url';
import 'node:http';
import 'node:https';
import 'node:assert';
import 'node:buffer';
import 'node:events';
import 'node:stream';
import 'node:string_decoder';
import 'node:zlib';
import 'node:dns';
import './_commonjsHelpers-Bgu_3bK-.js';
import 'node:fs/promises';
import 'node:diagnostics_channel';
import 'node:fs';
import 'node:net';
import 'node:tls';
import 'node:timers/promises';
import 'node:child_process';
import './version-a3PQCvvS.js';

/**
 * Verifies a key-signed bundle (signing: key) against a PEM public key and
 * returns the signed statement. Such bundles carry no certificate and no
 * timestamp: the key is the whole identity, so keep it where only release
 * engineers can use it.
 */
function verifyBundleWithKey(bundleJson, publicKeyPem) {
    const { key, hint } = loadPublicKey(publicKeyPem);
    let bundle;
    try {
        bundle = distExports.bundleFromJSON(bundleJson);
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `not a Sigstore bundle: ${err.message}`);
    }
    const trust = {
        certificateAuthorities: [],
        timestampAuthorities: [],
        tlogs: [],
        ctlogs: [],
        publicKey: (h) => {
            if (h !== hint)
                throw new EnclaveBuildError('SIGNATURE_INVALID', `the bundle was signed by key ${h || '(no hint)'}, not by the given public key (${hint})`);
            return { publicKey: key, validFor: () => true };
        }
    };
    if (bundle.verificationMaterial.content.$case !== 'publicKey')
        throw new EnclaveBuildError('SIGNATURE_INVALID', 'the bundle is signed with a certificate (keyless), not a key: verify it with `enclave-build verify`');
    try {
        new distExports$1.Verifier(trust, {
            tlogThreshold: 0,
            ctlogThreshold: 0,
            timestampThreshold: 0
        }).verify(distExports$1.toSignedEntity(bundle));
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            throw err;
        throw new EnclaveBuildError('SIGNATURE_INVALID', `the bundle's signature does not verify with the given key: ${err.message}`);
    }
    if (bundle.content.$case !== 'dsseEnvelope' ||
        bundle.content.dsseEnvelope.payloadType !== INTOTO_PAYLOAD_TYPE)
        throw new EnclaveBuildError('INPUT_INVALID', 'the bundle does not hold an in-toto statement');
    let payload;
    try {
        payload = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', 'the statement is not JSON');
    }
    return parseStatement(payload);
}
/**
 * The subject under which `measurementHex` (64 or 96 hex digits) is
 * attested, or a MEASUREMENT_NOT_SUBJECT error.
 */
function findMeasurementSubject(statement, measurementHex) {
    const alg = measurementHex.length === 96 ? 'sha384' : 'sha256';
    const digest = lookupDigest(alg, measurementHex);
    const found = statement.subject.find((s) => s.digest.sha256 === digest);
    if (!found)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `the measurement ${measurementHex.toLowerCase()} (lookup digest sha256:${digest}) is not a subject of this attestation: the enclave runs something else than what was attested`);
    return found;
}

/**
 * The shapes handed from the Go build to every later stage. zod is the one
 * source: the types are inferred, and the command line parses a user's
 * build-record.json with the same schema (loose: unknown fields are kept).
 */
/**
 * An object schema that keeps unknown keys when it parses (a user's file
 * may carry fields a newer version wrote) but is typed as the plain object,
 * so the inferred types have no index signature.
 */
const looseObject = looseObject$1;
/** sha256 as hex, either case (as a user's file may have it). */
const sha256Hex = string().regex(/^[0-9a-fA-F]{64}$/);
const dep = looseObject({
    path: string(),
    version: string(),
    sum: string().optional()
});
/**
 * Everything that decided the bytes of a Go build (build-record.json, also
 * written by `enclave-build go build --record`). With -trimpath the binary
 * does not carry -ldflags, so the attestation carries this record instead.
 * goSumSha256 is null when the module has no dependencies; reproducible is
 * null when no rebuild check ran.
 */
const buildRecordSchema = looseObject({
    schemaVersion: literal(1),
    goVersion: string(),
    goos: string(),
    goarch: string(),
    package: string(),
    env: record(string(), string()),
    args: array(string()),
    ldflags: string(),
    tags: array(string()),
    cgo: boolean(),
    /** With cgo: the C compiler and C library that shaped the bytes. */
    cToolchain: looseObject({
        cc: string(),
        version: string(),
        libc: string()
    }).optional(),
    goamd64: string(),
    goSumSha256: sha256Hex.nullable(),
    binary: looseObject({
        path: string(),
        sha256: sha256Hex,
        size: number()
    }),
    buildinfo: looseObject({
        goVersion: string(),
        path: string(),
        main: dep,
        deps: array(dep),
        settings: record(string(), string())
    }),
    source: looseObject({
        commit: string(),
        commitTime: string(),
        repository: string().optional()
    }),
    reproducible: boolean().nullable()
});

/**
 * What every target returns to the pipeline (and what the command line
 * reads back from a saved JSON file); attest/ and verify/ see only this.
 */
const targetResultSchema = looseObject({
    target: string().min(1),
    artifacts: array(looseObject({ kind: string(), path: string(), sha256: sha256Hex })),
    measurements: array(looseObject({
        name: string().min(1),
        algorithm: _enum(['sha256', 'sha384']),
        value: string(),
        lookupDigest: sha256Hex
    })),
    signer: record(string(), string()).optional(),
    pinned: array(looseObject({ name: string(), path: string(), sha256: sha256Hex })),
    outputs: record(string(), string()).default({}),
    parameters: record(string(), unknown()).default({})
});

/**
 * Reading the JSON files the command line passes between steps (the
 * `go build --record` file, a saved TargetResult, a statement) with coded
 * errors: a user's file is untrusted input.
 */
/** A record, result, statement or bundle bigger than this is not one. */
const MAX_JSON_FILE = 256 * 2 ** 20;
/** Reads and parses a JSON file; FILE_NOT_FOUND / INPUT_INVALID otherwise. */
async function readJsonFile(path, what) {
    const text = await readInputText(path, `the ${what}`, {
        maxBytes: MAX_JSON_FILE
    });
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `the ${what} ${path} is not JSON: ${err.message}`);
    }
}
/** Validates `value` against `schema`; INPUT_INVALID naming the file otherwise. */
function validate(schema, value, what) {
    const result = schema.safeParse(value);
    if (!result.success)
        throw new EnclaveBuildError('INPUT_INVALID', `the ${what} is not valid: ${prettifyError(result.error)}`);
    return result.data;
}
/** A build record file. */
async function readBuildRecord(path) {
    return validate(buildRecordSchema, await readJsonFile(path, 'build record'), `build record ${path}`);
}
/** A saved TargetResult file. */
async function readTargetResult(path) {
    return validate(targetResultSchema, await readJsonFile(path, 'target result'), `target result ${path}`);
}

// Why this file is long: the four `attest` subcommands with their flag tables and usage text, each mostly flag handling; they share the measurement and file helpers above.
/** A PEM key file is a few KiB; more is not a key. */
const PEM = { maxBytes: 2 ** 20 };
const at = (io, p) => isAbsolute(p) ? p : resolve(io.cwd, p);
/** Splits NAME=VALUE; INPUT_INVALID naming the flag otherwise. */
function pair(flag, s) {
    const i = s.indexOf('=');
    if (i <= 0 || i === s.length - 1)
        throw new EnclaveBuildError('INPUT_INVALID', `${flag} takes NAME=VALUE, got "${s}"`);
    return [s.slice(0, i), s.slice(i + 1)];
}
/**
 * `enclave-build attest statement`: the measurement statement from a build
 * record and either a saved TargetResult or measurements on the command
 * line (the algorithm follows from the length: 64 hex = sha256, 96 = sha384).
 */
const attestStatement = async (args, io) => {
    const { values: v } = parse(args, {
        'build-record': { type: 'string', file: 'json', required: true },
        'target-result': { type: 'string', file: 'json' },
        target: { type: 'string' },
        measurement: { type: 'string', multiple: true, default: [] },
        artifact: {
            type: 'string',
            multiple: true,
            default: [],
            file: { kind: 'image', path: (v) => v.slice(v.indexOf('=') + 1) }
        },
        pinned: {
            type: 'string',
            multiple: true,
            default: [],
            file: { kind: 'image', path: (v) => v.slice(v.indexOf('=') + 1) }
        },
        signer: { type: 'string', multiple: true, default: [] },
        repository: { type: 'string' },
        ref: { type: 'string' },
        output: { type: 'string', required: true },
        json: { type: 'boolean', default: false }
    });
    const output = at(io, required(v.output, '--output'));
    const build = await readBuildRecord(at(io, required(v['build-record'], '--build-record')));
    let result;
    if (v['target-result'] !== undefined) {
        result = await readTargetResult(at(io, v['target-result']));
    }
    else {
        const measurements = v.measurement.map((m) => {
            const [name, hex] = pair('--measurement', m);
            const algorithm = hex.length === 96 ? 'sha384' : 'sha256';
            return measurement(name, algorithm, hex);
        });
        const files = async (flag, list) => Promise.all(list.map(async (s) => {
            const [name, p] = pair(flag, s);
            const path = at(io, p);
            const sha256 = await hashFile(path, 'sha256', `${flag} ${name}:`);
            return { name, path, sha256 };
        }));
        result = {
            target: required(v.target, '--target (or --target-result)'),
            measurements,
            artifacts: (await files('--artifact', v.artifact)).map((f) => ({
                kind: f.name,
                path: f.path,
                sha256: f.sha256
            })),
            pinned: await files('--pinned', v.pinned),
            ...(v.signer.length
                ? {
                    signer: Object.fromEntries(v.signer.map((s) => pair('--signer', s)))
                }
                : {}),
            outputs: {},
            parameters: {}
        };
    }
    const statement = buildMeasurementStatement({
        result,
        build,
        source: { repository: v.repository, ref: v.ref },
        toolVersion: TOOL_VERSION
    });
    await writeFileAtomic(output, `${JSON.stringify(statement, null, 2)}\n`);
    if (v.json)
        printJson(io, {
            statement: output,
            predicateType: statement.predicateType,
            subject: statement.subject
        });
    else
        io.stdout(`${output}\n${statement.subject.map((s) => `  ${s.digest.sha256}  ${s.name}`).join('\n')}\n`);
    return 0;
};
/**
 * `enclave-build attest sign`: signs a statement into a Sigstore bundle,
 * with a PEM key (--key) or keyless (GitHub OIDC, or SIGSTORE_ID_TOKEN).
 * The key password is read from an environment variable, never argv.
 */
const attestSign = async (args, io) => {
    const { values: v } = parse(args, {
        statement: { type: 'string', file: 'json', required: true },
        output: { type: 'string', required: true },
        key: { type: 'string', file: 'pem' },
        'key-password-env': {
            type: 'string',
            default: 'ENCLAVE_BUILD_KEY_PASSWORD'
        },
        sigstore: { type: 'string', default: 'public-good' },
        'fulcio-url': { type: 'string' },
        'rekor-url': { type: 'string' },
        'tsa-url': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    const statementPath = at(io, required(v.statement, '--statement'));
    const output = at(io, required(v.output, '--output'));
    const statement = parseStatement(await readJsonFile(statementPath, 'statement'));
    let signed;
    if (v.key !== undefined) {
        const pem = await readInputText(at(io, v.key), 'the key', PEM);
        signed = await signStatement(statement, {
            mode: 'key',
            privateKeyPem: pem,
            password: io.env[v['key-password-env']] || undefined
        });
    }
    else {
        if (v.sigstore !== 'public-good' && v.sigstore !== 'github')
            throw new EnclaveBuildError('INPUT_INVALID', `--sigstore must be public-good or github, not "${v.sigstore}"`);
        const defaults = sigstoreEndpoints(v.sigstore, io.env.GITHUB_SERVER_URL);
        const custom = v['fulcio-url'] !== undefined;
        signed = await signStatement(statement, {
            mode: 'keyless',
            endpoints: {
                fulcioURL: v['fulcio-url'] ?? defaults.fulcioURL,
                ...(custom
                    ? {
                        ...(v['rekor-url'] ? { rekorURL: v['rekor-url'] } : {}),
                        ...(v['tsa-url'] ? { tsaURL: v['tsa-url'] } : {})
                    }
                    : {
                        ...defaults,
                        ...(v['rekor-url'] ? { rekorURL: v['rekor-url'] } : {}),
                        ...(v['tsa-url'] ? { tsaURL: v['tsa-url'] } : {})
                    })
            },
            identityProvider: githubOidcProvider({ env: io.env })
        });
    }
    await writeBundle(output, signed.bundle);
    const facts = {
        bundle: output,
        mode: v.key !== undefined ? 'key' : 'keyless',
        predicateType: statement.predicateType,
        ...(signed.keyHint ? { keyHint: signed.keyHint } : {}),
        ...(signed.logIndex ? { logIndex: signed.logIndex } : {})
    };
    if (v.json)
        printJson(io, facts);
    else
        io.stdout(`${output}\n`);
    return 0;
};
/** `enclave-build attest gen-key`: a P-256 key pair for --key signing. */
const attestGenKey = async (args, io) => {
    const { values: v } = parse(args, {
        output: { type: 'string', required: true },
        'public-key': { type: 'string' },
        'key-password-env': { type: 'string' },
        force: { type: 'boolean', short: 'f', default: false },
        json: { type: 'boolean', default: false }
    });
    const output = at(io, required(v.output, '--output'));
    const pub = at(io, v['public-key'] ?? output.replace(/(\.pem|\.key)?$/, '.pub'));
    if (pub === output)
        throw new EnclaveBuildError('INPUT_INVALID', '--public-key must differ from --output');
    const password = v['key-password-env']
        ? io.env[v['key-password-env']]
        : undefined;
    if (v['key-password-env'] && !password)
        throw new EnclaveBuildError('INPUT_INVALID', `environment variable ${v['key-password-env']} is empty`);
    // as sgx gen-key: never replace a key without --force, and write the
    // pair together
    refuseOverwrite([output, pub], v.force);
    const { privateKeyPem, publicKeyPem } = generateSigningKey(password);
    await writeFileSet([
        { path: output, data: privateKeyPem, mode: 0o600 },
        { path: pub, data: publicKeyPem }
    ], { overwrite: v.force });
    const facts = {
        privateKey: output,
        publicKey: pub,
        keyHint: publicKeyHint(publicKeyPem)
    };
    if (v.json)
        printJson(io, facts);
    else
        io.stdout(`${output}\n${pub}\n`);
    return 0;
};
/**
 * `enclave-build attest verify-key`: checks a key-signed bundle with the
 * public key and, with --measurement, that the measurement is a subject.
 */
const attestVerifyKey = async (args, io) => {
    const { values: v } = parse(args, {
        bundle: { type: 'string', file: 'json', required: true },
        'public-key': { type: 'string', file: 'pem', required: true },
        measurement: { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    const bundlePath = at(io, required(v.bundle, '--bundle'));
    const pem = await readInputText(at(io, required(v['public-key'], '--public-key')), 'the public key', PEM);
    const statement = verifyBundleWithKey(await readJsonFile(bundlePath, 'bundle'), pem);
    const subject = v.measurement !== undefined
        ? findMeasurementSubject(statement, v.measurement)
        : undefined;
    const facts = {
        verified: true,
        predicateType: statement.predicateType,
        keyHint: publicKeyHint(pem),
        ...(subject
            ? { measurement: v.measurement?.toLowerCase(), subject: subject.name }
            : {}),
        subjects: statement.subject
    };
    if (v.json)
        printJson(io, facts);
    else
        io.stdout(`Verified OK${subject ? `: ${subject.name}` : ''}\n`);
    return 0;
};

export { attestGenKey, attestSign, attestStatement, attestVerifyKey };
