import { posix } from 'node:path';
import { E as EnclaveBuildError, u as fileError } from './main-BQHnxbfa.js';
import { a as readProgramHeaders, r as readElfHeader } from './elf-CedCKE_Y.js';
import { statSync, readFileSync, readdirSync, lstatSync, readlinkSync } from 'node:fs';
import { o as outerPath } from './chroot-Bv55sEuW.js';

const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
function bad(why) {
    throw new EnclaveBuildError('ELF_INVALID', `cannot read dynamic section: ${why}`);
}
function cString(buf, start, end) {
    if (start < 0 || start >= end)
        bad('string offset out of range');
    const nul = buf.subarray(start, end).indexOf(0);
    if (nul < 0)
        bad('unterminated string');
    return Buffer.from(buf.subarray(start, start + nul)).toString('latin1');
}
/** Reads PT_INTERP and the DT_NEEDED/RPATH/RUNPATH of a 64-bit little-endian ELF. */
function readDynamic(buf) {
    const phdrs = readProgramHeaders(buf, readElfHeader(buf));
    const inFile = (off, len) => off >= 0 && len >= 0 && off + len <= buf.byteLength;
    const out = { needed: [] };
    const interp = phdrs.find((p) => p.type === PT_INTERP);
    if (interp) {
        if (!inFile(interp.offset, interp.filesz))
            bad('PT_INTERP outside the file');
        out.interp = cString(buf, interp.offset, interp.offset + interp.filesz);
    }
    const dyn = phdrs.find((p) => p.type === PT_DYNAMIC);
    if (!dyn)
        return out;
    if (!inFile(dyn.offset, dyn.filesz))
        bad('PT_DYNAMIC outside the file');
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const entries = [];
    for (let o = dyn.offset; o + 16 <= dyn.offset + dyn.filesz; o += 16) {
        const tag = Number(v.getBigInt64(o, true));
        if (tag === DT_NULL)
            break;
        entries.push([tag, Number(v.getBigUint64(o + 8, true))]);
    }
    const strtabVaddr = entries.find(([t]) => t === DT_STRTAB)?.[1];
    const strsz = entries.find(([t]) => t === DT_STRSZ)?.[1] ?? 0;
    if (strtabVaddr === undefined)
        return out;
    const seg = phdrs.find((p) => p.type === 1 && strtabVaddr >= p.vaddr && strtabVaddr < p.vaddr + p.filesz);
    if (!seg)
        bad('DT_STRTAB is not in a loaded segment');
    const strtab = seg.offset + (strtabVaddr - seg.vaddr);
    const end = Math.min(buf.byteLength, strtab + strsz);
    const str = (off) => cString(buf, strtab + off, end);
    for (const [tag, val] of entries) {
        if (tag === DT_NEEDED)
            out.needed.push(str(val));
        else if (tag === DT_RPATH)
            out.rpath = str(val);
        else if (tag === DT_RUNPATH)
            out.runpath = str(val);
    }
    return out;
}

/**
 * The file side of ldd() (ldd.ts): paths resolved inside the root with
 * symlinks re-rooted, ELF objects read, /etc/ld.so.conf followed, without
 * running anything. A path that does not exist is passed over, as the
 * loader does; any other failure to look at a path is an error naming it.
 */
