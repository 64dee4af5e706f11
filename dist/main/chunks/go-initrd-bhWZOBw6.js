import { i as initClosure, c as closureEntries } from './closure-BdFgJkTf.js';
import { b as buildInitrd, S as SKELETON } from './initrd-CviM9PIz.js';

/**
 * The direct-boot initrd of the Go program: the binary as /init and, for a
 * cgo binary, its loader and libraries from the pinned sysroot (refused,
 * coded, when it has none). The closure is returned to be pinned.
 */
async function goProgramInitrd(init, sysroot) {
    const closure = await initClosure(Buffer.from(init.buffer, init.byteOffset, init.byteLength), sysroot, 'cgo-sysroot');
    const initrd = buildInitrd(init, {
        extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path)))
    });
    return { initrd, closure };
}

export { goProgramInitrd as g };
