import { E as EnclaveBuildError, b as asEnclaveBuildError, p as parse, a as printJson } from './main-BBOv3w7w.js';
import { verify as verify$2, X509Certificate } from 'node:crypto';
import { T as Tag, D as Decoder } from './node-index-Cc57uaKN.js';
import { stat, readdir, readFile } from 'node:fs/promises';
import { j as httpRequest, H as HttpError, M as MEASUREMENT_PREDICATE_TYPE, m as measurementPredicateSchema, k as MEASUREMENT_SUBJECT_PREFIX, g as normalizeHex, l as lookupDigest, o as statementSchema } from './http-CmzbuuFs.js';
import { join, basename } from 'node:path';

/**
 * AWS Nitro Enclaves Root-G1 ("aws.nitro-enclaves", P-384, valid
 * 2019-10-28 to 2049-10-28), from AWS_NitroEnclaves_Root-G1.zip. Every
 * attestation document's cabundle starts with it.
 */
const AWS_NITRO_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIICETCCAZagAwIBAgIRAPkxdWgbkK/hHUbMtOTn+FYwCgYIKoZIzj0EAwMwSTEL
MAkGA1UEBhMCVVMxDzANBgNVBAoMBkFtYXpvbjEMMAoGA1UECwwDQVdTMRswGQYD
VQQDDBJhd3Mubml0cm8tZW5jbGF2ZXMwHhcNMTkxMDI4MTMyODA1WhcNNDkxMDI4
MTQyODA1WjBJMQswCQYDVQQGEwJVUzEPMA0GA1UECgwGQW1hem9uMQwwCgYDVQQL
DANBV1MxGzAZBgNVBAMMEmF3cy5uaXRyby1lbmNsYXZlczB2MBAGByqGSM49AgEG
BSuBBAAiA2IABPwCVOumCMHzaHDimtqQvkY4MpJzbolL//Zy2YlES1BR5TSksfbb
48C8WBoyt7F2Bw7eEtaaP+ohG2bnUs990d0JX28TcPQXCEPZ3BABIeTPYwEoCWZE
h8l5YoQwTcU/9KNCMEAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUkCW1DdkF
R+eWw5b6cp3PmanfS5YwDgYDVR0PAQH/BAQDAgGGMAoGCCqGSM49BAMDA2kAMGYC
MQCjfy+Rocm9Xue4YnwWmNJVA44fA0P5W2OpYow9OYCVRaEevL8uO1XYru5xtMPW
rfMCMQCi85sWBbJwKKXdS6BptQFuZbT73o/gBh1qUxl/nNr12UO8Yfwr6wPLb+6N
IwLz3/Y=
-----END CERTIFICATE-----
`;
/**
 * SHA-256 fingerprint of {@link AWS_NITRO_ROOT_PEM} as AWS publishes it
 * (docs.aws.amazon.com/enclaves/latest/user/verify-root.html). The verifier
 * checks the embedded PEM against it, so an edit to one without the other
 * fails loudly instead of trusting a different root.
 */
const AWS_NITRO_ROOT_SHA256 = '64:1A:03:21:A3:E2:44:EF:E4:56:46:31:95:D6:06:31:7E:D7:CD:CC:3C:17:56:E0:98:93:F3:C6:8F:79:BB:5B';

/*
 * The few CBOR pieces a Nitro attestation document needs. Decoding goes
 * through cbor-x with plain Maps (integer keys stay integers) and no record
 * extension; encoding is only ever the COSE Sig_structure, written by hand so
 * the signed bytes are exactly RFC 9052's and not up to an encoder's choices.
 */
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
/** COSE_Sign1 tag (RFC 9052); AWS may or may not send it. */
const COSE_SIGN1_TAG = 18;
/** Decodes one CBOR item; throws whatever cbor-x throws on bad input. */
function decodeCbor(bytes) {
    return decoder.decode(bytes);
}
/** True for a CBOR byte string as cbor-x returns it. */
function isBytes(v) {
    return v instanceof Uint8Array;
}
/**
 * Splits a COSE_Sign1, tagged or not. Returns a reason string instead of
 * throwing so the caller words the error for its evidence type.
 */
function splitCoseSign1(bytes) {
    let item = decodeCbor(bytes);
    if (item instanceof Tag) {
        if (item.tag !== COSE_SIGN1_TAG)
            return `CBOR tag ${item.tag} is not COSE_Sign1 (18)`;
        item = item.value;
    }
    if (!Array.isArray(item) || item.length !== 4)
        return 'not a COSE_Sign1 array of 4 items';
    const [protectedHeader, unprotected, payload, signature] = item;
    if (!isBytes(protectedHeader) || !isBytes(payload) || !isBytes(signature))
        return 'COSE_Sign1 protected header, payload and signature must be byte strings';
    return { protectedHeader, unprotected, payload, signature };
}
/** CBOR major type 2 (byte string) head for a length. */
function bytesHead(length) {
    if (length < 24)
        return Buffer.from([0x40 | length]);
    if (length < 0x100)
        return Buffer.from([0x58, length]);
    if (length < 0x10000) {
        const h = Buffer.alloc(3);
        h[0] = 0x59;
        h.writeUInt16BE(length, 1);
        return h;
    }
    const h = Buffer.alloc(5);
    h[0] = 0x5a;
    h.writeUInt32BE(length, 1);
    return h;
}
/**
 * Sig_structure = ["Signature1", protected, external_aad = h'', payload],
 * the bytes a COSE_Sign1 signature covers (RFC 9052 §4.4).
 */
function sigStructure(protectedHeader, payload) {
    return Buffer.concat([
        Buffer.from([0x84, 0x6a]),
        Buffer.from('Signature1', 'ascii'),
        bytesHead(protectedHeader.length),
        protectedHeader,
        bytesHead(0),
        bytesHead(payload.length),
        payload
    ]);
}

/** The kinds of evidence `verify --evidence-type` reads. */
const EVIDENCE_TYPES = ['nitro', 'sgx-quote', 'snp-report'];
/** Throws the one error every parser uses for malformed evidence. */
function invalidEvidence(type, detail) {
    throw new EnclaveBuildError('EVIDENCE_INVALID', `the ${type} evidence is malformed: ${detail}. Pass the raw evidence bytes as the enclave produced them`);
}
/** Lower-case hex of a byte range. */
function hexOf(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

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
        criticalUnknown: []
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

/** COSE algorithm identifier of ES384 (RFC 9053). */
const ES384 = -35;
/** Throws EVIDENCE_INVALID for this evidence type. */
function bad(detail) {
    return invalidEvidence('nitro', detail);
}
/** An optional byte-string field of at most `max` bytes, as hex or null. */
function optionalBytes(doc, key, max) {
    const v = doc.get(key);
    if (v === undefined || v === null)
        return null;
    if (!isBytes(v) || v.length > max)
        bad(`"${key}" must be a byte string of at most ${max} bytes`);
    return hexOf(v);
}
/** Parses one DER certificate of the document, coded on failure. */
function certificate(der, what) {
    if (!isBytes(der) || der.length < 1 || der.length > 1024)
        bad(`${what} must be a DER certificate of 1..1024 bytes`);
    try {
        return new X509Certificate(der);
    }
    catch {
        return bad(`${what} is not a valid X.509 certificate`);
    }
}
/** The pinned root, after checking the embedded copy against its fingerprint. */
function pinnedRoot(rootPem) {
    let root;
    try {
        root = new X509Certificate(rootPem ?? AWS_NITRO_ROOT_PEM);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', 'the Nitro root given with --nitro-root is not a PEM certificate');
    }
    if (rootPem === undefined && root.fingerprint256 !== AWS_NITRO_ROOT_SHA256)
        throw new EnclaveBuildError('INTERNAL', 'embedded AWS Nitro root changed');
    return root;
}
/** A certificate's subject on one line, for messages. */
function subjectOf(cert) {
    return cert.subject.replace(/\n/g, ', ');
}
/** The extensions of a certificate of the chain, coded with its subject. */
function extensionsOf(cert) {
    try {
        return readExtensions(cert.raw);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            bad(`certificate "${subjectOf(cert)}": ${err.message}`);
        throw err;
    }
}
/**
 * The RFC 5280 path constraints node:crypto leaves out (§4.2, §6.1.4):
 * no critical extension this code does not understand, no name
 * constraints (it cannot enforce them, and AWS's chain has none), every CA
 * allowed to sign certificates and to have the CAs below it, and the leaf
 * allowed to sign (it signs the COSE document). `path` runs leaf first.
 */
function checkPathConstraints(path) {
    path.forEach((cert, i) => {
        const name = subjectOf(cert);
        const ext = extensionsOf(cert);
        if (ext.criticalUnknown.length > 0)
            bad(`certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`);
        if (ext.nameConstraints)
            bad(`certificate "${name}" has name constraints, which this verifier does not support`);
        if (i === 0) {
            if (ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
                bad(`certificate "${name}" may not sign the document (keyUsage lacks digitalSignature)`);
            return;
        }
        if (ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
            bad(`certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`);
        // path[1..i-1] are the CAs below this one; the leaf does not count.
        // Self-issued CAs count too (§6.1.4 skips them): stricter, and AWS's
        // chain has none.
        const pathLen = ext.basicConstraints?.pathLen;
        if (pathLen !== undefined && i - 1 > pathLen)
            bad(`certificate "${name}" allows ${pathLen} intermediate CA(s) below it (pathLenConstraint) but has ${i - 1}`);
    });
}
/**
 * Checks leaf ← cabundle[n-1] ← … ← cabundle[0] = the pinned root: every
 * link signed by the next, every issuer a CA, every certificate valid at
 * `at`, and the path constraints of {@link checkPathConstraints}. The root
 * is compared by fingerprint, never trusted from the bundle.
 */
function verifyChain(leaf, bundle, root, at) {
    if (bundle[0].fingerprint256 !== root.fingerprint256)
        throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the Nitro document's certificate chain ends in "${subjectOf(bundle[0])}" (${bundle[0].fingerprint256}), not the pinned root ${root.fingerprint256}`);
    const path = [leaf, ...bundle.slice(1).reverse(), root];
    // First, so a CA whose keyUsage lacks keyCertSign is refused for that:
    // OpenSSL, behind X509Certificate.ca, calls it "not a CA".
    checkPathConstraints(path);
    for (let i = 0; i < path.length; i++) {
        const cert = path[i];
        if (at < cert.validFromDate || at > cert.validToDate)
            bad(`certificate "${subjectOf(cert)}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()})`);
        if (i === path.length - 1)
            break;
        const issuer = path[i + 1];
        if (!issuer.ca)
            bad(`certificate "${subjectOf(issuer)}" is not a CA`);
        if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
            bad(`certificate "${subjectOf(cert)}" is not signed by "${subjectOf(issuer)}"`);
    }
}
/** The PCR map: 1..32 entries, index 0..31, 32/48/64-byte values. */
function readPcrs(v) {
    if (!(v instanceof Map) || v.size < 1 || v.size > 32)
        bad('"pcrs" must be a map of 1 to 32 entries');
    const pcrs = new Map();
    for (const [k, value] of v) {
        if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 31)
            bad(`PCR index ${String(k)} is not in 0..31`);
        if (!isBytes(value) || ![32, 48, 64].includes(value.length))
            bad(`PCR${k} must be 32, 48 or 64 bytes`);
        pcrs.set(k, hexOf(value));
    }
    return pcrs;
}
/**
 * Parses and verifies a Nitro attestation document (COSE_Sign1 over a CBOR
 * map, ES384): the document fields, the certificate chain up to the pinned
 * AWS root, and the signature. Returns PCR0 as the measurement and all PCRs
 * as registers. Anything malformed is EVIDENCE_INVALID; a chain to another
 * root is TRUST_ROOT_UNKNOWN.
 */
