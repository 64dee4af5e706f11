import { join, basename } from 'node:path';
import { p as publishLayout } from './index-Bc3F2y-W.js';
import { E as EnclaveBuildError, e as readInputFile, s as sha256Hex } from './main-BQHnxbfa.js';
import { a as artifactManifest, b as bundleManifest, r as referrersTag, c as addToIndex, S as SIGSTORE_BUNDLE_V03, B as BUNDLE_MEDIA_PREFIX } from './referrers-D_1c1Tiw.js';
import { RegistryClient, digestOf, MEDIA } from './client-DQ7-ONBg.js';
import { parseOciReference, pinnedReference } from './reference-Dkea9zFk.js';

/**
 * What is published for a build: the target's artefacts, plus the Go
 * binary when the target's registry entry says so (Gramine's manifest lists
 * it as a trusted file outside every artefact; Nitro's EIF and SNP's initrd
 * carry it inside).
 */
function filesOfResult(result, build, env = {}) {
    // as the attestation's predicate names it: the build's remote, else the
    // workflow's repository (a checkout without an origin remote)
    const repository = build.source.repository ??
        (env.GITHUB_REPOSITORY
            ? `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`
            : undefined);
    const files = result.artifacts.map((a) => ({
        kind: a.kind,
        path: a.path,
        sha256: a.sha256
    }));
    if (publishLayout(result.target).binary)
        files.unshift({
            kind: 'binary',
            path: build.binary.path,
            sha256: build.binary.sha256
        });
    return {
        facts: {
            target: result.target,
            measurements: result.measurements,
            created: new Date(build.source.commitTime).toISOString(),
            ...(repository ? { repository } : {}),
            commit: build.source.commit
        },
        files
    };
}
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
    if (publishLayout(predicate.target).binary)
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
    // a regular file within the limit, opened once (a FIFO swapped in cannot hang it)
    const bytes = await readInputFile(file.path, `${file.kind}`, {
        maxBytes: MAX_FILE_BYTES
    });
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
    // What is already public, for the error when a later step fails: the
    // artifact goes in by digest, then its attestation, and the tag moves
    // last, so a tag never points at an artifact without its referrer.
    const published = [];
    try {
        await client.pushBlob(Buffer.from('{}'));
        const layers = [];
        for (const file of input.files) {
            const bytes = await readChecked(file);
            const { digest, size } = await client.pushBlob(bytes);
            layers.push({ kind: file.kind, name: basename(file.path), digest, size });
            log(`pushed ${basename(file.path)} (${size} bytes, ${digest})`);
        }
        const manifest = Buffer.from(JSON.stringify(artifactManifest(input.facts, layers)));
        const { digest } = await client.putManifest(digestOf(manifest), manifest, MEDIA.manifest);
        const pinned = pinnedReference(ref, digest);
        published.push(`the artifact ${pinned} (untagged)`);
        log(`pushed ${pinned}`);
        const result = {
            reference: pinned,
            digest,
            tag,
            layers: layers.length
        };
        if (input.bundle) {
            const attached = await attachBundle(client, { mediaType: MEDIA.manifest, digest, size: manifest.length }, input.bundle, input.facts.created, log);
            published.push(`its attestation ${attached.bundleDigest}`);
            Object.assign(result, attached);
        }
        await client.putManifest(tag, manifest, MEDIA.manifest);
        log(`tagged ${ref.registry}/${ref.name}:${tag} as ${digest}`);
        return result;
    }
    catch (err) {
        throw alreadyPublic(err, published, `${ref.registry}/${ref.name}:${tag}`);
    }
}
/** The error of a failed publish, saying what is public and that the tag did not move. */
function alreadyPublic(err, published, tagged) {
    if (published.length === 0 || !(err instanceof EnclaveBuildError))
        return err;
    return new EnclaveBuildError(err.code, `${err.message}. Already public: ${published.join(', ')}; ${tagged} was not moved to it. A re-run pushes the same digests again and then moves the tag`, { cause: err });
}
/**
 * Attaches a Sigstore bundle as a referrer of `subject` (an artifact or an
 * image manifest): the referrers API when the registry answers with
 * OCI-Subject, else the referrers tag schema index `sha256-<hex>`.
 */
async function attachBundle(client, subject, bundle, created, log) {
    // the referrer's config is the empty descriptor's blob
    await client.pushBlob(Buffer.from('{}'));
    const bundleBytes = Buffer.from(JSON.stringify(bundle.json));
    const mediaType = bundleMediaType(bundle.json);
    const blob = await client.pushBlob(bundleBytes);
    const referrer = bundleManifest({ mediaType, ...blob }, subject, bundle.predicateType, created);
    const referrerBytes = Buffer.from(JSON.stringify(referrer));
    const stored = await client.putManifest(digestOf(referrerBytes), referrerBytes, MEDIA.manifest);
    if (stored.subject === subject.digest) {
        log(`attached the Sigstore bundle as ${stored.digest} (referrers API)`);
        return { bundleDigest: stored.digest, referrers: 'api' };
    }
    // No OCI-Subject: the registry keeps no referrers list; keep it by tag.
    const tagName = referrersTag(subject.digest);
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
    log(`attached the Sigstore bundle as ${stored.digest} (referrers tag ${tagName})`);
    return { bundleDigest: stored.digest, referrers: 'tag-schema' };
}

export { filesOfResult as a, attachBundle as b, filesOfPredicate as f, publishArtifact as p };
