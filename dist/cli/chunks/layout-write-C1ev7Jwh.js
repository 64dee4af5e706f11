import { readdir, mkdir, writeFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { E as EnclaveBuildError, u as fileError, B as tempBeside, z as untrackTemp } from './main-BQHnxbfa.js';
import { MEDIA_INDEX } from './image-BoAnoc_I.js';
import 'node:crypto';
import 'node:zlib';

/**
 * Writes an image as an OCI image layout (oci-layout, index.json naming the
 * one manifest with its platform and a ref.name tag, blobs/sha256/…). The
 * directory must be new or empty: a layout half-mixed with another image
 * would list blobs nobody checked. The layout is written whole into a
 * temp directory beside it and renamed into place, so a failure (a full
 * disk, a signal) leaves no half layout that a re-run would then refuse as
 * "not empty", and a directory swapped in during the run is never written
 * into.
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
    // the parent must exist for the temp beside it (as for a new directory)
    await mkdir(join(dir, '..'), { recursive: true }).catch((err) => {
        throw fileError(err, dir, 'the output directory', 'write');
    });
    const tmp = tempBeside(dir);
    try {
        const blobDir = join(tmp, 'blobs', 'sha256');
        await mkdir(blobDir, { recursive: true });
        for (const [digest, bytes] of [...image.blobs].sort(([a], [b]) => a < b ? -1 : 1))
            await writeFile(join(blobDir, digest.slice(7)), bytes, { mode: 0o644 });
        await writeFile(join(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
        await writeFile(join(tmp, 'index.json'), JSON.stringify(index));
        // rename(2) puts a directory over a missing or empty one only
        await rename(tmp, dir);
        untrackTemp(tmp);
    }
    catch (err) {
        await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
        untrackTemp(tmp);
        if (err.code === 'ENOTEMPTY')
            throw new EnclaveBuildError('IO_ERROR', `--output ${dir} was filled by something else during the run; nothing was written, give a new directory`);
        throw fileError(err, dir, 'the output directory', 'write');
    }
}

export { writeLayout };
