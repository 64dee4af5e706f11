import { lstat, readFile } from 'node:fs/promises';
import { join, basename, resolve, dirname } from 'node:path';
import { i as MEASUREMENT_PREDICATE_TYPE, w as parseMeasurementPredicate } from './predicate-BbgJ0x9R.js';
import { E as EnclaveBuildError, p as parse, a as printJson } from './main-C_5kpKAD.js';
import { resolveCredentials } from './auth-Cy81pDRr.js';
import { sha256Hex } from './fs-BT6MZko9.js';
import { R as RegistryClient, a as artifactManifest, M as MEDIA, b as bundleManifest, d as digestOf, r as referrersTag, c as addToIndex, S as SIGSTORE_BUNDLE_V03, B as BUNDLE_MEDIA_PREFIX } from './referrers-BbrHk8Tf.js';
import { parseOciReference, pinnedReference } from './reference-Du8N-V_I.js';
import { p as peekStatement } from './match-BR4DqrGT.js';
import 'node:crypto';
import 'node:os';
import './temps-ClGZhUnt.js';

/**
 * The same from a signed predicate and the folder its files are in (the
 * command line publishes what a bundle attests).
 */
function filesOfPredicate(predicate, dir, created) {
    const files = predicate.artifacts.map((a) => ({
        kind: a.kind,
        path: join(dir, a.name),
        sha256: a.sha256
    }));
    if (predicate.target === 'gramine')
        files.unshift({
            kind: 'binary',
            path: join(dir, predicate.build.binary.name),
            sha256: predicate.build.binary.sha256
        });
    return {
        facts: {
            target: predicate.target,
            measurements: predicate.measurements,
            ...(created ? { created } : {}),
            ...(predicate.source.repository
                ? { repository: predicate.source.repository }
                : {}),
            commit: predicate.source.commit
        },
        files
    };
}

/** Largest file published (Buffer's limit is above; EIFs are far below). */
const MAX_FILE_BYTES = 2 ** 31;
async function readChecked(file) {
    let info;
    try {
        info = await lstat(file.path);
    }
    catch {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `${file.kind} ${file.path} cannot be published: it does not exist`);
    }
    if (!info.isFile())
        throw new EnclaveBuildError('INPUT_INVALID', `${file.kind} ${file.path} is not a regular file`);
    if (info.size > MAX_FILE_BYTES)
        throw new EnclaveBuildError('INPUT_INVALID', `${file.kind} ${file.path} is ${info.size} bytes, more than the ${MAX_FILE_BYTES} a layer may have here`);
    const bytes = await readFile(file.path);
    if (sha256Hex(bytes) !== file.sha256)
        throw new EnclaveBuildError('PIN_MISMATCH', `${file.path} changed since it was measured (sha256 ${sha256Hex(bytes)}, attested ${file.sha256}); rebuild instead of publishing it`);
    return bytes;
}
/** The media type a serialized bundle declares (v0.3 when it does not). */
function bundleMediaType(json) {
    const m = json?.mediaType;
    return typeof m === 'string' && m.startsWith(BUNDLE_MEDIA_PREFIX)
        ? m
        : SIGSTORE_BUNDLE_V03;
}
/**
 * Pushes the files as one OCI artifact under the tag, then attaches the
 * bundle as a referrer of it. When the registry does not answer the
 * referrer's push with OCI-Subject (no referrers API), the referrers tag
 * schema index `sha256-<hex>` is updated instead, as the spec requires.
 */
async function publishArtifact(input, deps = {}) {
    const ref = parseOciReference(input.reference, { needTag: true });
    const tag = ref.tag ?? '';
    const log = deps.log ?? (() => undefined);
    const names = new Set();
    for (const f of input.files) {
        const name = basename(f.path);
        if (names.has(name))
            throw new EnclaveBuildError('INPUT_INVALID', `two files to publish are named ${name}; layer titles must differ`);
        names.add(name);
    }
    const client = new RegistryClient(ref, {
        actions: 'pull,push',
        ...(deps.credentials ? { credentials: deps.credentials } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {})
    });
    await client.pushBlob(Buffer.from('{}'));
    const layers = [];
    for (const file of input.files) {
        const bytes = await readChecked(file);
        const { digest, size } = await client.pushBlob(bytes);
        layers.push({ kind: file.kind, name: basename(file.path), digest, size });
        log(`pushed ${basename(file.path)} (${size} bytes, ${digest})`);
    }
    const manifest = Buffer.from(JSON.stringify(artifactManifest(input.facts, layers)));
    const { digest } = await client.putManifest(tag, manifest, MEDIA.manifest);
    log(`pushed ${ref.registry}/${ref.name}:${tag} as ${digest}`);
    const result = {
        reference: pinnedReference(ref, digest),
        digest,
        tag,
        layers: layers.length
    };
    if (!input.bundle)
        return result;
    const bundleBytes = Buffer.from(JSON.stringify(input.bundle.json));
    const mediaType = bundleMediaType(input.bundle.json);
    const blob = await client.pushBlob(bundleBytes);
    const subject = {
        mediaType: MEDIA.manifest,
        digest,
        size: manifest.length
    };
    const referrer = bundleManifest({ mediaType, ...blob }, subject, input.bundle.predicateType, input.facts.created);
    const referrerBytes = Buffer.from(JSON.stringify(referrer));
    const stored = await client.putManifest(digestOf(referrerBytes), referrerBytes, MEDIA.manifest);
    result.bundleDigest = stored.digest;
    if (stored.subject === digest)
        result.referrers = 'api';
    else {
        // No OCI-Subject: the registry keeps no referrers list; keep it by tag.
        const tagName = referrersTag(digest);
        const existing = await client.getManifest(tagName);
        const index = addToIndex(existing, {
            mediaType: MEDIA.manifest,
            digest: stored.digest,
            size: referrerBytes.length,
            artifactType: mediaType,
            ...(referrer.annotations ? { annotations: referrer.annotations } : {})
        });
        if (index)
            await client.putManifest(tagName, index, MEDIA.index);
        result.referrers = 'tag-schema';
    }
    log(`attached the Sigstore bundle as ${stored.digest} (${result.referrers === 'api' ? 'referrers API' : `referrers tag ${referrersTag(digest)}`})`);
    return result;
}

