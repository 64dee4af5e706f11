import { c as cmdlineTextProblem } from './tdx-BS7SA3Ep.js';
import { p as parse, j as readInput, d as required, b as printJson, V as VERSION, r as readInputSoon, l as limitOf, n as nodeCrypto, E as EnclaveBuildError, k as MAX_FIRMWARE_BYTES, m as nodeFs } from './main-BQHnxbfa.js';
import { p as parsePyInt, v as vcpuSigOf, C as CPU_SIGS, l as launchDigest, s as sevHashes, a as parsePyIntAuto, V as VMM_TYPES, c as cpuSig } from './vcpu-DvcXUVfF.js';
import { v as vcpusProblem, a as vcpuSigProblem, g as guestFeaturesProblem, c as cpuidPartsProblem } from './limits-y7uvIm8O.js';

// Why this file is long: the two `snp` subcommands with sevctl's flags; `snp measure` is kept in one module so its command loads as one chunk and starts in tens of milliseconds.
/** The sev-snp-measure release whose flags, output and digests `snp measure` follows. */
const REFERENCE_VERSION = '0.0.13';
const nodePath = () => process.getBuiltinModule('node:path');
// Only light modules above: `snp measure` must start in tens of milliseconds.
const MODES = ['snp', 'seves', 'sev', 'snp:ovmf-hash', 'snp:svsm'];
const MODE_NAMES = {
    snp: 'SEV_SNP',
    seves: 'SEV_ES',
    sev: 'SEV',
    'snp:ovmf-hash': 'SEV_SNP',
    'snp:svsm': 'SEV_SNP_SVSM'
};
const bad = (message) => new EnclaveBuildError('INPUT_INVALID', message);
function intFlag(value, flag, auto) {
    if (value === undefined)
        return undefined;
    const v = auto ? parsePyIntAuto(value) : parsePyInt(value);
    if (v === undefined)
        throw bad(`${flag} ${JSON.stringify(value)} is not an integer`);
    return v;
}
function parseMode(value) {
    if (MODES.includes(value))
        return value;
    throw bad(`--mode ${JSON.stringify(value)}: choose one of ${MODES.join(', ')}`);
}
/** --vmm-type, matched case-insensitively (QEMU, ec2, gce). */
function parseVmmType(value) {
    const found = VMM_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
    if (found === undefined)
        throw bad(`unknown VMM type '${value}': choose one of ${VMM_TYPES.join(', ')}`);
    return found;
}
/** The hex digest of a precomputed OVMF hash; whitespace between digits allowed like bytes.fromhex. */
function parseHex(value) {
    const clean = value.replace(/\s+/g, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(clean))
        throw bad('--snp-ovmf-hash must be hex digits');
    return Buffer.from(clean, 'hex');
}
const options = {
    mode: {
        type: 'string',
        arg: 'snp|seves|sev|snp:ovmf-hash|snp:svsm',
        help: 'Guest mode.'
    },
    vcpus: { type: 'string', arg: 'N', help: 'Number of guest vCPUs.' },
    'vcpu-type': {
        type: 'string',
        arg: 'CPUTYPE',
        help: `Type of guest vCPU (${Object.keys(CPU_SIGS).join(', ')}).`
    },
    'vcpu-sig': {
        type: 'string',
        arg: 'VALUE',
        help: 'Guest vCPU signature value (0x.. or decimal).'
    },
    'vcpu-family': { type: 'string', arg: 'FAMILY', help: 'Guest vCPU family.' },
    'vcpu-model': { type: 'string', arg: 'MODEL', help: 'Guest vCPU model.' },
    'vcpu-stepping': {
        type: 'string',
        arg: 'STEPPING',
        help: 'Guest vCPU stepping.'
    },
    'vmm-type': {
        type: 'string',
        default: 'QEMU',
        arg: 'VMMTYPE',
        help: `Type of guest VMM (${VMM_TYPES.join(', ')}; case-insensitive).`
    },
    ovmf: {
        type: 'string',
        arg: 'PATH',
        file: 'firmware',
        help: 'OVMF file to measure.'
    },
    kernel: {
        type: 'string',
        arg: 'PATH',
        file: 'kernel',
        help: 'Kernel file (direct boot).'
    },
    initrd: {
        type: 'string',
        arg: 'PATH',
        file: 'initrd',
        help: 'Initrd file (use with --kernel).'
    },
    append: {
        type: 'string',
        arg: 'CMDLINE',
        help: 'Kernel command line (use with --kernel).'
    },
    'guest-features': {
        type: 'string',
        default: '0x1',
        arg: 'VALUE',
        help: 'SEV features of the VMSA (0x1: host kernel 6.8 and later).'
    },
    'output-format': {
        type: 'string',
        default: 'hex',
        arg: 'hex|base64',
        help: 'Measurement output format.'
    },
    'snp-ovmf-hash': {
        type: 'string',
        arg: 'HASH',
        help: 'Precalculated hash of the OVMF binary (hex), from --mode snp:ovmf-hash.'
    },
    'dump-vmsa': {
        type: 'boolean',
        help: 'Write the measured VMSAs to vmsa<N>.bin in the working directory (seves, snp, snp:svsm).'
    },
    svsm: {
        type: 'string',
        arg: 'PATH',
        file: 'blob',
        help: 'SVSM binary (snp:svsm).'
    },
    'vars-size': {
        type: 'string',
        arg: 'SIZE',
        help: 'Size of the OVMF_VARS file in bytes (snp:svsm; conflicts with --vars-file).'
    },
    'vars-file': {
        type: 'string',
        arg: 'PATH',
        file: 'firmware',
        help: 'OVMF_VARS file (snp:svsm; conflicts with --vars-size).'
    },
    version: {
        type: 'boolean',
        help: 'Print the version (and the sev-snp-measure release whose semantics it follows) and exit.'
    },
    verbose: {
        type: 'boolean',
        short: 'v',
        help: "Print sev-snp-measure's 'Calculated ... guest measurement:' line."
    },
    json: { type: 'boolean', help: 'Print {"measurement": hex}.' }
};
/** The SVSM image and the varstore size of mode snp:svsm (checked as the reference does). */
async function svsmInputs(svsmPath, varsFile, varsSize, vmmType) {
    let size;
    if (varsFile) {
        try {
            size = nodeFs.statSync(varsFile).size;
        }
        catch (err) {
            throw new EnclaveBuildError('FILE_NOT_FOUND', `--vars-file ${varsFile}: ${err.message}`);
        }
    }
    else if (varsSize)
        size = Number(varsSize);
    else
        throw bad('snp:svsm mode requires --vars-size or --vars-file');
    if (vmmType !== 'QEMU')
        throw bad('snp:svsm mode is only implemented for --vmm-type QEMU');
    if (svsmPath === undefined)
        throw bad('snp:svsm mode requires --svsm PATH');
    return { image: await readInput(svsmPath, '--svsm'), varsSize: size };
}
/**
 * Writes vmsa0.bin, vmsa1.bin, ... in `dir`, as sev-snp-measure's
 * --dump-vmsa does in its working directory (4096 bytes each).
 */
