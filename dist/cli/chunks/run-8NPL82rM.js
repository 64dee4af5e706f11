import { E as EnclaveBuildError, v as readInputText, e as readInputFile, o as asEnclaveBuildError } from './main-BQHnxbfa.js';
import { M as MEASUREMENT_PREDICATE_TYPE } from './predicate-C5TS2huG.js';
import { h as httpRequest, H as HttpError } from './http-BiRlcPi4.js';
import { w as wantedMeasurement, p as peekStatement, h as hasSubject, m as matchMeasurement, c as crossCheckRegisters } from './match-DTpfFAkJ.js';
import { stat, readdir } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { r as repositoryName, m as makePolicy, c as checkIdentity, a as checkPredicateSource } from './policy-CfR8-HIJ.js';
import './version-a3PQCvvS.js';
import './measurement-YVwFwJAW.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import './statement-DtDuZd7a.js';

/**
 * Decodes a raw Snappy block (github.com/google/snappy format_description).
 * GitHub serves attestation bundles at `bundle_url` Snappy-compressed; this
 * is the whole decoder, so no native dependency is needed. Returns undefined
 * on any malformed input instead of throwing.
 */
function snappyDecode(input) {
    let pos = 0;
    // Preamble: the uncompressed length as a little-endian varint.
    let length = 0;
    for (let shift = 0;; shift += 7) {
        if (pos >= input.length || shift > 28)
            return undefined;
        const byte = input[pos++];
        length += (byte & 0x7f) * 2 ** shift;
        if ((byte & 0x80) === 0)
            break;
    }
    // A Snappy block expands at most ~6x per input byte; refuse absurd claims.
    if (length > input.length * 64 + 64)
        return undefined;
    const out = Buffer.alloc(length);
    let o = 0;
    while (pos < input.length) {
        const tag = input[pos++];
        const kind = tag & 3;
        if (kind === 0) {
            let len = tag >> 2;
            if (len >= 60) {
                const n = len - 59;
                if (pos + n > input.length)
                    return undefined;
                len = 0;
                for (let i = 0; i < n; i++)
                    len += input[pos + i] * 2 ** (8 * i);
                pos += n;
            }
            len += 1;
            if (pos + len > input.length || o + len > length)
                return undefined;
            out.set(input.subarray(pos, pos + len), o);
            pos += len;
            o += len;
            continue;
        }
        let len;
        let offset;
        if (kind === 1) {
            if (pos + 1 > input.length)
                return undefined;
            len = ((tag >> 2) & 7) + 4;
            offset = ((tag >> 5) << 8) | input[pos];
            pos += 1;
        }
        else {
            const n = kind === 2 ? 2 : 4;
            if (pos + n > input.length)
                return undefined;
            len = (tag >> 2) + 1;
            offset = 0;
            for (let i = 0; i < n; i++)
                offset += input[pos + i] * 2 ** (8 * i);
            pos += n;
        }
        if (offset === 0 || offset > o || o + len > length)
            return undefined;
        // Copies may overlap their source (run-length style): byte by byte.
        for (let i = 0; i < len; i++, o++)
            out[o] = out[o - offset];
    }
    return o === length ? out : undefined;
}

/** A bundle served at bundle_url: JSON, or Snappy-compressed JSON. */
function decodeBundleBody(body) {
    const tryJson = (b) => {
        try {
            return JSON.parse(b.toString('utf8'));
        }
        catch {
            return undefined;
        }
    };
    const plain = tryJson(body);
    if (plain !== undefined)
        return plain;
    const inflated = snappyDecode(body);
    return inflated ? tryJson(inflated) : undefined;
}
/**
 * GET /repos/{owner}/{repo}/attestations/sha256:{digest}: every attestation
 * stored for the subject. A 404 or an empty list is ATTESTATION_NOT_FOUND.
 * Bundles that are not inline are fetched from their bundle_url.
 */
