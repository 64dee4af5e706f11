import { E as EnclaveBuildError } from './main-C_5kpKAD.js';
import { c as allocForDigest, t as trimCmdline } from './pcr-LU_sM_65.js';
import { w as writeCpio, a as writeCpioWithSlots } from './cpio-BPHmUhDj.js';
import { o as openSized, a as readInto, r as readInput } from './common-Cv_kt61S.js';

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
        }))
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

// The boot inputs `nitro build` and `nitro pcr1` share: kernel, command
// line and the bootstrap ramdisk made from AWS's blobs. PCR1 covers exactly
// these, so both subcommands must read them the same way: one definition.
/** The flags of the kernel and its command line (build and pcr1). */
const kernelOptions = {
    kernel: {
        type: 'string',
        arg: 'FILE',
        help: 'Enclave kernel (bzImage on x86_64, Image on aarch64).'
    },
    cmdline: {
        type: 'string',
        arg: 'TEXT',
        help: 'Kernel command line (trimmed like nitro-cli).'
    },
    'cmdline-file': {
        type: 'string',
        arg: 'FILE',
        help: "The command line from a file (AWS's blobs/<arch>/cmdline), read as nitro-cli does."
    }
};
/** The flags that make the bootstrap ramdisk from AWS's blobs (build and pcr1). */
const bootstrapOptions = {
    init: {
        type: 'string',
        arg: 'FILE',
        help: "AWS's enclave init (blobs/<arch>/init): with --nsm, the bootstrap ramdisk is made and goes first."
    },
    nsm: {
        type: 'string',
        arg: 'FILE',
        help: 'The NSM driver nsm.ko (blobs/<arch>/nsm.ko); goes with --init.'
    },
    'bootstrap-layout': {
        type: 'string',
        default: 'linuxkit',
        arg: 'linuxkit|reference',
        help: "How the bootstrap ramdisk is archived: as nitro-cli's linuxkit does, or our canonical cpio (mtime 1), as the action's nitro-bootstrap-layout."
    }
};
/** The kernel command line from --cmdline or --cmdline-file (exactly one), trimmed. */
async function cmdlineOf(io, text, file) {
    if ((text === undefined) === (file === undefined))
        throw new EnclaveBuildError('INPUT_INVALID', 'give the kernel command line: --cmdline TEXT or --cmdline-file FILE (one of them)');
    if (text !== undefined)
        return trimCmdline(text);
    const bytes = await readInput(io, file, 'cmdline file');
    let decoded;
    try {
        // nitro-cli reads the blob with read_to_string: it must be UTF-8.
        decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `the cmdline file ${file} is not UTF-8 text`);
    }
    return trimCmdline(decoded);
}
/** The bootstrap ramdisk from --init and --nsm, or undefined when neither is given. */
async function bootstrapOf(io, v) {
    if (v.init === undefined && v.nsm === undefined)
        return undefined;
    if (v.init === undefined || v.nsm === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--init and --nsm go together: the bootstrap ramdisk holds both');
    const layout = v['bootstrap-layout'];
    if (layout !== 'linuxkit' && layout !== 'reference')
        throw new EnclaveBuildError('INPUT_INVALID', '--bootstrap-layout must be linuxkit or reference');
    const [init, nsm] = await Promise.all([
        readInput(io, v.init, 'init'),
        readInput(io, v.nsm, 'nsm.ko')
    ]);
    // The same ramdisk the action's target makes from the same blobs.
    return bootstrapRamdisk({
        init,
        nsm,
        layout,
        mtime: BOOTSTRAP_REFERENCE_MTIME
    });
}

export { DEFAULT_ENV as D, cmdlineOf as a, bootstrapOf as b, customerRamdiskFromFile as c, bootstrapOptions as d, kernelOptions as k };
