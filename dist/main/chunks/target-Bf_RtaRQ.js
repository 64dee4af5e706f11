import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { q as readInputFile, E as EnclaveBuildError, x as tempBeside, y as fileError, z as moveIntoPlace, D as digestOffThread, M as MAX_INPUT_BYTES, F as allocForDigest, a as actionInputName } from '../index.js';
import { m as measurement } from './measurement-C4vOnb1P.js';
import { crc32 } from 'node:zlib';
import { open, rm } from 'node:fs/promises';
import { i as initClosure, c as closureEntries, a as closurePins } from './closure-BZfJDHCb.js';
import { w as writeCpioWithSlots, a as writeCpio } from './cpio-DO4oCIU-.js';
import { constants } from 'node:fs';
import 'node:os';
import 'node:child_process';
import './ldd-BvlDZ7nf.js';

/** The id git gives a file's content: sha1("blob <len>\0" + bytes). */
function gitBlobId(bytes) {
    return createHash('sha1')
        .update(`blob ${bytes.length}\0`)
        .update(bytes)
        .digest('hex');
}
/**
 * Reads a blob. `pin` is a sha256 (hex) or a git blob id (40 hex, as listed
 * in aws-nitro-enclaves-cli's blobs/); a mismatch is PIN_MISMATCH, naming
 * the pin as `pinInput` (the input that holds it, as the caller spells it).
 */
async function loadBlob(name, path, pin, pinInput) {
    const bytes = await readInputFile(path, `the ${name} blob`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const blobId = gitBlobId(bytes);
    const want = pin?.trim().toLowerCase();
    if (want) {
        if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(want))
            throw new EnclaveBuildError('INPUT_INVALID', `${pinInput ?? `the ${name} pin`} must be a sha256 (64 hex) or a git blob id (40 hex)`);
        const got = want.length === 64 ? sha256 : blobId;
        if (got !== want)
            throw new EnclaveBuildError('PIN_MISMATCH', `the ${name} blob at ${path} has ${want.length === 64 ? 'sha256' : 'git blob id'} ${got}, not the pinned ${want}; use the pinned blob or update ${pinInput ?? 'the pin'}`);
    }
    return { name, path, bytes, sha256, gitBlobId: blobId };
}

/**
 * The fixed binary layout of an Enclave Image File (EIF), as defined by
 * aws-nitro-enclaves-image-format (`EifHeader`, `EifSectionHeader`). All
 * integers are big-endian. Only layout lives here; writing and reading are
 * in eif-writer.ts and eif-reader.ts.
 */
/** `.eif` */
const EIF_MAGIC = Uint8Array.of(0x2e, 0x65, 0x69, 0x66);
/** The version AWS's EifBuilder writes (V4 added the metadata section). */
const EIF_VERSION = 4;
const EIF_HEADER_SIZE = 548;
const SECTION_HEADER_SIZE = 12;
const MAX_SECTIONS = 32;
/** Offset of the CRC field; the CRC covers everything except these 4 bytes. */
const CRC_OFFSET = 544;
/** Header flag bit 0: the image is for aarch64. */
const FLAG_ARM64 = 1;
/** What EifBuilder hard-codes; not measured, but part of the file bytes. */
const DEFAULT_MEM = 1024n * 1024n * 1024n;
const DEFAULT_CPUS = 2n;
/** Section types (`EifSectionType`, repr u16). */
const SectionType = {
    Invalid: 0,
    Kernel: 1,
    Cmdline: 2,
    Ramdisk: 3,
    Signature: 4,
    Metadata: 5
};
/** Encodes the header; `sectionOffsets`/`sectionSizes` may be shorter than 32. */
function encodeHeader(h) {
    if (h.sectionOffsets.length > MAX_SECTIONS)
        throw new EnclaveBuildError('INPUT_INVALID', `an EIF holds at most ${MAX_SECTIONS} sections; use fewer ramdisks`);
    const out = new Uint8Array(EIF_HEADER_SIZE);
    const v = new DataView(out.buffer);
    out.set(EIF_MAGIC, 0);
    v.setUint16(4, h.version);
    v.setUint16(6, h.flags);
    v.setBigUint64(8, h.defaultMem);
    v.setBigUint64(16, h.defaultCpus);
    v.setUint16(24, 0);
    v.setUint16(26, h.numSections);
    h.sectionOffsets.forEach((o, i) => v.setBigUint64(28 + 8 * i, o));
    h.sectionSizes.forEach((s, i) => v.setBigUint64(284 + 8 * i, s));
    v.setUint32(540, 0);
    v.setUint32(CRC_OFFSET, h.crc32);
    return out;
}
/** Encodes a 12-byte section header: type, flags (0), payload size. */
function encodeSectionHeader(type, size) {
    const out = new Uint8Array(SECTION_HEADER_SIZE);
    const v = new DataView(out.buffer);
    v.setUint16(0, SectionType[type]);
    v.setUint16(2, 0);
    v.setBigUint64(4, BigInt(size));
    return out;
}