function parseNitroDocument(bytes, options = {}) {
    const root = pinnedRoot(options.rootPem);
    let cose;
    let header;
    let doc;
    try {
        cose = splitCoseSign1(bytes);
        if (typeof cose === 'string')
            return bad(cose);
        header = decodeCbor(cose.protectedHeader);
        doc = decodeCbor(cose.payload);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            throw err;
        return bad(`not valid CBOR (${err.message})`);
    }
    if (!(header instanceof Map) || header.get(1) !== ES384)
        bad('the COSE algorithm is not ES384 (-35)');
    if (!(doc instanceof Map))
        return bad('the payload is not a CBOR map');
    const moduleId = doc.get('module_id');
    const timestamp = doc.get('timestamp');
    if (typeof moduleId !== 'string' || moduleId === '')
        bad('"module_id" must be a non-empty text string');
    if (doc.get('digest') !== 'SHA384')
        bad('"digest" must be "SHA384"');
    if (typeof timestamp !== 'number' ||
        !Number.isSafeInteger(timestamp) ||
        timestamp < 1)
        bad('"timestamp" must be a positive integer (ms since the epoch)');
    const pcrs = readPcrs(doc.get('pcrs'));
    const leaf = certificate(doc.get('certificate'), '"certificate"');
    const caBundle = doc.get('cabundle');
    if (!Array.isArray(caBundle) || caBundle.length < 1)
        bad('"cabundle" must be a non-empty array');
    const bundle = caBundle.map((c, i) => certificate(c, `cabundle[${i}]`));
    const publicKey = optionalBytes(doc, 'public_key', 1024);
    const userData = optionalBytes(doc, 'user_data', 1024);
    const nonce = optionalBytes(doc, 'nonce', 1024);
    const pcr0 = pcrs.get(0);
    if (pcr0?.length !== 96)
        return bad('PCR0 is missing or not 48 bytes');
    const at = options.at === 'document' ? new Date(timestamp) : options.at;
    verifyChain(leaf, bundle, root, at ?? new Date());
    const key = leaf.publicKey;
    if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
        bad('the signing certificate does not hold a P-384 key');
    if (cose.signature.length !== 96)
        bad('an ES384 signature is 96 bytes (r ‖ s)');
    const signed = sigStructure(cose.protectedHeader, cose.payload);
    const ok = verify$2('sha384', signed, { key, dsaEncoding: 'ieee-p1363' }, cose.signature);
    if (!ok)
        bad('the COSE signature does not verify with the signing certificate');
    const registers = [...pcrs.entries()]
        .sort(([a], [b]) => a - b)
        .filter(([, v]) => v.length === 96)
        .map(([i, value]) => ({
        name: `PCR${i}`,
        algorithm: 'sha384',
        value
    }));
    return {
        type: 'nitro',
        measurement: { name: 'PCR0', algorithm: 'sha384', value: pcr0 },
        registers,
        evidenceSignature: 'verified',
        fields: {
            moduleId,
            timestamp: new Date(timestamp).toISOString(),
            digest: 'SHA384',
            pcrs: Object.fromEntries([...pcrs.entries()]
                .sort(([a], [b]) => a - b)
                .map(([i, v]) => [String(i), v])),
            publicKey,
            userData,
            nonce,
            certificate: subjectOf(leaf),
            root: root.fingerprint256
        }
    };
}

