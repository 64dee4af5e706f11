import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { t as targetOfArtifactType, A as ANNOTATION, r as referrersTag, p as parseIndex, B as BUNDLE_MEDIA_PREFIX, i as isDescriptor } from './referrers-D_1c1Tiw.js';
import { RegistryClient } from './client-DQ7-ONBg.js';
import { parseOciReference, pinnedReference } from './reference-Dkea9zFk.js';
import 'node:fs/promises';
import 'node:os';
import 'node:path';
import './http-BiRlcPi4.js';
import 'node:crypto';
import './auth-C9VvtHd3.js';

/** Largest bundle read (bundles are a few KiB; a certificate chain at most). */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
function parseManifest(bytes, what) {
    let o;
    try {
        o = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry served something that is not JSON`);
    }
    if (typeof o !== 'object' ||
        o === null ||
        o.schemaVersion !== 2 ||
        !Array.isArray(o.layers) ||
        !o.layers.every(isDescriptor) ||
        !isDescriptor(o.config))
        throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry served something that is not an OCI image manifest`);
    return o;
}
/**
 * Reads an artifact enclave-build published and the Sigstore bundles
 * attached to it: through the referrers API, or, when the registry has none,
 * the referrers tag schema. Only the manifests and bundles are downloaded,
 * never the layers (their digests are what verify checks).
 */
async function discoverArtifact(reference, deps = {}) {
    const ref = parseOciReference(reference);
    const client = new RegistryClient(ref, {
        actions: 'pull',
        ...(deps.credentials ? { credentials: deps.credentials } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {})
    });
    const at = ref.digest ?? ref.tag ?? '';
    const stored = await client.getManifest(at);
    if (!stored)
        throw new EnclaveBuildError('INPUT_INVALID', `${reference}: the registry has no such manifest; check the name and tag`);
    const manifest = parseManifest(stored.bytes, reference);
    const target = targetOfArtifactType(manifest.artifactType);
    if (!target)
        throw new EnclaveBuildError('INPUT_INVALID', `${reference} is not an enclave-build artifact (artifactType ${String(manifest.artifactType)})`);
    const annotations = manifest.annotations ?? {};
    const layers = manifest.layers.map((l) => ({
        name: l.annotations?.[ANNOTATION.title] ?? '',
        kind: l.annotations?.[ANNOTATION.kind] ?? '',
        sha256: l.digest.slice('sha256:'.length),
        size: l.size
    }));
    let referrers = 'api';
    let listed = await client.referrers(stored.digest);
    if (!listed) {
        referrers = 'tag-schema';
        listed = (await client.getManifest(referrersTag(stored.digest)))?.bytes;
    }
    const entries = listed
        ? parseIndex(listed, `the referrers of ${reference}`).manifests
        : [];
    const bundles = [];
    for (const entry of entries) {
        if (!entry.artifactType?.startsWith(BUNDLE_MEDIA_PREFIX))
            continue;
        const what = `referrer ${entry.digest}`;
        const m = await client.getManifest(entry.digest);
        if (!m)
            continue;
        const referrer = parseManifest(m.bytes, what);
        // A tag-schema index is written by clients: trust only the subject field.
        if (referrer.subject?.digest !== stored.digest)
            continue;
        const layer = referrer.layers[0];
        if (!layer?.mediaType.startsWith(BUNDLE_MEDIA_PREFIX))
            continue;
        const bytes = await client.getBlob(layer.digest, MAX_BUNDLE_BYTES);
        try {
            bundles.push({
                name: `${ref.registry}/${ref.name}@${entry.digest}`,
                json: JSON.parse(bytes.toString('utf8'))
            });
        }
        catch {
            throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry served a bundle that is not JSON`);
        }
    }
    if (bundles.length === 0)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `${reference} has no Sigstore bundle attached (looked up through the ${referrers === 'api' ? 'referrers API' : `referrers tag ${referrersTag(stored.digest)}`}); publish it with an attestation (signing: key or keyless)`);
    const primary = annotations[ANNOTATION.primary];
    const firstMeasurement = primary
        ? annotations[ANNOTATION.measurement + primary.toLowerCase()]
        : undefined;
    return {
        reference: pinnedReference(ref, stored.digest),
        digest: stored.digest,
        target,
        layers,
        annotations,
        ...(firstMeasurement ? { measurement: firstMeasurement } : {}),
        bundles,
        referrers
    };
}

export { discoverArtifact };