/** What nitro-cli writes when it cannot read a kernel config. */
const DEFAULT_OS = 'Generic Linux';
const DEFAULT_KERNEL_VERSION = 'Unknown version';
/**
 * Serialises like serde_json::to_vec: compact, struct field order. For
 * strings JSON.stringify escapes exactly as serde_json does (", \\, \b \f
 * \n \r \t, other controls as lower-case \u00xx, nothing else).
 */
function encodeMetadata(m) {
    const value = {
        ImageName: m.imageName,
        ImageVersion: m.imageVersion,
        BuildMetadata: {
            BuildTime: m.buildTime,
            BuildTool: m.buildTool,
            BuildToolVersion: m.buildToolVersion,
            OperatingSystem: m.operatingSystem,
            KernelVersion: m.kernelVersion
        },
        DockerInfo: m.dockerInfo ?? null,
        CustomMetadata: m.customMetadata ?? null
    };
    return new TextEncoder().encode(JSON.stringify(value));
}
/**
 * An RFC 3339 build time from a date, the way chrono's to_rfc3339 prints
 * a UTC time without fractional seconds: "1970-01-01T00:00:00+00:00".
 */
function formatBuildTime(date) {
    if (Number.isNaN(date.getTime()))
        throw new EnclaveBuildError('INPUT_INVALID', 'build time is not a valid date');
    return `${date.toISOString().slice(0, 19)}+00:00`;
}
/** Our BuildTool name in the metadata. */
const BUILD_TOOL = 'enclave-build';
/**
 * Our BuildToolVersion. Fixed text rather than read from package.json so
 * that the measure path loads no JSON; not measured, only in the file bytes.
 */
const BUILD_TOOL_VERSION = '0.1.0';

async function writeAll(fh, data, at) {
    let off = 0;
    while (off < data.length) {
        const { bytesWritten } = await fh.write(data, off, data.length - off, at + off);
        off += bytesWritten;
    }
}
async function writevAll(fh, pieces, at) {
    const size = pieces.reduce((n, p) => n + p.length, 0);
    // libuv's writev already resumes after short writes and splits at
    // IOV_MAX; a short total means the disk refused the rest.
    const { bytesWritten } = await fh.writev(pieces, at);
    if (bytesWritten !== size)
        throw new EnclaveBuildError('NO_SPACE', `wrote only ${bytesWritten} of ${size} bytes; is the disk full?`);
}
/** Opens a temp file beside `path`. */
async function openAtomic(path, mode = 0o644) {
    const tmp = tempBeside(path);
    const fh = await open(tmp, 'w', mode).catch((err) => {
        throw fileError(err, path, 'the output', 'write');
    });
    let closed = false;
    const close = async () => {
        if (!closed) {
            closed = true;
            await fh.close();
        }
    };
    return {
        writeAt: (at, data) => writeAll(fh, data, at),
        writevAt: (at, pieces) => writevAll(fh, pieces, at),
        async commit() {
            try {
                await fh.chmod(mode);
                await close();
                await moveIntoPlace(tmp, path);
            }
            catch (err) {
                await close().catch(() => undefined);
                await rm(tmp, { force: true }).catch(() => undefined);
                throw err;
            }
        },
        async abort() {
            await close().catch(() => undefined);
            await rm(tmp, { force: true }).catch(() => undefined);
        }
    };
}
/**
 * Starts writing consecutive pieces from byte `start`, in one writev(2) on
 * the thread pool (no joining, one system call). The returned promise never
 * rejects: it resolves to the error, if any, so it can be awaited late.
 */
