import { readlink, stat, lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * Path handling for `--chroot DIR`: a path inside the enclave is resolved
 * component by component inside DIR, with symlinks followed inside DIR
 * (absolute targets are re-rooted at DIR), like Gramine's
 * manifest.resolve_symlinks. Unlike Gramine, which silently clamps `..` at
 * the root, a path or symlink that climbs above the root is refused: it can
 * only be a mistake or an attack on the build machine.
 */
/** pathlib.PurePosixPath normalisation: drops empty and `.` parts, keeps `..`. */
function purePosix(p) {
    const lead = p.startsWith('//') && !p.startsWith('///')
        ? '//'
        : p.startsWith('/')
            ? '/'
            : '';
    const parts = p.split('/').filter((x) => x !== '' && x !== '.');
    const s = lead + parts.join('/');
    return s === '' ? '.' : s;
}
/** The path of `inner` (absolute, inside the chroot) on the host. */
function outerPath(chroot, inner) {
    return inner === '/' ? chroot : posix.join(chroot, inner);
}
async function isDir(p) {
    try {
        return (await stat(p)).isDirectory();
    }
    catch {
        return false;
    }
}
async function isSymlink(p) {
    try {
        return (await lstat(p)).isSymbolicLink();
    }
    catch {
        return false;
    }
}
/**
 * Resolves an absolute enclave path inside `chroot` and returns the resolved
 * enclave path (absolute, symlink-free). The last component need not exist.
 */
async function resolveInChroot(path, chroot, seen = new Map()) {
    if (!path.startsWith('/'))
        throw new EnclaveBuildError('MANIFEST_INVALID', `only absolute paths can be measured with --chroot, not ${JSON.stringify(path)}`);
    let inner = '/';
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (!(await isDir(outerPath(chroot, inner))))
            throw new EnclaveBuildError('FILE_NOT_FOUND', `${inner} is not a directory inside ${chroot} (resolving ${path})`);
        if (part === '..') {
            if (inner === '/')
                throw new EnclaveBuildError('PATH_ESCAPES_ROOT', `${path} climbs above the root of ${chroot}; trusted files must stay inside the chroot`);
            inner = posix.dirname(inner);
            continue;
        }
        inner = posix.join(inner, part);
        const outer = outerPath(chroot, inner);
        if (!(await isSymlink(outer)))
            continue;
        if (!seen.has(inner)) {
            seen.set(inner, null);
            const target = await readlink(outer);
            const next = target.startsWith('/')
                ? target
                : `${posix.dirname(inner)}/${target}`;
            seen.set(inner, await resolveInChroot(next, chroot, seen));
        }
        const resolved = seen.get(inner);
        if (resolved === null || resolved === undefined)
            throw new EnclaveBuildError('MANIFEST_INVALID', `symlink loop at ${inner} inside ${chroot}`);
        inner = resolved;
    }
    return inner;
}

export { outerPath as o, purePosix as p, resolveInChroot as r };
