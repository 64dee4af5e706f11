import { w as writeCpio, a as writeCpioWithSlots } from './cpio-QmwdZ1z6.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { allocForDigest } from './digest-worker-BWbgCEkR.js';
import { o as openSized, a as readInto } from './read-D5SN6HEp.js';

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

export { BOOTSTRAP_REFERENCE_MTIME as B, DEFAULT_ENV as D, ROOTFS_FIXED as R, bootstrapRamdisk as b, customerRamdiskFromFile as c };
