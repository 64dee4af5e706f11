import { p as pinnedFile } from './pinned-CTjgOW5m.js';
import './main-BQHnxbfa.js';
import './input-name-slbb3zbm.js';

/**
 * The UKI's inputs checked before the Go build: the stub and the kernel
 * are regular files within their limits with the pinned sha256, and each
 * optional file (os-release, SBAT, Secure Boot variables) is a regular file
 * within its limit.
 */
async function ukiPreflight(o, c) {
    await c.check(() => pinnedFile(o['uki-stub'], o['uki-stub-sha256'], 'uki-stub', {
        name: c.input
    }));
    await c.check(() => pinnedFile(o['uki-kernel'], o['uki-kernel-sha256'], 'uki-kernel', {
        name: c.input
    }));
    for (const name of [
        'uki-os-release',
        'uki-sbat',
        'uki-secure-boot-pk',
        'uki-secure-boot-kek',
        'uki-secure-boot-db',
        'uki-secure-boot-dbx'
    ]) {
        const path = o[name];
        if (path !== undefined && path !== '')
            await c.file(path, name);
    }
}

export { ukiPreflight };
