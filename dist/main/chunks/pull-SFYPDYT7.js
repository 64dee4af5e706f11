import { p as parseOciReference, E as EnclaveBuildError, r as redact, g as fail } from '../index.js';
import { resolveCredentials } from './auth-C9VvtHd3.js';
import { M as MEDIA, R as RegistryClient, a as MAX_MANIFEST_BYTES } from './client-Ci7kux5e.js';
import { j as jsonObject, i as indexEntries, m as manifestShape, a as imageConfig } from './oci-shape-B0KzcSVr.js';
import 'node:os';
import 'node:crypto';
import 'node:fs';
import 'node:path';
import 'node:fs/promises';
import 'node:child_process';
import './http-Zlf-NUyE.js';

/**
 * Pulling a base image pinned by digest, for `oci image --base` and the
 * action's `oci-base` alike (one function, so both give the same image):
 * the pinned manifest or index (an index resolves to the platform of the
 * binary), its config and every layer, each checked against its digest and
 * size. OCI and Docker schema 2 media types are read (Docker Hub serves
 * the latter); logins come from the environment or Docker's config.json
 * (oci/auth.ts) and are never logged.
 */
/** Manifest media types a base may be served as. */
const BASE_MANIFEST_TYPES = {
    ociManifest: MEDIA.manifest,
    ociIndex: MEDIA.index,
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json'
};
/** Layer media types a base may have: tar or gzip tar, OCI or Docker. */
const BASE_LAYER_TYPES = [
    'application/vnd.oci.image.layer.v1.tar',
    'application/vnd.oci.image.layer.v1.tar+gzip',
    'application/vnd.docker.image.rootfs.diff.tar',
    'application/vnd.docker.image.rootfs.diff.tar.gzip'
];
const MAX_LAYER = 2 ** 31;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ALL_TYPES = Object.values(BASE_MANIFEST_TYPES);
/** The registry's answer is not what the spec says: a remote fault (exit 1). */
function remote(what) {
    throw new EnclaveBuildError('HTTP_ERROR', what);
}
/** A descriptor of a pulled document: the spec requires its media type. */
function typed(d, what) {
    if (typeof d.mediaType !== 'string')
        remote(`${what} has no media type`);
    return d;
}
/**
 * `REF@sha256:…` as a pinned oci:// reference; a tag alone is refused
 * (INPUT_INVALID) with how to find its digest.
 */
function pinnedBase(value, input) {
    const ref = value.startsWith('oci://') ? value : `oci://${value}`;
    if (!/@sha256:[0-9a-f]{64}$/.test(ref))
        throw new EnclaveBuildError('INPUT_INVALID', `${input} must be pinned by digest, REGISTRY/NAME@sha256:<64 hex> (got ${JSON.stringify(redact(value))}): a tag can move, and the image would change with it. Find the digest with \`crane digest REGISTRY/NAME:TAG\` or \`docker buildx imagetools inspect REGISTRY/NAME:TAG\`, or write scratch`);
    return ref;
}
/** Pulls the base image `value` pins (see the module comment). */
async function pullImage(value, o) {
    const spec = pinnedBase(value, o.input);
    const ref = parseOciReference(spec);
    const credentials = await resolveCredentials(ref.registry, o.env);
    const client = new RegistryClient(ref, {
        actions: 'pull',
        ...(credentials ? { credentials } : {}),
        ...(o.fetch ? { fetch: o.fetch } : {})
    });
    const shown = spec.slice('oci://'.length);
    // a 404 for the digest the user pinned is the user's to check; for one
    // the registry's own index lists, the registry's fault
    const get = async (digest, listed) => (await client.getManifest(digest, ALL_TYPES)) ??
        (listed
            ? remote(`${o.input} ${shown}: ${ref.registry} lists manifest ${digest} in its index but answers 404 for it`)
            : fail('INPUT_INVALID', `${o.input} ${shown}: ${ref.registry} has no manifest ${digest} (404); check the digest (\`crane digest\` prints it) and that the login may read ${ref.name}`));
    // what the registry serves is its fault, not the user's
    const src = {
        code: 'HTTP_ERROR',
        prefix: `${o.input} ${shown}: ${ref.registry} served`
    };
    let stored = await get(ref.digest, false);
    let doc = jsonObject(stored.bytes, `manifest ${stored.digest}`, src);
    const isIndex = (t) => t === BASE_MANIFEST_TYPES.ociIndex || t === BASE_MANIFEST_TYPES.dockerList;
    if (isIndex(doc.mediaType) || Array.isArray(doc.manifests)) {
        const pick = indexEntries(doc, `index ${stored.digest}`, src)
            .map((m, i) => typed(m, `index entry ${i}`))
            .find((m) => !isIndex(m.mediaType) &&
            m.platform?.os === 'linux' &&
            m.platform.architecture === o.architecture);
        if (!pick)
            throw new EnclaveBuildError('INPUT_INVALID', `${o.input} ${shown} is an index without a linux/${o.architecture} image, the binary's platform; pin a base built for it`);
        stored = await get(pick.digest, true);
        doc = jsonObject(stored.bytes, `manifest ${stored.digest}`, src);
    }
    if (doc.schemaVersion !== 2 ||
        (doc.mediaType !== undefined &&
            doc.mediaType !== BASE_MANIFEST_TYPES.ociManifest &&
            doc.mediaType !== BASE_MANIFEST_TYPES.dockerManifest) ||
        !Array.isArray(doc.layers))
        remote(`${o.input} ${shown}: ${stored.digest} is not an image manifest (OCI, or Docker schema 2)`);
    const manifest = manifestShape(doc, src);
    const config = typed(manifest.config, 'the manifest config');
    const layers = manifest.layers.map((l, i) => typed(l, `layer ${i}`));
    for (const l of layers)
        if (!BASE_LAYER_TYPES.includes(l.mediaType))
            throw new EnclaveBuildError('INPUT_INVALID', `${o.input} ${shown}: layer ${l.digest} is ${JSON.stringify(l.mediaType)}; a base may have only tar or gzip tar layers (OCI or Docker), not foreign, non-distributable or zstd ones`);
    const cfg = imageConfig(await client.getBlob(config.digest, MAX_MANIFEST_BYTES, Math.min(config.size, MAX_MANIFEST_BYTES + 1)), layers.length, src);
    // beyond the layout reader's check: each diff ID a sha256 digest
    if (!cfg.rootfs.diff_ids.every((d) => DIGEST.test(d)))
        remote(`${o.input} ${shown}: config ${config.digest} has a diff ID that is not a sha256 digest`);
    return {
        manifestDigest: stored.digest,
        manifest: {
            schemaVersion: 2,
            ...(typeof doc.mediaType === 'string'
                ? { mediaType: doc.mediaType }
                : {}),
            config,
            layers
        },
        config: cfg,
        configDigest: config.digest,
        blob: (d) => client.getBlob(d.digest, MAX_LAYER, Math.min(d.size, MAX_LAYER + 1)),
        reference: shown
    };
}

export { BASE_LAYER_TYPES, BASE_MANIFEST_TYPES, pinnedBase, pullImage };
