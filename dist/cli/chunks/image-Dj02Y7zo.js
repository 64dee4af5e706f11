import { join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { RegistryClient, MEDIA, digestOf } from './client-DQ7-ONBg.js';
import { b as attachBundle } from './push-Co3HDQNt.js';
import { parseOciReference, pinnedReference } from './reference-Dkea9zFk.js';
import './http-BiRlcPi4.js';
import 'node:crypto';
import './auth-C9VvtHd3.js';
import 'node:fs/promises';
import 'node:os';
import './index-Bc3F2y-W.js';
import './schemas-BeVPcTnG.js';
import './tdx-BS7SA3Ep.js';
import './limits-y7uvIm8O.js';
import './referrers-D_1c1Tiw.js';

const MAX_JSON = 4 << 20;
function parse(bytes, what) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${what} is not JSON`);
    }
}
/** Publishes the image of `layout` to `reference` (oci://REGISTRY/NAME:TAG). */
async function publishImage(layout, input, deps = {}) {
    const ref = parseOciReference(input.reference, { needTag: true });
    const tag = ref.tag ?? '';
    const log = deps.log ?? (() => undefined);
    const blob = async (d, max = 2 ** 31) => {
        if (!/^sha256:[0-9a-f]{64}$/.test(d.digest))
            throw new EnclaveBuildError('INPUT_INVALID', `the image names blob ${d.digest}, not a sha256 digest`);
        const bytes = await readInputFile(join(layout, 'blobs', 'sha256', d.digest.slice(7)), `blob ${d.digest}`, { maxBytes: max });
        if (digestOf(bytes) !== d.digest)
            throw new EnclaveBuildError('PIN_MISMATCH', `blob ${d.digest} of ${layout} changed since it was built; rebuild instead of publishing it`);
        return bytes;
    };
    const index = parse(await readInputFile(join(layout, 'index.json'), 'index.json', {
        maxBytes: MAX_JSON
    }), 'index.json');
    if (index.manifests?.length !== 1)
        throw new EnclaveBuildError('INPUT_INVALID', `${layout} must hold exactly one image`);
    const desc = index.manifests[0];
    const manifestBytes = await blob(desc, MAX_JSON);
    const manifest = parse(manifestBytes, 'the manifest');
    const client = new RegistryClient(ref, {
        actions: 'pull,push',
        ...(deps.credentials ? { credentials: deps.credentials } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {})
    });
    for (const d of [manifest.config, ...manifest.layers]) {
        const { size } = await client.pushBlob(await blob(d));
        log(`pushed blob ${d.digest} (${size} bytes)`);
    }
    const { digest } = await client.putManifest(tag, manifestBytes, MEDIA.manifest);
    log(`pushed the image ${ref.registry}/${ref.name}:${tag} as ${digest}`);
    const result = {
        reference: pinnedReference(ref, digest),
        digest,
        tag,
        layers: manifest.layers.length
    };
    if (!input.bundle)
        return result;
    return {
        ...result,
        ...(await attachBundle(client, { mediaType: MEDIA.manifest, digest, size: manifestBytes.length }, input.bundle, input.created, log))
    };
}

export { publishImage };
