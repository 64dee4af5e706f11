import { createHash } from 'node:crypto';
import { p as parse } from './parse-DtD2HBJZ.js';
import { E as EnclaveBuildError } from '../index.js';
import 'node:os';
import 'node:fs';
import 'node:path';
import 'node:fs/promises';
import 'node:child_process';

/** The only initdata version the spec defines. */
const INITDATA_VERSION = '0.1.0';
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

export { INITDATA_VERSION, fitDigest, initdataDigest, writeInitdata };
