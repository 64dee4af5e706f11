import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { indexManifests, imageManifest, imageConfig, LOCAL_LAYOUT } from './oci-shape-CT3-rK_p.js';

const MAX_JSON = 4 << 20;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const INDEX_MEDIA = 'application/vnd.oci.image.index.v1+json';
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
/**
 * Opens the single-platform image of an OCI layout directory. Every
 * document is shape-checked (model/oci-shape.ts) before a field of it is used.
 */
async function readLayout(dir) {
    let list = indexManifests(await readInputFile(join(dir, 'index.json'), 'index.json', {
        maxBytes: MAX_JSON
    }), 'index.json', LOCAL_LAYOUT);
    let desc;
    for (let depth = 0; depth < 2 && desc === undefined; depth++) {
        const images = list.filter((m) => m.mediaType !== INDEX_MEDIA);
        const pick = images.length === 1
            ? images[0]
            : images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
        if (pick)
            desc = pick;
        else if (list.length === 1)
            list = indexManifests(await readBlob(dir, list[0], MAX_JSON), 'the nested index', LOCAL_LAYOUT);
        else
            break;
    }
    if (!desc)
        return invalid('index.json must name exactly one image manifest (or a linux/amd64 one)');
    const manifest = imageManifest(await readBlob(dir, desc, MAX_JSON), LOCAL_LAYOUT);
    const config = imageConfig(await readBlob(dir, manifest.config, MAX_JSON), manifest.layers.length, LOCAL_LAYOUT);
    return {
        manifestDigest: desc.digest,
        manifest,
        config,
        configDigest: manifest.config.digest,
        blob: (d) => readBlob(dir, d)
    };
}

export { readBlob, readLayout };
