import { join, resolve, basename } from 'node:path';
import { r as readElfHeader } from './ldd-BvlDZ7nf.js';
import { E as EnclaveBuildError, q as readInputFile, a as actionInputName, y as fileError, x as tempBeside, A as untrackTemp, h as writeFileAtomic, u as sha256Hex } from '../index.js';
import { m as measurement } from './measurement-C4vOnb1P.js';
import { i as initClosure, a as closurePins } from './closure-BZfJDHCb.js';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { b as indexManifests, c as imageManifest, a as imageConfig, L as LOCAL_LAYOUT } from './oci-shape-B0KzcSVr.js';
import { readdir, mkdir, writeFile, rename, rm } from 'node:fs/promises';
import 'node:fs';
import 'node:os';
import 'node:child_process';

/**
 * A gzip member whose deflate stream is only stored blocks: a valid
 * `+gzip` layer every reader inflates, with bytes fixed by the input alone.
 * zlib's compressed output is not (Node's bundled zlib picks its match
 * finder by CPU features, so the same level can give other bytes on
 * another machine, and an image digest must not depend on the runner).
 */
function gzipStored(data) {
    const parts = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])];
    let off = 0;
    do {
        const len = Math.min(0xffff, data.length - off);
        const last = off + len === data.length;
        const h = Buffer.alloc(5);
        h[0] = last ? 1 : 0;
        h.writeUInt16LE(len, 1);
        h.writeUInt16LE(~len & 0xffff, 3);
        parts.push(h, Buffer.from(data.subarray(off, off + len)));
        off += len;
    } while (off < data.length);
    const t = Buffer.alloc(8);
    t.writeUInt32LE(crc32(data) >>> 0, 0);
    t.writeUInt32LE(data.length % 2 ** 32, 4);
    parts.push(t);
    return Buffer.concat(parts);
}

/**
 * A deterministic POSIX ustar writer for image layers: every header field
 * fixed by the caller (uid/gid 0, no user or group names, one mtime), so the
 * same files give the same bytes on any machine. Paths longer than ustar's
 * 100 bytes are split into prefix/name; longer ones are refused.
 */
function octal(n, width) {
    return n.toString(8).padStart(width - 1, '0') + '\0';
}
function header(e, mtime) {
    const b = Buffer.alloc(512);
    let name = e.path;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
        const cut = name.lastIndexOf('/', name.length - 2);
        prefix = name.slice(0, cut);
        name = name.slice(cut + 1);
        if (cut <= 0 ||
            Buffer.byteLength(name) > 100 ||
            Buffer.byteLength(prefix) > 155)
            throw new EnclaveBuildError('INPUT_INVALID', `path ${e.path} is too long for a ustar layer`);
    }
    const dir = e.path.endsWith('/');
    b.write(name, 0);
    b.write(octal(e.mode & 0o7777, 8), 100);
    b.write(octal(0, 8), 108);
    b.write(octal(0, 8), 116);
    b.write(octal(dir ? 0 : (e.data?.length ?? 0), 12), 124);
    b.write(octal(mtime, 12), 136);
    b.write(dir ? '5' : '0', 156);
    b.write('ustar\0' + '00', 257, 'latin1');
    b.write(octal(0, 8), 329);
    b.write(octal(0, 8), 337);
    b.write(prefix, 345);
    b.fill(0x20, 148, 156);
    let sum = 0;
    for (const x of b)
        sum += x;
    b.write(octal(sum, 7) + ' ', 148);
    return b;
}
/** The layer tar of `entries`, in the order given, ending in two zero blocks. */
function writeLayerTar(entries, mtime) {
    const parts = [];
    for (const e of entries) {
        parts.push(header(e, mtime));
        if (!e.path.endsWith('/') && e.data && e.data.length > 0) {
            parts.push(Buffer.from(e.data));
            parts.push(Buffer.alloc((512 - (e.data.length % 512)) % 512));
        }
    }
    parts.push(Buffer.alloc(1024));
    return Buffer.concat(parts);
}

