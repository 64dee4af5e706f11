import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError } from './main-CWcRjSqV.js';
import { m as measurement } from './measurement-CGqDUnN5.js';
import { w as writeEif } from './eif-writer-CVSoIHix.js';
import { f as formatBuildTime, D as DEFAULT_KERNEL_VERSION, a as DEFAULT_OS, B as BUILD_TOOL_VERSION, c as BUILD_TOOL } from './metadata-BvpObfMO.js';
import { t as trimCmdline } from './pcr-GcEkqBDc.js';
import { i as initClosure, c as closureEntries, a as closurePins } from './closure-BUL8TppV.js';
import { c as customerRamdiskFromFile, D as DEFAULT_ENV, R as ROOTFS_FIXED, b as bootstrapRamdisk, B as BOOTSTRAP_REFERENCE_MTIME } from './ramdisk-Dk3zpTRT.js';
import './schemas-BeVPcTnG.js';
import 'node:zlib';
import './format-CEcx8X4z.js';
import 'node:fs/promises';
import './digest-worker-BWbgCEkR.js';
import './ldd-Dhs9mdew.js';
import './elf-GPlh09O2.js';
import 'node:fs';
import './chroot-Bkft9obj.js';
import './cpio-DqHdpKSz.js';
import './read-B60Xkoct.js';

/** The id git gives a file's content: sha1("blob <len>\0" + bytes). */
function gitBlobId(bytes) {
    return createHash('sha1')
        .update(`blob ${bytes.length}\0`)
        .update(bytes)
        .digest('hex');
}
/**
 * Reads a blob. `pin` is a sha256 (hex) or a git blob id (40 hex, as listed
 * in aws-nitro-enclaves-cli's blobs/); a mismatch is PIN_MISMATCH.
 */
async function loadBlob(name, path, pin) {
    const bytes = await readInputFile(path, `the ${name} blob`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const blobId = gitBlobId(bytes);
    const want = pin?.trim().toLowerCase();
    if (want) {
        if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(want))
            throw new EnclaveBuildError('INPUT_INVALID', `the ${name} pin must be a sha256 (64 hex) or a git blob id (40 hex)`);
        const got = want.length === 64 ? sha256 : blobId;
        if (got !== want)
            throw new EnclaveBuildError('PIN_MISMATCH', `the ${name} blob at ${path} has ${want.length === 64 ? 'sha256' : 'git blob id'} ${got}, not the pinned ${want}; use the pinned blob or update the pin`);
    }
    return { name, path, bytes, sha256, gitBlobId: blobId };
}

/**
 * The Nitro Enclaves target of the action: the built Go binary becomes the
 * customer ramdisk, AWS's pinned blobs the kernel and bootstrap ramdisk,
 * and the EIF is written with the commit time (never now) so that a
 * rebuild of the same commit gives the same bytes and PCRs.
 */
