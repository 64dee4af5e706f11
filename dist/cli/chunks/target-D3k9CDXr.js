import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { E as EnclaveBuildError, i as readInput, w as writeFileAtomic, s as sha256Hex } from './main-BfX_6e4R.js';
import { m as measurement } from './measurement-B3_fwX93.js';
import { buildInitrd, SKELETON } from './initrd-Hwunm-8E.js';
import { i as initClosure, c as closureEntries } from './closure-D368wClq.js';
import { p as pinnedFile } from './pinned-xhkFOG_D.js';
import { p as parseMemorySize, o as orderForQemu, b as measureTdx, d as acpiDigests } from './tdx-CXx8eZb_.js';
import './schemas-BeVPcTnG.js';
import './cpio-CEFiNnQT.js';
import './ldd-Cmgv43Aa.js';
import 'node:fs';
import './chroot-DJXAbJgj.js';
import 'node:fs/promises';
import './elf-BIRF_sqX.js';

/**
 * The Intel TDX target of the action: the Go binary as /init of the same
 * deterministic initrd as SNP's, and MRTD plus RTMR0-2 of a QEMU
 * direct-boot TD as dstack-mr computes them (RTMR0 only when QEMU's ACPI
 * blobs are given).
 */
/** Runs the target for the action. */
async function runTdx(ctx, o) {
    const firmware = await pinnedFile(o['tdx-ovmf'], o['tdx-ovmf-sha256'], 'tdx-ovmf');
    const kernel = await pinnedFile(o['tdx-kernel'], o['tdx-kernel-sha256'], 'tdx-kernel');
    const memory = parseMemorySize(o['tdx-memory']);
    const order = orderForQemu(o['tdx-qemu-version']);
    const acpiPaths = [
        o['tdx-acpi-loader'],
        o['tdx-acpi-rsdp'],
        o['tdx-acpi-tables']
    ];
    const given = acpiPaths.filter((p) => p !== undefined);
    if (given.length !== 0 && given.length !== 3)
        throw new EnclaveBuildError('INPUT_INVALID', 'RTMR0 needs all three of tdx-acpi-tables, tdx-acpi-rsdp and tdx-acpi-loader');
    const acpiFiles = given.length === 3
        ? await Promise.all(given.map((p) => readInput(p, 'the ACPI blob')))
        : undefined;
    const init = await readInput(ctx.binaryPath, 'the built binary');
    // a cgo binary brings its loader and libraries (or is refused, coded)
    const closure = await initClosure(Buffer.from(init.buffer, init.byteOffset, init.byteLength), ctx.cgoSysroot ?? '', 'cgo-sysroot');
    const initrd = buildInitrd(init, {
        extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path)))
    });
    const initrdPath = join(ctx.outDir, 'initrd.cpio');
    await writeFileAtomic(initrdPath, initrd);
    const initrdSha256 = sha256Hex(initrd);
    const cmdline = o['tdx-cmdline'];
    const m = measureTdx({
        firmware,
        memory,
        order,
        kernel,
        initrd,
        cmdline,
        acpi: acpiFiles
            ? acpiDigests(acpiFiles[0], acpiFiles[1], acpiFiles[2])
            : undefined
    });
    if (m.rtmr0 === undefined)
        ctx.warn('no tdx-acpi-* inputs: RTMR0 is not computed (MRTD, RTMR1 and RTMR2 are)');
    const measurements = [measurement('MRTD', 'sha384', m.mrtd)];
    // Every output is set; rtmr0 is empty without the ACPI inputs.
    const outputs = {
        mrtd: m.mrtd,
        rtmr0: '',
        rtmr1: '',
        rtmr2: '',
        'initrd-path': initrdPath
    };
    for (const k of ['rtmr0', 'rtmr1', 'rtmr2']) {
        const value = m[k];
        if (value === undefined)
            continue;
        measurements.push(measurement(k.toUpperCase(), 'sha384', value));
        outputs[k] = value;
    }
    ctx.log(`TDX MRTD: ${m.mrtd}`);
    return {
        target: 'tdx',
        artifacts: [{ kind: 'initrd', path: initrdPath, sha256: initrdSha256 }],
        measurements,
        pinned: [
            {
                name: 'ovmf',
                path: o['tdx-ovmf'],
                sha256: o['tdx-ovmf-sha256'].toLowerCase()
            },
            {
                name: 'kernel',
                path: o['tdx-kernel'],
                sha256: o['tdx-kernel-sha256'].toLowerCase()
            },
            ...closure.map((f) => ({
                name: f.path,
                path: join(ctx.cgoSysroot ?? '', f.path),
                sha256: f.sha256
            }))
        ],
        outputs,
        parameters: {
            memory: memory.toString(),
            qemuVersion: o['tdx-qemu-version'],
            pageAddOrder: order,
            cmdline,
            initrdSha256,
            acpi: acpiFiles
                ? acpiFiles.map((f) => createHash('sha384').update(f).digest('hex'))
                : null,
            referenceTool: 'dstack-mr (Dstack-TEE/dstack, OVMF before edk2-stable202505)'
        }
    };
}
/** The TDX target. */
const tdxTarget = {
    name: 'tdx',
    run: runTdx
};

export { runTdx, tdxTarget };