/**
 * A reproducible single-platform OCI image of one program: the base's
 * layers (scratch, or a base pinned by digest) and one uncompressed layer
 * with the binary (parents as 0755 directories, the binary 0755, uid/gid 0,
 * every mtime = `created`), a config with the given entrypoint, env, user
 * and labels, and a manifest. All JSON is written with a fixed key order
 * and no spaces, so the same inputs give the same digests anywhere.
 */
const MEDIA_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA_CONFIG = 'application/vnd.oci.image.config.v1+json';
const MEDIA_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const MEDIA_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const MEDIA_INDEX = 'application/vnd.oci.image.index.v1+json';
/**
 * Docker's layer media types and the OCI ones that name the same bytes: a
 * base served as Docker schema 2 (Docker Hub) keeps its layer blobs, and
 * our OCI manifest names them with OCI's types, as OCI readers (umoci)
 * require and BuildKit's OCI export does.
 */
const OCI_LAYER_TYPE = {
    'application/vnd.docker.image.rootfs.diff.tar': MEDIA_LAYER,
    'application/vnd.docker.image.rootfs.diff.tar.gzip': MEDIA_LAYER_GZIP
};
const sha256 = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
function checkPath(p, what) {
    if (!p.startsWith('/') ||
        p.endsWith('/') ||
        p.split('/').some((s, i) => i > 0 && (s === '' || s === '.' || s === '..')))
        throw new EnclaveBuildError('INPUT_INVALID', `${what} must be an absolute file path without . or .. (got ${JSON.stringify(p)})`);
    return p.slice(1);
}
/** The layer's entries: each parent directory once, then files, sorted by path. */
function layerEntries(spec) {
    const files = new Map();
    files.set(checkPath(spec.entrypoint, '--entrypoint'), {
        data: spec.binary,
        mode: 0o755
    });
    for (const [p, data] of spec.files ?? []) {
        const rel = checkPath(p, 'an extra file');
        if (files.has(rel))
            throw new EnclaveBuildError('INPUT_INVALID', `${p} is given twice`);
        files.set(rel, { data, mode: 0o644 });
    }
    for (const [p, data] of spec.closure ?? []) {
        const rel = checkPath(p, 'a library of the binary');
        if (files.has(rel))
            throw new EnclaveBuildError('INPUT_INVALID', `${p} is given twice`);
        files.set(rel, { data, mode: 0o755 });
    }
    const dirs = new Set();
    for (const rel of files.keys()) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++)
            dirs.add(`${parts.slice(0, i).join('/')}/`);
    }
    for (const d of dirs)
        if (files.has(d.slice(0, -1)))
            throw new EnclaveBuildError('INPUT_INVALID', `${d} is both a file and a directory`);
    const entries = [
        ...[...dirs].map((d) => ({ path: d, mode: 0o755 })),
        ...[...files].map(([path, f]) => ({ path, mode: f.mode, data: f.data }))
    ];
    return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
