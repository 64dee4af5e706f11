import { join, basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile, rm, mkdir } from 'node:fs/promises';
import { E as EnclaveBuildError, e as readInputFile, I as INPUT_LIMITS, w as writeFileAtomic, p as parse, d as required, b as printJson } from './main-BQHnxbfa.js';
import { h as httpRequest } from './http-BiRlcPi4.js';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { e as exec } from './exec-E6cQ8Vnk.js';
import 'node:child_process';

/**
 * Reading one file out of a Debian package. A .deb is an ar archive
 * (`!<arch>\n`, then 60-byte member headers: name, mtime, ids, mode,
 * decimal size, "`\n"; data padded to even offsets) holding
 * debian-binary, control.tar.* and data.tar.*; the data archive is
 * unpacked by the system's tar, which knows every compression dpkg
 * writes (xz, zstd, gzip).
 */
function bad(why) {
    throw new EnclaveBuildError('INPUT_INVALID', `not a Debian package: ${why}`);
}
/** The members of an ar archive, by name. */
function readAr(bytes) {
    const text = (a, b) => Buffer.from(bytes.subarray(a, b)).toString('latin1');
    if (text(0, 8) !== '!<arch>\n')
        bad('no ar magic');
    const out = new Map();
    let at = 8;
    while (at + 60 <= bytes.length) {
        if (text(at + 58, at + 60) !== '`\n')
            bad(`bad member header at ${at}`);
        const name = text(at, at + 16)
            .trim()
            .replace(/\/$/, '');
        const size = Number(text(at + 48, at + 58).trim());
        if (!Number.isSafeInteger(size) ||
            size < 0 ||
            at + 60 + size > bytes.length)
            bad(`member ${name} overruns the file`);
        out.set(name, bytes.subarray(at + 60, at + 60 + size));
        at += 60 + size + (size % 2);
    }
    return out;
}
/** The bytes of `member` (a path in the package's file system) of a .deb. */
async function extractFromDeb(deb, member, exec) {
    const members = readAr(deb);
    if (Buffer.from(members.get('debian-binary') ?? []).toString() !== '2.0\n')
        bad('debian-binary is not 2.0');
    const dataName = [...members.keys()].find((n) => n.startsWith('data.tar'));
    if (!dataName)
        bad('no data.tar member');
    const tmp = await mkdtemp(join(tmpdir(), 'enclave_build_deb_'));
    try {
        const data = join(tmp, dataName);
        await writeFile(data, members.get(dataName));
        const out = join(tmp, 'member');
        // dpkg writes ./usr/...; tar matches the name as stored
        const r = await exec('sh', [
            '-c',
            'tar -xOf "$1" "./$2" > "$3"',
            'sh',
            data,
            member.replace(/^\.?\//, ''),
            out
        ]);
        if (r.code !== 0)
            throw new EnclaveBuildError('INPUT_INVALID', `${member} is not in the package (tar: ${r.stderr.trim()})`);
        return await readInputFile(out, member);
    }
    finally {
        await rm(tmp, { recursive: true, force: true });
    }
}

/**
 * Real, obtainable platform files for the targets that boot a VM image,
 * each pinned by the Debian package that carries it (name, version, the
 * .deb's path in the archive and its sha256, as the suite's Packages index
 * lists them) and by the sha256 of the file inside. The same files the
 * project's CI oracles fetch (.ci/snp-oracle.sh, .ci/tdx-oracle.sh,
 * .ci/uki-oracle.sh). Debian's suites move on: a package that left the
 * mirror is still on snapshot.debian.org (pass it as the mirror).
 */
const KERNEL = {
    name: 'vmlinuz',
    package: 'linux-image-6.12.117+deb13-cloud-amd64',
    version: '6.12.117-1',
    suite: 'trixie',
    filename: 'pool/main/l/linux-signed-amd64/linux-image-6.12.117+deb13-cloud-amd64_6.12.117-1_amd64.deb',
    debSha256: 'e9893e5295d0549b8852611f12a4b8b5f6cc4b8128dcc2086b9847793b904ab7',
    member: 'boot/vmlinuz-6.12.117+deb13-cloud-amd64',
    sha256: 'ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0'
};
/** The platform files of each target that has Debian-packaged ones. */
const PLATFORM_SOURCES = {
    snp: [
        {
            input: 'snp-ovmf',
            name: 'OVMF.amdsev.fd',
            // the AmdSev build (kernel-hashes section) is packaged in sid only;
            // bookworm and trixie have no ovmf-amdsev
            package: 'ovmf-amdsev',
            version: '2026.08+ds-2',
            suite: 'sid',
            filename: 'pool/main/e/edk2/ovmf-amdsev_2026.08+ds-2_all.deb',
            debSha256: '92c9b6d15e4eeb371938c3f99080c1a8fc057dfd6bc0509d37f8b615e9edebfb',
            member: 'usr/share/ovmf/OVMF.amdsev.fd',
            sha256: '3e4fd0b3fe3b2dbe481c3d9e99418a034174f26cbe1f55aa212b0f18c12d2d6f'
        },
        { input: 'snp-kernel', ...KERNEL }
    ],
    tdx: [
        {
            input: 'tdx-ovmf',
            name: 'OVMF.inteltdx.ms.fd',
            package: 'ovmf-inteltdx',
            version: '2026.08+ds-2',
            suite: 'sid',
            filename: 'pool/main/e/edk2/ovmf-inteltdx_2026.08+ds-2_all.deb',
            debSha256: '87123a9bf4dc1af7bbc48257a9b3db5933ff695167476d4fa48b705da1011fb1',
            member: 'usr/share/ovmf/OVMF.inteltdx.ms.fd',
            sha256: 'a265075b4147a096109e501e76196df1ec8a18659c26f7401492c597ec88f312'
        },
        { input: 'tdx-kernel', ...KERNEL }
    ],
    uki: [
        {
            input: 'uki-stub',
            name: 'linuxx64.efi.stub',
            // the stub ukify 257 lays out byte for byte (docs/uki.md)
            package: 'systemd-boot-efi',
            version: '257.13-1~deb13u1',
            suite: 'trixie',
            filename: 'pool/main/s/systemd/systemd-boot-efi_257.13-1~deb13u1_amd64.deb',
            debSha256: '390ecdcef9bbb753f51bb6d8f696bdae2f1dbedde7239c49ccb2512f137a8933',
            member: 'usr/lib/systemd/boot/efi/linuxx64.efi.stub',
            sha256: '9c623743834bb904a3cb941092cffc958c31230263ce896d332a75e9ec48aa85'
        },
        { input: 'uki-kernel', ...KERNEL }
    ]
};
/** Where the other targets' platform files come from (no Debian package). */
const PLATFORM_STEPS = {
    nitro: "AWS's enclave kernel, init, nsm.ko and cmdline are in no package registry; take them from an aws-nitro-enclaves-cli release (git clone --depth 1 --branch v1.5.0 https://github.com/aws/aws-nitro-enclaves-cli) or from Amazon Linux's aws-nitro-enclaves-cli-devel (/usr/share/nitro_enclaves/blobs), then run fetch-platform --target nitro --from <that checkout or folder>, which checks them against their pinned sha256; docs/nitro.md"
};
/**
 * Targets whose measurement takes no platform file that fetch-platform
 * could fetch, and why: asked for one of them, the command says so and
 * writes nothing (it is not an error: there is nothing missing to get).
 */
const NO_PLATFORM_FILES = {
    oci: 'target oci needs no platform files: the image is the Go binary (with its loader and libraries from cgo-sysroot when it is a dynamic cgo binary) on the base image you pin (oci-base, oci-base-layout, or none), and no firmware, kernel or stub is measured with it; docs/containers.md',
    gramine: "target gramine needs no platform files from fetch-platform: MRENCLAVE covers Gramine's own libpal.so and runtime, which come from Gramine's release packages (packages.gramineproject.io) or the gramine Docker image at a digest, not from a Debian or AWS download; install Gramine on the runner, or point gramine-root at such a root and pin libpal; docs/gramine.md"
};
/** Every target fetch-platform answers for, in the order its help lists them. */
const PLATFORM_TARGETS = [
    ...Object.keys(PLATFORM_SOURCES),
    ...Object.keys(PLATFORM_STEPS),
    ...Object.keys(NO_PLATFORM_FILES)
];
/**
 * The x86_64 blob sets whose sha256 are known from public sources. The
 * GitHub set (the same git blob ids at every tag v1.3.1 to v1.5.0): init,
 * nsm.ko and cmdline hashed here from the repository's own objects; bzImage
 * (over 4 MiB, not obtainable here) from public repositories that pin the
 * file at commit ec130adc, which has the same blob id, and whose values for
 * the other three equal ours (code index file ids 6830987479, 7261710963;
 * 55201595373 pins v1.4.4's as the same sha256). The Amazon Linux 2023 package's init and
 * nsm.ko are not GitHub's: its set is as a public repository recorded it
 * from an instance with aws-nitro-enclaves-cli 1.4.4-0.amzn2023 installed
 * (code index file ids 57509036760, 57663087428).
 */
const NITRO_BLOB_SETS = [
    {
        source: 'aws-nitro-enclaves-cli v1.5.0 (also v1.3.1 to v1.4.5) blobs/x86_64',
        blobs: [
            {
                input: 'nitro-kernel',
                name: 'bzImage',
                sha256: '210eda749c1308eb60671a579d24db5e8a3477cb7a247cf313c286b09fe2d857',
                gitBlobId: '1b7b48cfb6eab842005d3f80a46d0225a27f9fc2'
            },
            {
                input: 'nitro-init',
                name: 'init',
                sha256: '755e650b732777b798cb9ec243ee402bef4826f789cf01a1e453bb724207c005',
                gitBlobId: '122b5d1514316b1b553fb486445fe1482a48b8c8'
            },
            {
                input: 'nitro-nsm',
                name: 'nsm.ko',
                sha256: '48904e520db2541ca4378da29d85791749408febc81987ade56cc5c556bd90df',
                gitBlobId: '24cbfe5dd041b75d731bd3feda9748b75883be7f'
            },
            {
                input: 'nitro-cmdline',
                name: 'cmdline',
                sha256: '10d7d9dd205d4596d45997d17434f26207525f129d171a51f9859b1af9f4a07a',
                gitBlobId: 'b3b51ddf3555e116d0bb2b5d9354c93036868ab1'
            }
        ]
    },
    {
        source: 'Amazon Linux 2023 aws-nitro-enclaves-cli-devel 1.4.4-0.amzn2023 /usr/share/nitro_enclaves/blobs',
        blobs: [
            {
                input: 'nitro-kernel',
                name: 'bzImage',
                sha256: '210eda749c1308eb60671a579d24db5e8a3477cb7a247cf313c286b09fe2d857'
            },
            {
                input: 'nitro-init',
                name: 'init',
                sha256: 'c4acb866e8925c171b43517f3a88a6989f5a2da3a6d3e6594f75bedc6d116a27'
            },
            {
                input: 'nitro-nsm',
                name: 'nsm.ko',
                sha256: '6bd2b09422c2f2f58c6ecf1cfd55216bea9b99a6d591261a9eca40027291316b'
            },
            {
                input: 'nitro-cmdline',
                name: 'cmdline',
                sha256: '10d7d9dd205d4596d45997d17434f26207525f129d171a51f9859b1af9f4a07a'
            }
        ]
    }
];
/** The Debian mirror used unless another is given. */
const DEFAULT_MIRROR = 'https://deb.debian.org/debian';

/**
 * AWS's Nitro blobs are in no package registry, so they are taken from a
 * folder the user has: an aws-nitro-enclaves-cli checkout at a release tag
 * (blobs/x86_64/), that folder itself, or Amazon Linux's
 * /usr/share/nitro_enclaves/blobs. The four files must together be one
 * pinned set; anything else is refused with the sha256 found, so that the
 * user pins it knowingly.
 */
const sha256$1 = (b) => createHash('sha256').update(b).digest('hex');
/** The folder under `from` that holds the blobs (bzImage beside init). */
function nitroBlobDir(from) {
    const candidates = [from, join(from, 'blobs', 'x86_64'), join(from, 'blobs')];
    const dir = candidates.find((d) => existsSync(join(d, 'bzImage')));
    if (!dir)
        throw new EnclaveBuildError('INPUT_INVALID', `no bzImage in ${candidates.join(', ')}; --from takes an aws-nitro-enclaves-cli checkout, its blobs/x86_64 folder, or Amazon Linux's /usr/share/nitro_enclaves/blobs (only x86_64 sets are pinned)`);
    return dir;
}
/**
 * Copies the blobs of `from` to `outDir` when they are, all four, one of
 * `sets`; writes nothing otherwise. A file already in `outDir` with its
 * pinned sha256 is kept.
 */
async function copyNitroBlobs(from, outDir, sets = NITRO_BLOB_SETS) {
    const dir = nitroBlobDir(from);
    const names = [...new Set(sets.flatMap((s) => s.blobs.map((b) => b.name)))];
    const found = new Map();
    for (const name of names)
        found.set(name, await readInputFile(join(dir, name), `the Nitro ${name}`, {
            maxBytes: name === 'bzImage' ? INPUT_LIMITS.kernel : INPUT_LIMITS.blob
        }));
    const digests = new Map([...found].map(([name, bytes]) => [name, sha256$1(bytes)]));
    const set = sets.find((s) => s.blobs.every((b) => digests.get(b.name) === b.sha256));
    if (!set)
        throw new EnclaveBuildError('PIN_MISMATCH', `the blobs in ${dir} are no pinned set (${names.map((n) => `${n} ${digests.get(n)}`).join(', ')}); pinned: ${sets.map((s) => s.source).join('; ')}. If you trust these files, pass them to the build with nitro-kernel-sha256, nitro-init-sha256, nitro-nsm-sha256 and nitro-cmdline-sha256 set to these values (docs/nitro.md)`);
    await mkdir(outDir, { recursive: true });
    const out = [];
    for (const b of set.blobs) {
        const path = join(outDir, b.name);
        const have = await readInputFile(path, b.name).catch(() => undefined);
        const cached = have !== undefined && sha256$1(have) === b.sha256;
        if (!cached)
            await writeFileAtomic(path, found.get(b.name));
        const id = b.gitBlobId ? ` (git blob ${b.gitBlobId})` : '';
        out.push({
            input: b.input,
            path,
            sha256: b.sha256,
            source: `${set.source}/${b.name}${id}`,
            cached
        });
    }
    return out;
}

/** A package larger than this is refused before it is read whole. */
const MAX_DEB_BYTES = 256 * 2 ** 20;
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
/** The Debian-packaged sources of `target`, or a coded error with the steps. */
function platformSources(target, sources = PLATFORM_SOURCES) {
    const list = sources[target];
    if (list)
        return list;
    const steps = PLATFORM_STEPS[target];
    throw new EnclaveBuildError('INPUT_INVALID', steps
        ? `target ${target} has no Debian-packaged platform files to fetch: ${steps}`
        : `no platform files are known for target ${target}; fetch-platform knows ${[...Object.keys(sources), ...Object.keys(PLATFORM_STEPS), ...Object.keys(NO_PLATFORM_FILES)].join(', ')}`);
}
/**
 * Downloads each platform file of `target` from its Debian package (the
 * .deb checked against its pinned sha256, then the file inside against
 * its own), and writes it to `outDir`. With `from`, the .deb files are
 * read from that folder instead (as `apt-get download` leaves them), same
 * pins. For nitro, whose blobs no registry carries, `from` is the folder
 * that holds AWS's blobs (see nitro.ts). A file already in `outDir` with
 * the pinned sha256 is kept. Nothing unpinned is ever written.
 */
async function fetchPlatform(target, outDir, deps, options = {}) {
    if (target === 'nitro' && options.from !== undefined)
        return copyNitroBlobs(options.from, outDir);
    // nothing to fetch, and nothing written (NO_PLATFORM_FILES says why)
    if (NO_PLATFORM_FILES[target] !== undefined)
        return [];
    const list = platformSources(target, options.sources);
    const mirror = (options.mirror ?? DEFAULT_MIRROR).replace(/\/+$/, '');
    await mkdir(outDir, { recursive: true });
    const out = [];
    for (const s of list) {
        const path = join(outDir, s.name);
        const source = `Debian ${s.suite} ${s.package} ${s.version}: ${s.member}`;
        const have = await readInputFile(path, s.name).catch(() => undefined);
        if (have && sha256(have) === s.sha256) {
            out.push({ input: s.input, path, sha256: s.sha256, source, cached: true });
            continue;
        }
        const deb = options.from === undefined
            ? await download(`${mirror}/${s.filename}`, s, deps)
            : await readInputFile(join(options.from, basename(s.filename)), `${s.package} ${s.version}`, { maxBytes: MAX_DEB_BYTES });
        if (sha256(deb) !== s.debSha256)
            throw new EnclaveBuildError(
            // the pins are ours: other bytes from the mirror are the mirror's
            // fault, other bytes in --from are the user's
            options.from === undefined ? 'HTTP_ERROR' : 'PIN_MISMATCH', options.from === undefined
                ? `${mirror}/${s.filename} has sha256 ${sha256(deb)}, not the pinned ${s.debSha256}; the mirror serves another build (if the package left it, pass --mirror https://snapshot.debian.org/archive/debian/<date>)`
                : `${join(options.from, basename(s.filename))} has sha256 ${sha256(deb)}, not the pinned ${s.debSha256}; download ${s.package}=${s.version} (apt-get download, or ${DEFAULT_MIRROR}/${s.filename})`);
        const file = await extractFromDeb(deb, s.member, deps.exec);
        if (sha256(file) !== s.sha256)
            throw new EnclaveBuildError('PIN_MISMATCH', `${s.member} in ${s.package} ${s.version} has sha256 ${sha256(file)}, not the pinned ${s.sha256}`);
        await writeFileAtomic(path, file);
        out.push({ input: s.input, path, sha256: s.sha256, source, cached: false });
    }
    return out;
}
/** The bytes of one pinned package from the mirror (checked by the caller). */
async function download(url, s, deps) {
    deps.log?.(`fetching ${url}`);
    const response = await httpRequest(url, {
        what: `downloading ${s.package} ${s.version}`,
        timeoutMs: 120_000,
        ...(deps.fetch ? { fetch: deps.fetch } : {})
    });
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_DEB_BYTES)
        throw new EnclaveBuildError('HTTP_ERROR', `${url} is ${length} bytes, more than the ${MAX_DEB_BYTES} a platform package may be`);
    return new Uint8Array(await response.arrayBuffer());
}

