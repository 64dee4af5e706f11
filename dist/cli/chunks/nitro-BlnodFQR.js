import { resolve, basename } from 'node:path';
import { E as EnclaveBuildError, p as parse, r as required, a as printJson } from './main-BBOv3w7w.js';
import { crc32 } from 'node:zlib';
import { open, rm } from 'node:fs/promises';
import { tempBeside, moveIntoPlace } from './fs-BsRZ9bMu.js';
import { webcrypto, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

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
const NAMES = {
    1: 'Kernel',
    2: 'Cmdline',
    3: 'Ramdisk',
    4: 'Signature',
    5: 'Metadata'
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
function invalid(message) {
    return new EnclaveBuildError('EIF_INVALID', message);
}
/** Decodes and sanity-checks the header (magic, size, section count). */
function decodeHeader(bytes) {
    if (bytes.length < EIF_HEADER_SIZE)
        throw invalid(`the file is ${bytes.length} bytes, shorter than the ${EIF_HEADER_SIZE}-byte EIF header; is it an EIF?`);
    if (!EIF_MAGIC.every((b, i) => bytes[i] === b))
        throw invalid('bad magic (expected ".eif"); the file is not an EIF');
    const v = new DataView(bytes.buffer, bytes.byteOffset, EIF_HEADER_SIZE);
    const numSections = v.getUint16(26);
    if (numSections > MAX_SECTIONS)
        throw invalid(`header claims ${numSections} sections; at most ${MAX_SECTIONS} exist`);
    const sectionOffsets = [];
    const sectionSizes = [];
    for (let i = 0; i < MAX_SECTIONS; i++) {
        sectionOffsets.push(v.getBigUint64(28 + 8 * i));
        sectionSizes.push(v.getBigUint64(284 + 8 * i));
    }
    return {
        version: v.getUint16(4),
        flags: v.getUint16(6),
        defaultMem: v.getBigUint64(8),
        defaultCpus: v.getBigUint64(16),
        numSections,
        sectionOffsets,
        sectionSizes,
        crc32: v.getUint32(CRC_OFFSET)
    };
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
/** Decodes a section header at `at`; unknown types are EIF_INVALID. */
function decodeSectionHeader(bytes, at) {
    if (at + SECTION_HEADER_SIZE > bytes.length)
        throw invalid(`section header at byte ${at} runs past the end of the file`);
    const v = new DataView(bytes.buffer, bytes.byteOffset + at, SECTION_HEADER_SIZE);
    const code = v.getUint16(0);
    const type = NAMES[code];
    if (type === undefined)
        throw invalid(`invalid section type ${code} at byte ${at}`);
    return { type, flags: v.getUint16(2), size: v.getBigUint64(4) };
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
/** Parses a metadata section; malformed JSON is EIF_INVALID. */
function decodeMetadata(bytes) {
    let parsed;
    try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch {
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not valid UTF-8 JSON; the EIF is corrupt');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not a JSON object; the EIF is corrupt');
    return parsed;
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
/**
 * What AWS's eif_build writes when given no --build-tool flags (its crate
 * name and the release the test vectors were made with). `nitro build`
 * defaults to these so that, like eif_build, it reproduces eif_build's
 * bytes from the same kernel, cmdline, ramdisks, name, version and time.
 */
const EIF_BUILD_TOOL = 'eif_build';
const EIF_BUILD_TOOL_VERSION = '0.3.1';

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
        throw new EnclaveBuildError('FILE_NOT_FOUND', `wrote only ${bytesWritten} of ${size} bytes; is the disk full?`);
}
/** Opens a temp file beside `path`. */
async function openAtomic(path, mode = 0o644) {
    const tmp = tempBeside(path);
    const fh = await open(tmp, 'w', mode).catch((err) => {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot write ${path}: ${err.message}; does its directory exist and is it writable?`, { cause: err });
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
                await rm(tmp, { force: true });
                throw err;
            }
        },
        async abort() {
            await close().catch(() => undefined);
            await rm(tmp, { force: true });
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

const WEBCRYPTO_NAME = {
    sha256: 'SHA-256',
    sha384: 'SHA-384',
    sha512: 'SHA-512'
};
/**
 * Whether `buffer` is shared memory. By its tag, not instanceof: a test's
 * realm has its own SharedArrayBuffer (and node:util is not loaded for it).
 */
const isShared = (buffer) => Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
async function viaWebCrypto(algorithm, bytes) {
    // WebCrypto refuses views of shared memory: those are copied out first.
    const input = isShared(bytes.buffer)
        ? new Uint8Array(bytes)
        : bytes;
    return new Uint8Array(await webcrypto.subtle.digest(WEBCRYPTO_NAME[algorithm], input));
}
/**
 * The digest of `bytes`, computed off this thread: in place on the worker
 * when it is up and the bytes are shared memory, else by WebCrypto on
 * libuv's pool (after its copy). `bytes` must not change until it settles.
 */
function digestOffThread(algorithm, bytes) {
    return viaWebCrypto(algorithm, bytes);
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
/** The PCR of a file, streamed. */
async function pcrOfFile(path) {
    const hash = createHash('sha384');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    return extendPcr(hash.digest());
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
/** The same values, synchronously, for small inputs and readers. */
function measureSectionsSync(s) {
    const image = createHash('sha384');
    const app = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    for (const rd of s.ramdisks.slice(1)) {
        feed(image, rd);
        feed(app, rd);
    }
    const pcrs = {
        PCR0: extendPcr(image.digest()),
        PCR1: pcr1,
        PCR2: extendPcr(app.digest())
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
/**
 * CRC-32 of `crcPrefix` then every piece; SHA-384 of the measured pieces,
 * with a snapshot after piece index `pcr1After`.
 */
function scanBody(crcPrefix, pieces, pcr1After) {
    let crc = crc32(crcPrefix);
    const image = createHash('sha384');
    let bootDigest;
    pieces.forEach(({ bytes, measured }, i) => {
        for (let at = 0; at < bytes.length; at += SLICE) {
            const slice = bytes.subarray(at, at + SLICE);
            if (measured)
                image.update(slice);
            crc = crc32(slice, crc);
        }
        if (i === pcr1After)
            bootDigest = image.copy().digest();
    });
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
    const signer = spec.signing ? await import('./signature-DKvbCwQ3.js') : undefined;
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
        const scan = scanBody(encodeHeader(header).subarray(0, CRC_OFFSET), pieces, pcr1After);
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
 * Whole-file reads for the EIF builder. A 20 MB ramdisk or Go binary is
 * read with one read(2) into a buffer allocated once at its final size
 * (fs.readFile reads 512 KiB per thread-pool round trip), and the binary
 * can be read straight into its slot in the customer ramdisk, so its bytes
 * are touched once before hashing instead of being copied there.
 */
function notReadable(path, what, err) {
    throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot read the ${what} ${path}: ${err.message}`, { cause: err });
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
            throw new EnclaveBuildError('FILE_NOT_FOUND', `the ${what} ${path} shrank while being read; is something rewriting it?`);
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
    const fh = await open(path, 'r').catch((err) => notReadable(path, what, err));
    try {
        const st = await fh.stat();
        if (!st.isFile())
            throw new EnclaveBuildError('FILE_NOT_FOUND', `the ${what} ${path} is not a regular file`);
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

// `nitro build/describe/pcr` follow eif_build and nitro-cli: same flags,
// same JSON keys, so their users and scripts feel at home.
/** nitro-cli's Measurements object (HashAlgorithm is Rust Debug text). */
function measurements(pcrs) {
    return { HashAlgorithm: 'Sha384 { ... }', ...pcrs };
}
/** Reads an input file whole, in one read (coded error if unreadable). */
async function readInput(io, path, what) {
    return readWhole(resolve(io.cwd, path), what);
}
function printPcrs(io, pcrs) {
    for (const [k, v] of Object.entries(pcrs))
        io.stdout(`${k}  ${v}\n`);
}
/** The build time when none is given: SOURCE_DATE_EPOCH, else the epoch; never now. */
function defaultBuildTime(io) {
    const sde = io.env.SOURCE_DATE_EPOCH;
    if (sde === undefined || sde === '')
        return formatBuildTime(new Date(0));
    if (!/^\d+$/.test(sde))
        throw new EnclaveBuildError('INPUT_INVALID', 'SOURCE_DATE_EPOCH must be whole seconds since the epoch');
    return formatBuildTime(new Date(Number(sde) * 1000));
}
const buildOptions = {
    kernel: { type: 'string' },
    cmdline: { type: 'string' },
    ramdisk: { type: 'string', multiple: true },
    output: { type: 'string' },
    'signing-certificate': { type: 'string' },
    'private-key': { type: 'string' },
    arch: { type: 'string', default: 'x86_64' },
    name: { type: 'string' },
    version: { type: 'string', default: '1.0' },
    'build-time': { type: 'string' },
    'build-tool': { type: 'string', default: EIF_BUILD_TOOL },
    'build-tool-version': { type: 'string', default: EIF_BUILD_TOOL_VERSION },
    'img-os': { type: 'string', default: DEFAULT_OS },
    'img-kernel': { type: 'string', default: DEFAULT_KERNEL_VERSION },
    json: { type: 'boolean', default: false }
};
/** `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build. */
const nitroBuild = async (args, io) => {
    const { values: v } = parse(args, buildOptions);
    const kernelPath = required(v.kernel, '--kernel');
    if (v.cmdline === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--cmdline is required');
    const output = resolve(io.cwd, required(v.output, '--output'));
    const ramdiskPaths = v.ramdisk ?? [];
    if (ramdiskPaths.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'give at least one --ramdisk');
    if (v.arch !== 'x86_64' && v.arch !== 'aarch64')
        throw new EnclaveBuildError('INPUT_INVALID', '--arch must be x86_64 or aarch64');
    const cert = v['signing-certificate'];
    const key = v['private-key'];
    if ((cert === undefined) !== (key === undefined))
        throw new EnclaveBuildError('INPUT_INVALID', '--signing-certificate and --private-key go together');
    const kernel = await readInput(io, kernelPath, 'kernel');
    const ramdisks = await Promise.all(ramdiskPaths.map((p) => readInput(io, p, 'ramdisk')));
    const signing = cert !== undefined && key !== undefined
        ? {
            certificatePem: (await readInput(io, cert, 'signing certificate')).toString(),
            privateKeyPem: (await readInput(io, key, 'private key')).toString()
        }
        : undefined;
    const built = await writeEif(output, {
        kernel: [kernel],
        cmdline: trimCmdline(v.cmdline),
        ramdisks: ramdisks.map((r) => [r]),
        arch: v.arch,
        metadata: {
            // eif_build names the image after the kernel file by default
            imageName: v.name ?? basename(kernelPath),
            imageVersion: v.version,
            buildTime: v['build-time'] ?? defaultBuildTime(io),
            buildTool: v['build-tool'],
            buildToolVersion: v['build-tool-version'],
            operatingSystem: v['img-os'],
            kernelVersion: v['img-kernel']
        },
        signing
    });
    if (!v.json) {
        io.stdout(`Output file: ${output}\n`);
        printPcrs(io, built.pcrs);
        return 0;
    }
    printJson(io, { Measurements: measurements(built.pcrs) });
    return 0;
};
/** `nitro describe`: like nitro-cli describe-eif, from the file alone. */
const nitroDescribe = async (args, io) => {
    const { values: v } = parse(args, {
        eif: { type: 'string' },
        'eif-path': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    const path = required(v.eif ?? v['eif-path'], '--eif');
    // The reader verifies signatures (CBOR, X.509): loaded only for describe,
    // so that `nitro build` starts without them.
    const { readEif } = await import('./eif-reader-6DLOPGNw.js');
    const info = readEif(await readInput(io, path, 'EIF'));
    const meta = info.metadata;
    const out = {
        EifVersion: info.header.version,
        Measurements: measurements(info.pcrs),
        IsSigned: info.signature !== undefined,
        CheckCRC: info.crcOk
    };
    if (info.signature) {
        const c = info.signature.certificate;
        out.SignatureCheck = info.signatureOk;
        out.SigningCertificate = {
            Subject: c.subject,
            Issuer: c.issuer,
            NotBefore: c.validFrom,
            NotAfter: c.validTo,
            Fingerprint256: c.fingerprint256
        };
    }
    if (meta) {
        out.ImageName = meta.ImageName;
        out.ImageVersion = meta.ImageVersion;
        out.Metadata = meta;
    }
    out.Crc32 = info.header.crc32.toString(16).padStart(8, '0');
    out.Flags = info.header.flags;
    out.Arch = info.header.flags & 1 ? 'aarch64' : 'x86_64';
    out.NumSections = info.header.numSections;
    out.SectionOffsets = info.sections.map((s) => s.offset);
    out.SectionSizes = info.sections.map((s) => s.size);
    out.SectionTypes = info.sections.map((s) => s.type);
    if (v.json)
        printJson(io, out);
    else {
        io.stdout(`EIF version ${info.header.version}, ${out.Arch}, CRC ${info.crcOk ? 'ok' : 'MISMATCH'}${info.signature ? `, signed (signature ${info.signatureOk ? 'ok' : 'INVALID'})` : ''}\n`);
        printPcrs(io, info.pcrs);
    }
    return 0;
};
/** `nitro pcr`: the PCR of one file, or PCR8 of a certificate, like nitro-cli pcr. */
const nitroPcr = async (args, io) => {
    const { values: v } = parse(args, {
        input: { type: 'string' },
        'signing-certificate': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    let result;
    if (v['signing-certificate'] !== undefined) {
        if (v.input !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', 'give either --input or --signing-certificate');
        const pem = await readInput(io, v['signing-certificate'], 'signing certificate');
        // The signature module (and its CBOR library) loads only when needed.
        const { parseCertificate } = await import('./signature-DKvbCwQ3.js');
        result = { PCR8: pcrOfBytes(parseCertificate(pem.toString()).raw) };
    }
    else {
        const input = required(v.input, '--input');
        // streamed: an input may be a whole EIF or a big ramdisk
        const pcr = await pcrOfFile(resolve(io.cwd, input)).catch((err) => {
            throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot read the input ${input}: ${err.message}`, { cause: err });
        });
        result = { PCR: pcr };
    }
    if (v.json)
        printJson(io, result);
    else
        io.stdout(`${Object.values(result)[0]}\n`);
    return 0;
};

var nitro = /*#__PURE__*/Object.freeze({
    __proto__: null,
    nitroBuild: nitroBuild,
    nitroDescribe: nitroDescribe,
    nitroPcr: nitroPcr
});

export { CRC_OFFSET as C, EIF_VERSION as E, SECTION_HEADER_SIZE as S, decodeMetadata as a, decodeSectionHeader as b, EIF_HEADER_SIZE as c, decodeHeader as d, measureSectionsSync as m, nitro as n };