async function dumpVmsas(dir, pages) {
    // Loaded here so that a plain `snp measure` never pays for it.
    const { writeFileAtomic } = await import('./main-BQHnxbfa.js').then(function (n) { return n.L; });
    for (const [i, page] of pages.entries())
        await writeFileAtomic(nodePath().join(dir, `vmsa${i}.bin`), page);
}
/**
 * argparse (allow_abbrev) takes any unambiguous prefix of a long flag
 * (`--ovm` for `--ovmf`); so do we, and refuse an ambiguous one as it does.
 */
function expandAbbreviations(args) {
    const names = [...Object.keys(options), 'help'];
    const out = [];
    for (const [i, a] of args.entries()) {
        if (a === '--')
            return [...out, ...args.slice(i)];
        const m = /^--([^=]+)(=.*)?$/s.exec(a);
        if (m === null || names.includes(m[1])) {
            out.push(a);
            continue;
        }
        const found = names.filter((n) => n.startsWith(m[1]));
        if (found.length > 1)
            throw bad(`ambiguous option: --${m[1]} could match ${found.map((n) => `--${n}`).join(', ')}`);
        out.push(found.length === 1 ? `--${found[0]}${m[2] ?? ''}` : a);
    }
    return out;
}
/**
 * argparse takes a negative number as an option's value (`--vcpus -1`);
 * node's parseArgs calls that ambiguous, so glue such pairs with '='.
 */
function glueNegatives(args) {
    const out = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const next = args[i + 1];
        const takesValue = a.startsWith('--') &&
            !a.includes('=') &&
            a.slice(2) in options &&
            options[a.slice(2)].type === 'string';
        if (takesValue && next !== undefined && /^-\d+$|^-\d*\.\d+$/.test(next)) {
            out.push(`${a}=${next}`);
            i++;
        }
        else
            out.push(a);
    }
    return out;
}
/**
 * `snp measure`: the launch digest with sev-snp-measure's flags, checks and
 * output (the digest alone; `-v` for its verbose line; `--json` for
 * {"measurement": hex}).
 */
