import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { m as measurement } from './measurement-YVwFwJAW.js';
import { w as writeEif } from './eif-writer-BoVZJ2IZ.js';
import { f as formatBuildTime, D as DEFAULT_KERNEL_VERSION, a as DEFAULT_OS, B as BUILD_TOOL_VERSION, c as BUILD_TOOL } from './metadata-GY8vYBb3.js';
import { t as trimCmdline } from './pcr-ClYbwWw4.js';
import { i as initClosure, c as closureEntries, a as closurePins } from './closure-Dp2wMRmf.js';
import { c as customerRamdiskFromFile, D as DEFAULT_ENV, R as ROOTFS_FIXED, b as bootstrapRamdisk, B as BOOTSTRAP_REFERENCE_MTIME } from './ramdisk-EuQQHTGs.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import './schemas-BeVPcTnG.js';
import 'node:zlib';
import './format-Da0K04aX.js';
import 'node:fs/promises';
import './digest-worker-BWbgCEkR.js';
import './ldd-D21QiJn8.js';
import './elf-CedCKE_Y.js';
import 'node:fs';
import './chroot-Bv55sEuW.js';
import './cpio-QmwdZ1z6.js';
import './read-D5SN6HEp.js';

/** The id git gives a file's content: sha1("blob <len>\0" + bytes). */
function gitBlobId(bytes) {
    return createHash('sha1')
        .update(`blob ${bytes.length}\0`)
        .update(bytes)
        .digest('hex');
}
/**
 * Reads a blob. `pin` is a sha256 (hex) or a git blob id (40 hex, as listed
 * in aws-nitro-enclaves-cli's blobs/); a mismatch is PIN_MISMATCH, naming
 * the pin as `pinInput` (the input that holds it, as the caller spells it).
 */
async function loadBlob(name, path, pin, pinInput) {
    const bytes = await readInputFile(path, `the ${name} blob`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const blobId = gitBlobId(bytes);
    const want = pin?.trim().toLowerCase();
    if (want) {
        if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(want))
            throw new EnclaveBuildError('INPUT_INVALID', `${pinInput ?? `the ${name} pin`} must be a sha256 (64 hex) or a git blob id (40 hex)`);
        const got = want.length === 64 ? sha256 : blobId;
        if (got !== want)
            throw new EnclaveBuildError('PIN_MISMATCH', `the ${name} blob at ${path} has ${want.length === 64 ? 'sha256' : 'git blob id'} ${got}, not the pinned ${want}; use the pinned blob or update ${pinInput ?? 'the pin'}`);
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
function signingPair(o, name) {
    const cert = o['nitro-signing-certificate'].trim();
    const key = o['nitro-signing-key'].trim();
    if (cert === '' && key === '')
        return undefined;
    if (cert === '' || key === '')
        throw new EnclaveBuildError('INPUT_INVALID', `${name('nitro-signing-certificate')} and ${name('nitro-signing-key')} go together: set both (PEM text from secrets) or neither`);
    return { certificatePem: `${cert}\n`, privateKeyPem: `${key}\n` };
}
/** The Nitro target. */
const nitroTarget = {
    name: 'nitro',
    async run(ctx, o) {
        const arch = ARCH[ctx.build.goarch];
        if (!arch)
            throw new EnclaveBuildError('INPUT_INVALID', `Nitro Enclaves run amd64 or arm64 binaries, not ${ctx.build.goarch}`);
        const input = ctx.input ?? actionInputName;
        const blobInputs = [
            ['kernel', 'nitro-kernel'],
            ['init', 'nitro-init'],
            ['nsm.ko', 'nitro-nsm'],
            ['cmdline', 'nitro-cmdline']
        ];
        const [kernel, init, nsm, cmdlineBlob] = await Promise.all(blobInputs.map(([name, key]) => loadBlob(name, o[key], o[`${key}-sha256`], input(`${key}-sha256`))));
        for (const [i, [name, key]] of blobInputs.entries())
            if (o[`${key}-sha256`] === '')
                ctx.warn(`nitro: the ${name} blob is not pinned, and it is measured; pin it (${input(`${key}-sha256`, [kernel, init, nsm, cmdlineBlob][i].sha256)})`);
        const cmdline = trimCmdline(new TextDecoder().decode(cmdlineBlob.bytes));
        const binaryName = basename(ctx.binaryPath);
        const cmd = lines(o['nitro-cmd']);
        const env = lines(o['nitro-env']);
        const mtime = Math.floor(ctx.commitTime.getTime() / 1000);
        // a cgo binary brings its loader and libraries into rootfs/ (or is
        // refused, coded): nitro's init chroots there and execs the program
        const closure = await initClosure(await readInputFile(ctx.binaryPath, 'the built binary'), ctx.cgoSysroot ?? '', input);
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
        const signing = signingPair(o, input);
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
