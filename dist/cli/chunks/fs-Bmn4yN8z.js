import { randomBytes, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile, chmod, rename, rm } from 'node:fs/promises';
import { join, dirname, basename } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the whole new
 * content, never a half-written file: write beside it, then rename.
 */
async function writeFileAtomic(path, data, mode = 0o644) {
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
        await writeFile(tmp, data, { mode });
        await chmod(tmp, mode);
        await rename(tmp, path);
    }
    catch (err) {
        await rm(tmp, { force: true });
        throw err;
    }
}
/** sha256 of a file, streamed (never loads the file whole). */
async function sha256File(path) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, {
        highWaterMark: 1 << 20
    }))
        hash.update(chunk);
    return hash.digest('hex');
}
/** sha256 of bytes, lower-case hex. */
function sha256Hex(data) {
    return createHash('sha256').update(data).digest('hex');
}

export { sha256File, sha256Hex, writeFileAtomic };
