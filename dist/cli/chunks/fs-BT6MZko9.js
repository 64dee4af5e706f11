import { E as EnclaveBuildError, e as errnoCode } from './main-C_5kpKAD.js';
import { u as untrackTemp, t as trackTemp } from './temps-ClGZhUnt.js';

// One wording for every failed file operation, reading or writing: the
// code comes from the errno (errors.ts), the message names the file, what it
// is for, and what to do. Its own module so that reading (fs.ts) and
// writing (write-atomic.ts) share it without importing each other.
/** The coded error of a failed file operation, naming the file and the cause. */
function fileError(err, file, what, doing = 'read') {
    if (err instanceof EnclaveBuildError)
        return err;
    const errno = err.code;
    const code = errnoCode(errno);
    if (errno === 'ENOTDIR')
        return new EnclaveBuildError(code, `cannot ${doing} ${what} ${file}: a part of its path is a file, not a directory`, { cause: err });
    if (errno === 'EEXIST')
        return new EnclaveBuildError('FILE_NOT_REGULAR', `cannot ${doing} ${what} ${file}: something else already exists at that path`, { cause: err });
    if (code === 'FILE_NOT_FOUND')
        return new EnclaveBuildError(code, doing === 'read'
            ? `${what} ${file} does not exist; check the path`
            : `cannot ${doing} ${what} ${file}: its directory does not exist`, { cause: err });
    const why = code === 'PERMISSION_DENIED'
        ? `permission denied (${errno}); check the file's mode and owner`
        : code === 'NO_SPACE'
            ? `the disk is full (${errno}); free space or choose another output directory`
            : `${err.message ?? String(err)}`;
    return new EnclaveBuildError(code, `cannot ${doing} ${what} ${file}: ${why}`, {
        cause: err
    });
}

// Writing outputs atomically: a temp file beside the target, then one
// rename(2), so that on error nothing is half-written. Built-ins are taken
// with process.getBuiltinModule for the reason given in fs.ts (start-up time
// of `snp measure`); node:crypto only when a temp name is first made.
const fs$1 = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
const crypto$1 = () => process.getBuiltinModule('node:crypto');
/** A fresh hidden temp name in the directory of `path`, for atomic writes. */
function tempBeside(file) {
    // tracked until moved or removed, so a signal does not leave it (temps.ts)
    return trackTemp(path.join(path.dirname(file), `.${path.basename(file)}.${crypto$1().randomBytes(6).toString('hex')}.tmp`));
}
/**
 * Puts the finished temp file `tmp` at `file` with one rename(2), which
 * replaces an old file atomically: a reader finds the old bytes or the new
 * ones, never none and never part. (On ext4, auto_da_alloc flushes the new
 * file's blocks when its rename replaces another; that costs about 15 ms
 * per 20 MB and is the price of that promise.)
 */
async function moveIntoPlace(tmp, file) {
    // rename(2) would replace a device node or a FIFO at `file` (as root,
    // --output /dev/full became a regular file): only a file, a symlink
    // (replaced itself, never written through) or nothing may be there.
    const there = await fs$1.promises.lstat(file).catch(() => undefined);
    if (there && !there.isFile() && !there.isSymbolicLink())
        throw new EnclaveBuildError('FILE_NOT_REGULAR', `${file} exists and is ${there.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)'}; give the path of a file to write`);
    await fs$1.promises.rename(tmp, file);
    untrackTemp(tmp);
}
/**
 * Writes a file so that readers see either the old content or the whole new
 * content, never a half-written file and never no file: write beside it,
 * then rename over it. I/O failures are coded (NO_SPACE, PERMISSION_DENIED,
 * FILE_NOT_FOUND for a missing directory, IO_ERROR) and leave no temp file.
 */
async function writeFileAtomic(file, data, mode = 0o644) {
    const tmp = tempBeside(file);
    try {
        await fs$1.promises.writeFile(tmp, data, { mode });
        await fs$1.promises.chmod(tmp, mode);
        await moveIntoPlace(tmp, file);
    }
    catch (err) {
        // a failed clean-up (ENOTDIR: the "directory" is a file) must not hide
        // why the write failed (issue 12, item 10)
        await fs$1.promises.rm(tmp, { force: true }).catch(() => undefined);
        untrackTemp(tmp);
        throw fileError(err, file, 'the output', 'write');
    }
}

// Built-ins are taken with process.getBuiltinModule, not `import`: this
// module is on the path of `snp measure`, which must start in tens of
// milliseconds, and an ES import of a built-in builds a module facade over
// all its exports at every start. node:fs and node:path are loaded by Node
// itself; node:crypto only when a hash is first asked for.
const fs = process.getBuiltinModule('node:fs');
const crypto = () => process.getBuiltinModule('node:crypto');
/** The most one read(2) is asked for (Node refuses 2 GiB and more). */
const READ_CHUNK = 2 ** 30;
/**
 * The default size limit of an input file: above any kernel, firmware,
 * ramdisk, Go binary or enclave image this tool reads (an EIF of a big
 * container image runs to a few GiB), below what would exhaust a runner's
 * memory. Callers reading keys, templates or JSON pass a far smaller one.
 */