/*
 * Intel SGX DCAP quote, versions 3 and 4, as laid out in Intel's "SGX ECDSA
 * Quote Library API" (sgx_quote_3.h / sgx_quote_4.h): a 48-byte header, the
 * 384-byte SGX report body, then a 4-byte length and the signature data.
 * All integers are little-endian.
 */
const HEADER_SIZE = 48;
const BODY_SIZE = 384;
const MIN_SIZE = HEADER_SIZE + BODY_SIZE + 4;
/** Attestation key types of the quote header. */
const KEY_TYPES = {
    2: 'ECDSA-256-with-P-256',
    3: 'ECDSA-384-with-P-384'
};
/** TEE type of a v4 header; only SGX carries an SGX report body. */
const TEE_SGX = 0x00;
const TEE_TDX = 0x81;
/**
 * Parses a DCAP quote and returns its report body (MRENCLAVE, MRSIGNER,
 * ISVPRODID, ISVSVN, attributes, report data). The quote's ECDSA signature,
 * the QE report and the PCK chain are NOT checked here: that needs Intel's
 * collateral (PCS), so the result says `evidenceSignature: "not-checked"`.
 */
function parseSgxQuote(quote) {
    const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength);
    if (b.length < MIN_SIZE)
        invalidEvidence('sgx-quote', `${b.length} bytes is shorter than a quote header and report body (${MIN_SIZE})`);
    const version = b.readUInt16LE(0);
    if (version !== 3 && version !== 4)
        invalidEvidence('sgx-quote', `quote version ${version} is not supported (only DCAP v3 and v4)`);
    const keyType = b.readUInt16LE(2);
    const keyName = KEY_TYPES[keyType];
    if (keyName === undefined)
        invalidEvidence('sgx-quote', `unknown attestation key type ${keyType}`);
    const teeType = b.readUInt32LE(4);
    if (version === 4 && teeType === TEE_TDX)
        invalidEvidence('sgx-quote', 'this is a TDX quote; only SGX quotes are supported');
    if (version === 4 && teeType !== TEE_SGX)
        invalidEvidence('sgx-quote', `unknown TEE type 0x${teeType.toString(16)}`);
    const sigLen = b.readUInt32LE(HEADER_SIZE + BODY_SIZE);
    if (sigLen > b.length - MIN_SIZE)
        invalidEvidence('sgx-quote', `signature data length ${sigLen} runs past the end of the ${b.length}-byte quote`);
    const body = b.subarray(HEADER_SIZE, HEADER_SIZE + BODY_SIZE);
    const mrenclave = hexOf(body.subarray(64, 96));
    const mrsigner = hexOf(body.subarray(128, 160));
    const flags = body.readBigUInt64LE(48);
    return {
        type: 'sgx-quote',
        measurement: { name: 'MRENCLAVE', algorithm: 'sha256', value: mrenclave },
        registers: [
            { name: 'MRENCLAVE', algorithm: 'sha256', value: mrenclave },
            { name: 'MRSIGNER', algorithm: 'sha256', value: mrsigner }
        ],
        evidenceSignature: 'not-checked',
        fields: {
            version,
            attestationKeyType: keyName,
            qeSvn: b.readUInt16LE(8),
            pceSvn: b.readUInt16LE(10),
            qeVendorId: hexOf(b.subarray(12, 28)),
            cpuSvn: hexOf(body.subarray(0, 16)),
            miscSelect: body.readUInt32LE(16),
            // Flags and XFRM as the hex of their 8 little-endian bytes, the way
            // gramine-sgx-sigstruct-view prints attribute_flags / attribute_xfrms.
            attributes: {
                flags: hexOf(body.subarray(48, 56)),
                xfrm: hexOf(body.subarray(56, 64)),
                debug: (flags & 2n) !== 0n,
                mode64bit: (flags & 4n) !== 0n
            },
            mrenclave,
            mrsigner,
            isvProdId: body.readUInt16LE(256),
            isvSvn: body.readUInt16LE(258),
            reportData: hexOf(body.subarray(320, 384)),
            signatureDataLength: sigLen
        }
    };
}

/*
 * AMD SEV-SNP ATTESTATION_REPORT (SEV Secure Nested Paging Firmware ABI
 * Specification, table "ATTESTATION_REPORT Structure"): 0x4A0 bytes,
 * little-endian, the signature over bytes 0x000-0x29F at 0x2A0.
 */
const REPORT_SIZE = 0x4a0;
/** MSG_REPORT_RSP (status, report_size, 24 reserved bytes) + the report. */
const RESPONSE_HEADER = 0x20;
/** Signature algorithm 1 is the only one AMD defines. */
const SIG_ALGOS = { 1: 'ECDSA-P384-SHA384' };
/** Decodes a TCB_VERSION (8 bytes: boot loader, TEE, 4 reserved, SNP, microcode). */
function tcb(b, at) {
    return {
        raw: hexOf(b.subarray(at, at + 8)),
        bootLoader: b[at],
        tee: b[at + 1],
        snp: b[at + 6],
        microcode: b[at + 7]
    };
}
/** The guest policy bits that matter to a relying party. */
function policy(value) {
    const bit = (n) => ((value >> BigInt(n)) & 1n) === 1n;
    return {
        raw: `0x${value.toString(16)}`,
        abiMinor: Number(value & 0xffn),
        abiMajor: Number((value >> 8n) & 0xffn),
        smt: bit(17),
        migrateMa: bit(18),
        debug: bit(19),
        singleSocket: bit(20)
    };
}
/**
 * Parses an SEV-SNP attestation report as written by the guest
 * (/dev/sev-guest, snpguest report; or the whole MSG_REPORT_RSP): MEASUREMENT, HOST_DATA, policy, report
 * data and the TCB values. The VCEK/VLEK signature is NOT checked here: that
 * needs AMD's KDS collateral, so the result says
 * `evidenceSignature: "not-checked"`.
 */
