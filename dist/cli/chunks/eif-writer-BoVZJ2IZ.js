import { crc32 } from 'node:zlib';
import { B as tempBeside, u as fileError, D as moveIntoPlace, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { E as EIF_HEADER_SIZE, e as encodeHeader, C as CRC_OFFSET, M as MAX_SECTIONS, F as FLAG_ARM64, a as encodeSectionHeader, S as SECTION_HEADER_SIZE, D as DEFAULT_CPUS, b as DEFAULT_MEM, c as EIF_VERSION } from './format-Da0K04aX.js';
import { e as encodeMetadata } from './metadata-GY8vYBb3.js';
import { open, rm } from 'node:fs/promises';
import { s as sha384OffThread, e as extendPcr, b as measureSections } from './pcr-ClYbwWw4.js';
import { createHash } from 'node:crypto';

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
    const signer = spec.signing ? await import('./signature-BP9Xmm9_.js') : undefined;
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

export { writeEif as w };
