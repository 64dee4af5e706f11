import { i as initClosure, c as closureEntries } from './closure-BZfJDHCb.js';
import { join } from 'node:path';
import { E as EnclaveBuildError, a as actionInputName, h as writeFileAtomic } from '../index.js';
import { r as readInput } from './pinned-xTDcTKw2.js';
import { a as writeCpio } from './cpio-DO4oCIU-.js';

/** The fixed skeleton: directories the init process mounts or writes to. */
const SKELETON = [
    { path: 'dev', type: 'dir', mode: 0o755 },
    { path: 'etc', type: 'dir', mode: 0o755 },
    { path: 'proc', type: 'dir', mode: 0o555 },
    { path: 'root', type: 'dir', mode: 0o700 },
    { path: 'run', type: 'dir', mode: 0o755 },
    { path: 'sys', type: 'dir', mode: 0o555 },
    { path: 'tmp', type: 'dir', mode: 0o1777 }
];
/** Builds the initrd bytes with `init` (the Go binary) as /init. */
function buildInitrd(init, options = {}) {
    if (init.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'the init binary is empty; pass the built Go binary');
    const extra = options.extra ?? [];
    for (const e of extra)
        if (e.path === 'init' || SKELETON.some((s) => s.path === e.path))
            throw new EnclaveBuildError('INPUT_INVALID', `extra initrd entry "${e.path}" clashes with the fixed tree`);
    const entries = [
        ...SKELETON,
        { path: 'init', type: 'file', mode: 0o755, data: init },
        ...extra
    ];
    return writeCpio(entries, { mtime: options.mtime ?? 0 });
}

/**
 * The direct-boot initrd of the Go program: the binary as /init and, for a
 * cgo binary, its loader and libraries from the pinned sysroot (refused,
 * coded, when it has none). The closure is returned to be pinned.
 * `input` is how messages name the inputs (the action's `cgo-sysroot`,
 * the command line's `--cgo-sysroot`; default the action's); `mtime` that
 * of every entry (default 0).
 */
async function goProgramInitrd(init, sysroot, options = {}) {
    const closure = await initClosure(Buffer.from(init.buffer, init.byteOffset, init.byteLength), sysroot, options.input ?? actionInputName);
    const initrd = buildInitrd(init, {
        extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path))),
        ...(options.mtime === undefined ? {} : { mtime: options.mtime })
    });
    return { initrd, closure };
}
/**
 * A direct-boot target's initrd (snp, tdx, uki): the built binary read,
 * goProgramInitrd of it with the context's sysroot and input names, and
 * the initrd written as `initrd.cpio` in the output directory.
 */
async function targetInitrd(ctx) {
    const init = await readInput(ctx.binaryPath, 'the built binary');
    const { initrd, closure } = await goProgramInitrd(init, ctx.cgoSysroot ?? '', { input: ctx.input ?? actionInputName });
    const initrdPath = join(ctx.outDir, 'initrd.cpio');
    await writeFileAtomic(initrdPath, initrd);
    return { initrd, closure, initrdPath };
}

export { targetInitrd as t };
