import { readlink, stat, lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { E as EnclaveBuildError } from './main-C_5kpKAD.js';
import { i as isTable, d as describe } from './toml-xSon7OU9.js';

/**
 * Path handling for `--chroot DIR`: a path inside the enclave is resolved
 * component by component inside DIR, with symlinks followed inside DIR
 * (absolute targets are re-rooted at DIR), like Gramine's
 * manifest.resolve_symlinks. Unlike Gramine, which silently clamps `..` at
 * the root, a path or symlink that climbs above the root is refused: it can
 * only be a mistake or an attack on the build machine.
 */
/** pathlib.PurePosixPath normalisation: drops empty and `.` parts, keeps `..`. */
function purePosix(p) {
    const lead = p.startsWith('//') && !p.startsWith('///')
        ? '//'
        : p.startsWith('/')
            ? '/'
            : '';
    const parts = p.split('/').filter((x) => x !== '' && x !== '.');
    const s = lead + parts.join('/');
    return s === '' ? '.' : s;
}
/** The path of `inner` (absolute, inside the chroot) on the host. */
function outerPath(chroot, inner) {
    return inner === '/' ? chroot : posix.join(chroot, inner);
}
async function isDir(p) {
    try {
        return (await stat(p)).isDirectory();
    }
    catch {
        return false;
    }
}
async function isSymlink(p) {
    try {
        return (await lstat(p)).isSymbolicLink();
    }
    catch {
        return false;
    }
}
/**
 * Resolves an absolute enclave path inside `chroot` and returns the resolved
 * enclave path (absolute, symlink-free). The last component need not exist.
 */
async function resolveInChroot(path, chroot, seen = new Map()) {
    if (!path.startsWith('/'))
        throw new EnclaveBuildError('MANIFEST_INVALID', `only absolute paths can be measured with --chroot, not ${JSON.stringify(path)}`);
    let inner = '/';
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (!(await isDir(outerPath(chroot, inner))))
            throw new EnclaveBuildError('FILE_NOT_FOUND', `${inner} is not a directory inside ${chroot} (resolving ${path})`);
        if (part === '..') {
            if (inner === '/')
                throw new EnclaveBuildError('PATH_ESCAPES_ROOT', `${path} climbs above the root of ${chroot}; trusted files must stay inside the chroot`);
            inner = posix.dirname(inner);
            continue;
        }
        inner = posix.join(inner, part);
        const outer = outerPath(chroot, inner);
        if (!(await isSymlink(outer)))
            continue;
        if (!seen.has(inner)) {
            seen.set(inner, null);
            const target = await readlink(outer);
            const next = target.startsWith('/')
                ? target
                : `${posix.dirname(inner)}/${target}`;
            seen.set(inner, await resolveInChroot(next, chroot, seen));
        }
        const resolved = seen.get(inner);
        if (resolved === null || resolved === undefined)
            throw new EnclaveBuildError('MANIFEST_INVALID', `symlink loop at ${inner} inside ${chroot}`);
        inner = resolved;
    }
    return inner;
}

/** p_type of a loadable segment. */
const PT_LOAD = 1;
/** p_flags bits. */
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const PN_XNUM = 0xffff;
function bad(message) {
    throw new EnclaveBuildError('ELF_INVALID', `${message}; is this an ELF64 file?`);
}
/** Reads a u64 as a number, refusing values JavaScript cannot hold exactly. */
function u64(view, offset, what) {
    const v = view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
        bad(`${what} is too large (${v})`);
    return Number(v);
}
function viewOf(buf) {
    return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}
/** Checks that [offset, offset + size) lies inside the buffer. */
function inBounds(buf, offset, size) {
    return offset >= 0 && size >= 0 && offset + size <= buf.byteLength;
}
/**
 * Parses the ELF64 little-endian file header. Other classes and byte orders
 * are refused (every TEE binary here is x86-64 or aarch64 little-endian).
 */