function writePieces(file, pieces, start = 0) {
    const nonEmpty = pieces.filter((p) => p.length > 0);
    return file.writevAt(start, nonEmpty).then(() => undefined, (reason) => reason instanceof Error ? reason : new Error(String(reason)));
}
/** Writes a file given as pieces, atomically. */
async function writeChunksAtomic(path, chunks, mode = 0o644) {
    const file = await openAtomic(path, mode);
    const err = await writePieces(file, chunks);
    if (err !== undefined) {
        await file.abort();
        throw err;
    }
    await file.commit();
}

const ZERO_PCR = new Uint8Array(48);
/** Extends a zeroed SHA-384 register with `digest`. */
function extendPcr(digest) {
    return createHash('sha384').update(ZERO_PCR).update(digest).digest('hex');
}
/** The PCR of a byte string (like `nitro-cli pcr --input`). */
function pcrOfBytes(bytes) {
    return extendPcr(createHash('sha384').update(bytes).digest());
}
function feed(hash, chunks) {
    for (const c of chunks)
        hash.update(c);
}
function concat(chunks) {
    if (chunks.length === 1)
        return chunks[0];
    return Buffer.concat(chunks);
}
/**
 * SHA-384 of the pieces off this thread (util/digest-worker), so it runs
 * beside this thread's own hashing. A single piece is passed as it is: in
 * shared memory, the warm worker hashes it in place.
 */
function sha384OffThread(chunks) {
    if (chunks.length === 0)
        return Promise.resolve(createHash('sha384').digest());
    return digestOffThread('sha384', concat(chunks));
}
/**
 * PCR0/1/2(/8) in one pass over the inputs. PCR0 and PCR1 share one
 * hasher: it is cloned after the first ramdisk (PCR1 is a prefix of PCR0's
 * stream). PCR2 needs its own pass over the later ramdisks, which holds the
 * big customer ramdisk; it runs off this thread (the digest worker, or
 * WebCrypto on libuv's pool) while this thread hashes PCR0, so on two
 * cores the whole costs about one SHA-384 pass.
 */
async function measureSections(s) {
    const later = s.ramdisks.slice(1).flat();
    const pcr2Digest = sha384OffThread(later);
    // Yield once so the caller can queue more thread-pool work (disk writes)
    // before this thread is busy hashing.
    await Promise.resolve();
    const image = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    feed(image, later);
    const pcr0 = extendPcr(image.digest());
    const pcrs = {
        PCR0: pcr0,
        PCR1: pcr1,
        PCR2: extendPcr(await pcr2Digest)
    };
    if (s.certificateDer)
        pcrs.PCR8 = pcrOfBytes(s.certificateDer);
    return pcrs;
}
/**
 * Trims a kernel command line as nitro-cli does (`cmdline.trim()` in Rust):
 * Unicode White_Space at both ends. Not String.prototype.trim, which also
 * strips U+FEFF and keeps U+0085.
 */
function trimCmdline(cmdline) {
    const ws = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
    return cmdline.replace(new RegExp(`^${ws}+|${ws}+$`, 'gu'), '');
}

/** Small enough to stay in L2 between the two consumers. */
const SLICE = 256 * 1024;
/** Bytes between two chances for the event loop (a signal's handler) to run. */
const YIELD_EVERY = 32 * 2 ** 20;
/**
 * {@link scanBody}, giving the event loop a turn every 32 MiB: a large EIF
 * takes seconds to scan, and a SIGTERM's handler (which removes the temp
 * output and ends the process) must not wait for the whole pass.
 */
async function scanBodyAsync(crcPrefix, pieces, pcr1After) {
    const steps = scanSteps(crcPrefix, pieces, pcr1After);
    for (;;) {
        const step = steps.next();
        if (step.done === true)
            return step.value;
        await new Promise((resolve) => setImmediate(resolve));
    }
}
/** The pass, pausing (yield) after every YIELD_EVERY bytes. */
function* scanSteps(crcPrefix, pieces, pcr1After) {
    let crc = crc32(crcPrefix);
    const image = createHash('sha384');
    let bootDigest;
    let sinceYield = 0;
    for (let i = 0; i < pieces.length; i++) {
        const { bytes, measured } = pieces[i];
        for (let at = 0; at < bytes.length; at += SLICE) {
            const slice = bytes.subarray(at, at + SLICE);
            if (measured)
                image.update(slice);
            crc = crc32(slice, crc);
            sinceYield += slice.length;
            if (sinceYield >= YIELD_EVERY) {
                sinceYield = 0;
                yield;
            }
        }
        if (i === pcr1After)
            bootDigest = image.copy().digest();
    }
    // pcr1After past the end: the boot stream is the whole image stream.
    bootDigest ??= image.copy().digest();
    return { crc32: crc, imageDigest: image.digest(), bootDigest };
}

