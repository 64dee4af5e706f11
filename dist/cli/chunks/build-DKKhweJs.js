import { resolve, basename } from 'node:path';
import { E as EnclaveBuildError, p as parse, r as required, a as printJson } from './main-C_5kpKAD.js';
import { crc32 } from 'node:zlib';
import { E as EIF_HEADER_SIZE, e as encodeHeader, C as CRC_OFFSET, M as MAX_SECTIONS, F as FLAG_ARM64, a as encodeSectionHeader, S as SECTION_HEADER_SIZE, D as DEFAULT_CPUS, b as DEFAULT_MEM, c as EIF_VERSION } from './format-Ch3IOPHa.js';
import { e as encodeMetadata, D as DEFAULT_KERNEL_VERSION, a as DEFAULT_OS, E as EIF_BUILD_TOOL_VERSION, b as EIF_BUILD_TOOL, f as formatBuildTime } from './metadata-BjLqGs7I.js';
import { open, rm } from 'node:fs/promises';
import { tempBeside, fileError, moveIntoPlace } from './fs-BT6MZko9.js';
import { s as sha384OffThread, e as extendPcr, m as measureSections } from './pcr-LU_sM_65.js';
import { createHash } from 'node:crypto';
import { c as customerRamdiskFromFile, D as DEFAULT_ENV, a as cmdlineOf, b as bootstrapOf, d as bootstrapOptions, k as kernelOptions } from './boot-C_DheP27.js';
import { r as readInput, p as printPcrs, m as measurements } from './common-Cv_kt61S.js';
import './temps-ClGZhUnt.js';
import './cpio-BPHmUhDj.js';
import 'node:fs';

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
    const signer = spec.signing ? await import('./signature-Dp4PMeb9.js') : undefined;
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

