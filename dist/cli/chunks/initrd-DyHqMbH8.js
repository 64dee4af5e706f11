import { w as writeCpio } from './cpio-BVgmCuR3.js';
import { E as EnclaveBuildError } from './main-c1aIJhH3.js';

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

export { SKELETON, buildInitrd };