function parseSnpReport(report) {
    let b = Buffer.from(report.buffer, report.byteOffset, report.byteLength);
    // The firmware's whole MSG_REPORT_RSP, as some tools dump it: unwrap it
    // only when its header says "success, one report".
    if (b.length === RESPONSE_HEADER + REPORT_SIZE &&
        b.readUInt32LE(0) === 0 &&
        b.readUInt32LE(4) === REPORT_SIZE)
        b = b.subarray(RESPONSE_HEADER);
    if (b.length !== REPORT_SIZE)
        invalidEvidence('snp-report', `an attestation report is ${REPORT_SIZE} bytes, got ${b.length}`);
    const version = b.readUInt32LE(0);
    if (version < 2 || version > 5)
        invalidEvidence('snp-report', `report version ${version} is not a SEV-SNP report version (2-5)`);
    const sigAlgo = b.readUInt32LE(0x34);
    const measurement = hexOf(b.subarray(0x90, 0xc0));
    const flags = b.readUInt32LE(0x48);
    return {
        type: 'snp-report',
        measurement: {
            name: 'SNP_LAUNCH_DIGEST',
            algorithm: 'sha384',
            value: measurement
        },
        registers: [
            { name: 'SNP_LAUNCH_DIGEST', algorithm: 'sha384', value: measurement }
        ],
        evidenceSignature: 'not-checked',
        fields: {
            version,
            guestSvn: b.readUInt32LE(0x04),
            policy: policy(b.readBigUInt64LE(0x08)),
            familyId: hexOf(b.subarray(0x10, 0x20)),
            imageId: hexOf(b.subarray(0x20, 0x30)),
            vmpl: b.readUInt32LE(0x30),
            signatureAlgorithm: SIG_ALGOS[sigAlgo] ?? `unknown (${sigAlgo})`,
            currentTcb: tcb(b, 0x38),
            platformInfo: `0x${b.readBigUInt64LE(0x40).toString(16)}`,
            authorKeyEn: (flags & 1) === 1,
            maskChipKey: (flags & 2) === 2,
            signingKey: (flags >> 2) & 7,
            reportData: hexOf(b.subarray(0x50, 0x90)),
            measurement,
            hostData: hexOf(b.subarray(0xc0, 0xe0)),
            idKeyDigest: hexOf(b.subarray(0xe0, 0x110)),
            authorKeyDigest: hexOf(b.subarray(0x110, 0x140)),
            reportId: hexOf(b.subarray(0x140, 0x160)),
            reportIdMa: hexOf(b.subarray(0x160, 0x180)),
            reportedTcb: tcb(b, 0x180),
            chipId: hexOf(b.subarray(0x1a0, 0x1e0)),
            committedTcb: tcb(b, 0x1e0),
            launchTcb: tcb(b, 0x1f0)
        }
    };
}

/** Checks a user-given evidence type. */
function evidenceType(value) {
    if (!EVIDENCE_TYPES.includes(value))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-type must be one of ${EVIDENCE_TYPES.join(', ')}, got "${value}"`);
    return value;
}
/** Reads evidence of the given type; only Nitro has options (root, time). */
function readEvidence(type, bytes, nitro = {}) {
    switch (type) {
        case 'nitro':
            return parseNitroDocument(bytes, nitro);
        case 'sgx-quote':
            return parseSgxQuote(bytes);
        case 'snp-report':
            return parseSnpReport(bytes);
    }
}

/**
 * Checks that the evidence carries the challenge the verifier sent, so a
 * recorded document cannot be replayed: the Nitro `nonce`, or the first
 * bytes of the SGX/SNP report data (where enclaves put a nonce or the hash
 * of one). `expected` is hex; a shorter value must be a prefix.
 */
function checkChallenge(evidence, expected) {
    const want = expected.trim().replace(/^0x/i, '').toLowerCase();
    if (want === '' || want.length % 2 !== 0 || !/^[0-9a-f]+$/.test(want))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-challenge must be hex bytes, got "${expected.slice(0, 80)}"`);
    const field = evidence.type === 'nitro' ? 'nonce' : 'reportData';
    const got = evidence.fields[field];
    const ok = typeof got === 'string' &&
        (evidence.type === 'nitro' ? got === want : got.startsWith(want));
    if (!ok)
        throw new EnclaveBuildError('EVIDENCE_INVALID', `the evidence's ${field} is ${typeof got === 'string' ? got : 'absent'}, not the challenge ${want}; it may be replayed: ask the enclave for fresh evidence with this challenge`);
}

/**
 * Decodes a raw Snappy block (github.com/google/snappy format_description).
 * GitHub serves attestation bundles at `bundle_url` Snappy-compressed; this
 * is the whole decoder, so no native dependency is needed. Returns undefined
 * on any malformed input instead of throwing.
 */
function snappyDecode(input) {
    let pos = 0;
    // Preamble: the uncompressed length as a little-endian varint.
    let length = 0;
    for (let shift = 0;; shift += 7) {
        if (pos >= input.length || shift > 28)
            return undefined;
        const byte = input[pos++];
        length += (byte & 0x7f) * 2 ** shift;
        if ((byte & 0x80) === 0)
            break;
    }
    // A Snappy block expands at most ~6x per input byte; refuse absurd claims.
    if (length > input.length * 64 + 64)
        return undefined;
    const out = Buffer.alloc(length);
    let o = 0;
    while (pos < input.length) {
        const tag = input[pos++];
        const kind = tag & 3;
        if (kind === 0) {
            let len = tag >> 2;
            if (len >= 60) {
                const n = len - 59;
                if (pos + n > input.length)
                    return undefined;
                len = 0;
                for (let i = 0; i < n; i++)
                    len += input[pos + i] * 2 ** (8 * i);
                pos += n;
            }
            len += 1;
            if (pos + len > input.length || o + len > length)
                return undefined;
            out.set(input.subarray(pos, pos + len), o);
            pos += len;
            o += len;
            continue;
        }
        let len;
        let offset;
        if (kind === 1) {
            if (pos + 1 > input.length)
                return undefined;
            len = ((tag >> 2) & 7) + 4;
            offset = ((tag >> 5) << 8) | input[pos];
            pos += 1;
        }
        else {
            const n = kind === 2 ? 2 : 4;
            if (pos + n > input.length)
                return undefined;
            len = (tag >> 2) + 1;
            offset = 0;
            for (let i = 0; i < n; i++)
                offset += input[pos + i] * 2 ** (8 * i);
            pos += n;
        }
        if (offset === 0 || offset > o || o + len > length)
            return undefined;
        // Copies may overlap their source (run-length style): byte by byte.
        for (let i = 0; i < len; i++, o++)
            out[o] = out[o - offset];
    }
    return o === length ? out : undefined;
}

