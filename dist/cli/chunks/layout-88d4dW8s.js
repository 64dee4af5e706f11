import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError } from './main-BNMZYsS8.js';

const MAX_JSON = 4 << 20;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const invalid = (msg) => {
    throw new EnclaveBuildError('INPUT_INVALID', `OCI layout: ${msg}`);
};
/** Reads a blob of the layout and checks its digest and size. */
async function readBlob(dir, d, maxBytes = 2 ** 32) {
    if (typeof d.digest !== 'string' || !DIGEST.test(d.digest))
        invalid(`unsupported digest ${JSON.stringify(d.digest)} (sha256 only)`);
    const bytes = await readInputFile(join(dir, 'blobs', 'sha256', d.digest.slice(7)), `blob ${d.digest}`, { maxBytes });
    const got = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (got !== d.digest)
        invalid(`blob ${d.digest} has digest ${got}`);
    if (typeof d.size === 'number' && d.size !== bytes.length)
        invalid(`blob ${d.digest} is ${bytes.length} bytes, its descriptor says ${d.size}`);
    return bytes;
}
function parseJson(bytes, what) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return invalid(`${what} is not JSON`);
    }
}
/** Opens the single-platform image of an OCI layout directory. */
async function readLayout(dir) {
    const index = parseJson(await readInputFile(join(dir, 'index.json'), 'index.json', {
        maxBytes: MAX_JSON
    }), 'index.json');
    let list = index.manifests ?? [];
    let desc;
    for (let depth = 0; depth < 2 && desc === undefined; depth++) {
        const images = list.filter((m) => m.mediaType !== 'application/vnd.oci.image.index.v1+json');
        const pick = images.length === 1
            ? images[0]
            : images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
        if (pick)
            desc = pick;
        else if (list.length === 1) {
            const nested = parseJson(await readBlob(dir, list[0], MAX_JSON), 'nested index');
            list = nested.manifests ?? [];
        }
        else
            break;
    }
    if (!desc)
        return invalid('index.json must name exactly one image manifest (or a linux/amd64 one)');
    const manifest = parseJson(await readBlob(dir, desc, MAX_JSON), 'the manifest');
    if (!manifest.config || !Array.isArray(manifest.layers))
        invalid('the manifest has no config or layers');
    const config = parseJson(await readBlob(dir, manifest.config, MAX_JSON), 'the config');
    return {
        manifestDigest: desc.digest,
        manifest,
        config,
        configDigest: manifest.config.digest,
        blob: (d) => readBlob(dir, d)
    };
}

export { readBlob, readLayout };
