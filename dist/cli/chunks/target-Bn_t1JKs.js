import { s as sha256Hex, E as EnclaveBuildError, k as MAX_FIRMWARE_BYTES } from './main-BQHnxbfa.js';
import { m as measurement } from './measurement-YVwFwJAW.js';
import { p as pinnedFile } from './pinned-CTjgOW5m.js';
import { V as VMM_TYPES, a as parsePyIntAuto, l as launchDigest, s as sevHashes, v as vcpuSigOf } from './vcpu-DvcXUVfF.js';
import { a as closurePins } from './closure-Dp2wMRmf.js';
import { targetInitrd } from './go-initrd-B1J8ppbG.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import './tdx-BS7SA3Ep.js';
import './limits-y7uvIm8O.js';
import 'node:path';
import './ldd-D21QiJn8.js';
import './elf-CedCKE_Y.js';
import 'node:fs';
import './chroot-Bv55sEuW.js';
import 'node:fs/promises';
import './cpio-QmwdZ1z6.js';

/**
 * The QEMU command-line options that launch a direct-boot SEV-SNP guest the
 * way the launch digest assumes: OVMF mapped below 4 GiB with -bios (not
 * pflash), the kernel-hashes table on, the same vCPU count and model.
 */
/** The options as an argument vector (no `qemu-system-x86_64` itself). */
function qemuArgs(l) {
    return [
        '-machine',
        'q35,confidential-guest-support=sev0,vmport=off',
        '-object',
        `sev-snp-guest,id=sev0,cbitpos=${l.cbitpos ?? 51},reduced-phys-bits=1,kernel-hashes=on`,
        '-cpu',
        l.vcpuType,
        '-smp',
        String(l.vcpus),
        '-bios',
        l.ovmf,
        '-kernel',
        l.kernel,
        '-initrd',
        l.initrd,
        '-append',
        l.cmdline
    ];
}
/** POSIX shell quoting: bare when safe, else single quotes. */
function shellQuote(arg) {
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg))
        return arg;
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}
/** The options as one shell-ready string. */
function qemuCommandLine(l) {
    return qemuArgs(l).map(shellQuote).join(' ');
}

/**
 * The SEV-SNP target of the action: packs the Go binary as /init of a
 * deterministic initrd, computes the launch digest of OVMF + kernel +
 * initrd + cmdline + vCPUs exactly as sev-snp-measure does, and says how to
 * launch QEMU so that the hardware reports that digest.
 */
/** vCPU type name or signature → [QEMU model name or undefined, signature]. */
function vcpu(value, vcpuType) {
    const named = vcpuSigOf(value);
    if (named !== undefined)
        return { model: value, sig: named };
    const sig = /^0x[0-9a-f]+$/i.test(value) ? parsePyIntAuto(value) : undefined;
    if (sig === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', `${vcpuType} ${JSON.stringify(value)} is neither a known vCPU type (EPYC-v4, EPYC-Milan, EPYC-Genoa...) nor a 0x signature`);
    return { sig };
}
/** Runs the target for the action. */
async function runSnp(ctx, o) {
    const name = ctx.input ?? actionInputName;
    const firmware = await pinnedFile(o['snp-ovmf'], o['snp-ovmf-sha256'], 'snp-ovmf', { maxBytes: MAX_FIRMWARE_BYTES, name });
    const kernel = await pinnedFile(o['snp-kernel'], o['snp-kernel-sha256'], 'snp-kernel', { name });
    const vmmType = VMM_TYPES.find((t) => t.toLowerCase() === o['snp-vmm-type'].toLowerCase());
    const { model, sig } = vcpu(o['snp-vcpu-type'], name('snp-vcpu-type'));
    const vcpus = Number(o['snp-vcpus']);
    const guestFeatures = parsePyIntAuto(o['snp-guest-features']) ?? 1n;
    const cmdline = o['snp-cmdline'];
    // a cgo binary brings its loader and libraries (or is refused, coded):
    // the same initrd for snp, tdx and uki
    const { initrd, closure, initrdPath } = await targetInitrd(ctx);
    const initrdSha256 = sha256Hex(initrd);
    const digest = launchDigest({
        mode: 'snp',
        firmware,
        vcpus,
        vcpuSig: sig,
        vmmType,
        guestFeatures,
        hashes: sevHashes(kernel, initrd, cmdline)
    });
    const measurement$1 = Buffer.from(digest).toString('hex');
    ctx.log(`SEV-SNP launch digest: ${measurement$1}`);
    let qemu = '';
    if (vmmType !== 'QEMU')
        ctx.warn(`${name('snp-vmm-type', vmmType)}: the launch is up to that platform, no QEMU options`);
    else if (model === undefined)
        ctx.warn(`${name('snp-vcpu-type')} is a signature: give the matching -cpu model to QEMU yourself`);
    else {
        const launch = {
            ovmf: o['snp-ovmf'],
            kernel: o['snp-kernel'],
            initrd: initrdPath,
            cmdline,
            vcpus,
            vcpuType: model
        };
        qemu = qemuCommandLine(launch);
    }
    return {
        target: 'snp',
        artifacts: [{ kind: 'initrd', path: initrdPath, sha256: initrdSha256 }],
        measurements: [measurement('SNP_LAUNCH_DIGEST', 'sha384', measurement$1)],
        pinned: [
            {
                name: 'ovmf',
                path: o['snp-ovmf'],
                sha256: o['snp-ovmf-sha256'].toLowerCase()
            },
            {
                name: 'kernel',
                path: o['snp-kernel'],
                sha256: o['snp-kernel-sha256'].toLowerCase()
            },
            ...closurePins(closure, ctx.cgoSysroot ?? '')
        ],
        outputs: { measurement: measurement$1, 'initrd-path': initrdPath, 'qemu-options': qemu },
        parameters: {
            mode: 'snp',
            vcpus,
            vcpuType: model ?? null,
            vcpuSig: `0x${sig.toString(16)}`,
            vmmType,
            guestFeatures: `0x${BigInt.asUintN(64, guestFeatures).toString(16)}`,
            cmdline,
            initrdSha256,
            kernelHashes: true,
            referenceTool: 'sev-snp-measure 0.0.13'
        }
    };
}
/** The SEV-SNP target. */
const snpTarget = {
    name: 'snp',
    run: runSnp
};

export { runSnp, snpTarget };
