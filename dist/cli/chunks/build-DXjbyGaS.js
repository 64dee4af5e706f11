import { r as rfc3339Check } from './rfc3339-C4d3ypch.js';
import { resolve, basename } from 'node:path';
import { E as EnclaveBuildError, e as readInputFile, p as parse, d as required, b as printJson } from './main-BQHnxbfa.js';
import { w as writeEif } from './eif-writer-BoVZJ2IZ.js';
import { D as DEFAULT_KERNEL_VERSION, a as DEFAULT_OS, E as EIF_BUILD_TOOL_VERSION, b as EIF_BUILD_TOOL, f as formatBuildTime } from './metadata-GY8vYBb3.js';
import { c as cmdlineOf, b as bootstrapOf, a as bootstrapOptions, k as kernelOptions } from './boot-BVfEDvrF.js';
import { r as readSections } from './sections-DZojHsOo.js';
import { flagInputName } from './input-name-slbb3zbm.js';
import { i as initClosure, c as closureEntries } from './closure-Dp2wMRmf.js';
import { c as customerRamdiskFromFile, D as DEFAULT_ENV, R as ROOTFS_FIXED } from './ramdisk-EuQQHTGs.js';
import { r as readInput, p as printPcrs, m as measurements } from './common-Ci8ZxLLG.js';
import 'node:zlib';
import './format-Da0K04aX.js';
import 'node:fs/promises';
import './pcr-ClYbwWw4.js';
import 'node:crypto';
import './digest-worker-BWbgCEkR.js';
import './ldd-D21QiJn8.js';
import './elf-CedCKE_Y.js';
import 'node:fs';
import './chroot-Bv55sEuW.js';
import './cpio-QmwdZ1z6.js';
import './read-D5SN6HEp.js';

/**
 * The commit time a Go binary records about itself (`vcs.time` of its
 * build info), read from the `.go.buildinfo` section without running go.
 *
 * Layout (Go 1.18 and later, runtime/debug and cmd/go/internal/version):
 * a 32-byte header, "\xff Go buildinf:" then the pointer size and a flags
 * byte whose bit 2 says the strings follow inline; then two
 * uvarint-length-prefixed strings, the Go version and the module info.
 * The module info holds lines such as "build\tvcs.time=2026-01-02T03:04:05Z".
 * Returns undefined when the binary has none (older Go, no VCS, not Go).
 */
function vcsTime(elf) {
    let sections;
    try {
        sections = readSections(elf);
    }
    catch {
        return undefined;
    }
    const s = sections.find((x) => x.name === '.go.buildinfo');
    if (!s || s.offset + 32 > elf.length)
        return undefined;
    const data = elf.subarray(s.offset, Math.min(elf.length, s.offset + s.size));
    const magic = '\xff Go buildinf:';
    if (Buffer.from(data.subarray(0, 14)).toString('latin1') !== magic)
        return undefined;
    if ((data[15] & 2) === 0)
        return undefined;
    let at = 32;
    const next = () => {
        let len = 0;
        let shift = 0;
        for (;;) {
            if (at >= data.length || shift > 28)
                return undefined;
            const b = data[at++];
            len |= (b & 0x7f) << shift;
            if ((b & 0x80) === 0)
                break;
            shift += 7;
        }
        if (at + len > data.length)
            return undefined;
        const text = Buffer.from(data.subarray(at, at + len)).toString('utf8');
        at += len;
        return text;
    };
    if (next() === undefined)
        return undefined;
    const modinfo = next();
    const m = modinfo?.match(/^build\tvcs\.time=(\S+)$/m);
    if (!m)
        return undefined;
    const t = new Date(m[1]);
    return Number.isNaN(t.getTime()) ? undefined : t;
}

// `nitro build --binary`: the customer ramdisk made from a Go binary the way
// the action's Nitro target makes it, so the command line and the action
// give the same EIF (and PCRs) for the same binary.
/**
 * Seconds since the epoch: --mtime, else the commit time the binary records
 * (its vcs.time: what the action uses, so that `nitro build --binary`
 * gives the action's PCR0 for the same binary), else SOURCE_DATE_EPOCH,
 * else 0.
 */
function epochSeconds(io, value, flag, recorded) {
    if (value === undefined && recorded !== undefined)
        return Math.floor(recorded.getTime() / 1000);
    const text = value ?? io.env.SOURCE_DATE_EPOCH ?? '';
    if (text === '')
        return 0;
    if (!/^\d+$/.test(text) || Number(text) > 0xffffffff)
        throw new EnclaveBuildError('INPUT_INVALID', `${value === undefined ? 'SOURCE_DATE_EPOCH' : flag} must be whole seconds since the epoch (0 to 4294967295)`);
    return Number(text);
}
/**
 * The customer ramdisk from --binary (with --cmd, --env), as the action
 * makes it: a cgo binary's loader and libraries come from --cgo-sysroot
 * into rootfs/ beside it (a dynamic binary without it is refused).
 */
async function customerOf(io, v) {
    if (v.binary === undefined) {
        if (v.cmd !== undefined ||
            v.env !== undefined ||
            v.mtime !== undefined ||
            v['cgo-sysroot'] !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', '--cmd, --env, --mtime and --cgo-sysroot describe the customer ramdisk: give --binary too');
        return undefined;
    }
    const path = resolve(io.cwd, v.binary);
    const bytes = await readInputFile(path, '--binary');
    const recorded = v.mtime === undefined ? vcsTime(bytes) : undefined;
    const sysroot = v['cgo-sysroot'];
    const closure = await initClosure(bytes, sysroot === undefined || sysroot === '' ? '' : resolve(io.cwd, sysroot), 
    // the Go flags it names are `enclave-build go build`'s
    flagInputName());
    const binaryName = basename(path);
    return customerRamdiskFromFile({
        binaryName,
        cmd: v.cmd,
        env: v.env ?? DEFAULT_ENV,
        mtime: epochSeconds(io, v.mtime, '--mtime', recorded),
        extra: closureEntries(closure, new Set([binaryName, ...ROOTFS_FIXED]))
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
        file: 'initrd',
        help: 'A ramdisk, in order (after the bootstrap ramdisk that --init/--nsm make).'
    },
    ...bootstrapOptions,
    binary: {
        type: 'string',
        arg: 'FILE',
        file: 'binary',
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
        help: 'mtime of the customer ramdisk entries (default: the commit time the binary records, its vcs.time, as the action uses; else SOURCE_DATE_EPOCH, else 0).'
    },
    'cgo-sysroot': {
        type: 'string',
        arg: 'DIR',
        help: "With --binary dynamically linked (cgo): the root holding its ELF loader and libraries (e.g. Debian's libc6 unpacked), packed under rootfs/ at their paths, as the action's cgo-sysroot."
    },
    output: {
        type: 'string',
        arg: 'FILE',
        required: true,
        help: 'Where to write the EIF.'
    },
    'signing-certificate': {
        type: 'string',
        arg: 'CERT.pem',
        file: 'pem',
        help: 'X.509 certificate that signs PCR0 (gives PCR8).'
    },
    'private-key': {
        type: 'string',
        arg: 'KEY.pem',
        file: 'pem',
        help: 'Its EC private key; goes with --signing-certificate.'
    },
    arch: {
        type: 'string',
        default: 'x86_64',
        choices: ['x86_64', 'aarch64'],
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
        check: rfc3339Check,
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
    // kept as written (eif_build copies it), once parse checked it is a real time
    const buildTime = v['build-time'] ?? defaultBuildTime(io);
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
            buildTime,
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