/** Builds the image's blobs. */
function buildImage(spec, baseLayers = []) {
    const seconds = Date.parse(spec.created) / 1000;
    if (!Number.isInteger(seconds) || seconds < 0)
        throw new EnclaveBuildError('INPUT_INVALID', `--created must be an RFC 3339 time on a whole second, 1970 or later (got ${spec.created})`);
    const created = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
    const tar = writeLayerTar(layerEntries(spec), seconds);
    const diffId = sha256(tar);
    const gzip = spec.compression === 'gzip';
    const blob = gzip ? gzipStored(tar) : tar;
    const layerDigest = sha256(blob);
    const blobs = new Map();
    for (const l of baseLayers)
        blobs.set(l.descriptor.digest, l.bytes);
    blobs.set(layerDigest, blob);
    const base = spec.base?.config;
    if (base && (base.os !== 'linux' || base.architecture !== spec.architecture))
        throw new EnclaveBuildError('INPUT_INVALID', `the base is ${base.os}/${base.architecture}, the binary is linux/${spec.architecture}`);
    const env = [...(base?.config?.Env ?? [])];
    for (const e of spec.env) {
        const k = e.slice(0, e.indexOf('='));
        const i = env.findIndex((x) => x.startsWith(`${k}=`));
        if (i >= 0)
            env[i] = e;
        else
            env.push(e);
    }
    const labels = { ...(base?.config?.Labels ?? {}), ...spec.labels };
    const user = spec.user ?? base?.config?.User;
    const cfg = {};
    if (user !== undefined && user !== '')
        cfg.User = user;
    if (env.length > 0)
        cfg.Env = env;
    cfg.Entrypoint = [spec.entrypoint];
    if (base?.config?.WorkingDir)
        cfg.WorkingDir = base.config.WorkingDir;
    if (Object.keys(labels).length > 0)
        cfg.Labels = Object.fromEntries(Object.keys(labels)
            .sort()
            .map((k) => [k, labels[k]]));
    const diffIds = [...(base?.rootfs.diff_ids ?? []), diffId];
    const config = {
        created,
        architecture: spec.architecture,
        os: 'linux',
        config: cfg,
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: [
            ...(base?.history ?? []),
            { created, created_by: 'enclave-build oci image' }
        ]
    };
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDigest = sha256(configBytes);
    blobs.set(configDigest, configBytes);
    const layers = [
        ...baseLayers.map((l) => ({
            mediaType: OCI_LAYER_TYPE[l.descriptor.mediaType] ?? l.descriptor.mediaType,
            digest: l.descriptor.digest,
            size: l.descriptor.size
        })),
        {
            mediaType: gzip ? MEDIA_LAYER_GZIP : MEDIA_LAYER,
            digest: layerDigest,
            size: blob.length
        }
    ];
    const manifest = {
        schemaVersion: 2,
        mediaType: MEDIA_MANIFEST,
        config: {
            mediaType: MEDIA_CONFIG,
            digest: configDigest,
            size: configBytes.length
        },
        layers
    };
    if (spec.base)
        manifest.annotations = {
            'org.opencontainers.image.base.digest': spec.base.manifestDigest,
            ...(spec.base.reference
                ? { 'org.opencontainers.image.base.name': spec.base.reference }
                : {})
        };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256(manifestBytes);
    blobs.set(digest, manifestBytes);
    return {
        blobs,
        manifestDescriptor: {
            mediaType: MEDIA_MANIFEST,
            digest,
            size: manifestBytes.length,
            platform: { architecture: spec.architecture, os: 'linux' }
        },
        digest,
        config: configDigest,
        layers: layers.map((l) => l.digest),
        diffIds
    };
}

const MAX_JSON = 4 << 20;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const INDEX_MEDIA = 'application/vnd.oci.image.index.v1+json';
const invalid = (msg) => {
    throw new EnclaveBuildError('INPUT_INVALID', `OCI layout: ${msg}`);
};
/** Reads a blob of the layout and checks its digest and size. */
async function readBlob(dir, d, maxBytes = 2 ** 32) {
    if (typeof d.digest !== 'string' || !DIGEST.test(d.digest))
        invalid(`unsupported digest ${JSON.stringify(d.digest)} (sha256 only)`);
    const bytes = await readInputFile(join(dir, 'blobs', 'sha256', d.digest.slice(7)), `blob ${d.digest}`, { maxBytes });
    const got = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (got !== d.digest)
        invalid(`blob ${d.digest} has digest ${got}`);
    if (typeof d.size === 'number' && d.size !== bytes.length)
        invalid(`blob ${d.digest} is ${bytes.length} bytes, its descriptor says ${d.size}`);
    return bytes;
}
/**
 * Opens the single-platform image of an OCI layout directory. Every
 * document is shape-checked (model/oci-shape.ts) before a field of it is used.
 */