const snpMeasure = async (args, io) => {
    const { values: v } = parse(glueNegatives(expandAbbreviations(args)), options);
    if (v.version) {
        // argparse's `%(prog)s VERSION` form, naming the release we follow
        io.stdout(`enclave-build ${VERSION} (sev-snp-measure ${REFERENCE_VERSION})\n`);
        return 0;
    }
    // Every bad value is reported at once (docs/failure.md), not the first,
    // a missing --mode or --ovmf included.
    const problems = [];
    const checked = (work) => {
        try {
            return work();
        }
        catch (err) {
            if (!(err instanceof EnclaveBuildError))
                throw err;
            problems.push(err.message);
            return undefined;
        }
    };
    const mode = checked(() => parseMode(required(v.mode, '--mode')));
    const ovmfPath = checked(() => required(v.ovmf, '--ovmf'));
    // Reads start now and finish on other threads while node:crypto loads and
    // the flags are checked; each is awaited where the file was read before,
    // so errors still come in the same order.
    const firmwareSoon = ovmfPath === undefined
        ? undefined
        : readInputSoon(ovmfPath, '--ovmf', { maxBytes: MAX_FIRMWARE_BYTES });
    const kernelSoon = v.kernel && mode !== 'snp:svsm' && mode !== 'snp:ovmf-hash'
        ? readInputSoon(v.kernel, '--kernel', limitOf('kernel'))
        : undefined;
    const initrdSoon = kernelSoon && v.initrd
        ? readInputSoon(v.initrd, '--initrd', limitOf('initrd'))
        : undefined;
    nodeCrypto();
    const format = v['output-format'];
    if (format !== 'hex' && format !== 'base64')
        problems.push('--output-format must be hex or base64');
    if (v['vcpu-type'] !== undefined && vcpuSigOf(v['vcpu-type']) === undefined)
        problems.push(`unknown --vcpu-type ${v['vcpu-type']}: choose one of ${Object.keys(CPU_SIGS).join(', ')}`);
    const vcpus = checked(() => intFlag(v.vcpus, '--vcpus', false));
    const sig = checked(() => intFlag(v['vcpu-sig'], '--vcpu-sig', true));
    const family = checked(() => intFlag(v['vcpu-family'], '--vcpu-family', false));
    const model = checked(() => intFlag(v['vcpu-model'], '--vcpu-model', false));
    const stepping = checked(() => intFlag(v['vcpu-stepping'], '--vcpu-stepping', false));
    const guestFeatures = checked(() => intFlag(v['guest-features'], '--guest-features', true)) ?? 1n;
    // Values that cannot exist are refused, where the reference measures them
    // anyway: the same checks as the action's inputs.
    for (const problem of [
        vcpus === undefined ? undefined : vcpusProblem(vcpus, '--vcpus'),
        sig === undefined ? undefined : vcpuSigProblem(sig, '--vcpu-sig'),
        guestFeaturesProblem(guestFeatures, '--guest-features'),
        family === undefined || model === undefined || stepping === undefined
            ? undefined
            : cpuidPartsProblem(family, model, stepping)
    ])
        if (problem !== undefined)
            problems.push(problem);
    if (problems.length > 0 || mode === undefined || firmwareSoon === undefined)
        throw bad(problems.join('; '));
    const varsSize = intFlag(v['vars-size'], '--vars-size', false);
    if (varsSize !== undefined && v['vars-file'] !== undefined)
        throw bad('--vars-size and --vars-file exclude each other');
    let digest;
    const vmsas = [];
    if (mode === 'snp:ovmf-hash') {
        digest = launchDigest({ mode, firmware: await firmwareSoon });
    }
    else {
        // The reference tests truthiness: an empty --initrd/--append counts as absent.
        if (v.initrd && v.kernel === undefined)
            throw bad('--kernel required when using --initrd');
        if (v.append && v.kernel === undefined)
            throw bad('--kernel required when using --append');
        const appendProblem = v.append === undefined ? undefined : cmdlineTextProblem(v.append);
        if (appendProblem !== undefined)
            throw bad(`--append ${appendProblem}`);
        if (mode !== 'sev' && vcpus === undefined)
            throw bad(`missing --vcpus N in guest mode '${mode}'`);
        const vmmType = parseVmmType(v['vmm-type']);
        let vcpuSig = 0n;
        if (mode !== 'sev') {
            if (family !== undefined) {
                if (model === undefined || stepping === undefined)
                    throw bad('--vcpu-family needs --vcpu-model and --vcpu-stepping');
                vcpuSig = cpuSig(family, model, stepping);
            }
            else if (sig !== undefined)
                vcpuSig = sig;
            else if (v['vcpu-type'])
                vcpuSig = vcpuSigOf(v['vcpu-type']) ?? 0n;
            else if (vmmType === 'QEMU')
                throw bad(`missing --vcpu-type or --vcpu-sig or --vcpu-family in guest mode '${mode}'`);
        }
        if (v['dump-vmsa'] && mode === 'sev')
            throw bad('--dump-vmsa is not available in the selected mode');
        const svsm = mode === 'snp:svsm'
            ? await svsmInputs(v.svsm, v['vars-file'], varsSize, vmmType)
            : undefined;
        const ovmfHash = v['snp-ovmf-hash']
            ? parseHex(v['snp-ovmf-hash'])
            : undefined;
        if (ovmfHash !== undefined && mode !== 'snp')
            throw bad('--snp-ovmf-hash works only with --mode snp');
        const firmware = await firmwareSoon;
        // SVSM guests boot no kernel of their own: the reference ignores --kernel there.
        const hashes = kernelSoon
            ? sevHashes(await kernelSoon, initrdSoon ? await initrdSoon : undefined, v.append)
            : undefined;
        const n = vcpus === undefined
            ? 0
            : vcpus < 0n
                ? 0
                : vcpus > 1n << 20n
                    ? 1 << 21
                    : Number(vcpus);
        digest = launchDigest({
            mode,
            firmware,
            vcpus: n,
            vcpuSig,
            vmmType,
            guestFeatures,
            hashes,
            ovmfHash,
            svsm: svsm?.image,
            varsSize: svsm?.varsSize,
            onVmsaPage: v['dump-vmsa'] ? (page) => vmsas.push(page) : undefined
        });
    }
    if (vmsas.length > 0)
        await dumpVmsas(io.cwd, vmsas);
    const hex = Buffer.from(digest).toString('hex');
    if (v.json)
        printJson(io, { measurement: hex });
    // snp:ovmf-hash always prints hex, as the reference does.
    else if (mode === 'snp:ovmf-hash')
        io.stdout(`${hex}\n`);
    else {
        const text = format === 'base64' ? Buffer.from(digest).toString('base64') : hex;
        io.stdout(v.verbose
            ? `Calculated ${MODE_NAMES[mode]} guest measurement: ${text}\n`
            : `${text}\n`);
    }
    return 0;
};
/**
 * `snp initrd --init BINARY --output OUT.cpio [--mtime N] [--cgo-sysroot DIR]`:
 * the direct-boot initrd with the Go binary as /init (and a cgo binary's
 * loader and libraries, as the snp, tdx and uki targets pack them).
 * JSON: {"path", "sha256", "size"}.
 */
