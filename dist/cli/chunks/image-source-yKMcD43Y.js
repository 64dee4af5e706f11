import { resolve } from 'node:path';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * An image named on the command line: a local OCI layout directory, or
 * `oci://REGISTRY/NAME[:TAG|@sha256:…]` pulled through the project's OCI
 * client (anonymous, or with docker config credentials). A multi-platform
 * index resolves to its linux/amd64 manifest.
 */
const MAX_JSON = 4 << 20;
const MAX_LAYER = 2 ** 31;
/** Opens the image (and its reference, for a policy's `id`). */
async function openImage(spec, cwd, env) {
    if (!spec.startsWith('oci://')) {
        const { readLayout } = await import('./layout-D9fYSn9N.js');
        const img = await readLayout(resolve(cwd, spec));
        return { ...img, reference: `@${img.manifestDigest}` };
    }
    const { parseOciReference } = await import('./reference-Dkea9zFk.js');
    const { RegistryClient } = await import('./client-DQ7-ONBg.js');
    const { resolveCredentials } = await import('./auth-C9VvtHd3.js');
    const shape = await import('./oci-shape-CT3-rK_p.js');
    const ref = parseOciReference(spec);
    // what a registry serves is its fault, not the user's: HTTP_ERROR (exit 1)
    const remote = {
        code: 'HTTP_ERROR',
        prefix: `${ref.registry} served`
    };
    const credentials = await resolveCredentials(ref.registry, env);
    const client = new RegistryClient(ref, {
        actions: 'pull',
        ...(credentials ? { credentials } : {})
    });
    let stored = await client.getManifest(ref.digest ?? ref.tag ?? 'latest');
    if (!stored)
        throw new EnclaveBuildError('INPUT_INVALID', `${spec}: the registry has no such manifest; check the name and tag`);
    if (stored.mediaType.includes('index') ||
        stored.mediaType.includes('manifest.list')) {
        const pick = shape
            .indexManifests(stored.bytes, 'an index', remote)
            .find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
        if (!pick)
            throw new EnclaveBuildError('INPUT_INVALID', `${spec} is an index without a linux/amd64 image`);
        stored = await client.getManifest(pick.digest);
        if (!stored)
            throw new EnclaveBuildError('HTTP_ERROR', `${spec}: the registry lists ${pick.digest} in its index but does not serve it`);
    }
    const manifest = shape.imageManifest(stored.bytes, remote);
    const config = shape.imageConfig(await client.getBlob(manifest.config.digest, MAX_JSON), manifest.layers.length, remote);
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