async function readLayout(dir) {
    let list = indexManifests(await readInputFile(join(dir, 'index.json'), 'index.json', {
        maxBytes: MAX_JSON
    }), 'index.json', LOCAL_LAYOUT);
    let desc;
    for (let depth = 0; depth < 2 && desc === undefined; depth++) {
        const images = list.filter((m) => m.mediaType !== INDEX_MEDIA);
        const pick = images.length === 1
            ? images[0]
            : images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
        if (pick)
            desc = pick;
        else if (list.length === 1)
            list = indexManifests(await readBlob(dir, list[0], MAX_JSON), 'the nested index', LOCAL_LAYOUT);
        else
            break;
    }
    if (!desc)
        return invalid('index.json must name exactly one image manifest (or a linux/amd64 one)');
    const manifest = imageManifest(await readBlob(dir, desc, MAX_JSON), LOCAL_LAYOUT);
    const config = imageConfig(await readBlob(dir, manifest.config, MAX_JSON), manifest.layers.length, LOCAL_LAYOUT);
    return {
        manifestDigest: desc.digest,
        manifest,
        config,
        configDigest: manifest.config.digest,
        blob: (d) => readBlob(dir, d)
    };
}

/**
 * The base image: a registry image pinned by digest (pulled through the
 * pipeline's OCI client, as `oci image --base` pulls it), a local layout,
 * or none (scratch); with what provenance records as its pin.
 */
async function openBase(ctx, o, architecture) {
    const input = ctx.input ?? actionInputName;
    const remote = o['oci-base'] !== '' && o['oci-base'] !== 'scratch';
    if (remote && o['oci-base-layout'] !== '')
        throw new EnclaveBuildError('INPUT_INVALID', `give ${input('oci-base')} or ${input('oci-base-layout')}, not both`);
    if (remote) {
        if (!ctx.pullImage)
            throw new EnclaveBuildError('INTERNAL', 'the oci target was run without a registry client for oci-base');
        const image = await ctx.pullImage(o['oci-base'], input('oci-base'), architecture);
        ctx.log(`base ${image.reference}: linux/${architecture} manifest ${image.manifestDigest}, ${image.manifest.layers.length} layer(s), each checked against its digest`);
        return {
            image,
            // what the user pinned: the index digest for a multi-platform base
            pin: {
                name: 'base-image',
                path: image.reference,
                sha256: image.reference.slice(image.reference.lastIndexOf(':') + 1)
            }
        };
    }
    if (o['oci-base-layout'] === '')
        return undefined;
    const image = await readLayout(resolve(o['oci-base-layout']));
    return {
        image,
        pin: {
            name: 'base-manifest',
            path: o['oci-base-layout'],
            sha256: image.manifestDigest.slice(7)
        }
    };
}

/**
 * Writes an image as an OCI image layout (oci-layout, index.json naming the
 * one manifest with its platform and a ref.name tag, blobs/sha256/…). The
 * directory must be new or empty: a layout half-mixed with another image
 * would list blobs nobody checked. The layout is written whole into a
 * temp directory beside it and renamed into place, so a failure (a full
 * disk, a signal) leaves no half layout that a re-run would then refuse as
 * "not empty", and a directory swapped in during the run is never written
 * into.
 */
