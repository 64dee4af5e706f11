import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile, chmod, rm, rename } from 'node:fs/promises';
import { join, dirname, basename } from 'node:path';

/** A fresh hidden temp name in the directory of `path`, for atomic writes. */
function tempBeside(path) {
    return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}
/**
 * Puts the finished temp file `tmp` at `path`. The old file goes first:
 * ext4 (auto_da_alloc) allocates and flushes a file's blocks when a rename
 * replaces another file, which costs 15 ms for 20 MB (an EIF, an initrd).
 * A reader may find no file for that moment, but never a partial one.
 */
async function moveIntoPlace(tmp, path) {
    await rm(path, { force: true }).catch(() => undefined);
    await rename(tmp, path);
}
/**
 * Writes a file so that readers see either the old content or the whole new
 * content, never a half-written file: write beside it, then rename.
 */
async function writeFileAtomic(path, data, mode = 0o644) {
    const tmp = tempBeside(path);
    try {
        await writeFile(tmp, data, { mode });
        await chmod(tmp, mode);
        await moveIntoPlace(tmp, path);
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

export { moveIntoPlace, sha256File, sha256Hex, tempBeside, writeFileAtomic };
