import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { r as readDynamic, l as lddScan, d as describeMissing } from './ldd-D21QiJn8.js';
import { E as EnclaveBuildError, e as readInputFile } from './main-BQHnxbfa.js';
import { r as resolveInChroot, o as outerPath } from './chroot-Bv55sEuW.js';

/** What the user can do about a dynamically linked /init, in one sentence. */
function remedy(input) {
    return (`either link it statically (${input('cgo', 'true')} with ${input('ldflags', '"-linkmode=external -extldflags -static"')}; ` +
        "needs the C library's static archive, e.g. Debian's libc6-dev or musl) " +
        `or set ${input('cgo-sysroot')} to a directory holding the loader and the libraries at their paths ` +
        "(e.g. Debian's libc6 package unpacked, pinned by version and sha256; docs/cgo.md)");
}
/**
 * The files /init needs besides itself; [] for a static binary. Refuses
 * (CGO_UNRESOLVED) a dynamic binary without a sysroot, or one whose
 * loader or libraries the sysroot lacks, naming what is missing and the
 * inputs that would fix it as `input` does (the action's `cgo-sysroot`, a
 * command line's `--cgo-sysroot`).
 */
async function initClosure(init, sysroot, input) {
    const sysrootInput = input('cgo-sysroot');
    let dyn;
    try {
        dyn = readDynamic(init);
    }
    catch {
        // not an ELF file this reader knows: nothing to add (whether it runs
        // at all is not a question of libraries)
        return [];
    }
    if (dyn.interp === undefined && dyn.needed.length === 0)
        return [];
    const what = `the built binary is dynamically linked (loader ${dyn.interp ?? 'none'}; needs ${dyn.needed.join(', ') || 'nothing'}), and as /init it cannot start without them`;
    if (sysroot === '')
        throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: ${remedy(input)}`);
    if (init.length < 20 || init.readUInt16LE(18) !== 62)
        throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: libraries are resolved for x86-64 binaries only; link it statically`);
    if (dyn.interp === undefined)
        throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: it has no PT_INTERP, so the kernel cannot start it as a program`);
    const { libraries, missing } = lddScan(sysroot, ['/init'], new Map([['/init', init]]));
    // The loader stops at a library it cannot find, so the image would not boot.
    if (missing.length > 0)
        throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: ${missing.map(describeMissing).join('; ')} (inside ${sysrootInput} ${sysroot})`);
    const paths = [dyn.interp, ...libraries];
    const files = [];
    for (const path of paths) {
        const inner = await resolveInChroot(path, sysroot).catch(() => undefined);
        const data = inner === undefined
            ? undefined
            : await readInputFile(outerPath(sysroot, inner), path).catch(() => undefined);
        if (data === undefined)
            throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: ${path} is not a file in ${sysrootInput} ${sysroot}`);
        files.push({
            path: posix.normalize(path),
            data,
            sha256: createHash('sha256').update(data).digest('hex')
        });
    }
    // Every DT_NEEDED of every object must be in the image by name: this also
    // catches what ldd does not search (a DT_NEEDED with a slash).
    const have = new Set(files.map((f) => posix.basename(f.path)));
    for (const obj of [init, ...files.slice(1).map((f) => f.data)])
        for (const name of readDynamic(obj).needed)
            if (!have.has(name))
                throw new EnclaveBuildError('CGO_UNRESOLVED', `${what}: ${name} is not found in ${sysrootInput} ${sysroot} (searched as ldd does: RPATH/RUNPATH, /etc/ld.so.conf, the system directories)`);
    return files;
}
/** The closure's files as pinned inputs: each read from the sysroot. */
function closurePins(files, sysroot) {
    return files.map((f) => ({
        name: f.path,
        path: posix.join(sysroot, f.path),
        sha256: f.sha256
    }));
}
/**
 * The closure as cpio entries (relative paths), with every parent
 * directory the image does not already have, in a fixed order.
 */
function closureEntries(files, existingDirs) {
    const dirs = new Set();
    for (const f of files) {
        let d = posix.dirname(f.path.slice(1));
        while (d !== '.' && !existingDirs.has(d)) {
            dirs.add(d);
            d = posix.dirname(d);
        }
    }
    return [
        ...[...dirs]
            .sort()
            .map((path) => ({ path, type: 'dir', mode: 0o755 })),
        ...files
            .map((f) => ({
            path: f.path.slice(1),
            type: 'file',
            mode: 0o755,
            data: f.data
        }))
            .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    ];
}

export { closurePins as a, closureEntries as c, initClosure as i };
