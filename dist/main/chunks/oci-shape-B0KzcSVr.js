import { E as EnclaveBuildError } from '../index.js';

/**
 * The most layers an image may list. Docker chains at most 125
 * (moby layer/layer_store.go, maxLayerDepth); eight times that is far
 * above any image a runtime can start, and keeps a manifest of a million
 * descriptors from becoming a million reads.
 */
const MAX_LAYERS = 1000;
/** The most descriptors an index may list (a multi-platform index has a few dozen). */
const MAX_INDEX_ENTRIES = 4096;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A local layout's documents: the user's input. */
const LOCAL_LAYOUT = {
    code: 'INPUT_INVALID',
    prefix: 'OCI layout:'
};
function fail(src, msg) {
    throw new EnclaveBuildError(src.code, `${src.prefix} ${msg}`);
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Parses JSON text into an object (not null, not a list). */
function jsonObject(bytes, what, src) {
    let v;
    try {
        v = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        return fail(src, `${what} is not JSON`);
    }
    if (!isObject(v))
        return fail(src, `${what} is not a JSON object`);
    return v;
}
/** A content descriptor: a sha256 digest, a size, a media type. */
function descriptor(v, what, src) {
    if (!isObject(v))
        return fail(src, `${what} is not a descriptor object`);
    if (typeof v.digest !== 'string' || !DIGEST.test(v.digest))
        fail(src, `${what} has the unsupported digest ${JSON.stringify(v.digest)} (sha256:<64 hex> only)`);
    if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0)
        fail(src, `${what} has no valid size`);
    if (v.mediaType !== undefined && typeof v.mediaType !== 'string')
        fail(src, `${what} has a mediaType that is not text`);
    if (v.platform !== undefined && !isObject(v.platform))
        fail(src, `${what} has a platform that is not an object`);
    return v;
}
function list(v, what, max, src) {
    if (!Array.isArray(v))
        return fail(src, `${what} is not a list`);
    if (v.length > max)
        fail(src, `${what} lists ${v.length} entries, more than ${max}`);
    return v;
}
/** The descriptors of an image index (`manifests`; absent means none). */
function indexManifests(bytes, what, src) {
    return indexEntries(jsonObject(bytes, what, src), what, src);
}
/** indexManifests of an index already parsed (by jsonObject). */
function indexEntries(index, what, src) {
    if (index.manifests === undefined || index.manifests === null)
        return [];
    return list(index.manifests, `${what}'s manifests`, MAX_INDEX_ENTRIES, src).map((d, i) => descriptor(d, `${what}'s manifest ${i}`, src));
}
/** An image manifest: a config descriptor and at most MAX_LAYERS layers. */
function imageManifest(bytes, src) {
    return manifestShape(jsonObject(bytes, 'the manifest', src), src);
}
/** imageManifest of a manifest already parsed (by jsonObject). */
function manifestShape(m, src) {
    if (m.config === undefined || m.layers === undefined)
        fail(src, 'the manifest has no config or layers');
    descriptor(m.config, "the manifest's config", src);
    list(m.layers, "the manifest's layers", MAX_LAYERS, src).forEach((d, i) => descriptor(d, `layer ${i}`, src));
    return m;
}
const strings = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
/**
 * An image config: os and architecture, `rootfs.diff_ids` one per layer,
 * and the runtime fields this project copies (each of its JSON type or
 * null, as Docker writes absent ones).
 */
function imageConfig(bytes, layers, src) {
    const c = jsonObject(bytes, 'the config', src);
    if (typeof c.os !== 'string' || typeof c.architecture !== 'string')
        fail(src, 'the config has no os or architecture');
    const rootfs = c.rootfs;
    if (!isObject(rootfs) || !strings(rootfs.diff_ids))
        return fail(src, 'the config has no rootfs.diff_ids list');
    const diffIds = rootfs.diff_ids;
    if (diffIds.length !== layers)
        fail(src, `the config lists ${diffIds.length} diff_ids for the manifest's ${layers} layers`);
    if (c.history !== undefined &&
        c.history !== null &&
        !Array.isArray(c.history))
        fail(src, 'the config history is not a list');
    const rc = c.config;
    if (rc === undefined || rc === null)
        return c;
    if (!isObject(rc))
        return fail(src, 'the config field "config" is not an object');
    const fields = [
        ['User', (v) => typeof v === 'string'],
        ['WorkingDir', (v) => typeof v === 'string'],
        ['Env', strings],
        ['Entrypoint', strings],
        ['Cmd', strings],
        [
            'Labels',
            (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string')
        ]
    ];
    for (const [k, ok] of fields)
        if (rc[k] !== undefined && rc[k] !== null && !ok(rc[k]))
            fail(src, `the config's ${k} is not of its type`);
    return c;
}

export { LOCAL_LAYOUT as L, imageConfig as a, indexManifests as b, imageManifest as c, indexEntries as i, jsonObject as j, manifestShape as m };