const fetchPlatformOptions = {
    target: {
        type: 'string',
        required: true,
        // the help lists exactly what the parser accepts
        choices: PLATFORM_TARGETS,
        arg: PLATFORM_TARGETS.join('|'),
        help: 'The target whose platform files to fetch (nitro needs --from; oci and gramine need none from here, and say so).'
    },
    output: {
        type: 'string',
        default: 'platform',
        arg: 'DIR',
        help: 'Where to write the files.'
    },
    mirror: {
        type: 'string',
        arg: 'URL',
        help: 'Debian mirror root (default https://deb.debian.org/debian; a snapshot.debian.org/archive/debian/<date> URL once sid moved on).'
    },
    from: {
        type: 'string',
        arg: 'DIR',
        help: "Read the pinned .deb files from DIR instead of downloading them (as apt-get download leaves them); for nitro, AWS's blobs: an aws-nitro-enclaves-cli checkout, its blobs/x86_64, or Amazon Linux's /usr/share/nitro_enclaves/blobs."
    },
    json: {
        type: 'boolean',
        default: false,
        help: 'Print {"files": [{"input", "path", "sha256", "source", "cached"}]}, and "note" (why there are none) for oci and gramine.'
    }
};
/**
 * `enclave-build fetch-platform`: the real, pinned platform files of a
 * target (firmware, kernel, systemd-stub) from their Debian packages, or
 * AWS's Nitro blobs from a folder the user has, and the action inputs that
 * use them.
 */