/** Multi-line input → lines; CR stripped, blank lines dropped. */
function lines(text) {
    return text
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => l.trim() !== '');
}
const ARCH = {
    amd64: 'x86_64',
    arm64: 'aarch64'
};
/** A PCR as a Measurement (sha384; looked up by sha256 of its raw bytes). */
function pcr(name, value) {
    return measurement(name, 'sha384', value);
}
function signingPair(o) {
    const cert = o['nitro-signing-certificate'].trim();
    const key = o['nitro-signing-key'].trim();
    if (cert === '' && key === '')
        return undefined;
    if (cert === '' || key === '')
        throw new EnclaveBuildError('INPUT_INVALID', 'nitro-signing-certificate and nitro-signing-key go together: set both (PEM text from secrets) or neither');
    return { certificatePem: `${cert}\n`, privateKeyPem: `${key}\n` };
}
/** The Nitro target. */
const nitroTarget = {
    name: 'nitro',
    async run(ctx, o) {
        const arch = ARCH[ctx.build.goarch];
        if (!arch)
            throw new EnclaveBuildError('INPUT_INVALID', `Nitro Enclaves run amd64 or arm64 binaries, not ${ctx.build.goarch}`);
        const blobInputs = [
            ['kernel', o['nitro-kernel'], o['nitro-kernel-sha256']],
            ['init', o['nitro-init'], o['nitro-init-sha256']],
            ['nsm.ko', o['nitro-nsm'], o['nitro-nsm-sha256']],
            ['cmdline', o['nitro-cmdline'], o['nitro-cmdline-sha256']]
        ];
        const [kernel, init, nsm, cmdlineBlob] = await Promise.all(blobInputs.map(([name, path, want]) => loadBlob(name, path, want)));
        for (const [i, [name, , want]] of blobInputs.entries())
            if (want === '')
                ctx.warn(`nitro: the ${name} blob is not pinned, and it is measured; pin it (sha256 ${[kernel, init, nsm, cmdlineBlob][i].sha256})`);
        const cmdline = trimCmdline(new TextDecoder().decode(cmdlineBlob.bytes));
        const binaryName = basename(ctx.binaryPath);
        const cmd = lines(o['nitro-cmd']);
        const env = lines(o['nitro-env']);
        const mtime = Math.floor(ctx.commitTime.getTime() / 1000);
        // a cgo binary brings its loader and libraries into rootfs/ (or is
        // refused, coded): nitro's init chroots there and execs the program
        const closure = await initClosure(await readInputFile(ctx.binaryPath, 'the built binary'), ctx.cgoSysroot ?? '', 'cgo-sysroot');
        // The binary is read straight into its place in the ramdisk: the only
        // copy of its 20 MB, shared by the EIF writer and both PCR hashers.
        const customer = await customerRamdiskFromFile({
            binaryName,
            cmd: cmd.length > 0 ? cmd : undefined,
            env: env.length > 0 ? env : DEFAULT_ENV,
            mtime,
            extra: closureEntries(closure, new Set([binaryName, ...ROOTFS_FIXED]))
        }, ctx.binaryPath);
        const layout = o['nitro-bootstrap-layout'];
        // The bootstrap ramdisk holds only AWS's blobs (fixed mtime: see there).
        const bootstrap = bootstrapRamdisk({
            init: init.bytes,
            nsm: nsm.bytes,
            layout,
            mtime: BOOTSTRAP_REFERENCE_MTIME
        });
        const signing = signingPair(o);
        const eifName = o['nitro-eif-name'];
        const buildTime = formatBuildTime(ctx.commitTime);
        const metadata = {
            imageName: eifName.replace(/\.eif$/, ''),
            imageVersion: ctx.build.source.commit,
            buildTime,
            buildTool: BUILD_TOOL,
            buildToolVersion: BUILD_TOOL_VERSION,
            operatingSystem: DEFAULT_OS,
            kernelVersion: DEFAULT_KERNEL_VERSION
        };
        const eifPath = join(ctx.outDir, eifName);
        const built = await writeEif(eifPath, {
            kernel: [kernel.bytes],
            cmdline,
            ramdisks: [[bootstrap], [customer]],
            arch,
            metadata,
            signing
        });
        const eifHash = createHash('sha256');
        for (const c of built.chunks)
            eifHash.update(c);
        const eifSha256 = eifHash.digest('hex');
        const { PCR0, PCR1, PCR2, PCR8 } = built.pcrs;
        ctx.log(`nitro: ${eifPath} PCR0 ${PCR0}`);
        const measurements = [
            pcr('PCR0', PCR0),
            pcr('PCR1', PCR1),
            pcr('PCR2', PCR2)
        ];
        if (PCR8)
            measurements.push(pcr('PCR8', PCR8));
        return {
            target: 'nitro',
            artifacts: [{ kind: 'eif', path: eifPath, sha256: eifSha256 }],
            measurements,
            signer: PCR8 ? { pcr8: PCR8 } : undefined,
            pinned: [
                ...[kernel, init, nsm, cmdlineBlob].map((b) => ({
                    name: b.name,
                    path: b.path,
                    sha256: b.sha256
                })),
                ...closurePins(closure, ctx.cgoSysroot ?? '')
            ],
            outputs: {
                eif: eifPath,
                pcr0: PCR0,
                pcr1: PCR1,
                pcr2: PCR2,
                pcr8: PCR8 ?? ''
            },
            parameters: {
                arch,
                cmdline,
                cmd: cmd.length > 0 ? cmd : [`/${binaryName}`],
                env: env.length > 0 ? env : DEFAULT_ENV,
                bootstrapLayout: layout,
                ramdiskMtime: mtime,
                blobGitIds: Object.fromEntries([kernel, init, nsm, cmdlineBlob].map((b) => [b.name, b.gitBlobId])),
                metadata,
                signed: signing !== undefined
            }
        };
    }
};

export { lines, nitroTarget };
