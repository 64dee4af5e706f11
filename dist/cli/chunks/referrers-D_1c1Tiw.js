import { MEDIA } from './client-DQ7-ONBg.js';
import 'node:fs/promises';
import 'node:os';
import 'node:path';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * The OCI layout of what enclave-build publishes: one image manifest per
 * build whose artifactType names the TEE, an empty config, one layer per
 * file (titled with its file name), and the measurements as annotations;
 * the Sigstore bundle is attached to it as a referrer, laid out as
 * @sigstore/oci (GitHub's attest action) lays out image attestations.
 */
/** application/vnd.enclave-build.<tee>.v1 */
function artifactType(target) {
    return `application/vnd.enclave-build.${target}.v1`;
}
/** The artifactType → target, or undefined for other artifacts. */
function targetOfArtifactType(type) {
    const m = typeof type === 'string'
        ? /^application\/vnd\.enclave-build\.([a-z0-9-]+)\.v1$/.exec(type)
        : null;
    return m?.[1];
}
/** Media type of a layer of this kind (eif, initrd, manifest-sgx, binary...). */
function layerMediaType(kind) {
    return `application/vnd.enclave-build.file.${kind}.v1`;
}
/** Annotation keys. */
const ANNOTATION = {
    title: 'org.opencontainers.image.title',
    created: 'org.opencontainers.image.created',
    source: 'org.opencontainers.image.source',
    revision: 'org.opencontainers.image.revision',
    target: 'dev.enclave-build.target',
    kind: 'dev.enclave-build.kind',
    /** + lower-case register name: dev.enclave-build.measurement.pcr0 */
    measurement: 'dev.enclave-build.measurement.',
    /** The name of the main register (the first measurement), e.g. PCR0. */
    primary: 'dev.enclave-build.measurement',
    bundleContent: 'dev.sigstore.bundle.content',
    bundlePredicateType: 'dev.sigstore.bundle.predicateType'
};
/** The Sigstore bundle media type GitHub's attest action attaches. */
const SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** What every Sigstore bundle media type starts with. */
const BUNDLE_MEDIA_PREFIX = 'application/vnd.dev.sigstore.bundle';
/** The empty JSON config `{}` the spec defines for artifacts. */
const EMPTY_CONFIG = {
    mediaType: MEDIA.empty,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30='
};
/** Keys sorted, so the manifest bytes depend on content alone. */
function sorted(o) {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
/** The artifact manifest: the same inputs give the same bytes. */
function artifactManifest(facts, files) {
    const annotations = {
        ...(facts.created ? { [ANNOTATION.created]: facts.created } : {}),
        [ANNOTATION.target]: facts.target,
        ...(facts.repository ? { [ANNOTATION.source]: facts.repository } : {}),
        ...(facts.commit ? { [ANNOTATION.revision]: facts.commit } : {})
    };
    for (const m of facts.measurements)
        annotations[ANNOTATION.measurement + m.name.toLowerCase()] = m.value;
    if (facts.measurements[0])
        annotations[ANNOTATION.primary] = facts.measurements[0].name;
    return {
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        artifactType: artifactType(facts.target),
        config: { ...EMPTY_CONFIG },
        layers: files.map((f) => ({
            mediaType: layerMediaType(f.kind),
            digest: f.digest,
            size: f.size,
            annotations: { [ANNOTATION.title]: f.name, [ANNOTATION.kind]: f.kind }
        })),
        annotations: sorted(annotations)
    };
}
/** The referrer that carries a Sigstore bundle for `subject`. */
function bundleManifest(bundle, subject, predicateType, created) {
    return {
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        artifactType: bundle.mediaType,
        config: { ...EMPTY_CONFIG },
        layers: [
            { mediaType: bundle.mediaType, digest: bundle.digest, size: bundle.size }
        ],
        subject: {
            mediaType: subject.mediaType,
            digest: subject.digest,
            size: subject.size
        },
        annotations: sorted({
            ...(created ? { [ANNOTATION.created]: created } : {}),
            [ANNOTATION.bundleContent]: 'dsse-envelope',
            [ANNOTATION.bundlePredicateType]: predicateType
        })
    };
}
/** The referrers tag schema: sha256:<hex> → sha256-<hex>. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}

/** Parses an index the registry served; HTTP_ERROR (its fault) when it is none. */
function parseIndex(bytes, what) {
    let value;
    try {
        value = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry served something that is not JSON`);
    }
    const o = value;
    // Go registries answer an empty list as null (a nil slice).
    if (typeof o === 'object' &&
        o !== null &&
        o.manifests === null)
        o.manifests = [];
    if (typeof o !== 'object' ||
        o === null ||
        o.schemaVersion !== 2 ||
        !Array.isArray(o.manifests) ||
        !o.manifests.every(isDescriptor))
        throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry served something that is not an OCI image index`);
    return o;
}
/** A well-formed descriptor (digest sha256, size a number). */
function isDescriptor(d) {
    const o = d;
    return (typeof o === 'object' &&
        o !== null &&
        typeof o.mediaType === 'string' &&
        typeof o.digest === 'string' &&
        /^sha256:[a-f0-9]{64}$/.test(o.digest) &&
        typeof o.size === 'number' &&
        Number.isSafeInteger(o.size) &&
        o.size >= 0);
}
/**
 * The referrers tag schema index with `entry` added: the bytes to store,
 * or undefined when it already lists the entry (nothing to write).
 */
function addToIndex(existing, entry) {
    const index = existing
        ? parseIndex(existing.bytes, 'the referrers tag index')
        : { schemaVersion: 2, mediaType: MEDIA.index, manifests: [] };
    if (index.manifests.some((m) => m.digest === entry.digest))
        return undefined;
    index.manifests.push(entry);
    return Buffer.from(JSON.stringify(index));
}

export { ANNOTATION as A, BUNDLE_MEDIA_PREFIX as B, SIGSTORE_BUNDLE_V03 as S, artifactManifest as a, bundleManifest as b, addToIndex as c, isDescriptor as i, parseIndex as p, referrersTag as r, targetOfArtifactType as t };
