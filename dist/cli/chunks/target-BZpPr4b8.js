import { join } from 'node:path';
import { m as measurement } from './measurement-YVwFwJAW.js';
import { w as writeFileAtomic, s as sha256Hex, j as readInput } from './main-BQHnxbfa.js';
import { a as closurePins } from './closure-Dp2wMRmf.js';
import { targetInitrd } from './go-initrd-B1J8ppbG.js';
import { p as pinnedFile } from './pinned-CTjgOW5m.js';
import { buildUki } from './build-CClQN7ez.js';
import { nitroTpmPcrs } from './nitro-pcrs-DuaOyKeb.js';
import { pcr11 } from './pcr11-DSR5jJ0c.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import './ldd-D21QiJn8.js';
import './elf-CedCKE_Y.js';
import 'node:fs';
import './chroot-Bv55sEuW.js';
import 'node:fs/promises';
import './cpio-QmwdZ1z6.js';
import './pe-CMa41Mkz.js';
import './tdx-BS7SA3Ep.js';

/**
 * The UKI target of the action: the Go binary as /init of the same
 * deterministic initrd as SNP's and TDX's, in a unified kernel image laid
 * out as ukify lays it out, and the PCRs it yields: NitroTPM PCR4/7/12 as
 * aws nitro-tpm-pcr-compute computes them, PCR11 as systemd-stub extends it.
 * Attested: PCR4 (the lookup key of a NitroTPM document), PCR12, PCR11
 * (SHA-384 bank, what the document reports), and PCR7 when the Secure Boot
 * variables are given (without them PCR7 depends on the instance's
 * variable store, so it is only an output).
 */
async function runUki(ctx, o) {
    const name = ctx.input ?? actionInputName;
    const stub = await pinnedFile(o['uki-stub'], o['uki-stub-sha256'], 'uki-stub', {
        name
    });
    const kernel = await pinnedFile(o['uki-kernel'], o['uki-kernel-sha256'], 'uki-kernel', { name });
    const optional = async (path, what) => path === undefined ? undefined : readInput(path, name(what));
    const osRelease = await optional(o['uki-os-release'], 'uki-os-release');
    const sbat = await optional(o['uki-sbat'], 'uki-sbat');
    const pk = await optional(o['uki-secure-boot-pk'], 'uki-secure-boot-pk');
    const secureBoot = {
        pk,
        kek: await optional(o['uki-secure-boot-kek'], 'uki-secure-boot-kek'),
        db: await optional(o['uki-secure-boot-db'], 'uki-secure-boot-db'),
        dbx: await optional(o['uki-secure-boot-dbx'], 'uki-secure-boot-dbx')
    };
    // a cgo binary brings its loader and libraries (or is refused, coded):
    // the same initrd for snp, tdx and uki
    const { initrd, closure, initrdPath } = await targetInitrd(ctx);
    const uki = buildUki({
        stub,
        kernel,
        initrd,
        cmdline: o['uki-cmdline'],
        osRelease,
        uname: o['uki-uname'],
        sbat: sbat?.toString('utf8')
    });
    const ukiPath = join(ctx.outDir, 'uki.efi');
    await writeFileAtomic(ukiPath, uki);
    const nitro = nitroTpmPcrs({ images: [uki], ...secureBoot }).Measurements;
    const p11 = pcr11(uki);
    const measurements = [
        measurement('PCR4', 'sha384', nitro.PCR4),
        measurement('PCR11', 'sha384', p11.sha384),
        measurement('PCR12', 'sha384', nitro.PCR12)
    ];
    if (pk)
        measurements.push(measurement('PCR7', 'sha384', nitro.PCR7));
    else
        ctx.warn('no uki-secure-boot-* inputs: PCR7 is computed for Secure Boot off with empty variables and not attested; pin PCR4 and PCR12 (AWS docs)');
    ctx.log(`UKI NitroTPM PCR4: ${nitro.PCR4}`);
    const pinned = [
        {
            name: 'stub',
            path: o['uki-stub'],
            sha256: o['uki-stub-sha256'].toLowerCase()
        },
        {
            name: 'kernel',
            path: o['uki-kernel'],
            sha256: o['uki-kernel-sha256'].toLowerCase()
        },
        ...closurePins(closure, ctx.cgoSysroot ?? '')
    ];
    return {
        target: 'uki',
        artifacts: [
            { kind: 'uki', path: ukiPath, sha256: sha256Hex(uki) },
            { kind: 'initrd', path: initrdPath, sha256: sha256Hex(initrd) }
        ],
        measurements,
        pinned,
        outputs: {
            'uki-path': ukiPath,
            pcr4: nitro.PCR4,
            pcr7: nitro.PCR7,
            pcr12: nitro.PCR12,
            'pcr11-sha256': p11.sha256,
            'pcr11-sha384': p11.sha384,
            'initrd-path': initrdPath
        },
        parameters: {
            cmdline: o['uki-cmdline'],
            uname: o['uki-uname'] ?? null,
            osReleaseSha256: osRelease ? sha256Hex(osRelease) : null,
            sbatSha256: sbat ? sha256Hex(sbat) : null,
            secureBoot: pk !== undefined,
            secureBootSha256: Object.fromEntries(Object.entries(secureBoot).map(([k, v]) => [k, v ? sha256Hex(v) : null])),
            pcr7: nitro.PCR7,
            pcr11Sha256: p11.sha256,
            referenceTools: 'ukify 257 (layout), nitro-tpm-pcr-compute 1.1.2 (PCR4/7/12), systemd-measure (PCR11)'
        }
    };
}
/** The UKI target. */
const ukiTarget = {
    name: 'uki',
    run: runUki
};

export { runUki, ukiTarget };