async function lookupAttestations(options) {
    const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    const query = new URLSearchParams({ per_page: '100' });
    if (options.predicateType)
        query.set('predicate_type', options.predicateType);
    const url = `${api}/repos/${options.repository}/attestations/sha256:${options.digest}?${query.toString()}`;
    const headers = {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'enclave-build'
    };
    if (options.token)
        headers.Authorization = `Bearer ${options.token}`;
    const common = {
        fetch: options.fetch,
        retries: options.retries,
        sleep: options.sleep
    };
    let list;
    try {
        const response = await httpRequest(url, {
            ...common,
            headers,
            what: 'looking up the attestation'
        });
        list = (await response.json());
    }
    catch (err) {
        if (err instanceof HttpError && err.status === 404)
            throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no attestation for sha256:${options.digest} in ${options.repository} (GitHub answered 404); check the measurement and the repository, and that the token can read it`);
        if (err instanceof EnclaveBuildError)
            throw err;
        throw new EnclaveBuildError('HTTP_ERROR', `looking up the attestation: the answer is not JSON (${err.message})`);
    }
    const items = Array.isArray(list.attestations) ? list.attestations : [];
    const found = [];
    for (const [i, item] of items.entries()) {
        const name = `${options.repository} attestation #${i + 1}`;
        if (item.bundle !== undefined && item.bundle !== null) {
            found.push({ name, json: item.bundle });
            continue;
        }
        if (typeof item.bundle_url !== 'string')
            continue;
        // bundle_url is a pre-signed URL: no GitHub token goes there.
        const response = await httpRequest(item.bundle_url, {
            ...common,
            what: 'downloading the attestation bundle'
        });
        const json = decodeBundleBody(Buffer.from(await response.arrayBuffer()));
        if (json !== undefined)
            found.push({ name, json });
    }
    if (found.length === 0)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no attestation for sha256:${options.digest} in ${options.repository}; check the measurement and the repository`);
    return found;
}

/**
 * The bundles a file holds. Accepted: one bundle (*.sigstore.json), JSON
 * Lines with one bundle per line (what actions/attest and `gh attestation
 * download` write), `{"bundle": …}`, and a saved GitHub API answer
 * `{"attestations": [{"bundle": …}]}`.
 */
function bundlesInText(text, name) {
    const unwrap = (v, n) => {
        if (typeof v !== 'object' || v === null)
            return [];
        const o = v;
        if (Array.isArray(o.attestations))
            return o.attestations.flatMap((a, i) => unwrap(a, `${n}#${i + 1}`));
        if ('bundle' in o && !('mediaType' in o))
            return unwrap(o.bundle, n);
        return [{ name: n, json: v }];
    };
    try {
        return unwrap(JSON.parse(text), name);
    }
    catch {
        // Not one JSON document: try JSON Lines.
    }
    return text.split('\n').flatMap((line, i) => {
        if (line.trim() === '')
            return [];
        try {
            return unwrap(JSON.parse(line), `${name}:${i + 1}`);
        }
        catch {
            throw new EnclaveBuildError('INPUT_INVALID', `${name} line ${i + 1} is not JSON; give Sigstore bundle files (*.sigstore.json or .jsonl)`);
        }
    });
}
/**
 * Reads every --bundle path: a file, or a directory whose *.json and
 * *.jsonl files are read (not recursively, sorted by name).
 */
/** A bundle file (or JSON Lines of them) bigger than this is not one. */
const MAX_BUNDLE_FILE = 256 * 2 ** 20;
async function readBundleSources(paths) {
    const out = [];
    for (const path of paths) {
        let isDir;
        try {
            isDir = (await stat(path)).isDirectory();
        }
        catch {
            throw new EnclaveBuildError('FILE_NOT_FOUND', `bundle path ${path} does not exist`);
        }
        const files = isDir
            ? (await readdir(path))
                .filter((f) => /\.jsonl?$/.test(f))
                .sort()
                .map((f) => join(path, f))
            : [path];
        for (const file of files)
            out.push(...bundlesInText(await readInputText(file, 'the bundle file', {
                maxBytes: MAX_BUNDLE_FILE
            }), basename(file)));
    }
    return out;
}

