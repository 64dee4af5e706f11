import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * The newc (SVR4 "070701") cpio format's fixed pieces, shared by the writer
 * (cpio.ts) and the reader (cpio-reader.ts).
 */
/** newc magic, fixed header size and the name of the end marker. */
const MAGIC = '070701';
const HEADER_SIZE = 110;
const TRAILER = 'TRAILER!!!';
/** File type bits of the mode field. */
const TYPE_BITS = {
    file: 0o100000,
    dir: 0o040000,
    symlink: 0o120000
};
/** Rounds up to a multiple of 4 (newc aligns names and data to 4 bytes). */
const pad4 = (n) => (n + 3) & -4;

// Why this file is long: one archive format's writer, plain and with slots for bytes filled in later; both share the record layout and padding rules that must stay byte-exact together.
const STYLES = {
    gnu: {
        sort: true,
        firstInode: 0,
        dev: [0, 0],
        dirNlink: 'subdirs',
        upperHex: true,
        trailerInode: 'zero'
    },
    gocpio: {
        sort: false,
        firstInode: 721,
        dev: [3, 1],
        dirNlink: 'two',
        upperHex: false,
        trailerInode: 'next'
    }
};
const MAX_U32 = 0xffffffff;
const encoder = new TextEncoder();
/** Compares UTF-8 byte strings the way `LC_ALL=C sort` does. */
function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++)
        if (a[i] !== b[i])
            return a[i] - b[i];
    return a.length - b.length;
}
function invalidInput(message) {
    return new EnclaveBuildError('INPUT_INVALID', `cpio: ${message}`);
}
function checkU32(value, what) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32)
        throw invalidInput(`${what} ${value} does not fit a newc header field`);
    return value;
}
/** Validates one entry and returns its name and content bytes. */
function prepare(e) {
    if (e.path === '' ||
        e.path.startsWith('/') ||
        e.path.endsWith('/') ||
        e.path.includes('\0') ||
        e.path.split('/').some((p) => p === '' || p === '.' || p === '..'))
        throw invalidInput(`path "${e.path}" must be relative, without empty, "." or ".." parts`);
    if (!Number.isInteger(e.mode) || e.mode < 0 || e.mode > 0o7777)
        throw invalidInput(`mode of "${e.path}" must be permission bits (0-0o7777)`);
    if (e.type === 'file') {
        if (e.data !== undefined && e.size !== undefined)
            throw invalidInput(`file "${e.path}" has both data and a reserved size`);
        // A reserved size is left as zeroes for the caller to fill in place.
        const body = e.data ?? checkU32(e.size ?? 0, `size of "${e.path}"`);
        return { name: encoder.encode(e.path), body };
    }
    if (e.type === 'symlink') {
        if (e.target === undefined || e.target === '')
            throw invalidInput(`symlink "${e.path}" needs a target`);
        return { name: encoder.encode(e.path), body: encoder.encode(e.target) };
    }
    if (e.type === 'dir')
        return { name: encoder.encode(e.path), body: new Uint8Array(0) };
    throw invalidInput(`unsupported type of "${String(e.path)}"`);
}
/** Writes one 110-byte ASCII header at `at`. */
function writeHeader(out, at, fields, upper) {
    let s = MAGIC;
    for (const f of fields) {
        const hex = f.toString(16).padStart(8, '0');
        s += upper ? hex.toUpperCase() : hex;
    }
    for (let i = 0; i < HEADER_SIZE; i++)
        out[at + i] = s.charCodeAt(i);
}
/**
 * Builds a newc archive: entries in byte order of their paths, inodes
 * counted in archive order, uid/gid 0, names and data padded to 4 bytes,
 * the TRAILER!!! entry, and zero padding to a multiple of 512 bytes.
 */
function writeCpio(entries, options = {}) {
    return writeCpioWithSlots(entries, options).archive;
}
/**
 * writeCpio, with the content of `size` entries left for the caller to
 * write at `slots.get(path).offset` (e.g. read from disk in place).
 */
function writeCpioWithSlots(entries, options = {}) {
    const mtime = checkU32(options.mtime ?? 0, 'mtime');
    const style = STYLES[options.style ?? 'gnu'];
    if (style === undefined)
        throw invalidInput('style must be "gnu" or "gocpio"');
    const [devMajor, devMinor] = style.dev;
    const items = entries.map((e) => ({ e, ...prepare(e) }));
    if (style.sort)
        items.sort((a, b) => compareBytes(a.name, b.name));
    const seen = new Set();
    const subdirs = new Map();
    for (const { e } of items) {
        if (seen.has(e.path))
            throw invalidInput(`"${e.path}" appears twice`);
        seen.add(e.path);
        const slash = e.path.lastIndexOf('/');
        if (e.type === 'dir' && slash > 0) {
            const parent = e.path.slice(0, slash);
            subdirs.set(parent, (subdirs.get(parent) ?? 0) + 1);
        }
    }
    const length = (body) => typeof body === 'number' ? body : body.length;
    let size = 0;
    for (const it of items)
        size = pad4(pad4(size + HEADER_SIZE + it.name.length + 1) + length(it.body));
    const trailer = encoder.encode(TRAILER);
    size = pad4(size + HEADER_SIZE + trailer.length + 1);
    const out = (options.alloc ?? ((n) => new Uint8Array(n)))(Math.ceil(size / 512) * 512);
    let at = 0;
    let ino = style.firstInode;
    const slots = new Map();
    const put = (fields, name, body, path) => {
        writeHeader(out, at, fields, style.upperHex);
        out.set(name, at + HEADER_SIZE);
        at = pad4(at + HEADER_SIZE + name.length + 1);
        if (typeof body === 'number') {
            if (path !== undefined)
                slots.set(path, { offset: at, size: body });
        }
        else
            out.set(body, at);
        at = pad4(at + length(body));
    };
    for (const { e, name, body } of items) {
        const nlink = e.type !== 'dir'
            ? 1
            : style.dirNlink === 'two'
                ? 2
                : 2 + (subdirs.get(e.path) ?? 0);
        const t = e.mtime === undefined ? mtime : checkU32(e.mtime, 'mtime');
        checkU32(length(body), `size of "${e.path}"`);
        // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
        // rdevmajor, rdevminor, namesize, check
        put([
            checkU32(ino++, 'inode'),
            TYPE_BITS[e.type] | e.mode,
            0,
            0,
            nlink,
            t,
            length(body),
            devMajor,
            devMinor,
            0,
            0,
            name.length + 1,
            0
        ], name, body, e.path);
    }
    // GNU cpio zeroes the trailer's inode; gocpio writes it as one more entry.
    const trailerIno = style.trailerInode === 'zero' ? 0 : ino;
    put([
        trailerIno,
        0,
        0,
        0,
        1,
        0,
        0,
        devMajor,
        devMinor,
        0,
        0,
        trailer.length + 1,
        0
    ], trailer, new Uint8Array(0));
    return { archive: out, slots };
}

export { writeCpioWithSlots as a, writeCpio as w };