const total = (chunks) => chunks.reduce((n, c) => n + c.length, 0);
/** The header for sections of these types and sizes, with CRC 0. */
function layout(sections, flags) {
    const sectionOffsets = [];
    const sectionSizes = [];
    let at = EIF_HEADER_SIZE;
    for (const s of sections) {
        sectionOffsets.push(BigInt(at));
        sectionSizes.push(BigInt(s.size));
        at += SECTION_HEADER_SIZE + s.size;
    }
    return {
        version: EIF_VERSION,
        flags,
        defaultMem: DEFAULT_MEM,
        defaultCpus: DEFAULT_CPUS,
        numSections: sections.length,
        sectionOffsets,
        sectionSizes,
        crc32: 0
    };
}
/** Validates the spec and lays out the sections before the signature. */
function plan(spec, certificateDer) {
    if (spec.ramdisks.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'an EIF needs at least one ramdisk');
    if (spec.cmdline.includes('\0'))
        throw new EnclaveBuildError('INPUT_INVALID', 'the kernel command line must not contain NUL');
    const extra = spec.signing ? 1 : 0;
    if (3 + spec.ramdisks.length + extra > MAX_SECTIONS)
        throw new EnclaveBuildError('INPUT_INVALID', `an EIF holds at most ${MAX_SECTIONS - 3 - extra} ramdisks`);
    const cmdline = new TextEncoder().encode(spec.cmdline);
    return {
        sections: [
            { type: 'Kernel', data: spec.kernel },
            { type: 'Cmdline', data: [cmdline] },
            { type: 'Metadata', data: [encodeMetadata(spec.metadata)] },
            ...spec.ramdisks.map((data) => ({ type: 'Ramdisk', data }))
        ],
        measured: {
            kernel: spec.kernel,
            cmdline,
            ramdisks: spec.ramdisks,
            certificateDer
        },
        flags: spec.arch === 'aarch64' ? FLAG_ARM64 : 0
    };
}
/** Lays out the header and the body, marking what PCR0 measures. */
function assemble(p) {
    const header = layout(p.sections.map((s) => ({ type: s.type, size: total(s.data) })), p.flags);
    const pieces = [];
    let pcr1After = -1;
    let ramdisks = 0;
    for (const s of p.sections) {
        const measured = s.type !== 'Metadata' && s.type !== 'Signature';
        pieces.push({
            bytes: encodeSectionHeader(s.type, total(s.data)),
            measured: false
        });
        for (const bytes of s.data)
            pieces.push({ bytes, measured });
        if (s.type === 'Ramdisk' && ramdisks++ === 0)
            pcr1After = pieces.length - 1;
    }
    return { header, body: pieces.map((x) => x.bytes), pieces, pcr1After };
}
/** CRC-32 of header bytes [0, 544) followed by the body. */
function crcOf(header, body) {
    let crc = crc32(encodeHeader(header).subarray(0, CRC_OFFSET));
    for (const c of body)
        crc = crc32(c, crc);
    return crc;
}
/**
 * Builds the EIF and its PCRs in memory. The signing code (and its CBOR
 * library) is loaded only for signed images, so that an unsigned build's
 * start-up stays small.
 */
async function buildEif(spec) {
    const signer = spec.signing ? await import('./signature-BaUoCiUL.js') : undefined;
    const p = plan(spec, spec.signing && signer
        ? signer.parseCertificate(spec.signing.certificatePem).raw
        : undefined);
    const pcrs = await measureSections(p.measured);
    if (spec.signing && signer) {
        const { certificatePem, privateKeyPem } = spec.signing;
        const sig = signer.signPcr0(pcrs.PCR0, certificatePem, privateKeyPem);
        p.sections.push({ type: 'Signature', data: [sig] });
    }
    const { header, body } = assemble(p);
    header.crc32 = crcOf(header, body);
    const head = encodeHeader(header);
    return {
        chunks: [head, ...body],
        size: head.length + total(body),
        header,
        pcrs
    };
}
/**
 * Builds the EIF straight into `path` (atomically). When unsigned, the
 * layout is known before the PCRs, so the body goes to disk on libuv's
 * threads while this thread hashes PCR0 and the CRC, and the header, which
 * holds the CRC, is written last. Signed images need PCR0 first.
 */