/** A bundle served at bundle_url: JSON, or Snappy-compressed JSON. */
function decodeBundleBody(body) {
    const tryJson = (b) => {
        try {
            return JSON.parse(b.toString('utf8'));
        }
        catch {
            return undefined;
        }
    };
    const plain = tryJson(body);
    if (plain !== undefined)
        return plain;
    const inflated = snappyDecode(body);
    return inflated ? tryJson(inflated) : undefined;
}
/**
 * GET /repos/{owner}/{repo}/attestations/sha256:{digest}: every attestation
 * stored for the subject. A 404 or an empty list is ATTESTATION_NOT_FOUND.
 * Bundles that are not inline are fetched from their bundle_url.
 */
async function lookupAttestations(options) {
    const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    const query = new URLSearchParams({ per_page: '100' });
    if (options.predicateType)
        query.set('predicate_type', options.predicateType);
    const url = `${api}/repos/${options.repository}/attestations/sha256:${options.digest}?${query.toString()}`;
    const headers = {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'enclave-build'
    };
    if (options.token)
        headers.Authorization = `Bearer ${options.token}`;
    const common = {
        fetch: options.fetch,
        retries: options.retries,
        sleep: options.sleep
    };
    let list;
    try {
        const response = await httpRequest(url, {
            ...common,
            headers,
            what: 'looking up the attestation'
        });
        list = (await response.json());
    }
    catch (err) {
        if (err instanceof HttpError && err.status === 404)
            throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no attestation for sha256:${options.digest} in ${options.repository} (GitHub answered 404); check the measurement and the repository, and that the token can read it`);
        if (err instanceof EnclaveBuildError)
            throw err;
        throw new EnclaveBuildError('HTTP_ERROR', `looking up the attestation: the answer is not JSON (${err.message})`);
    }
    const items = Array.isArray(list.attestations) ? list.attestations : [];
    const found = [];
    for (const [i, item] of items.entries()) {
        const name = `${options.repository} attestation #${i + 1}`;
        if (item.bundle !== undefined && item.bundle !== null) {
            found.push({ name, json: item.bundle });
            continue;
        }
        if (typeof item.bundle_url !== 'string')
            continue;
        // bundle_url is a pre-signed URL: no GitHub token goes there.
        const response = await httpRequest(item.bundle_url, {
            ...common,
            what: 'downloading the attestation bundle'
        });
        const json = decodeBundleBody(Buffer.from(await response.arrayBuffer()));
        if (json !== undefined)
            found.push({ name, json });
    }
    if (found.length === 0)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no attestation for sha256:${options.digest} in ${options.repository}; check the measurement and the repository`);
    return found;
}

/**
 * Reads a measurement given as hex: 64 digits is a sha256 register
 * (MRENCLAVE), 96 a sha384 one (PCR0, the SNP launch digest). A `0x` prefix
 * and upper case are accepted.
 */
function wantedMeasurement(hex) {
    const clean = hex.trim().replace(/^0x/i, '');
    const algorithm = clean.length === 96 ? 'sha384' : 'sha256';
    const value = normalizeHex(algorithm, clean);
    return { algorithm, value, lookupDigest: lookupDigest(algorithm, value) };
}
/** Parses a DSSE payload as an in-toto statement; coded on failure. */
function parsePayload(payload, name) {
    let json;
    try {
        json = JSON.parse(Buffer.from(payload).toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the signed payload is not JSON`);
    }
    const result = statementSchema.safeParse(json);
    if (!result.success)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the signed payload is not an in-toto Statement v1`);
    return result.data;
}
/**
 * The statement inside a bundle's JSON, WITHOUT checking anything: used only
 * to pick which of many bundles to verify. Undefined when it has none.
 */
function peekStatement(json) {
    const payload = json
        ?.dsseEnvelope?.payload;
    if (typeof payload !== 'string')
        return undefined;
    try {
        return parsePayload(Buffer.from(payload, 'base64'), 'bundle');
    }
    catch {
        return undefined;
    }
}
/** True when one of the statement's subjects has the lookup digest. */
function hasSubject(statement, lookup) {
    return statement.subject.some((s) => s.digest.sha256 === lookup);
}
/**
 * Checks that the measurement is a subject of the (verified) statement AND
 * that the predicate records the same value under the same name: the subject
 * alone is only a sha256 of the register, the predicate has the register.
 */
function matchMeasurement(statement, wanted, name = 'bundle') {
    if (!hasSubject(statement, wanted.lookupDigest))
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: no subject has the measurement's lookup digest sha256:${wanted.lookupDigest}; this attestation is for another build`);
    if (statement.predicateType !== MEASUREMENT_PREDICATE_TYPE)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: predicate type is ${statement.predicateType}, not ${MEASUREMENT_PREDICATE_TYPE}`);
    const parsed = measurementPredicateSchema.safeParse(statement.predicate);
    if (!parsed.success)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the predicate is not a valid ${MEASUREMENT_PREDICATE_TYPE} predicate`);
    const predicate = parsed.data;
    const measurement = predicate.measurements.find((m) => m.algorithm === wanted.algorithm &&
        m.value === wanted.value &&
        m.lookupDigest === wanted.lookupDigest &&
        statement.subject.some((s) => s.name === `${MEASUREMENT_SUBJECT_PREFIX}${m.name}` &&
            s.digest.sha256 === wanted.lookupDigest));
    if (!measurement)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the digest is a subject, but the predicate records no ${wanted.algorithm} measurement ${wanted.value} under that subject's name`);
    return { predicate, measurement };
}
/**
 * With evidence, every register the enclave reported that the predicate
 * also records (PCR1, PCR2, PCR8, MRSIGNER...) must agree, not just the one
 * that found the attestation. A register is recorded either as a
 * measurement of the same name or in the predicate's enclave `signer` map
 * (targets put MRSIGNER and PCR8 there, e.g. `{"mrsigner": hex}`).
 */
function crossCheckRegisters(predicate, registers, name = 'bundle') {
    const checked = [];
    const signer = Object.entries(predicate.signer ?? {});
    for (const r of registers) {
        const recorded = predicate.measurements.find((m) => m.name === r.name && m.algorithm === r.algorithm)?.value ??
            signer.find(([k]) => k.toLowerCase() === r.name.toLowerCase())?.[1];
        if (recorded === undefined)
            continue;
        if (recorded.toLowerCase() !== r.value)
            throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `${name}: the enclave reports ${r.name} = ${r.value}, the attestation records ${recorded}; the enclave runs something else than this build`);
        checked.push(r.name);
    }
    return checked;
}

