import { resolve } from 'node:path';
import { E as EnclaveBuildError } from './main-BNMZYsS8.js';

/**
 * An image named on the command line: a local OCI layout directory, or
 * `oci://REGISTRY/NAME[:TAG|@sha256:…]` pulled through the project's OCI
 * client (anonymous, or with docker config credentials). A multi-platform
 * index resolves to its linux/amd64 manifest.
 */
const MAX_JSON = 4 << 20;
const MAX_LAYER = 2 ** 31;
function json(bytes, what) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${what} is not JSON`);
    }
}
/** Opens the image (and its reference, for a policy's `id`). */
async function openImage(spec, cwd, env) {
    if (!spec.startsWith('oci://')) {
        const { readLayout } = await import('./layout-88d4dW8s.js');
        const img = await readLayout(resolve(cwd, spec));
        return { ...img, reference: `@${img.manifestDigest}` };
    }
    const { parseOciReference } = await import('./reference-CxUcyG0S.js');
    const { RegistryClient } = await import('./client-CFQDYUYx.js');
    const { resolveCredentials } = await import('./auth-C9VvtHd3.js');
    const ref = parseOciReference(spec);
    const credentials = await resolveCredentials(ref.registry, env);
    const client = new RegistryClient(ref, {
        actions: 'pull',
        ...(credentials ? { credentials } : {})
    });
    let stored = await client.getManifest(ref.digest ?? ref.tag ?? 'latest');
    if (!stored)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `${spec} has no manifest`);
    if (stored.mediaType.includes('index') ||
        stored.mediaType.includes('manifest.list')) {
        const idx = json(stored.bytes, 'the index');
        const pick = (idx.manifests ?? []).find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
        if (!pick)
            throw new EnclaveBuildError('INPUT_INVALID', `${spec} is an index without a linux/amd64 image`);
        stored = await client.getManifest(pick.digest);
        if (!stored)
            throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `${spec}: ${pick.digest} is missing`);
    }
    const manifest = json(stored.bytes, 'the manifest');
    const config = json(await client.getBlob(manifest.config.digest, MAX_JSON), 'the config');
    return {
        manifestDigest: stored.digest,
        manifest,
        config,
        configDigest: manifest.config.digest,
        blob: (d) => client.getBlob(d.digest, MAX_LAYER),
        reference: `${ref.registry}/${ref.name}@${stored.digest}`
    };
}

export { openImage };
