import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { p as pinnedFile } from './pinned-CTjgOW5m.js';
import { g as parseTdvf, b as parseMemorySize, o as orderForQemu } from './tdx-BS7SA3Ep.js';
import './input-name-slbb3zbm.js';

/**
 * TDX's inputs checked before the Go build, so that none of them is found
 * wrong after it: the TDVF and the kernel are readable regular files with
 * the pinned sha256, the TDVF carries TDX metadata (an SEV OVMF does not),
 * the memory size and QEMU version parse, and the ACPI blobs come as all
 * three readable files or none.
 */
async function tdxPreflight(o, c) {
    await c.check(async () => parseTdvf(await pinnedFile(o['tdx-ovmf'], o['tdx-ovmf-sha256'], 'tdx-ovmf', {
        name: c.input
    })));
    await c.check(() => pinnedFile(o['tdx-kernel'], o['tdx-kernel-sha256'], 'tdx-kernel', {
        name: c.input
    }));
    await c.check(() => parseMemorySize(o['tdx-memory']));
    await c.check(() => orderForQemu(o['tdx-qemu-version']));
    const acpi = [
        ['tdx-acpi-tables', o['tdx-acpi-tables']],
        ['tdx-acpi-rsdp', o['tdx-acpi-rsdp']],
        ['tdx-acpi-loader', o['tdx-acpi-loader']]
    ];
    const given = acpi.filter(([, p]) => p !== undefined);
    if (given.length !== 0 && given.length !== 3)
        c.problem(new EnclaveBuildError('INPUT_INVALID', `RTMR0 needs all three of ${c.input('tdx-acpi-tables')}, ${c.input('tdx-acpi-rsdp')} and ${c.input('tdx-acpi-loader')}`));
    for (const [name, path] of given)
        await c.file(path, name);
}

export { tdxPreflight };