async function writeEif(path, spec) {
    if (spec.signing) {
        const built = await buildEif(spec);
        await writeChunksAtomic(path, built.chunks);
        return built;
    }
    const p = plan(spec);
    const { header, body, pieces, pcr1After } = assemble(p);
    const file = await openAtomic(path);
    try {
        // The body goes to disk and PCR2 (the later ramdisks) is hashed off
        // this thread (util/digest-worker) while it makes the one pass for the CRC and
        // PCR0/PCR1; the header, which holds the CRC, is written last.
        const bodyWritten = writePieces(file, body, EIF_HEADER_SIZE);
        const pcr2Digest = sha384OffThread(p.measured.ramdisks.slice(1).flat());
        const scan = await scanBodyAsync(encodeHeader(header).subarray(0, CRC_OFFSET), pieces, pcr1After);
        header.crc32 = scan.crc32;
        const head = encodeHeader(header);
        const [digest2, err] = await Promise.all([
            pcr2Digest,
            bodyWritten,
            file.writeAt(0, head)
        ]);
        if (err !== undefined)
            throw err;
        await file.commit();
        return {
            chunks: [head, ...body],
            size: head.length + total(body),
            header,
            pcrs: {
                PCR0: extendPcr(scan.imageDigest),
                PCR1: extendPcr(scan.bootDigest),
                PCR2: extendPcr(digest2)
            }
        };
    }
    catch (err) {
        await file.abort();
        throw err;
    }
}

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

/**
 * The two ramdisks nitro-cli puts in every EIF, built from files instead of
 * Docker + linuxkit: the bootstrap ramdisk (AWS's init and nsm.ko; PCR1)
 * and the customer ramdisk (the Go binary under rootfs/ plus the cmd and
 * env files AWS's init reads; PCR2).
 */
/** What init runs when no cmd is given: the binary at the rootfs root. */
const DEFAULT_BINARY_NAME = 'app';
/** Docker's default PATH, which nitro-cli copies from the image config. */
const DEFAULT_ENV = [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
];
/** linuxkit's defaultModTime (2017-04-18T16:30:00Z) for generated entries. */
const LINUXKIT_MTIME = 1492533000;
/**
 * mtime of the bootstrap ramdisk's entries in the 'reference' layout: fixed,
 * so PCR1 stays the same across commits (it identifies the platform blobs,
 * not the application). The 'linuxkit' layout has linuxkit's own.
 */
const BOOTSTRAP_REFERENCE_MTIME = 1;
/** The directories nitro-cli's customer YAML creates under rootfs/. */
const ROOTFS_DIRS = ['dev', 'proc', 'run', 'sys', 'tmp', 'var'];
/**
 * One element per line, each ended by "\n", as nitro-cli's write_config
 * writes `Config.Cmd` / `Config.Env`; AWS's init splits on newlines.
 */
function configFile(lines) {
    for (const l of lines)
        if (l.includes('\n') || l.includes('\0'))
            throw new EnclaveBuildError('INPUT_INVALID', 'cmd and env elements must not contain newlines or NUL (init reads one per line)');
    return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
}
/** Entries of rootfs/ that {@link CustomerRamdiskSpec.extra} must not repeat. */
const ROOTFS_FIXED = ROOTFS_DIRS;
/** The entries, with the binary given as bytes or as a size to fill later. */
function entries(spec, binary) {
    const name = spec.binaryName ?? DEFAULT_BINARY_NAME;
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..')
        throw new EnclaveBuildError('INPUT_INVALID', `binary name "${name}" must be one file name (letters, digits, ".", "_", "-")`);
    if (ROOTFS_DIRS.includes(name))
        throw new EnclaveBuildError('INPUT_INVALID', `binary name "${name}" collides with rootfs/${name}; choose another`);
    const cmd = spec.cmd ?? [`/${name}`];
    if (cmd.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'cmd must name the program to run');
    return [
        { path: 'cmd', type: 'file', mode: 0o644, data: configFile(cmd) },
        {
            path: 'env',
            type: 'file',
            mode: 0o644,
            data: configFile(spec.env ?? DEFAULT_ENV)
        },
        { path: 'rootfs', type: 'dir', mode: 0o755 },
        { path: `rootfs/${name}`, type: 'file', mode: 0o755, ...binary },
        ...ROOTFS_DIRS.map((d) => ({
            path: `rootfs/${d}`,
            type: 'dir',
            mode: 0o755
        })),
        ...(spec.extra ?? []).map((e) => {
            if (e.path === name || ROOTFS_DIRS.includes(e.path))
                throw new EnclaveBuildError('INPUT_INVALID', `extra rootfs entry "${e.path}" clashes with the fixed tree`);
            return { ...e, path: `rootfs/${e.path}` };
        })
    ];
}
/**
 * The same archive, with the binary read from `path` straight into its
 * place in the archive: the one copy of its bytes in memory, which the EIF
 * writer and both PCR hashers then share.
 */