/** The OIDC issuer of GitHub Actions tokens; the default, as in gh and cosign. */
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** Fulcio extension arc → field; .1 is the deprecated raw-string issuer. */
const FIELDS = {
    1: 'issuer',
    8: 'issuer',
    9: 'buildSignerUri',
    11: 'runnerEnvironment',
    12: 'sourceRepositoryUri',
    13: 'sourceRepositoryDigest',
    14: 'sourceRepositoryRef',
    18: 'buildConfigUri',
    20: 'buildTrigger',
    21: 'runInvocationUri'
};
const FULCIO_ARC = '1.3.6.1.4.1.57264.1.';
/**
 * Decodes a DER UTF8String (tag 0x0c, short or long length), the encoding of
 * Fulcio extensions from .8 on. Undefined when it is not one.
 */
function derUtf8String(value) {
    if (value.length < 2 || value[0] !== 0x0c)
        return undefined;
    let len = value[1];
    let at = 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n < 1 || n > 2 || value.length < 2 + n)
            return undefined;
        len = 0;
        for (let i = 0; i < n; i++)
            len = (len << 8) | value[2 + i];
        at = 2 + n;
    }
    if (at + len !== value.length)
        return undefined;
    return Buffer.from(value.subarray(at)).toString('utf8');
}
/**
 * Reads the signer identity from what @sigstore/verify returns: the SAN,
 * the issuer and the raw extension values by OID.
 */
function signerIdentity(identity) {
    const out = {};
    if (identity.subjectAlternativeName)
        out.subjectAlternativeName = identity.subjectAlternativeName;
    if (identity.extensions?.issuer)
        out.issuer = identity.extensions.issuer;
    for (const { oid, value } of identity.oids ?? []) {
        const dotted = oid?.id.join('.') ?? '';
        if (!dotted.startsWith(FULCIO_ARC))
            continue;
        const arc = Number(dotted.slice(FULCIO_ARC.length));
        const field = FIELDS[arc];
        if (field === undefined)
            continue;
        // .1-.6 are raw strings; .8 and later DER UTF8Strings.
        const text = arc <= 6 ? Buffer.from(value).toString('utf8') : derUtf8String(value);
        // .8 wins over .1 when both are present.
        if (text !== undefined && (arc !== 1 || out[field] === undefined))
            out[field] = text;
    }
    return out;
}
/** Validates the policy flags (one identity form at most, a valid regexp). */
function makePolicy(input) {
    const { certificateIdentity, certificateIdentityRegexp, repository } = input;
    if (certificateIdentity && certificateIdentityRegexp)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --certificate-identity or --certificate-identity-regexp, not both');
    let regexp;
    if (certificateIdentityRegexp) {
        try {
            regexp = new RegExp(certificateIdentityRegexp);
        }
        catch (err) {
            throw new EnclaveBuildError('INPUT_INVALID', `--certificate-identity-regexp is not a valid regular expression: ${err.message}`);
        }
    }
    if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository))
        throw new EnclaveBuildError('INPUT_INVALID', `the repository must be owner/name, got "${repository}"`);
    return {
        ...(certificateIdentity ? { certificateIdentity } : {}),
        ...(regexp ? { certificateIdentityRegexp: regexp } : {}),
        oidcIssuer: input.certificateOidcIssuer || GITHUB_OIDC_ISSUER,
        ...(input.sourceRef ? { sourceRef: input.sourceRef } : {}),
        ...(repository ? { repository } : {}),
        pinned: Boolean(certificateIdentity || regexp || repository)
    };
}
/** owner/name from a source repository URI (https://host/owner/name). */
function repositoryName(uri) {
    if (!uri)
        return undefined;
    try {
        return new URL(uri).pathname.replace(/^\/+|\/+$/g, '') || undefined;
    }
    catch {
        return undefined;
    }
}
function mismatch(what, want, got) {
    throw new EnclaveBuildError('IDENTITY_MISMATCH', `the signing certificate's ${what} is "${got ?? '(absent)'}", the policy wants ${want}; check the flags, or this bundle was not made by the workflow you trust`);
}
/** Checks a verified signer against the policy; IDENTITY_MISMATCH if not. */
function checkIdentity(policy, signer) {
    if (signer.issuer !== policy.oidcIssuer)
        mismatch('OIDC issuer', `"${policy.oidcIssuer}"`, signer.issuer);
    const san = signer.subjectAlternativeName;
    if (policy.certificateIdentity !== undefined &&
        san !== policy.certificateIdentity)
        mismatch('identity (SAN)', `"${policy.certificateIdentity}"`, san);
    if (policy.certificateIdentityRegexp &&
        (san === undefined || !policy.certificateIdentityRegexp.test(san)))
        mismatch('identity (SAN)', `a match of /${policy.certificateIdentityRegexp.source}/`, san);
    if (policy.repository !== undefined) {
        const repo = repositoryName(signer.sourceRepositoryUri);
        // GitHub names are case-insensitive.
        if (repo?.toLowerCase() !== policy.repository.toLowerCase())
            mismatch('source repository', `"${policy.repository}"`, signer.sourceRepositoryUri);
    }
    if (policy.sourceRef !== undefined &&
        signer.sourceRepositoryRef !== policy.sourceRef)
        mismatch('source ref', `"${policy.sourceRef}"`, signer.sourceRepositoryRef);
}

/** The path of a URL without its leading slash ("owner/repo/.github/..."). */
function urlPath(uri) {
    if (!uri)
        return undefined;
    try {
        return decodeURIComponent(new URL(uri).pathname.replace(/^\/+/, ''));
    }
    catch {
        return uri;
    }
}
/** Assembles the output from what was verified. */
function resultOf(r) {
    const { predicate, verified } = r;
    const s = verified.signer;
    const fromCert = s !== undefined;
    const opt = (k, v) => v === undefined ? {} : { [k]: v };
    return {
        verified: true,
        measurement: r.wanted.value,
        measurementName: r.measurementName,
        algorithm: r.wanted.algorithm,
        lookupDigest: r.wanted.lookupDigest,
        ...opt('sourceRepository', fromCert
            ? repositoryName(s.sourceRepositoryUri)
            : predicate.source.repository),
        ...opt('sourceCommit', fromCert ? s.sourceRepositoryDigest : predicate.source.commit),
        ...opt('sourceRef', fromCert ? s.sourceRepositoryRef : predicate.source.ref),
        ...opt('workflow', urlPath(s?.subjectAlternativeName)),
        predicateType: MEASUREMENT_PREDICATE_TYPE,
        sourceFrom: fromCert ? 'certificate' : 'predicate',
        ...opt('certificateIdentity', s?.subjectAlternativeName),
        ...opt('issuer', s?.issuer),
        ...opt('runnerEnvironment', s?.runnerEnvironment),
        ...opt('run', s?.runInvocationUri),
        ...opt('trigger', s?.buildTrigger),
        signedBy: verified.signedBy,
        instance: verified.instance,
        trustRoot: r.trustRoot,
        tlogEntries: verified.tlogEntries,
        rfc3161Timestamps: verified.rfc3161Timestamps,
        identityPolicy: r.policy.pinned ? 'pinned' : 'issuer-only',
        bundle: r.bundle,
        target: predicate.target,
        build: predicate.build,
        pinned: predicate.pinned,
        artifacts: predicate.artifacts,
        parameters: predicate.parameters,
        ...opt('enclaveSigner', predicate.signer),
        tool: predicate.tool,
        ...(r.evidence
            ? {
                evidence: {
                    type: r.evidence.type,
                    evidenceSignature: r.evidence.evidenceSignature,
                    registersChecked: r.registersChecked,
                    fields: r.evidence.fields
                }
            }
            : {}),
        warnings: r.warnings
    };
}