// `nitro build --binary`: the customer ramdisk made from a Go binary the way
// the action's Nitro target makes it, so the command line and the action
// give the same EIF (and PCRs) for the same binary.
/** Seconds since the epoch from SOURCE_DATE_EPOCH (or --mtime), else 0. */
function epochSeconds(io, value, flag) {
    const text = value ?? io.env.SOURCE_DATE_EPOCH ?? '';
    if (text === '')
        return 0;
    if (!/^\d+$/.test(text) || Number(text) > 0xffffffff)
        throw new EnclaveBuildError('INPUT_INVALID', `${value === undefined ? 'SOURCE_DATE_EPOCH' : flag} must be whole seconds since the epoch (0 to 4294967295)`);
    return Number(text);
}
/** The customer ramdisk from --binary (with --cmd, --env), as the action makes it. */
async function customerOf(io, v) {
    if (v.binary === undefined) {
        if (v.cmd !== undefined || v.env !== undefined || v.mtime !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', '--cmd, --env and --mtime describe the customer ramdisk: give --binary too');
        return undefined;
    }
    const path = resolve(io.cwd, v.binary);
    return customerRamdiskFromFile({
        binaryName: basename(path),
        cmd: v.cmd,
        env: v.env ?? DEFAULT_ENV,
        mtime: epochSeconds(io, v.mtime, '--mtime')
    }, path);
}

// `nitro build` follows eif_build: same flags, same metadata defaults, and
// nitro-cli's output, so their users and scripts feel at home.
/** The build time when none is given: SOURCE_DATE_EPOCH, else the epoch; never now. */
function defaultBuildTime(io) {
    const sde = io.env.SOURCE_DATE_EPOCH;
    if (sde === undefined || sde === '')
        return formatBuildTime(new Date(0));
    if (!/^\d+$/.test(sde))
        throw new EnclaveBuildError('INPUT_INVALID', 'SOURCE_DATE_EPOCH must be whole seconds since the epoch');
    return formatBuildTime(new Date(Number(sde) * 1000));
}
/** The flags of `nitro build`, in eif_build's order where it has them. */
const buildOptions = {
    ...kernelOptions,
    ramdisk: {
        type: 'string',
        multiple: true,
        arg: 'FILE',
        help: 'A ramdisk, in order (after the bootstrap ramdisk that --init/--nsm make).'
    },
    ...bootstrapOptions,
    binary: {
        type: 'string',
        arg: 'FILE',
        help: 'A Go binary: the customer ramdisk is made from it (rootfs/<name>, cmd, env) and goes last, as the action does.'
    },
    cmd: {
        type: 'string',
        multiple: true,
        arg: 'ARG',
        help: "One argv element of the enclave program, in order (default: /<binary's file name>); one starting with - as --cmd=-x."
    },
    env: {
        type: 'string',
        multiple: true,
        arg: 'KEY=VALUE',
        help: "The program's environment (default: Docker's PATH)."
    },
    mtime: {
        type: 'string',
        arg: 'SECONDS',
        help: 'mtime of the customer ramdisk entries (default: SOURCE_DATE_EPOCH, else 0; the action uses the commit time).'
    },
    output: { type: 'string', arg: 'FILE', help: 'Where to write the EIF.' },
    'signing-certificate': {
        type: 'string',
        arg: 'CERT.pem',
        help: 'X.509 certificate that signs PCR0 (gives PCR8).'
    },
    'private-key': {
        type: 'string',
        arg: 'KEY.pem',
        help: 'Its EC private key; goes with --signing-certificate.'
    },
    arch: {
        type: 'string',
        default: 'x86_64',
        arg: 'x86_64|aarch64',
        help: 'Architecture flag of the EIF.'
    },
    name: {
        type: 'string',
        arg: 'NAME',
        help: 'ImageName of the metadata (default: the kernel file name, like eif_build).'
    },
    version: {
        type: 'string',
        default: '1.0',
        arg: 'VERSION',
        help: 'ImageVersion of the metadata.'
    },
    'build-time': {
        type: 'string',
        arg: 'RFC3339',
        help: 'BuildTime of the metadata (default: SOURCE_DATE_EPOCH, else the epoch; never now).'
    },
    'build-tool': {
        type: 'string',
        default: EIF_BUILD_TOOL,
        arg: 'NAME',
        help: 'BuildTool of the metadata.'
    },
    'build-tool-version': {
        type: 'string',
        default: EIF_BUILD_TOOL_VERSION,
        arg: 'VERSION',
        help: 'BuildToolVersion of the metadata.'
    },
    'img-os': {
        type: 'string',
        default: DEFAULT_OS,
        arg: 'OS',
        help: 'OperatingSystem of the metadata.'
    },
    'img-kernel': {
        type: 'string',
        default: DEFAULT_KERNEL_VERSION,
        arg: 'TEXT',
        help: 'KernelVersion of the metadata.'
    },
    json: {
        type: 'boolean',
        default: false,
        help: 'Print {"Measurements": {...}} like nitro-cli.'
    }
};
/**
 * `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build;
 * with --init/--nsm and --binary, from AWS's blobs and a Go binary alone.
 */
const nitroBuild = async (args, io) => {
    const { values: v } = parse(args, buildOptions);
    const kernelPath = required(v.kernel, '--kernel');
    const cmdline = await cmdlineOf(io, v.cmdline, v['cmdline-file']);
    const output = resolve(io.cwd, required(v.output, '--output'));
    if (v.arch !== 'x86_64' && v.arch !== 'aarch64')
        throw new EnclaveBuildError('INPUT_INVALID', '--arch must be x86_64 or aarch64');
    const cert = v['signing-certificate'];
    const key = v['private-key'];
    if ((cert === undefined) !== (key === undefined))
        throw new EnclaveBuildError('INPUT_INVALID', '--signing-certificate and --private-key go together');
    const bootstrap = await bootstrapOf(io, v);
    const customer = await customerOf(io, v);
    const kernel = await readInput(io, kernelPath, 'kernel');
    const given = await Promise.all((v.ramdisk ?? []).map((p) => readInput(io, p, 'ramdisk')));
    const ramdisks = [
        ...(bootstrap ? [bootstrap] : []),
        ...given,
        ...(customer ? [customer] : [])
    ];
    if (ramdisks.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'give at least one --ramdisk (or --init and --nsm, or --binary)');
    const signing = cert !== undefined && key !== undefined
        ? {
            certificatePem: (await readInput(io, cert, 'signing certificate')).toString(),
            privateKeyPem: (await readInput(io, key, 'private key')).toString()
        }
        : undefined;
    const built = await writeEif(output, {
        kernel: [kernel],
        cmdline,
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

export { nitroBuild };