/** The loader's built-in directories (x86-64 Debian/Ubuntu, then the generic ones). */
const SYSTEM_DIRS = [
    '/lib/x86_64-linux-gnu',
    '/usr/lib/x86_64-linux-gnu',
    '/lib64',
    '/usr/lib64',
    '/lib',
    '/usr/lib'
];
const MAX_ELF = 1 << 30;
/** The coded error of an ldd() call that cannot be answered. */
function lddError(message) {
    throw new EnclaveBuildError('TEMPLATE_INVALID', `ldd(): ${message}`);
}
/** ENOENT/ENOTDIR: nothing there, which the loader passes over. */
function isMissing(err) {
    const code = err.code;
    return code === 'ENOENT' || code === 'ENOTDIR';
}
/** The coded error of a path ldd() could not look at. */
function pathError(err, inner, doing = 'read') {
    throw fileError(err, inner, 'ldd(): the library path', doing);
}
/** Resolves an absolute path inside the root (symlinks re-rooted); null when missing. */
function resolve(chroot, path, depth = 0) {
    if (depth > 40)
        lddError(`too many symlinks resolving ${path}`);
    let inner = '/';
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (part === '..') {
            if (inner === '/')
                lddError(`${path} climbs above the root`);
            inner = posix.dirname(inner);
            continue;
        }
        const next = posix.join(inner, part);
        let st;
        try {
            st = lstatSync(outerPath(chroot, next));
        }
        catch (err) {
            if (isMissing(err))
                return null;
            pathError(err, next);
        }
        if (st.isSymbolicLink()) {
            let t;
            try {
                t = readlinkSync(outerPath(chroot, next));
            }
            catch (err) {
                pathError(err, next);
            }
            const rest = parts.slice(i + 1).join('/');
            const target = t.startsWith('/') ? t : posix.join(inner, t);
            return resolve(chroot, `${target}/${rest}`, depth + 1);
        }
        inner = next;
    }
    return inner;
}
/** The bytes of an x86-64 ELF64 object at `inner`; null when missing or not one. */
function readElf(chroot, inner) {
    const outer = outerPath(chroot, inner);
    let buf;
    try {
        const st = statSync(outer, { throwIfNoEntry: false });
        if (!st?.isFile())
            return null;
        if (st.size > MAX_ELF)
            lddError(`${inner} is larger than 1 GiB`);
        buf = readFileSync(outer);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            throw err;
        if (isMissing(err))
            return null;
        pathError(err, inner);
    }
    // Only 64-bit x86-64 objects can be loaded by a 64-bit x86-64 program.
    if (buf.length < 20 || buf.readUInt32BE(0) !== 0x7f454c46)
        return null;
    if (buf[4] !== 2 || buf.readUInt16LE(18) !== 62)
        return null;
    return buf;
}
/** The directories /etc/ld.so.conf names inside the root, includes followed. */
function ldSoConfDirs(chroot, file, seen) {
    if (seen.has(file))
        return [];
    seen.add(file);
    const inner = resolve(chroot, file);
    if (inner === null)
        return [];
    let text;
    try {
        const st = statSync(outerPath(chroot, inner), { throwIfNoEntry: false });
        if (!st?.isFile())
            return [];
        text = readFileSync(outerPath(chroot, inner), 'utf8');
    }
    catch (err) {
        if (isMissing(err))
            return [];
        pathError(err, inner);
    }
    const dirs = [];
    for (const raw of text.split('\n')) {
        const line = raw.replace(/#.*/, '').trim();
        if (line === '')
            continue;
        const inc = /^include\s+(.+)$/.exec(line);
        if (!inc) {
            dirs.push(line);
            continue;
        }
        const pattern = inc[1].trim();
        const dir = posix.dirname(pattern);
        const re = new RegExp(`^${posix
            .basename(pattern)
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`);
        const dinner = resolve(chroot, dir);
        let names = [];
        try {
            if (dinner)
                names = readdirSync(outerPath(chroot, dinner));
        }
        catch (err) {
            if (!isMissing(err))
                pathError(err, dir, 'list');
        }
        for (const n of names.filter((x) => re.test(x)).sort())
            dirs.push(...ldSoConfDirs(chroot, `${dir}/${n}`, seen));
    }
    return dirs;
}
/** A DT_RPATH/DT_RUNPATH list with $ORIGIN replaced. */
function expandOrigin(list, origin) {
    if (list === undefined)
        return [];
    return list
        .split(':')
        .filter((d) => d !== '')
        .map((d) => d.replace(/\$(\{ORIGIN\}|ORIGIN)/g, origin));
}

/**
 * The libraries `ldd` would list for the given binaries inside `chroot`,
 * and the DT_NEEDED names it would print as "not found" (each name once,
 * with the first object that needs it).
 * `given` holds binaries that are not in the root, by the absolute path
 * they will have (a cgo program that becomes /init of an initrd): they are
 * read from memory, their libraries still from the root.
 */
function lddScan(chroot, binaries, given = new Map()) {
    const confDirs = ldSoConfDirs(chroot, '/etc/ld.so.conf', new Set());
    const found = new Set();
    const missing = new Map();
    for (const bin of binaries) {
        if (!bin.startsWith('/'))
            lddError(`${bin} is not an absolute path`);
        const inner = given.has(bin) ? bin : resolve(chroot, bin);
        const buf = inner === null ? null : (given.get(bin) ?? readElf(chroot, inner));
        if (inner === null || buf === null)
            lddError(`${bin} is not an x86-64 ELF file inside the root`);
        const top = readDynamic(buf);
        // The loader matches a DT_NEEDED name against what is already loaded
        // (the interpreter included), and a file against the files it opened.
        // A shared library without PT_INTERP is listed through the system loader.
        const names = new Set([
            posix.basename(top.interp ?? '/lib64/ld-linux-x86-64.so.2')
        ]);
        const files = new Set([inner]);
        const queue = [{ path: bin, inner, chain: [] }];
        while (queue.length > 0) {
            const obj = queue.shift();
            const data = given.get(obj.inner) ?? readElf(chroot, obj.inner);
            if (data === null)
                continue;
            const dyn = readDynamic(data);
            const origin = posix.dirname(obj.path);
            const chain = dyn.runpath === undefined
                ? [...expandOrigin(dyn.rpath, origin), ...obj.chain]
                : obj.chain;
            const dirs = [
                ...(dyn.runpath === undefined
                    ? chain
                    : expandOrigin(dyn.runpath, origin)),
                ...confDirs,
                ...SYSTEM_DIRS
            ];
            for (const name of dyn.needed) {
                if (names.has(name) || name.includes('/'))
                    continue;
                let hit = false;
                for (const dir of dirs) {
                    // As ldd prints it: the search directory as written, not normalised.
                    const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
                    const lib = resolve(chroot, path);
                    if (lib === null || readElf(chroot, lib) === null)
                        continue;
                    names.add(name);
                    hit = true;
                    if (!files.has(lib)) {
                        files.add(lib);
                        found.add(path);
                        queue.push({ path, inner: lib, chain });
                    }
                    break;
                }
                if (!hit && !missing.has(name))
                    missing.set(name, {
                        name,
                        neededBy: obj.path,
                        binary: bin,
                        searched: [...new Set(dirs)]
                    });
            }
        }
    }
    return { libraries: [...found].sort(), missing: [...missing.values()] };
}
/** One sentence on a missing library: what, who needs it, where it was looked for. */
function describeMissing(m) {
    const by = m.neededBy === m.binary
        ? m.binary
        : `${m.neededBy} (loaded for ${m.binary})`;
    return `${m.name}, needed by ${by}, is in none of ${m.searched.join(', ')}`;
}
/**
 * The libraries `ldd` would list for the given binaries inside `chroot`
 * (see {@link lddScan}). A DT_NEEDED library found nowhere is an error
 * (FILE_NOT_FOUND) naming it, the object that needs it and the directories
 * searched, unless `skipMissing`.
 */
function lddInChroot(chroot, binaries, opts = {}) {
    const { libraries, missing } = lddScan(chroot, binaries, opts.given);
    if (missing.length > 0 && opts.skipMissing !== true) {
        const skip = opts.skipInput === undefined
            ? ''
            : `, or pass ${opts.skipInput} to leave it out of the list as gramine-manifest does`;
        throw new EnclaveBuildError('FILE_NOT_FOUND', `ldd(): ${missing.map(describeMissing).join('; ')} (inside the root ${chroot}). ` +
            `The enclave could not load ${missing.length === 1 ? 'it' : 'them'} at run time: ` +
            `put ${missing.length === 1 ? 'the library' : 'the libraries'} into the root${skip}`);
    }
    return libraries;
}

export { lddInChroot as a, describeMissing as d, lddScan as l, readDynamic as r };
