import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { i as isTable, d as describe } from './toml-C7V3IjSn.js';

/**
 * The manifest model of Gramine v1.9 (python/graminelibos/manifest.py
 * Manifest.__init__): defaults are inserted in Gramine's order, because
 * insertion order decides where they land in the written TOML.
 */
/** Gramine's PKGLIBDIR in the Debian/Ubuntu packages. */
const DEFAULT_PKGLIBDIR = '/usr/lib/x86_64-linux-gnu/gramine';
const DEFAULT_ENCLAVE_SIZE_NO_EDMM = '256M';
const DEFAULT_ENCLAVE_SIZE_WITH_EDMM = '1024G';
const DEFAULT_THREAD_NUM = 4n;
function manifestError(message) {
    throw new EnclaveBuildError('MANIFEST_INVALID', message);
}
function setDefault(t, key, value) {
    if (!t.has(key))
        t.set(key, value);
    return t.get(key);
}
function tableAt(t, key, where) {
    const v = setDefault(t, key, new Map());
    if (!isTable(v))
        manifestError(`${where} must be a TOML table`);
    return v;
}
/**
 * Inserts Gramine's defaults into a parsed manifest (in place) and
 * normalises sgx.trusted_files entries to `{uri[, sha256]}` tables. Returns
 * the loader.entrypoint table; its sha256 is left for the caller to fill
 * (it needs the file system).
 */
function applyDefaults(manifest, pkglibdir) {
    const sgx = tableAt(manifest, 'sgx', 'sgx');
    setDefault(sgx, 'trusted_files', []);
    setDefault(sgx, 'max_threads', DEFAULT_THREAD_NUM);
    setDefault(sgx, 'isvprodid', 0n);
    setDefault(sgx, 'isvsvn', 0n);
    setDefault(sgx, 'remote_attestation', 'none');
    setDefault(sgx, 'debug', false);
    setDefault(sgx, 'enable_stats', false);
    setDefault(sgx, 'edmm_enable', false);
    // Python truthiness of the value decides the default size.
    setDefault(sgx, 'enclave_size', pyTruthy(sgx.get('edmm_enable'))
        ? DEFAULT_ENCLAVE_SIZE_WITH_EDMM
        : DEFAULT_ENCLAVE_SIZE_NO_EDMM);
    setDefault(sgx, 'use_exinfo', false);
    const cpu = tableAt(sgx, 'cpu_features', 'sgx.cpu_features');
    setDefault(cpu, 'avx', 'unspecified');
    setDefault(cpu, 'avx512', 'unspecified');
    setDefault(cpu, 'amx', 'unspecified');
    setDefault(cpu, 'mpx', 'disabled');
    setDefault(cpu, 'pkru', 'disabled');
    const tfs = sgx.get('trusted_files');
    if (!Array.isArray(tfs))
        manifestError('sgx.trusted_files must be a list (https://gramine.readthedocs.io/en/latest/manifest-syntax.html#trusted-files)');
    const normalised = tfs.map((tf) => {
        if (isTable(tf) && tf.has('uri'))
            return tf;
        if (typeof tf === 'string')
            return new Map([['uri', tf]]);
        return manifestError('an sgx.trusted_files entry must be "file:PATH" or { uri = "file:PATH", sha256 = "..." }');
    });
    const loader = tableAt(manifest, 'loader', 'loader');
    const entry = setDefault(loader, 'entrypoint', new Map());
    if (!isTable(entry))
        manifestError('loader.entrypoint must be a table { uri = "file:...", sha256 = "..." } (the string form is an error since Gramine v1.9)');
    if (!entry.has('uri'))
        entry.set('uri', `file:${pkglibdir}/libsysdb.so`);
    sgx.set('trusted_files', normalised);
    return entry;
}
/** Python's bool() of a TOML value. */
function pyTruthy(v) {
    if (v === undefined)
        return false;
    if (typeof v === 'boolean')
        return v;
    if (typeof v === 'bigint')
        return v !== 0n;
    if (typeof v === 'number')
        return v !== 0;
    if (typeof v === 'string' || Array.isArray(v))
        return v.length > 0;
    if (isTable(v))
        return v.size > 0;
    return true;
}
/** The path of a `file:` URI; other schemes are refused, as in Gramine. */
function uriToPath(uri) {
    if (typeof uri !== 'string' || !uri.startsWith('file:'))
        manifestError(`unsupported URI ${JSON.stringify(uri)}: only "file:" URIs can be measured`);
    return uri.slice('file:'.length);
}
/**
 * The checks gramine-manifest's schema makes on required keys, with
 * readable messages (a subset of Gramine's voluptuous schema: the keys and
 * types that matter to the build).
 */
function checkManifest(m) {
    const fs = m.get('fs');
    if (!isTable(fs))
        manifestError('required key fs.mounts is missing (add fs.mounts = [...])');
    const mounts = fs.get('mounts');
    if (!Array.isArray(mounts))
        manifestError('fs.mounts must be a list of mount tables');
    mounts.forEach((mt, i) => {
        if (!isTable(mt) || typeof mt.get('path') !== 'string')
            manifestError(`fs.mounts[${i}] needs a path = "..." string`);
        const type = mt.get('type') ?? 'chroot';
        if (type !== 'tmpfs' && typeof mt.get('uri') !== 'string')
            manifestError(`fs.mounts[${i}] (type ${describe(type)}) needs a uri = "..." string`);
    });
    const libos = m.get('libos');
    if (!isTable(libos) || typeof libos.get('entrypoint') !== 'string')
        manifestError('required key libos.entrypoint is missing (a path string inside the enclave)');
    const entry = m.get('loader') && isTable(m.get('loader'))
        ? m.get('loader').get('entrypoint')
        : undefined;
    if (!isTable(entry) || typeof entry.get('uri') !== 'string')
        manifestError('required key loader.entrypoint.uri is missing');
    const sgx = m.get('sgx');
    if (!isTable(sgx))
        return;
    const types = {
        debug: 'boolean',
        edmm_enable: 'boolean',
        enable_stats: 'boolean',
        use_exinfo: 'boolean',
        enclave_size: 'string',
        isvprodid: 'bigint',
        isvsvn: 'bigint',
        max_threads: 'bigint',
        remote_attestation: 'string'
    };
    for (const [key, type] of Object.entries(types)) {
        const v = sgx.get(key);
        if (v !== undefined && typeof v !== type)
            manifestError(`sgx.${key} must be a ${type === 'bigint' ? 'integer' : type}, not ${describe(v)}`);
    }
}

export { DEFAULT_PKGLIBDIR as D, applyDefaults as a, checkManifest as c, pyTruthy as p, uriToPath as u };