const MAX_INPUT_BYTES = 4 * 2 ** 30;
/**
 * Opens an input for reading and checks it: only a regular file is
 * accepted (a FIFO or a device could block or never end), and only up to
 * `maxBytes`. The open is non-blocking, so opening a FIFO does not wait for
 * a writer; fstat then tells what was opened, so a path swapped after a
 * check cannot slip through. Returns the descriptor (the caller closes it)
 * and the size.
 */
function openInputFile(file, what, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
    let fd;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    try {
        const st = fs.fstatSync(fd);
        if (!st.isFile())
            throw new EnclaveBuildError('FILE_NOT_REGULAR', `${what} ${file} is not a regular file (a directory, pipe or device); pass the path of a file`);
        if (st.size > maxBytes)
            throw new EnclaveBuildError('FILE_TOO_LARGE', `${what} ${file} is ${st.size} bytes, more than the ${maxBytes} this input may have`);
        return { fd, size: st.size };
    }
    catch (err) {
        fs.closeSync(fd);
        throw fileError(err, file, what);
    }
}
/**
 * Reads a whole input file in as few read(2)s as it takes, into a buffer of
 * its size (a file that reports size 0, like those of /proc, is read to its
 * end, within the limit). Coded errors: FILE_NOT_FOUND, FILE_NOT_REGULAR,
 * FILE_TOO_LARGE, PERMISSION_DENIED, IO_ERROR, each naming the file.
 */
function readInputFileSync(file, what, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
    const { fd, size } = openInputFile(file, what, options);
    try {
        // a file that reports size 0 grows its buffer as it is read, and may
        // hold one byte more than the limit: that byte shows it is over
        let buf = Buffer.allocUnsafeSlow(size > 0 ? size : Math.min(65536, maxBytes + 1));
        let off = 0;
        for (;;) {
            if (off === buf.length) {
                if (size > 0)
                    break; // all of it, as fstat said
                if (off > maxBytes)
                    throw new EnclaveBuildError('FILE_TOO_LARGE', `${what} ${file} is more than the ${maxBytes} bytes this input may have`);
                const bigger = Buffer.allocUnsafeSlow(Math.min(maxBytes + 1, off * 2));
                buf.copy(bigger);
                buf = bigger;
            }
            // read(2) takes at most 2 GiB - 1 per call: a 3 GB input was an
            // IO_ERROR "length out of range" (issue 12, item 6)
            const n = fs.readSync(fd, buf, off, Math.min(buf.length - off, READ_CHUNK), off);
            if (n === 0)
                break;
            off += n;
        }
        return off === buf.length ? buf : buf.subarray(0, off);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    finally {
        fs.closeSync(fd);
    }
}
/** {@link readInputFileSync}, for callers that await. */
function readInputFile(file, what, options = {}) {
    try {
        return Promise.resolve(readInputFileSync(file, what, options));
    }
    catch (err) {
        return Promise.reject(fileError(err, file, what));
    }
}
/** {@link readInputFile} as UTF-8 text (PEM keys, templates, JSON). */
async function readInputText(file, what, options = {}) {
    return (await readInputFile(file, what, options)).toString('utf8');
}
/**
 * A digest of a file, streamed in 1 MiB reads (never loads the file whole;
 * no size limit unless given). Only a regular file is hashed, with the
 * coded errors of {@link readInputFile}. The fast in-memory paths (a
 * buffer hashed off this thread) are util/digest-worker's digestOffThread.
 */
async function hashFile(file, algorithm = 'sha256', what = 'the file', options = { maxBytes: Number.POSITIVE_INFINITY }) {
    const { fd } = openInputFile(file, what, options);
    const hash = crypto().createHash(algorithm);
    try {
        for await (const chunk of fs.createReadStream('', {
            fd,
            highWaterMark: 1 << 20
        }))
            hash.update(chunk);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    return hash.digest('hex');
}
/** sha256 of a file, streamed: {@link hashFile} with its defaults. */
async function sha256File(file) {
    return hashFile(file);
}
/** sha256 of bytes, lower-case hex. */
function sha256Hex(data) {
    return crypto().createHash('sha256').update(data).digest('hex');
}

export { MAX_INPUT_BYTES, fileError, hashFile, moveIntoPlace, openInputFile, readInputFile, readInputFileSync, readInputText, sha256File, sha256Hex, tempBeside, writeFileAtomic };