async function customerRamdiskFromFile(spec, path) {
    const opened = await openSized(path, 'Go binary');
    let archive;
    let slot;
    try {
        const name = spec.binaryName ?? DEFAULT_BINARY_NAME;
        // Shared memory when the digest worker is up, so that it hashes PCR2
        // in place while this thread hashes PCR0.
        const built = writeCpioWithSlots(entries(spec, { size: opened.size }), {
            mtime: spec.mtime,
            alloc: allocForDigest
        });
        archive = built.archive;
        slot = built.slots.get(`rootfs/${name}`);
        if (slot === undefined)
            throw new EnclaveBuildError('INTERNAL', 'the customer ramdisk has no slot for the binary; please report this');
    }
    catch (err) {
        await opened.fh.close();
        throw err;
    }
    const { offset, size } = slot;
    await readInto(opened, archive.subarray(offset, offset + size), path, 'Go binary');
    return archive;
}
/** The bootstrap ramdisk: dev/ (0755), init (0755), nsm.ko (0755). */
function bootstrapRamdisk(spec) {
    const entries = [
        { path: 'dev', type: 'dir', mode: 0o755 },
        { path: 'init', type: 'file', mode: 0o755, data: spec.init },
        { path: 'nsm.ko', type: 'file', mode: 0o755, data: spec.nsm }
    ];
    return spec.layout === 'linuxkit'
        ? writeCpio(entries, { mtime: LINUXKIT_MTIME, style: 'gocpio' })
        : writeCpio(entries, { mtime: spec.mtime });
}

/**
 * The Nitro Enclaves target of the action: the built Go binary becomes the
 * customer ramdisk, AWS's pinned blobs the kernel and bootstrap ramdisk,
 * and the EIF is written with the commit time (never now) so that a
 * rebuild of the same commit gives the same bytes and PCRs.
 */
