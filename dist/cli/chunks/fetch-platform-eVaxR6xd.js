import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile, rm, mkdir } from 'node:fs/promises';
import { E as EnclaveBuildError, d as readInputFile, w as writeFileAtomic, p as parse, c as required, a as printJson } from './main-c1aIJhH3.js';
import { h as httpRequest } from './http-bbLZty4F.js';
import { tmpdir } from 'node:os';
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
 * project's CI oracles fetch (.ci/snp-oracle.sh, .ci/tdx-oracle.sh).
 * Debian's sid moves on: a package that left the mirror is still on
 * snapshot.debian.org (pass it as the mirror).
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
    ]
};
/** Where the other targets' platform files come from (no Debian package). */
const PLATFORM_STEPS = {
    nitro: "AWS publishes the enclave kernel, init, nsm.ko and cmdline in aws-nitro-enclaves-cli's blobs/<arch>/ (a release tag, e.g. v1.4.2): git clone --depth 1 --branch <tag> https://github.com/aws/aws-nitro-enclaves-cli, take blobs/x86_64/{bzImage,init,nsm.ko,bzImage.config,cmdline}, and pin each with nitro-*-sha256 (or the git blob id GitHub lists); docs/nitro.md",
    gramine: "Gramine's libpal.so and runtime come from its release packages (packages.gramineproject.io, or the gramine Docker image at a digest); point gramine-root at that root and pin libpal; docs/gramine.md"
};
/** The Debian mirror used unless another is given. */
const DEFAULT_MIRROR = 'https://deb.debian.org/debian';

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
        : `no platform files are known for target ${target}; fetch-platform knows ${Object.keys(sources).join(', ')}`);
}
/**
 * Downloads each platform file of `target` from its Debian package (the
 * .deb checked against its pinned sha256, then the file inside against
 * its own), and writes it to `outDir`. A file already there with the
 * pinned sha256 is kept. Nothing unpinned is ever written.
 */
async function fetchPlatform(target, outDir, deps, options = {}) {
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
        const url = `${mirror}/${s.filename}`;
        deps.log?.(`fetching ${url}`);
        const response = await httpRequest(url, {
            what: `downloading ${s.package} ${s.version}`,
            timeoutMs: 120_000,
            ...(deps.fetch ? { fetch: deps.fetch } : {})
        });
        const length = Number(response.headers.get('content-length') ?? 0);
        if (length > MAX_DEB_BYTES)
            throw new EnclaveBuildError('FILE_TOO_LARGE', `${url} is ${length} bytes, more than the ${MAX_DEB_BYTES} a platform package may be`);
        const deb = new Uint8Array(await response.arrayBuffer());
        if (sha256(deb) !== s.debSha256)
            throw new EnclaveBuildError('PIN_MISMATCH', `${url} has sha256 ${sha256(deb)}, not the pinned ${s.debSha256}; the mirror serves another build (if the package left it, pass --mirror https://snapshot.debian.org/archive/debian/<date>)`);
        const file = await extractFromDeb(deb, s.member, deps.exec);
        if (sha256(file) !== s.sha256)
            throw new EnclaveBuildError('PIN_MISMATCH', `${s.member} in ${s.package} ${s.version} has sha256 ${sha256(file)}, not the pinned ${s.sha256}`);
        await writeFileAtomic(path, file);
        out.push({ input: s.input, path, sha256: s.sha256, source, cached: false });
    }
    return out;
}

const fetchPlatformOptions = {
    target: {
        type: 'string',
        arg: [
            ...Object.keys(PLATFORM_SOURCES),
            ...Object.keys(PLATFORM_STEPS)
        ].join('|'),
        help: 'The target whose platform files to fetch (the others print where to get theirs).'
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
    json: {
        type: 'boolean',
        default: false,
        help: 'Print {"files": [{"input", "path", "sha256", "source", "cached"}]}.'
    }
};
/**
 * `enclave-build fetch-platform`: the real, pinned platform files of a
 * target (firmware, kernel) from their Debian packages, and the action
 * inputs that use them.
 */
const fetchPlatformCommand = async (args, io) => {
    const { values: v } = parse(args, fetchPlatformOptions);
    const files = await fetchPlatform(required(v.target, '--target'), resolve(io.cwd, v.output), { exec, log: v.json ? undefined : (m) => io.stderr(`${m}\n`) }, v.mirror === undefined ? {} : { mirror: v.mirror });
    if (v.json)
        printJson(io, { files });
    else
        for (const f of files)
            io.stdout(`${f.input}: ${f.path}\n${f.input}-sha256: ${f.sha256}\n  (${f.source}${f.cached ? ', already there' : ''})\n`);
    return 0;
};
fetchPlatformCommand.about =
    'Downloads the real platform files of a target from their Debian packages, checks the package and the file against their pinned sha256, and prints the action inputs that use them.';

export { fetchPlatformCommand };