/**
 * The bundles a file holds. Accepted: one bundle (*.sigstore.json), JSON
 * Lines with one bundle per line (what actions/attest and `gh attestation
 * download` write), `{"bundle": …}`, and a saved GitHub API answer
 * `{"attestations": [{"bundle": …}]}`.
 */
function bundlesInText(text, name) {
    const unwrap = (v, n) => {
        if (typeof v !== 'object' || v === null)
            return [];
        const o = v;
        if (Array.isArray(o.attestations))
            return o.attestations.flatMap((a, i) => unwrap(a, `${n}#${i + 1}`));
        if ('bundle' in o && !('mediaType' in o))
            return unwrap(o.bundle, n);
        return [{ name: n, json: v }];
    };
    try {
        return unwrap(JSON.parse(text), name);
    }
    catch {
        // Not one JSON document: try JSON Lines.
    }
    return text.split('\n').flatMap((line, i) => {
        if (line.trim() === '')
            return [];
        try {
            return unwrap(JSON.parse(line), `${name}:${i + 1}`);
        }
        catch {
            throw new EnclaveBuildError('INPUT_INVALID', `${name} line ${i + 1} is not JSON; give Sigstore bundle files (*.sigstore.json or .jsonl)`);
        }
    });
}
/**
 * Reads every --bundle path: a file, or a directory whose *.json and
 * *.jsonl files are read (not recursively, sorted by name).
 */
async function readBundleSources(paths) {
    const out = [];
    for (const path of paths) {
        let isDir;
        try {
            isDir = (await stat(path)).isDirectory();
        }
        catch {
            throw new EnclaveBuildError('FILE_NOT_FOUND', `bundle path ${path} does not exist`);
        }
        const files = isDir
            ? (await readdir(path))
                .filter((f) => /\.jsonl?$/.test(f))
                .sort()
                .map((f) => join(path, f))
            : [path];
        for (const file of files)
            out.push(...bundlesInText(await readFile(file, 'utf8'), basename(file)));
    }
    return out;
}

async function readInput(path, what) {
    try {
        return await readFile(path);
    }
    catch {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `${what} ${path} cannot be read`);
    }
}
/** The measurement to look for, from the flag and/or the evidence. */
async function measurementOf(input, deps) {
    let evidence;
    if (input.evidence) {
        const bytes = await readInput(input.evidence.path, 'evidence file');
        const rootPem = input.evidence.nitroRootPath
            ? (await readInput(input.evidence.nitroRootPath, 'Nitro root')).toString('utf8')
            : undefined;
        evidence = readEvidence(input.evidence.type, bytes, {
            ...(rootPem ? { rootPem } : {}),
            at: input.evidence.at ?? (deps.now ?? (() => new Date()))()
        });
        if (input.evidence.challenge !== undefined)
            checkChallenge(evidence, input.evidence.challenge);
    }
    const hex = input.measurement || evidence?.measurement.value;
    if (!hex)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --measurement HEX or --evidence FILE --evidence-type TYPE');
    const wanted = wantedMeasurement(hex);
    if (evidence && wanted.value !== evidence.measurement.value)
        throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `--measurement ${wanted.value} is not the ${evidence.measurement.name} the evidence reports (${evidence.measurement.value})`);
    return { wanted, ...(evidence ? { evidence } : {}) };
}
/** Bundles from files and/or the GitHub API. */
async function collectBundles(input, wanted, deps) {
    const found = [];
    if (input.bundles?.length)
        found.push(...(await readBundleSources(input.bundles)));
    if (input.lookup)
        found.push(...(await lookupAttestations({
            ...input.lookup,
            digest: wanted.lookupDigest,
            predicateType: MEASUREMENT_PREDICATE_TYPE,
            fetch: deps.fetch,
            sleep: deps.sleep
        })));
    if (!input.bundles?.length && !input.lookup)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --bundle FILE|DIR, or --repo owner/name to look the attestation up on GitHub');
    if (found.length === 0)
        throw new EnclaveBuildError('ATTESTATION_NOT_FOUND', `no bundle found in ${input.bundles?.join(', ')}`);
    return found;
}
/**
 * Verifies that a measurement (or the enclave's evidence) was built from a
 * source commit: finds the bundles that name it, verifies each with
 * Sigstore, applies the identity policy, checks the measurement against the
 * predicate, and returns the first that passes everything. If none passes,
 * throws the first bundle's coded reason.
 */