const fetchPlatformCommand = async (args, io) => {
    const { values: v } = parse(args, fetchPlatformOptions);
    const target = required(v.target, '--target');
    // a target that measures no fetchable file: said plainly, exit 0, as
    // there is nothing missing (the build's preflight names what it needs)
    const note = NO_PLATFORM_FILES[target];
    if (note !== undefined) {
        if (v.json)
            printJson(io, { files: [], note });
        else
            io.stdout(`${note}\n`);
        return 0;
    }
    const files = await fetchPlatform(target, resolve(io.cwd, v.output), { exec, log: v.json ? undefined : (m) => io.stderr(`${m}\n`) }, {
        ...(v.mirror === undefined ? {} : { mirror: v.mirror }),
        ...(v.from === undefined ? {} : { from: resolve(io.cwd, v.from) })
    });
    if (v.json)
        printJson(io, { files });
    else
        for (const f of files)
            io.stdout(`${f.input}: ${f.path}\n${f.input}-sha256: ${f.sha256}\n  (${f.source}${f.cached ? ', already there' : ''})\n`);
    return 0;
};
fetchPlatformCommand.about =
    "Downloads the real platform files of a target from their Debian packages (snp, tdx, uki), or copies AWS's Nitro blobs from a folder (nitro), checks each against its pinned sha256, and prints the action inputs that use them; for a target that needs none (oci, gramine) it says so and exits 0.";

export { fetchPlatformCommand };