/** Multi-line input → lines; CR stripped, blank lines dropped. */
function lines(text) {
    return text
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => l.trim() !== '');
}
const ARCH = {
    amd64: 'x86_64',
    arm64: 'aarch64'
};
/** A PCR as a Measurement (sha384; looked up by sha256 of its raw bytes). */
function pcr(name, value) {
    return measurement(name, 'sha384', value);
}
function signingPair(o, name) {
    const cert = o['nitro-signing-certificate'].trim();
    const key = o['nitro-signing-key'].trim();
    if (cert === '' && key === '')
        return undefined;
    if (cert === '' || key === '')
        throw new EnclaveBuildError('INPUT_INVALID', `${name('nitro-signing-certificate')} and ${name('nitro-signing-key')} go together: set both (PEM text from secrets) or neither`);
    return { certificatePem: `${cert}\n`, privateKeyPem: `${key}\n` };
}
/** The Nitro target. */
const nitroTarget = {
    name: 'nitro',
    async run(ctx, o) {
        const arch = ARCH[ctx.build.goarch];
        if (!arch)
            throw new EnclaveBuildError('INPUT_INVALID', `Nitro Enclaves run amd64 or arm64 binaries, not ${ctx.build.goarch}`);
        const input = ctx.input ?? actionInputName;
        const blobInputs = [
            ['kernel', 'nitro-kernel'],
            ['init', 'nitro-init'],
            ['nsm.ko', 'nitro-nsm'],
            ['cmdline', 'nitro-cmdline']
        ];
        const [kernel, init, nsm, cmdlineBlob] = await Promise.all(blobInputs.map(([name, key]) => loadBlob(name, o[key], o[`${key}-sha256`], input(`${key}-sha256`))));
        for (const [i, [name, key]] of blobInputs.entries())
            if (o[`${key}-sha256`] === '')
                ctx.warn(`nitro: the ${name} blob is not pinned, and it is measured; pin it (${input(`${key}-sha256`, [kernel, init, nsm, cmdlineBlob][i].sha256)})`);
        const cmdline = trimCmdline(new TextDecoder().decode(cmdlineBlob.bytes));
        const binaryName = basename(ctx.binaryPath);
        const cmd = lines(o['nitro-cmd']);
        const env = lines(o['nitro-env']);
        const mtime = Math.floor(ctx.commitTime.getTime() / 1000);
        // a cgo binary brings its loader and libraries into rootfs/ (or is
        // refused, coded): nitro's init chroots there and execs the program
        const closure = await initClosure(await readInputFile(ctx.binaryPath, 'the built binary'), ctx.cgoSysroot ?? '', input);
        // The binary is read straight into its place in the ramdisk: the only
        // copy of its 20 MB, shared by the EIF writer and both PCR hashers.
        const customer = await customerRamdiskFromFile({
            binaryName,
            cmd: cmd.length > 0 ? cmd : undefined,
            env: env.length > 0 ? env : DEFAULT_ENV,
            mtime,
            extra: closureEntries(closure, new Set([binaryName, ...ROOTFS_FIXED]))
        }, ctx.binaryPath);
        const layout = o['nitro-bootstrap-layout'];
        // The bootstrap ramdisk holds only AWS's blobs (fixed mtime: see there).
        const bootstrap = bootstrapRamdisk({
            init: init.bytes,
            nsm: nsm.bytes,
            layout,
            mtime: BOOTSTRAP_REFERENCE_MTIME
        });
        const signing = signingPair(o, input);
        const eifName = o['nitro-eif-name'];
        const buildTime = formatBuildTime(ctx.commitTime);
        const metadata = {
            imageName: eifName.replace(/\.eif$/, ''),
            imageVersion: ctx.build.source.commit,
            buildTime,
            buildTool: BUILD_TOOL,
            buildToolVersion: BUILD_TOOL_VERSION,
            operatingSystem: DEFAULT_OS,
            kernelVersion: DEFAULT_KERNEL_VERSION
        };
        const eifPath = join(ctx.outDir, eifName);
        const built = await writeEif(eifPath, {
            kernel: [kernel.bytes],
            cmdline,
            ramdisks: [[bootstrap], [customer]],
            arch,
            metadata,
            signing
        });
        const eifHash = createHash('sha256');
        for (const c of built.chunks)
            eifHash.update(c);
        const eifSha256 = eifHash.digest('hex');
        const { PCR0, PCR1, PCR2, PCR8 } = built.pcrs;
        ctx.log(`nitro: ${eifPath} PCR0 ${PCR0}`);
        const measurements = [
            pcr('PCR0', PCR0),
            pcr('PCR1', PCR1),
            pcr('PCR2', PCR2)
        ];
        if (PCR8)
            measurements.push(pcr('PCR8', PCR8));
        return {
            target: 'nitro',
            artifacts: [{ kind: 'eif', path: eifPath, sha256: eifSha256 }],
            measurements,
            signer: PCR8 ? { pcr8: PCR8 } : undefined,
            pinned: [
                ...[kernel, init, nsm, cmdlineBlob].map((b) => ({
                    name: b.name,
                    path: b.path,
                    sha256: b.sha256
                })),
                ...closurePins(closure, ctx.cgoSysroot ?? '')
            ],
            outputs: {
                eif: eifPath,
                pcr0: PCR0,
                pcr1: PCR1,
                pcr2: PCR2,
                pcr8: PCR8 ?? ''
            },
            parameters: {
                arch,
                cmdline,
                cmd: cmd.length > 0 ? cmd : [`/${binaryName}`],
                env: env.length > 0 ? env : DEFAULT_ENV,
                bootstrapLayout: layout,
                ramdiskMtime: mtime,
                blobGitIds: Object.fromEntries([kernel, init, nsm, cmdlineBlob].map((b) => [b.name, b.gitBlobId])),
                metadata,
                signed: signing !== undefined
            }
        };
    }
};

export { lines, nitroTarget };
