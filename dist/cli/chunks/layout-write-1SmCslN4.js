import { readdir, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { E as EnclaveBuildError, w as writeFileAtomic } from './main-BNMZYsS8.js';
import { MEDIA_INDEX } from './image-DweGIwha.js';
import 'node:crypto';
import 'node:zlib';

/**
 * Writes an image as an OCI image layout (oci-layout, index.json naming the
 * one manifest with its platform and a ref.name tag, blobs/sha256/…). The
 * directory must be new or empty: a layout half-mixed with another image
 * would list blobs nobody checked.
 */
async function writeLayout(dir, image, tag = 'latest') {
    let existing = [];
    try {
        existing = await readdir(dir);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw new EnclaveBuildError('INPUT_INVALID', `--output ${dir} is not a directory we can list`);
    }
    if (existing.length > 0)
        throw new EnclaveBuildError('INPUT_INVALID', `--output ${dir} is not empty; give a new directory`);
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag))
        throw new EnclaveBuildError('INPUT_INVALID', `--tag ${JSON.stringify(tag)} is not an OCI tag`);
    const blobDir = join(dir, 'blobs', 'sha256');
    await mkdir(blobDir, { recursive: true });
    for (const [digest, bytes] of [...image.blobs].sort(([a], [b]) => a < b ? -1 : 1))
        await writeFileAtomic(join(blobDir, digest.slice(7)), bytes);
    await writeFileAtomic(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const index = {
        schemaVersion: 2,
        mediaType: MEDIA_INDEX,
        manifests: [
            {
                ...image.manifestDescriptor,
                annotations: { 'org.opencontainers.image.ref.name': tag }
            }
        ]
    };
    await writeFileAtomic(join(dir, 'index.json'), JSON.stringify(index));
}

export { writeLayout };