// Where a verification starts: the measurement to look for (from the flag
// or the enclave's evidence) and the bundles that may attest it (files,
// GitHub's attestation API, or an OCI artifact's referrers).
/** The measurement to look for, from the flag and/or the evidence. */
async function measurementOf(input, deps) {
    // The evidence verifiers (X.509, CBOR, quote parsers) load only when
    // there is evidence: a bundle check never compiles them.
    const evidence = input.evidence
        ? await (await import('./evidence-only-CsGTS9u1.js')).checkEvidence(input.evidence, deps)
        : undefined;
    const hex = input.measurement || evidence?.measurement.value;
    if (!hex)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --measurement HEX or --evidence FILE --evidence-type TYPE');
    const wanted = wantedMeasurement(hex);
    if (evidence && wanted.value !== evidence.measurement.value)
        throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `--measurement ${wanted.value} is not the ${evidence.measurement.name} the evidence reports (${evidence.measurement.value})`);
    return { wanted, ...(evidence ? { evidence } : {}) };
}
/** Bundles from files and/or the GitHub API. */
async function collectBundles(input, wanted, deps, fromRegistry) {
    const found = [...fromRegistry];
    const files = (input.bundles ?? []).filter((b) => !b.startsWith('oci://'));
    if (files.length)
        found.push(...(await readBundleSources(files)));
    if (input.lookup)
        found.push(...(await lookupAttestations({
            ...input.lookup,
            digest: wanted.lookupDigest,
            predicateType: MEASUREMENT_PREDICATE_TYPE,
            fetch: deps.fetch,
            sleep: deps.sleep
        })));
    if (!input.bundles?.length && !input.lookup)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --bundle FILE|DIR, or --repo owner/name to look the attestation up on GitHub');
    if (found.length === 0)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no bundle found in ${input.bundles?.join(', ')}`);
    return found;
}
/**
 * The bundles attached to each oci:// artifact among the bundle sources
 * (loaded only when one is given: a file-only verify never loads publish/).
 */
async function registryBundles(input, deps) {
    const refs = (input.bundles ?? []).filter((b) => b.startsWith('oci://'));
    if (refs.length === 0)
        return [];
    // Else a file bundle could pass while no layer of the artifact was checked.
    if (refs.length !== input.bundles?.length)
        throw new EnclaveBuildError('INPUT_INVALID', 'give either oci:// artifacts or bundle files to --bundle, not both: an artifact is verified only through its own bundles');
    const { discoverArtifact } = await import('./discover-CVcsr5eg.js');
    const { parseOciReference } = await import('./reference-Dkea9zFk.js');
    const { resolveCredentials } = await import('./auth-C9VvtHd3.js');
    const login = deps.registryCredentials ??
        ((registry) => resolveCredentials(registry, process.env));
    const out = [];
    for (const ref of refs) {
        const credentials = await login(parseOciReference(ref).registry);
        const artifact = await discoverArtifact(ref, {
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.sleep ? { sleep: deps.sleep } : {}),
            ...(credentials ? { credentials } : {})
        });
        for (const b of artifact.bundles)
            out.push({ ...b, artifact });
    }
    return out;
}

/** The path of a URL without its leading slash ("owner/repo/.github/..."). */
function urlPath(uri) {
    if (!uri)
        return undefined;
    try {
        return decodeURIComponent(new URL(uri).pathname.replace(/^\/+/, ''));
    }
    catch {
        return uri;
    }
}
/** Assembles the output from what was verified. */
function resultOf(r) {
    const { predicate, verified } = r;
    const s = verified.signer;
    const fromCert = s !== undefined;
    const opt = (k, v) => v === undefined ? {} : { [k]: v };
    return {
        verified: true,
        measurement: r.wanted.value,
        measurementName: r.measurementName,
        algorithm: r.wanted.algorithm,
        lookupDigest: r.wanted.lookupDigest,
        ...opt('sourceRepository', repositoryName(fromCert ? s.sourceRepositoryUri : predicate.source.repository)),
        ...opt('sourceCommit', fromCert ? s.sourceRepositoryDigest : predicate.source.commit),
        ...opt('sourceRef', fromCert ? s.sourceRepositoryRef : predicate.source.ref),
        ...opt('workflow', urlPath(s?.subjectAlternativeName)),
        predicateType: MEASUREMENT_PREDICATE_TYPE,
        sourceFrom: fromCert ? 'certificate' : 'predicate',
        ...opt('certificateIdentity', s?.subjectAlternativeName),
        ...opt('issuer', s?.issuer),
        ...opt('runnerEnvironment', s?.runnerEnvironment),
        ...opt('run', s?.runInvocationUri),
        ...opt('trigger', s?.buildTrigger),
        signedBy: verified.signedBy,
        instance: verified.instance,
        trustRoot: r.trustRoot,
        tlogEntries: verified.tlogEntries,
        rfc3161Timestamps: verified.rfc3161Timestamps,
        identityPolicy: fromCert
            ? r.policy.pinned
                ? 'pinned'
                : 'issuer-only'
            : r.policy.repository || r.policy.sourceRef
                ? 'pinned'
                : 'public-key',
        bundle: r.bundle,
        target: predicate.target,
        build: predicate.build,
        pinned: predicate.pinned,
        artifacts: predicate.artifacts,
        parameters: predicate.parameters,
        ...opt('enclaveSigner', predicate.signer),
        tool: predicate.tool,
        ...(r.evidence
            ? {
                evidence: {
                    type: r.evidence.type,
                    evidenceSignature: r.evidence.evidenceSignature,
                    registersChecked: r.registersChecked,
                    ...(r.evidence.tcb ? { tcb: r.evidence.tcb } : {}),
                    ...(r.evidence.platform ? { platform: r.evidence.platform } : {}),
                    fields: r.evidence.fields
                }
            }
            : {}),
        warnings: r.warnings
    };
}

/**
 * Verifies that a measurement (or the enclave's evidence) was built from a
 * source commit: finds the bundles that name it, verifies each with
 * Sigstore, applies the identity policy, checks the measurement against the
 * predicate, and returns the first that passes everything. If none passes,
 * throws the first bundle's coded reason.
 */
async function runVerify(input, deps = {}) {
    const policy = makePolicy({
        ...input.policy,
        ...(input.lookup && !input.policy.repository
            ? { repository: input.lookup.repository }
            : {})
    });
    const fromRegistry = await registryBundles(input, deps);
    // Without --measurement or evidence, the one the artifact announces is
    // looked for; it counts only once a signed predicate names it.
    const announced = fromRegistry[0]?.artifact?.measurement;
    const { wanted, evidence } = await measurementOf(!input.measurement && !input.evidence && announced
        ? { ...input, measurement: announced }
        : input, deps);
    const bundles = await collectBundles(input, wanted, deps, fromRegistry);
    const candidates = bundles.filter((b) => {
        const statement = peekStatement(b.json);
        return statement !== undefined && hasSubject(statement, wanted.lookupDigest);
    });
    if (candidates.length === 0)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `none of the ${bundles.length} bundle(s) has a subject sha256:${wanted.lookupDigest} (the lookup digest of ${wanted.value}); they attest other builds`);
    const { loadTrust, verifyBundle } = await import('./bundle-B79xUF3t.js');
    const trust = await loadTrust({
        ...(input.trustedRootPath
            ? {
                trustedRoot: parseJson(await readInputFile(input.trustedRootPath, 'trusted root'), input.trustedRootPath)
            }
            : {}),
        ...(input.publicKeyPath
            ? {
                publicKeyPem: (await readInputFile(input.publicKeyPath, 'public key')).toString('utf8')
            }
            : {}),
        ...(deps.tuf ? { tuf: deps.tuf } : {})
    });
    const errors = [];
    for (const candidate of candidates) {
        try {
            const verified = verifyBundle(candidate.json, trust, candidate.name);
            if (verified.signer)
                checkIdentity(policy, verified.signer);
            else if (policy.certificateIdentity || policy.certificateIdentityRegexp)
                throw new EnclaveBuildError('IDENTITY_MISMATCH', `${candidate.name} is signed with a key, which carries no certificate identity to check against --certificate-identity(-regexp); pin the key with --public-key and the source with --repo`);
            const { predicate, measurement } = matchMeasurement(verified.statement, wanted, candidate.name);
            // With a key the predicate is all there is: the key holder vouches for it.
            if (!verified.signer)
                checkPredicateSource(policy, predicate.source);
            const registersChecked = evidence
                ? crossCheckRegisters(predicate, evidence.registers, candidate.name)
                : [];
            const published = candidate.artifact;
            const layersChecked = published
                ? (await import('./published-layers-mdpJ5HX2.js')).checkPublishedLayers(predicate, published, candidate.name)
                : [];
            const signer = verified.signer;
            const warnings = [];
            if (!policy.pinned && signer)
                warnings.push(`no identity policy: any workflow with a ${policy.oidcIssuer} token could have signed; pin it with --certificate-identity(-regexp) or --repo`);
            if (!signer)
                warnings.push('key-signed: the source repository and commit are what the key holder wrote in the predicate, not vouched for by a certificate');
            if (signer?.runnerEnvironment === 'self-hosted')
                warnings.push('built on a self-hosted runner');
            if (signer?.sourceRepositoryDigest &&
                predicate.source.commit !== signer.sourceRepositoryDigest)
                warnings.push(`the predicate names commit ${predicate.source.commit}, the certificate ${signer.sourceRepositoryDigest}; the certificate is authoritative`);
            const result = resultOf({
                wanted,
                measurementName: measurement.name,
                predicate,
                verified,
                policy,
                trustRoot: trust.source,
                bundle: candidate.name,
                evidence,
                registersChecked,
                warnings
            });
            if (published)
                result.artifact = {
                    reference: published.reference,
                    digest: published.digest,
                    referrers: published.referrers,
                    layersChecked
                };
            return result;
        }
        catch (err) {
            errors.push(asEnclaveBuildError(err));
        }
    }
    const first = errors[0];
    if (errors.length === 1)
        throw first;
    throw new EnclaveBuildError(first.code, `${first.message} (${errors.length} bundles name this measurement; the others failed with ${errors
        .slice(1)
        .map((e) => e.code)
        .join(', ')})`, { cause: first });
}
function parseJson(bytes, path) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`);
    }
}

export { runVerify };