const snpInitrd = async (args, io) => {
    const { values: v } = parse(args, {
        init: {
            type: 'string',
            arg: 'FILE',
            file: 'binary',
            required: true,
            help: 'The Go binary, packed as /init.'
        },
        output: {
            type: 'string',
            arg: 'FILE',
            required: true,
            help: 'Where to write the initrd.'
        },
        mtime: {
            type: 'string',
            default: '0',
            arg: 'SECONDS',
            help: 'mtime of every entry.'
        },
        'cgo-sysroot': {
            type: 'string',
            arg: 'DIR',
            help: "For a dynamically linked (cgo) binary: the root holding its ELF loader and libraries (e.g. Debian's libc6 unpacked); they are packed at their paths, as the action's cgo-sysroot. A dynamic binary without it is refused."
        },
        json: { type: 'boolean', help: 'Print {"path", "sha256", "size"}.' }
    });
    const init = await readInput(required(v.init, '--init'), '--init');
    const output = required(v.output, '--output');
    const mtime = parsePyInt(v.mtime);
    if (mtime === undefined || mtime < 0n || mtime > 0xffffffffn)
        throw bad('--mtime must be seconds since the epoch (0 to 4294967295)');
    // Loaded here so that `snp measure` never pays for the cpio writer.
    const { goProgramInitrd } = await import('./go-initrd-B1J8ppbG.js');
    const { sha256Hex, writeFileAtomic } = await import('./main-BQHnxbfa.js').then(function (n) { return n.L; });
    const { flagInputName } = await import('./input-name-slbb3zbm.js');
    const sysroot = v['cgo-sysroot'];
    const { initrd: bytes } = await goProgramInitrd(init, sysroot === undefined || sysroot === ''
        ? ''
        : process.getBuiltinModule('node:path').resolve(io.cwd, sysroot), 
    // the Go flags it names are `enclave-build go build`'s
    { input: flagInputName(), mtime: Number(mtime) });
    await writeFileAtomic(output, bytes);
    const sha256 = sha256Hex(bytes);
    if (v.json)
        printJson(io, { path: output, sha256, size: bytes.length });
    else
        io.stdout(`${sha256}  ${output}\n`);
    return 0;
};

export { expandAbbreviations, parseVmmType, snpInitrd, snpMeasure };
