import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

// Why this file is long: a strict DER reader and the extension decoders that use its cursor; path validation needs all of them and nothing else does.
/*
 * A strict DER reader for the X.509 extensions path validation needs and
 * node:crypto's X509Certificate does not expose: basicConstraints with its
 * pathLenConstraint, the keyUsage bits and which extensions are critical
 * (RFC 5280 §4.1, §4.2). It walks only the structure down to the
 * extensions; everything else is skipped by tag.
 */
/** The keyUsage bits of RFC 5280 §4.2.1.3, in bit order. */
const KEY_USAGES = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
    'encipherOnly',
    'decipherOnly'
];
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const NAME_CONSTRAINTS = '2.5.29.30';
/**
 * Extensions that may be critical without making a certificate unusable:
 * the two read here, name constraints (reported separately), and those
 * that only identify keys or describe the certificate, which a pinned
 * chain does not depend on.
 */
const KNOWN_EXTENSIONS = new Set([
    BASIC_CONSTRAINTS,
    KEY_USAGE,
    NAME_CONSTRAINTS,
    '2.5.29.14', // subjectKeyIdentifier
    '2.5.29.35', // authorityKeyIdentifier
    '2.5.29.37', // extKeyUsage
    '2.5.29.17', // subjectAltName
    '2.5.29.32', // certificatePolicies
    '2.5.29.31', // cRLDistributionPoints
    '1.3.6.1.5.5.7.1.1' // authorityInfoAccess
]);
const BOOLEAN = 0x01;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const SEQUENCE = 0x30;
const VERSION = 0xa0; // [0] EXPLICIT
const ISSUER_UID = 0x81; // [1] IMPLICIT
const SUBJECT_UID = 0x82; // [2] IMPLICIT
const EXTENSIONS = 0xa3; // [3] EXPLICIT
/** Throws the coded error of a certificate that is not strict DER X.509. */
function malformed(detail) {
    throw new EnclaveBuildError('EVIDENCE_INVALID', `the certificate is malformed (${detail})`);
}
/** A cursor over the DER elements of one constructed value. */
class Der {
    bytes;
    pos = 0;
    constructor(bytes) {
        this.bytes = bytes;
    }
    /** Whether every element has been read. */
    get done() {
        return this.pos === this.bytes.length;
    }
    /** How many bytes are left to read. */
    get remaining() {
        return this.bytes.length - this.pos;
    }
    /** The contents of the next element, which must have tag `tag`. */
    read(tag, what) {
        const contents = this.optional(tag);
        if (contents === undefined)
            return malformed(`${what} is missing`);
        return contents;
    }
    /** The contents of the next element if its tag is `tag`. */
    optional(tag) {
        if (this.done || this.bytes[this.pos] !== tag)
            return undefined;
        const [start, length] = this.header();
        this.pos = start + length;
        return this.bytes.subarray(start, start + length);
    }
    /** Refuses bytes after the last element expected. */
    end(what) {
        if (!this.done)
            malformed(`unexpected data after ${what}`);
    }
    /**
     * Reads the length octets after the tag: definite, minimal, and within
     * these bytes, as DER requires (BER's other forms would let two parsers
     * see different extensions in the same certificate).
     */
    header() {
        const b = this.bytes;
        let at = this.pos + 1;
        if (at >= b.length)
            return malformed('truncated length');
        const first = b[at++];
        let length = first;
        if (first & 0x80) {
            const count = first & 0x7f;
            if (count === 0)
                malformed('indefinite length');
            if (count > 3)
                malformed('length too large');
            if (at + count > b.length)
                malformed('truncated length');
            length = 0;
            for (let i = 0; i < count; i++)
                length = length * 256 + b[at + i];
            if (b[at] === 0 || length < 0x80)
                malformed('length not minimally encoded');
            at += count;
        }
        if (length > b.length - at)
            malformed('element longer than its container');
        return [at, length];
    }
}
/** The one element of `bytes`, which must be a `tag` and nothing after. */
function only(bytes, tag, what) {
    const der = new Der(bytes);
    const contents = der.read(tag, what);
    der.end(what);
    return contents;
}
/** A DER BOOLEAN: exactly 0x00 or 0xff. */
function boolean(contents, what) {
    if (contents.length !== 1 || (contents[0] !== 0 && contents[0] !== 0xff))
        malformed(`${what} is not a DER BOOLEAN`);
    return contents[0] === 0xff;
}
/** A minimally encoded, non-negative INTEGER of at most 32 bits. */
function smallInteger(contents, what) {
    if (contents.length === 0)
        return malformed(`${what} is empty`);
    if (contents[0] & 0x80)
        malformed(`${what} is negative`);
    if (contents.length > 1 && contents[0] === 0 && !(contents[1] & 0x80))
        malformed(`${what} is not minimally encoded`);
    const digits = contents[0] === 0 ? contents.subarray(1) : contents;
    if (digits.length > 4)
        malformed(`${what} is too large`);
    return digits.reduce((n, byte) => n * 256 + byte, 0);
}
/**
 * A DER value that must be exactly one `INTEGER` of at most 32 bits
 * (vendor extensions such as AMD's TCB SPLs).
 */
function derSmallInteger(value, what) {
    return smallInteger(only(value, INTEGER, what), what);
}
/** The contents of a DER value that must be exactly one element tagged `tag`. */
function derOnly(value, tag, what) {
    return only(value, tag, what);
}
/**
 * The elements of a constructed value's contents, in order, each checked as
 * strict DER (definite, minimal lengths within the container).
 */