function readElfHeader(buf) {
    if (buf.byteLength < EHDR_SIZE)
        bad('file is shorter than an ELF header');
    if (buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46)
        bad('no ELF magic');
    if (buf[4] !== 2)
        bad('not a 64-bit ELF (EI_CLASS)');
    if (buf[5] !== 1)
        bad('not a little-endian ELF (EI_DATA)');
    const v = viewOf(buf);
    const header = {
        type: v.getUint16(16, true),
        machine: v.getUint16(18, true),
        entry: u64(v, 24, 'e_entry'),
        phoff: u64(v, 32, 'e_phoff'),
        shoff: u64(v, 40, 'e_shoff'),
        phentsize: v.getUint16(54, true),
        phnum: v.getUint16(56, true),
        shentsize: v.getUint16(58, true),
        shnum: v.getUint16(60, true),
        shstrndx: v.getUint16(62, true)
    };
    // With more than 0xfffe segments the real count lives in section 0's sh_info.
    if (header.phnum === PN_XNUM) {
        if (!inBounds(buf, header.shoff, SHDR_SIZE))
            bad('e_phnum is PN_XNUM but section header 0 is outside the file');
        header.phnum = v.getUint32(header.shoff + 44, true);
    }
    return header;
}
/** Parses every program header, in file order. */
function readProgramHeaders(buf, header = readElfHeader(buf)) {
    if (header.phnum === 0)
        return [];
    if (header.phentsize < PHDR_SIZE)
        bad(`e_phentsize ${header.phentsize} is smaller than ${PHDR_SIZE}`);
    if (!inBounds(buf, header.phoff, header.phentsize * header.phnum))
        bad('program header table lies outside the file');
    const v = viewOf(buf);
    const out = [];
    for (let i = 0; i < header.phnum; i++) {
        const o = header.phoff + i * header.phentsize;
        out.push({
            type: v.getUint32(o, true),
            flags: v.getUint32(o + 4, true),
            offset: u64(v, o + 8, 'p_offset'),
            vaddr: u64(v, o + 16, 'p_vaddr'),
            paddr: u64(v, o + 24, 'p_paddr'),
            filesz: u64(v, o + 32, 'p_filesz'),
            memsz: u64(v, o + 40, 'p_memsz'),
            align: u64(v, o + 48, 'p_align')
        });
    }
    return out;
}
/** The PT_LOAD program headers, in program-header order. */
function loadSegments(buf) {
    return readProgramHeaders(buf).filter((p) => p.type === PT_LOAD);
}

/**
 * The manifest model of Gramine v1.9 (python/graminelibos/manifest.py
 * Manifest.__init__): defaults are inserted in Gramine's order, because
 * insertion order decides where they land in the written TOML.
 */
/** Gramine's PKGLIBDIR in the Debian/Ubuntu packages. */
const DEFAULT_PKGLIBDIR = '/usr/lib/x86_64-linux-gnu/gramine';
const DEFAULT_ENCLAVE_SIZE_NO_EDMM = '256M';
const DEFAULT_ENCLAVE_SIZE_WITH_EDMM = '1024G';
const DEFAULT_THREAD_NUM = 4n;
function manifestError(message) {
    throw new EnclaveBuildError('MANIFEST_INVALID', message);
}
function setDefault(t, key, value) {
    if (!t.has(key))
        t.set(key, value);
    return t.get(key);
}
function tableAt(t, key, where) {
    const v = setDefault(t, key, new Map());
    if (!isTable(v))
        manifestError(`${where} must be a TOML table`);
    return v;
}
/**
 * Inserts Gramine's defaults into a parsed manifest (in place) and
 * normalises sgx.trusted_files entries to `{uri[, sha256]}` tables. Returns
 * the loader.entrypoint table; its sha256 is left for the caller to fill
 * (it needs the file system).
 */