const USAGE = `enclave-build publish oci://REGISTRY/NAME:TAG
    (--bundle NAME.sigstore.json | --statement NAME.intoto.json)
    [--dir DIR] [--created RFC3339] [--username USER] [--json]

Pushes the files the attestation names (found in DIR, default: the bundle's
folder; each must still have its attested sha256) as one OCI artifact, and
attaches the bundle to it as a referrer (referrers API, else the referrers
tag schema). The login: ENCLAVE_BUILD_REGISTRY_USERNAME/_PASSWORD, else
Docker's config.json (docker login). Prints the pinned reference.
`;
async function readJson(path, what) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `${what} ${path} cannot be read`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${what} ${path} is not JSON`);
    }
}
/** `enclave-build publish`: the artefacts an attestation names, to a registry. */
const publish = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        bundle: {
            type: 'string',
            help: 'The Sigstore bundle of the measurement; attached as a referrer.'
        },
        statement: {
            type: 'string',
            help: 'An unsigned statement instead (signing: none): nothing is attached.'
        },
        dir: {
            type: 'string',
            help: "Folder of the files the attestation names (default: the bundle's)."
        },
        created: {
            type: 'string',
            help: 'org.opencontainers.image.created (RFC 3339), e.g. the commit time.'
        },
        username: {
            type: 'string',
            help: 'Registry login name (the password: ENCLAVE_BUILD_REGISTRY_PASSWORD).'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"reference", "digest", "tag", "layers", "bundleDigest", "referrers"}.'
        }
    }, true);
    if (positionals.length !== 1 || !v.bundle === !v.statement)
        throw new EnclaveBuildError('INPUT_INVALID', 'give one oci://REGISTRY/NAME:TAG and one of --bundle or --statement; run with --help');
    const reference = positionals[0];
    const ref = parseOciReference(reference, { needTag: true });
    if (v.created !== undefined && Number.isNaN(Date.parse(v.created)))
        throw new EnclaveBuildError('INPUT_INVALID', '--created must be an RFC 3339 time');
    const source = resolve(io.cwd, (v.bundle ?? v.statement));
    const json = await readJson(source, v.bundle ? 'bundle' : 'statement');
    const statement = v.bundle
        ? peekStatement(json)
        : json;
    if (statement?.predicateType !== MEASUREMENT_PREDICATE_TYPE)
        throw new EnclaveBuildError('INPUT_INVALID', `${source} does not carry a ${MEASUREMENT_PREDICATE_TYPE} statement`);
    const predicate = parseMeasurementPredicate(statement.predicate);
    const dir = v.dir ? resolve(io.cwd, v.dir) : dirname(source);
    const { facts, files } = filesOfPredicate(predicate, dir, v.created ? new Date(v.created).toISOString() : undefined);
    const credentials = await resolveCredentials(ref.registry, io.env, {
        ...(v.username ? { username: v.username } : {})
    });
    const result = await publishArtifact({
        reference,
        facts,
        files,
        ...(v.bundle
            ? { bundle: { json, predicateType: MEASUREMENT_PREDICATE_TYPE } }
            : {})
    }, {
        ...(credentials ? { credentials } : {}),
        log: (m) => {
            if (!v.json)
                io.stderr(`${m}\n`);
        }
    });
    if (v.json)
        printJson(io, result);
    else
        io.stdout(`${result.reference}\n`);
    return 0;
};
/** Printed by `publish --help` above its flags. */
publish.about = USAGE;

export { publish };