function derElements(contents) {
    const out = [];
    const der = new Der(contents);
    while (!der.done) {
        const start = contents.length - der.remaining;
        const tag = contents[start];
        const inner = der.read(tag, 'element');
        out.push({
            tag,
            contents: inner,
            encoded: contents.subarray(start, contents.length - der.remaining)
        });
    }
    return out;
}
/** Dotted form of an OBJECT IDENTIFIER's contents (arcs of any size). */
function objectIdentifier(contents) {
    if (contents.length === 0)
        return malformed('empty OBJECT IDENTIFIER');
    const arcs = [];
    let arc = 0n;
    let fresh = true;
    for (const byte of contents) {
        if (fresh && byte === 0x80)
            malformed('OBJECT IDENTIFIER arc not minimally encoded');
        arc = (arc << 7n) | BigInt(byte & 0x7f);
        fresh = (byte & 0x80) === 0;
        if (fresh) {
            arcs.push(arc);
            arc = 0n;
        }
    }
    if (!fresh)
        malformed('truncated OBJECT IDENTIFIER');
    // The first subidentifier packs the first two arcs (X.690 §8.19.4).
    const [head, ...rest] = arcs;
    const top = head < 40n ? 0n : head < 80n ? 1n : 2n;
    return [top, head - top * 40n, ...rest].join('.');
}
/** basicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } */
function basicConstraints(value) {
    const der = new Der(only(value, SEQUENCE, 'basicConstraints'));
    const flag = der.optional(BOOLEAN);
    const ca = flag === undefined ? false : boolean(flag, 'cA');
    const pathLen = der.optional(INTEGER);
    der.end('basicConstraints');
    if (pathLen === undefined)
        return { ca };
    return { ca, pathLen: smallInteger(pathLen, 'pathLenConstraint') };
}
/** keyUsage ::= BIT STRING, bit 0 first; unused trailing bits must be 0. */
function keyUsage(value) {
    const bits = only(value, BIT_STRING, 'keyUsage');
    if (bits.length === 0)
        return malformed('keyUsage BIT STRING is empty');
    const unused = bits[0];
    if (unused > 7 || (bits.length === 1 && unused !== 0))
        malformed('keyUsage BIT STRING has a bad unused-bits count');
    if ((bits[bits.length - 1] & ((1 << unused) - 1)) !== 0)
        malformed('keyUsage BIT STRING has unused bits set');
    const usages = new Set();
    KEY_USAGES.forEach((usage, i) => {
        const byte = 1 + (i >> 3);
        if (byte < bits.length && bits[byte] & (0x80 >> (i & 7)))
            usages.add(usage);
    });
    return usages;
}
/** The [0] EXPLICIT version: 0 (v1) when absent, else 0..2. */
function version(tbs) {
    const explicit = tbs.optional(VERSION);
    if (explicit === undefined)
        return 0;
    const v = smallInteger(only(explicit, INTEGER, 'version'), 'version');
    if (v > 2)
        malformed(`unknown certificate version ${v + 1}`);
    return v;
}
/** The contents of tbsCertificate's extensions, if any (v3 only). */
function extensionList(der) {
    const certificate = new Der(only(der, SEQUENCE, 'Certificate'));
    const tbs = new Der(certificate.read(SEQUENCE, 'tbsCertificate'));
    certificate.read(SEQUENCE, 'signatureAlgorithm');
    certificate.read(BIT_STRING, 'signatureValue');
    certificate.end('signatureValue');
    const v = version(tbs);
    tbs.read(INTEGER, 'serialNumber');
    for (const field of [
        'signature',
        'issuer',
        'validity',
        'subject',
        'subjectPublicKeyInfo'
    ])
        tbs.read(SEQUENCE, field);
    tbs.optional(ISSUER_UID);
    tbs.optional(SUBJECT_UID);
    const extensions = tbs.optional(EXTENSIONS);
    tbs.end('tbsCertificate');
    if (extensions === undefined)
        return undefined;
    if (v !== 2)
        malformed('extensions in a certificate before version 3');
    return only(extensions, SEQUENCE, 'extensions');
}
/**
 * Reads the extensions of a DER certificate (`X509Certificate.raw`).
 * Malformed DER, a duplicated extension (RFC 5280 §4.2) or a malformed
 * basicConstraints/keyUsage value is EVIDENCE_INVALID; it never throws
 * anything else.
 */
function readExtensions(der) {
    const result = {
        nameConstraints: false,
        criticalUnknown: [],
        values: new Map()
    };
    const list = extensionList(der);
    if (list === undefined)
        return result;
    const extensions = new Der(list);
    if (extensions.done)
        malformed('empty extensions');
    const seen = new Set();
    while (!extensions.done) {
        const ext = new Der(extensions.read(SEQUENCE, 'Extension'));
        const oid = objectIdentifier(ext.read(OID, 'extnID'));
        // DER omits a FALSE default, but explicit FALSE is common in the wild
        // and harmless, so only the value itself is checked.
        const flag = ext.optional(BOOLEAN);
        const critical = flag !== undefined && boolean(flag, 'critical');
        const value = ext.read(OCTET_STRING, 'extnValue');
        ext.end('Extension');
        if (seen.has(oid))
            malformed(`extension ${oid} appears twice`);
        seen.add(oid);
        result.values.set(oid, value);
        if (oid === BASIC_CONSTRAINTS)
            result.basicConstraints = basicConstraints(value);
        else if (oid === KEY_USAGE)
            result.keyUsage = keyUsage(value);
        else if (oid === NAME_CONSTRAINTS)
            result.nameConstraints = true;
        if (critical && !KNOWN_EXTENSIONS.has(oid))
            result.criticalUnknown.push(oid);
    }
    return result;
}

export { derOnly as a, derSmallInteger as b, derElements as d, objectIdentifier as o, readExtensions as r };
