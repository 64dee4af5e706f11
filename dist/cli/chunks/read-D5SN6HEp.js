import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { E as EnclaveBuildError, F as MAX_INPUT_BYTES, u as fileError } from './main-BQHnxbfa.js';

/**
 * The fast whole-file read (the plain interface: {@link readWhole}; the
 * EIF builder also opens, sizes and fills a buffer in two steps). Same
 * checks and codes as readInputFile in util/fs. A 20 MB ramdisk or Go binary is
 * read with one read(2) into a buffer allocated once at its final size
 * (fs.readFile reads 512 KiB per thread-pool round trip), and the binary
 * can be read straight into its slot in the customer ramdisk, so its bytes
 * are touched once before hashing instead of being copied there.
 */
function notReadable(path, what, err) {
    throw fileError(err, path, `the ${what}`);
}
/** Below this, one read; above, parallel reads of at least this much each. */
const PART = 4 * 1024 * 1024;
/** Parallel reads for a big file: one per core here, and a little slack. */
const MAX_PARTS = 4;
async function readRange(fh, dest, from, to, path, what) {
    let off = from;
    while (off < to) {
        const { bytesRead } = await fh.read(dest, off, to - off, off);
        if (bytesRead === 0)
            throw new EnclaveBuildError('IO_ERROR', `the ${what} ${path} shrank while being read; is something rewriting it?`);
        off += bytesRead;
    }
}
/**
 * Fills `dest` from the start of the file. A big file is read as a few
 * ranges at once: reading into fresh memory is mostly page faults (about
 * 15 ms for 20 MB on a VM), and parallel reads spread them over the cores.
 */
async function readFully(fh, dest, path, what) {
    const parts = Math.min(MAX_PARTS, Math.max(1, Math.floor(dest.length / PART)));
    // Part boundaries on 64 KiB, so each read stays page- and block-aligned.
    const step = Math.ceil(dest.length / parts / 65536) * 65536;
    const reads = [];
    for (let from = 0; from < dest.length; from += step)
        reads.push(readRange(fh, dest, from, Math.min(dest.length, from + step), path, what));
    await Promise.all(reads);
}
/** Opens `path` and returns its handle and size (coded error if unreadable). */
async function openSized(path, what) {
    // non-blocking, so a FIFO is refused below instead of waited on
    const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((err) => notReadable(path, what, err));
    try {
        const st = await fh.stat();
        if (!st.isFile())
            throw new EnclaveBuildError('FILE_NOT_REGULAR', `the ${what} ${path} is not a regular file (a directory, pipe or device); pass the path of a file`);
        if (st.size > MAX_INPUT_BYTES)
            throw new EnclaveBuildError('FILE_TOO_LARGE', `the ${what} ${path} is ${st.size} bytes, more than the ${MAX_INPUT_BYTES} this input may have`);
        return { fh, size: st.size };
    }
    catch (err) {
        await fh.close();
        throw err;
    }
}
/** Reads exactly `dest.length` bytes from the start of an open file, then closes it. */
async function readInto(opened, dest, path, what) {
    try {
        await readFully(opened.fh, dest, path, what);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            throw err;
        notReadable(path, what, err);
    }
    finally {
        await opened.fh.close();
    }
}
/** Reads a whole file into a buffer of exactly its size. */
async function readWhole(path, what) {
    const opened = await openSized(path, what);
    const dest = Buffer.allocUnsafe(opened.size);
    await readInto(opened, dest, path, what);
    return dest;
}

export { readInto as a, openSized as o, readWhole as r };