function applyDefaults(manifest, pkglibdir) {
    const sgx = tableAt(manifest, 'sgx', 'sgx');
    setDefault(sgx, 'trusted_files', []);
    setDefault(sgx, 'max_threads', DEFAULT_THREAD_NUM);
    setDefault(sgx, 'isvprodid', 0n);
    setDefault(sgx, 'isvsvn', 0n);
    setDefault(sgx, 'remote_attestation', 'none');
    setDefault(sgx, 'debug', false);
    setDefault(sgx, 'enable_stats', false);
    setDefault(sgx, 'edmm_enable', false);
    // Python truthiness of the value decides the default size.
    setDefault(sgx, 'enclave_size', pyTruthy(sgx.get('edmm_enable'))
        ? DEFAULT_ENCLAVE_SIZE_WITH_EDMM
        : DEFAULT_ENCLAVE_SIZE_NO_EDMM);
    setDefault(sgx, 'use_exinfo', false);
    const cpu = tableAt(sgx, 'cpu_features', 'sgx.cpu_features');
    setDefault(cpu, 'avx', 'unspecified');
    setDefault(cpu, 'avx512', 'unspecified');
    setDefault(cpu, 'amx', 'unspecified');
    setDefault(cpu, 'mpx', 'disabled');
    setDefault(cpu, 'pkru', 'disabled');
    const tfs = sgx.get('trusted_files');
    if (!Array.isArray(tfs))
        manifestError('sgx.trusted_files must be a list (https://gramine.readthedocs.io/en/latest/manifest-syntax.html#trusted-files)');
    const normalised = tfs.map((tf) => {
        if (isTable(tf) && tf.has('uri'))
            return tf;
        if (typeof tf === 'string')
            return new Map([['uri', tf]]);
        return manifestError('an sgx.trusted_files entry must be "file:PATH" or { uri = "file:PATH", sha256 = "..." }');
    });
    const loader = tableAt(manifest, 'loader', 'loader');
    const entry = setDefault(loader, 'entrypoint', new Map());
    if (!isTable(entry))
        manifestError('loader.entrypoint must be a table { uri = "file:...", sha256 = "..." } (the string form is an error since Gramine v1.9)');
    if (!entry.has('uri'))
        entry.set('uri', `file:${pkglibdir}/libsysdb.so`);
    sgx.set('trusted_files', normalised);
    return entry;
}
/** Python's bool() of a TOML value. */
function pyTruthy(v) {
    if (v === undefined)
        return false;
    if (typeof v === 'boolean')
        return v;
    if (typeof v === 'bigint')
        return v !== 0n;
    if (typeof v === 'number')
        return v !== 0;
    if (typeof v === 'string' || Array.isArray(v))
        return v.length > 0;
    if (isTable(v))
        return v.size > 0;
    return true;
}
/** The path of a `file:` URI; other schemes are refused, as in Gramine. */
function uriToPath(uri) {
    if (typeof uri !== 'string' || !uri.startsWith('file:'))
        manifestError(`unsupported URI ${JSON.stringify(uri)}: only "file:" URIs can be measured`);
    return uri.slice('file:'.length);
}
/**
 * The checks gramine-manifest's schema makes on required keys, with
 * readable messages (a subset of Gramine's voluptuous schema: the keys and
 * types that matter to the build).
 */
function checkManifest(m) {
    const fs = m.get('fs');
    if (!isTable(fs))
        manifestError('required key fs.mounts is missing (add fs.mounts = [...])');
    const mounts = fs.get('mounts');
    if (!Array.isArray(mounts))
        manifestError('fs.mounts must be a list of mount tables');
    mounts.forEach((mt, i) => {
        if (!isTable(mt) || typeof mt.get('path') !== 'string')
            manifestError(`fs.mounts[${i}] needs a path = "..." string`);
        const type = mt.get('type') ?? 'chroot';
        if (type !== 'tmpfs' && typeof mt.get('uri') !== 'string')
            manifestError(`fs.mounts[${i}] (type ${describe(type)}) needs a uri = "..." string`);
    });
    const libos = m.get('libos');
    if (!isTable(libos) || typeof libos.get('entrypoint') !== 'string')
        manifestError('required key libos.entrypoint is missing (a path string inside the enclave)');
    const entry = m.get('loader') && isTable(m.get('loader'))
        ? m.get('loader').get('entrypoint')
        : undefined;
    if (!isTable(entry) || typeof entry.get('uri') !== 'string')
        manifestError('required key loader.entrypoint.uri is missing');
    const sgx = m.get('sgx');
    if (!isTable(sgx))
        return;
    const types = {
        debug: 'boolean',
        edmm_enable: 'boolean',
        enable_stats: 'boolean',
        use_exinfo: 'boolean',
        enclave_size: 'string',
        isvprodid: 'bigint',
        isvsvn: 'bigint',
        max_threads: 'bigint',
        remote_attestation: 'string'
    };
    for (const [key, type] of Object.entries(types)) {
        const v = sgx.get(key);
        if (v !== undefined && typeof v !== type)
            manifestError(`sgx.${key} must be a ${type === 'bigint' ? 'integer' : type}, not ${describe(v)}`);
    }
}

export { DEFAULT_PKGLIBDIR as D, PF_R as P, readElfHeader as a, PF_W as b, PF_X as c, purePosix as d, resolveInChroot as e, applyDefaults as f, checkManifest as g, loadSegments as l, outerPath as o, pyTruthy as p, readProgramHeaders as r, uriToPath as u };