async function writeLayout(dir, image, tag = 'latest') {
    let existing = [];
    try {
        existing = await readdir(dir);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw new EnclaveBuildError('INPUT_INVALID', `--output ${dir} is not a directory we can list`);
    }
    if (existing.length > 0)
        throw new EnclaveBuildError('INPUT_INVALID', `--output ${dir} is not empty; give a new directory`);
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag))
        throw new EnclaveBuildError('INPUT_INVALID', `--tag ${JSON.stringify(tag)} is not an OCI tag`);
    const index = {
        schemaVersion: 2,
        mediaType: MEDIA_INDEX,
        manifests: [
            {
                ...image.manifestDescriptor,
                annotations: { 'org.opencontainers.image.ref.name': tag }
            }
        ]
    };
    // the parent must exist for the temp beside it (as for a new directory)
    await mkdir(join(dir, '..'), { recursive: true }).catch((err) => {
        throw fileError(err, dir, 'the output directory', 'write');
    });
    const tmp = tempBeside(dir);
    try {
        const blobDir = join(tmp, 'blobs', 'sha256');
        await mkdir(blobDir, { recursive: true });
        for (const [digest, bytes] of [...image.blobs].sort(([a], [b]) => a < b ? -1 : 1))
            await writeFile(join(blobDir, digest.slice(7)), bytes, { mode: 0o644 });
        await writeFile(join(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
        await writeFile(join(tmp, 'index.json'), JSON.stringify(index));
        // rename(2) puts a directory over a missing or empty one only
        await rename(tmp, dir);
        untrackTemp(tmp);
    }
    catch (err) {
        await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
        untrackTemp(tmp);
        if (err.code === 'ENOTEMPTY')
            throw new EnclaveBuildError('IO_ERROR', `--output ${dir} was filled by something else during the run; nothing was written, give a new directory`);
        throw fileError(err, dir, 'the output directory', 'write');
    }
}

/**
 * The OCI target: the Go binary as a reproducible single-platform image
 * (created = the commit time, so the same commit gives the same digest on
 * any runner), measured as IMAGE_DIGEST; optionally the CoCo initdata
 * (COCO_INITDATA) and the confidential ACI policy (ACI_HOST_DATA) that go
 * with it.
 */
const ARCH = { 62: 'amd64', 183: 'arm64' };
function lines(v) {
    return v
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}
async function runOci(ctx, o) {
    const binary = await readInputFile(ctx.binaryPath, 'the Go binary');
    const architecture = ARCH[readElfHeader(binary).machine];
    if (!architecture)
        throw new EnclaveBuildError('INPUT_INVALID', 'the Go binary is neither x86-64 nor arm64');
    const base = await openBase(ctx, o, architecture);
    // a cgo binary's loader and libraries: from cgo-sysroot, or refused on
    // scratch where nothing else brings them (a base image may hold them)
    const sysroot = ctx.cgoSysroot ?? '';
    const closure = base === undefined || sysroot !== ''
        ? await initClosure(binary, sysroot, ctx.input ?? actionInputName)
        : [];
    const baseLayers = [];
    for (const d of base?.image.manifest.layers ?? [])
        baseLayers.push({ descriptor: d, bytes: await base.image.blob(d) });
    const image = buildImage({
        binary,
        closure: new Map(closure.map((f) => [f.path, f.data])),
        entrypoint: o['oci-entrypoint'] !== ''
            ? o['oci-entrypoint']
            : `/app/${basename(ctx.binaryPath)}`,
        env: lines(o['oci-env']).map(([k, v]) => `${k}=${v}`),
        labels: Object.fromEntries(lines(o['oci-labels'])),
        ...(o['oci-user'] !== '' ? { user: o['oci-user'] } : {}),
        created: new Date(Math.floor(ctx.commitTime.getTime() / 1000) * 1000)
            .toISOString()
            .replace('.000Z', 'Z'),
        architecture,
        compression: o['oci-compression'],
        ...(base ? { base: base.image } : {})
    }, baseLayers);
    const layout = join(ctx.outDir, 'oci-image');
    await writeLayout(layout, image);
    // what a Confidential Space token for this image must say (Google's token
    // claims): image_digest for a single-platform push, image_id = the config
    // digest, and the launch policy the launcher enforces from the labels
    const labels = Object.fromEntries(lines(o['oci-labels']));
    const claims = {
        'submods.container.image_digest': image.digest,
        'submods.container.image_id': image.config,
        launch_policy: Object.fromEntries(Object.entries(labels).filter(([k]) => k.startsWith('tee.launch_policy.'))),
        note: 'image_digest is the manifest digest when this image is pushed as is; pushed inside an index, the token carries the index digest instead'
    };
    const claimsPath = join(ctx.outDir, 'cs-expected-claims.json');
    await writeFileAtomic(claimsPath, `${JSON.stringify(claims, null, 2)}\n`);
    ctx.log(`OCI image ${image.digest} at ${layout}`);
    const hex = image.digest.slice(7);
    const result = {
        target: 'oci',
        artifacts: [
            {
                kind: 'oci-manifest',
                path: join(layout, 'blobs', 'sha256', hex),
                sha256: hex
            },
            {
                kind: 'cs-expected-claims',
                path: claimsPath,
                sha256: sha256Hex(`${JSON.stringify(claims, null, 2)}\n`)
            }
        ],
        measurements: [measurement('IMAGE_DIGEST', 'sha256', hex)],
        pinned: [...(base ? [base.pin] : []), ...closurePins(closure, sysroot)],
        outputs: {
            'image-layout': layout,
            'image-digest': image.digest,
            'config-digest': image.config,
            'diff-ids': image.diffIds.join(','),
            'initdata-digest': '',
            'aci-host-data': ''
        },
        parameters: {
            mode: 'oci',
            architecture,
            compression: o['oci-compression'],
            diffIds: image.diffIds,
            config: image.config
        }
    };
    const initFiles = lines(o['oci-initdata-files']);
    if (initFiles.length > 0) {
        const { writeInitdata, initdataDigest } = await import('./initdata-DleOMRHE.js');
        const files = new Map();
        for (const [name, path] of initFiles)
            files.set(name, (await readInputFile(resolve(path), `initdata ${name}`, {
                maxBytes: 1 << 20
            })).toString('utf8'));
        const doc = writeInitdata(files, o['oci-initdata-algorithm']);
        const path = join(ctx.outDir, 'initdata.toml');
        await writeFileAtomic(path, doc);
        const d = initdataDigest(Buffer.from(doc), o['oci-initdata-algorithm']);
        result.artifacts.push({
            kind: 'coco-initdata',
            path,
            sha256: sha256Hex(doc)
        });
        result.measurements.push(measurement('COCO_INITDATA', o['oci-initdata-algorithm'], d.digest), 
        // as TDX reports it (MRCONFIGID, 48 bytes) and, unless an ACI policy
        // takes the field, as SEV-SNP reports it (HOST_DATA, 32 bytes)
        measurement('MRCONFIGID', 'sha384', d.tdxMrConfigId));
        if (o['oci-aci-policy'] !== 'true')
            result.measurements.push(measurement('HOST_DATA', 'sha256', d.snpHostData));
        result.outputs['initdata-digest'] = d.digest;
    }
    if (o['oci-aci-policy'] === 'true') {
        const { layerRootHash } = await import('./layer-hash-fWPyoDMH.js');
        const { acePolicy } = await import('./policy-CGJtTrHA.js');
        const { gunzipSync } = await import('node:zlib');
        const layers = [
            ...baseLayers.map((l) => l.bytes),
            image.blobs.get(image.layers[image.layers.length - 1])
        ].map((b) => layerRootHash(b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b));
        const { text, hostData } = acePolicy({
            id: `@${image.digest}`,
            config: JSON.parse(image.blobs.get(image.config).toString()),
            layers
        });
        const path = join(ctx.outDir, 'aci-policy.rego');
        await writeFileAtomic(path, text);
        result.artifacts.push({ kind: 'aci-policy', path, sha256: hostData });
        result.measurements.push(measurement('ACI_HOST_DATA', 'sha256', hostData), measurement('HOST_DATA', 'sha256', hostData));
        result.outputs['aci-host-data'] = hostData;
    }
    return result;
}
/** The OCI image target. */
const ociTarget = {
    name: 'oci',
    run: runOci
};

export { ociTarget };
