import { createHash } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { crc32 } from 'node:zlib';

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

export { MEDIA_CONFIG, MEDIA_INDEX, MEDIA_LAYER, MEDIA_LAYER_GZIP, MEDIA_MANIFEST, buildImage, layerEntries };
