import { createHash } from 'node:crypto';
import { p as parse } from './parse-DtD2HBJZ.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * Confidential Containers initdata (confidential-containers/trustee
 * kbs/docs/initdata.md): a TOML document `algorithm`, `version`, `[data]`
 * whose digest is the hash of its exact bytes, no canonical form. The TEE
 * carries that digest in a launch-time field (SNP HOST_DATA, TDX
 * MRCONFIGID) or in PCR 8 of a vTPM, so the document we write must be
 * byte-stable for given inputs: that is all this module promises.
 */
/** The digest algorithms the spec names. */
const INITDATA_ALGORITHMS = ['sha256', 'sha384', 'sha512'];
/** The only initdata version the spec defines. */
const INITDATA_VERSION = '0.1.0';
/** Checks an algorithm name from a flag or a document. */
function initdataAlgorithm(name) {
    if (typeof name === 'string' &&
        INITDATA_ALGORITHMS.includes(name))
        return name;
    throw new EnclaveBuildError('INPUT_INVALID', name === undefined
        ? 'the initdata document has no `algorithm` (sha256, sha384 or sha512); add one or pass --algorithm'
        : `initdata algorithm must be sha256, sha384 or sha512, not ${JSON.stringify(name)}`);
}
/**
 * A digest fitted to a register of `size` bytes, as kata's adjust_digest
 * and trustee's regularize_data do: cut when longer, zero-filled when
 * shorter.
 */
function fitDigest(digest, size) {
    const out = Buffer.alloc(size);
    digest.copy(out, 0, 0, Math.min(size, digest.length));
    return out;
}
/** The digest of an initdata document's exact bytes and its register forms. */
function initdataDigest(document, algorithm) {
    const d = createHash(algorithm).update(document).digest();
    return {
        algorithm,
        digest: d.toString('hex'),
        snpHostData: fitDigest(d, 32).toString('hex'),
        tdxMrConfigId: fitDigest(d, 48).toString('hex'),
        pcr8: algorithm === 'sha256'
            ? createHash('sha256')
                .update(Buffer.concat([Buffer.alloc(32), d]))
                .digest('hex')
            : null
    };
}
/** The `algorithm` a document declares (it must parse as initdata). */
function declaredAlgorithm(document) {
    let doc;
    try {
        doc = parse(new TextDecoder('utf-8', { fatal: true }).decode(document));
    }
    catch (err) {
        throw new EnclaveBuildError('TOML_INVALID', `the initdata document is not UTF-8 TOML (${err.message.split('\n')[0]}); give --algorithm to hash its bytes anyway`);
    }
    return initdataAlgorithm(doc.algorithm);
}
/** A TOML basic string: JSON's escapes are TOML's for every code point. */
function basicString(s) {
    return JSON.stringify(s).replace(/[\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/**
 * A value as a multi-line literal string (`'''` then a newline, which TOML
 * drops, then the text verbatim), the form the CoCo samples use, when the
 * text allows it: no `'''` inside, no control character but tab and LF,
 * and it must not end in `'` (that would run into the closing quotes).
 * Otherwise a basic string with escapes.
 */
function tomlValue(text) {
    const literalOk = !text.includes("'''") &&
        // eslint-disable-next-line no-control-regex -- exactly what TOML literals forbid
        !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) &&
        !text.endsWith("'");
    return literalOk ? `'''\n${text}'''` : basicString(text);
}
/** What `data` may be named: a file name, nothing that could be a path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/**
 * Writes the initdata document for `files` (name → UTF-8 text), entries
 * sorted by name so the order of flags does not change the bytes. The
 * result is parsed back and compared, so a writer bug cannot emit a
 * document that means something else.
 */
function writeInitdata(files, algorithm) {
    const names = [...files.keys()].sort();
    for (const n of names)
        if (!NAME.test(n))
            throw new EnclaveBuildError('INPUT_INVALID', `initdata entry name ${JSON.stringify(n)} must be a plain file name (letters, digits, ".", "_", "-")`);
    let doc = `algorithm = "${algorithm}"\nversion = "${INITDATA_VERSION}"\n\n[data]\n`;
    // entries apart by a blank line, no newline after the last: the layout of
    // the cloud-api-adaptor initdata fixture, so the same files give its bytes
    doc += names
        .map((n) => `${basicString(n)} = ${tomlValue(files.get(n) ?? '')}`)
        .join('\n\n');
    const back = parse(doc);
    const data = back.data ?? {};
    if (Object.keys(data).length !== names.length ||
        names.some((n) => data[n] !== files.get(n)))
        throw new EnclaveBuildError('INTERNAL', 'the initdata document written does not read back as its inputs');
    return doc;
}

export { INITDATA_ALGORITHMS, INITDATA_VERSION, declaredAlgorithm, fitDigest, initdataAlgorithm, initdataDigest, writeInitdata };
