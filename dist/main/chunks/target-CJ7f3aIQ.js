import { createHash } from 'node:crypto';
import { a as actionInputName, E as EnclaveBuildError, u as sha256Hex } from '../index.js';
import { m as measurement } from './measurement-C4vOnb1P.js';
import { p as pinnedFile, r as readInput } from './pinned-xTDcTKw2.js';
import { a as closurePins } from './closure-BZfJDHCb.js';
import { t as targetInitrd } from './go-initrd-Cjb4ILam.js';
import { p as parseMemorySize, o as orderForQemu, m as measureTdx, a as acpiDigests } from './size-DTkmk683.js';
import 'node:os';
import 'node:fs';
import 'node:path';
import 'node:fs/promises';
import 'node:child_process';
import './limits-RqFrFHLa.js';
import './ldd-BvlDZ7nf.js';
import './cpio-DO4oCIU-.js';
import './guid-C_415n1f.js';
import './authenticode-Dg3S2ugC.js';
import './footer-DtxXq3WD.js';

/**
 * The Intel TDX target of the action: the Go binary as /init of the same
 * deterministic initrd as SNP's, and MRTD plus RTMR0-2 of a QEMU
 * direct-boot TD as dstack-mr computes them (RTMR0 only when QEMU's ACPI
 * blobs are given).
 */
/** Runs the target for the action. */
async function runTdx(ctx, o) {
    const name = ctx.input ?? actionInputName;
    const firmware = await pinnedFile(o['tdx-ovmf'], o['tdx-ovmf-sha256'], 'tdx-ovmf', { name });
    const kernel = await pinnedFile(o['tdx-kernel'], o['tdx-kernel-sha256'], 'tdx-kernel', { name });
    const memory = parseMemorySize(o['tdx-memory']);
    const order = orderForQemu(o['tdx-qemu-version']);
    const acpiPaths = [
        o['tdx-acpi-loader'],
        o['tdx-acpi-rsdp'],
        o['tdx-acpi-tables']
    ];
    const given = acpiPaths.filter((p) => p !== undefined);
    if (given.length !== 0 && given.length !== 3)
        throw new EnclaveBuildError('INPUT_INVALID', `RTMR0 needs all three of ${name('tdx-acpi-tables')}, ${name('tdx-acpi-rsdp')} and ${name('tdx-acpi-loader')}`);
    const acpiFiles = given.length === 3
        ? await Promise.all(given.map((p) => readInput(p, 'the ACPI blob')))
        : undefined;
    // a cgo binary brings its loader and libraries (or is refused, coded):
    // the same initrd for snp, tdx and uki
    const { initrd, closure, initrdPath } = await targetInitrd(ctx);
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
            ...closurePins(closure, ctx.cgoSysroot ?? '')
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