async function runVerify(input, deps = {}) {
    const policy = makePolicy({
        ...input.policy,
        ...(input.lookup && !input.policy.repository
            ? { repository: input.lookup.repository }
            : {})
    });
    const { wanted, evidence } = await measurementOf(input, deps);
    const bundles = await collectBundles(input, wanted, deps);
    const candidates = bundles.filter((b) => {
        const statement = peekStatement(b.json);
        return statement !== undefined && hasSubject(statement, wanted.lookupDigest);
    });
    if (candidates.length === 0)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `none of the ${bundles.length} bundle(s) has a subject sha256:${wanted.lookupDigest} (the lookup digest of ${wanted.value}); they attest other builds`);
    const { loadTrust, verifyBundle } = await import('./bundle-1jH8VZQ0.js');
    const trust = await loadTrust({
        ...(input.trustedRootPath
            ? {
                trustedRoot: parseJson(await readInput(input.trustedRootPath, 'trusted root'), input.trustedRootPath)
            }
            : {}),
        ...(input.publicKeyPath
            ? {
                publicKeyPem: (await readInput(input.publicKeyPath, 'public key')).toString('utf8')
            }
            : {}),
        ...(deps.tuf ? { tuf: deps.tuf } : {})
    });
    const errors = [];
    for (const candidate of candidates) {
        try {
            const verified = verifyBundle(candidate.json, trust, candidate.name);
            if (verified.signer)
                checkIdentity(policy, verified.signer);
            else if (policy.pinned)
                throw new EnclaveBuildError('IDENTITY_MISMATCH', `${candidate.name} is signed with a key, which carries no certificate identity to check against --certificate-identity/--repo`);
            const { predicate, measurement } = matchMeasurement(verified.statement, wanted, candidate.name);
            const registersChecked = evidence
                ? crossCheckRegisters(predicate, evidence.registers, candidate.name)
                : [];
            const signer = verified.signer;
            const warnings = [];
            if (!policy.pinned && signer)
                warnings.push(`no identity policy: any workflow with a ${policy.oidcIssuer} token could have signed; pin it with --certificate-identity(-regexp) or --repo`);
            if (!signer)
                warnings.push('key-signed: the source repository and commit are what the key holder wrote in the predicate, not vouched for by a certificate');
            if (signer?.runnerEnvironment === 'self-hosted')
                warnings.push('built on a self-hosted runner');
            if (signer?.sourceRepositoryDigest &&
                predicate.source.commit !== signer.sourceRepositoryDigest)
                warnings.push(`the predicate names commit ${predicate.source.commit}, the certificate ${signer.sourceRepositoryDigest}; the certificate is authoritative`);
            if (evidence?.evidenceSignature === 'not-checked')
                warnings.push(`the ${evidence.type} evidence signature was not checked against the vendor's collateral`);
            return resultOf({
                wanted,
                measurementName: measurement.name,
                predicate,
                verified,
                policy,
                trustRoot: trust.source,
                bundle: candidate.name,
                evidence,
                registersChecked,
                warnings
            });
        }
        catch (err) {
            errors.push(asEnclaveBuildError(err));
        }
    }
    const first = errors[0];
    if (errors.length === 1)
        throw first;
    throw new EnclaveBuildError(first.code, `${first.message} (${errors.length} bundles name this measurement; the others failed with ${errors
        .slice(1)
        .map((e) => e.code)
        .join(', ')})`, { cause: first });
}
function parseJson(bytes, path) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`);
    }
}

const USAGE = `Usage: enclave-build verify --measurement HEX (--bundle FILE|DIR... | --repo owner/name [--token T])
    [--trusted-root TR.json | --public-key PEM]
    [--certificate-identity ID | --certificate-identity-regexp RE]
    [--certificate-oidc-issuer URL] [--source-ref REF]
    [--evidence FILE --evidence-type nitro|sgx-quote|snp-report [--nitro-root PEM]
     [--evidence-time now|document|RFC3339] [--evidence-challenge HEX]] [--json]

Verifies that the measurement (or the enclave's evidence) was attested by a
Sigstore-signed workflow run and prints its repository, commit and workflow.
Exit 0 only when verified.
`;
/** When a Nitro chain must be valid: now, the document's time, or a date. */
function evidenceTime(value) {
    if (value === 'now')
        return undefined;
    if (value === 'document')
        return 'document';
    const t = new Date(value);
    if (Number.isNaN(t.getTime()))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-time must be now, document or an RFC 3339 time, got "${value}"`);
    return t;
}
/** The human-readable form of a result. */
function printText(io, r) {
    const lines = [
        `verified: ${r.measurementName} ${r.measurement}`,
        `  source:   ${r.sourceRepository ?? '?'} @ ${r.sourceCommit ?? '?'}${r.sourceRef ? ` (${r.sourceRef})` : ''}`,
        ...(r.workflow ? [`  workflow: ${r.workflow}`] : []),
        ...(r.run ? [`  run:      ${r.run}`] : []),
        `  target:   ${r.target}, ${r.build.goVersion}, binary sha256 ${r.build.binary.sha256}`,
        `  signed:   ${r.signedBy} (${r.instance}), trust root: ${r.trustRoot}, bundle: ${r.bundle}`
    ];
    if (r.evidence)
        lines.push(`  evidence: ${r.evidence.type}, signature ${r.evidence.evidenceSignature}, registers checked: ${r.evidence.registersChecked.join(', ')}`);
    io.stdout(`${lines.join('\n')}\n`);
}
/**
 * `enclave-build verify`: from a measurement, or the enclave's evidence, to
 * the verified source commit. Exit 0 only when verified.
 */
const verify = async (args, io) => {
    const { values: v } = parse(args, {
        bundle: { type: 'string', multiple: true },
        measurement: { type: 'string' },
        'trusted-root': { type: 'string' },
        'certificate-identity': { type: 'string' },
        'certificate-identity-regexp': { type: 'string' },
        'certificate-oidc-issuer': { type: 'string' },
        'source-ref': { type: 'string' },
        repo: { type: 'string' },
        token: { type: 'string' },
        evidence: { type: 'string' },
        'evidence-type': { type: 'string' },
        'evidence-time': { type: 'string', default: 'now' },
        'nitro-root': { type: 'string' },
        'evidence-challenge': { type: 'string' },
        'public-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
    });
    if (v.help) {
        io.stdout(USAGE);
        return 0;
    }
    if (v.evidence !== undefined && v['evidence-type'] === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--evidence needs --evidence-type nitro|sgx-quote|snp-report');
    const at = evidenceTime(v['evidence-time']);
    const input = {
        ...(v.measurement ? { measurement: v.measurement } : {}),
        ...(v.evidence
            ? {
                evidence: {
                    type: evidenceType(v['evidence-type'] ?? ''),
                    path: v.evidence,
                    ...(v['nitro-root'] ? { nitroRootPath: v['nitro-root'] } : {}),
                    ...(at ? { at } : {}),
                    ...(v['evidence-challenge'] !== undefined
                        ? { challenge: v['evidence-challenge'] }
                        : {})
                }
            }
            : {}),
        ...(v.bundle ? { bundles: v.bundle } : {}),
        ...(v.repo
            ? {
                lookup: {
                    repository: v.repo,
                    token: v.token ?? io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN,
                    ...(io.env.GITHUB_API_URL ? { apiUrl: io.env.GITHUB_API_URL } : {})
                }
            }
            : {}),
        ...(v['trusted-root'] ? { trustedRootPath: v['trusted-root'] } : {}),
        ...(v['public-key'] ? { publicKeyPath: v['public-key'] } : {}),
        policy: {
            certificateIdentity: v['certificate-identity'],
            certificateIdentityRegexp: v['certificate-identity-regexp'],
            certificateOidcIssuer: v['certificate-oidc-issuer'],
            sourceRef: v['source-ref']
        }
    };
    const result = await runVerify(input);
    for (const w of result.warnings)
        io.stderr(`warning: ${w}\n`);
    if (v.json)
        printJson(io, result);
    else
        printText(io, result);
    return 0;
};

var verify$1 = /*#__PURE__*/Object.freeze({
    __proto__: null,
    verify: verify
});

export { parsePayload as p, signerIdentity as s, verify$1 as v };
