import { E as EnclaveBuildError, b as asEnclaveBuildError, p as parse, a as printJson } from './main-C_5kpKAD.js';
import { k as _isoDateTime, Z as ZodISODateTime, _ as _enum, o as object, a as array, q as union, s as string, n as number, c as literal, N as NEVER, t as stringbool, v as httpRequest, H as HttpError, i as MEASUREMENT_PREDICATE_TYPE } from './predicate-BbgJ0x9R.js';
import { verify as verify$2, X509Certificate, createPublicKey, createHash } from 'node:crypto';
import { T as Tag, D as Decoder } from './node-index-Cc57uaKN.js';
import { readInputFile, readInputText } from './fs-BT6MZko9.js';
import { a as MAX_PEM_BYTES, d as MAX_EVIDENCE_BYTES } from './limits-BozdHZRq.js';
import { w as wantedMeasurement, p as peekStatement, h as hasSubject, m as matchMeasurement, c as crossCheckRegisters } from './match-BR4DqrGT.js';
import { stat, readdir } from 'node:fs/promises';
import { join, basename } from 'node:path';

function datetime(params) {
    return _isoDateTime(ZodISODateTime, params);
}

/*
 * DCAP collateral in the JSON shape dcap-qvl reads and writes
 * (QuoteCollateralV3): Intel PCS's answers kept verbatim, the TCB info and
 * QE identity bodies as the exact signed JSON text, signatures and CRLs as
 * hex, issuer chains as PEM. The signed texts are parsed with the schemas
 * below only after their signatures verify.
 */
const hex = string().regex(/^([0-9a-fA-F]{2})*$/, 'hex bytes');
const pem = string().includes('-----BEGIN CERTIFICATE-----');
/** The collateral file. */
const dcapCollateralSchema = object({
    pck_crl_issuer_chain: pem,
    root_ca_crl: hex,
    pck_crl: hex,
    tcb_info_issuer_chain: pem,
    tcb_info: string().max(1_000_000),
    tcb_info_signature: hex,
    qe_identity_issuer_chain: pem,
    qe_identity: string().max(1_000_000),
    qe_identity_signature: hex
});
const status = _enum([
    'UpToDate',
    'SWHardeningNeeded',
    'ConfigurationNeeded',
    'ConfigurationAndSWHardeningNeeded',
    'OutOfDate',
    'OutOfDateConfigurationNeeded',
    'Revoked'
]);
/** Intel's TCB statuses, best first (the order statuses merge in). */
const TCB_STATUSES = status.options;
const svn = number().int().min(0).max(65535);
const components = array(object({ svn })).length(16);
const level = {
    tcbDate: string(),
    tcbStatus: status,
    advisoryIDs: array(string()).default([])
};
/** TCB info v3 (SGX and TDX). v2's flat sgxtcbcompNNsvn is mapped to it. */
const tcbV3 = object({
    sgxtcbcomponents: components,
    pcesvn: svn,
    tdxtcbcomponents: components.optional()
});
const tcbV2 = object({ pcesvn: svn })
    .catchall(svn)
    .transform((t, ctx) => {
    const comps = Array.from({ length: 16 }, (_, i) => ({
        svn: t[`sgxtcbcomp${String(i + 1).padStart(2, '0')}svn`]
    }));
    if (comps.some((c) => c.svn === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'sgxtcbcompNNsvn missing' });
        return NEVER;
    }
    return { sgxtcbcomponents: comps, pcesvn: t.pcesvn };
});
const moduleIdentity = {
    mrsigner: hex,
    attributes: hex,
    attributesMask: hex
};
/** The signed TCB info body. */
const tcbInfoSchema = object({
    id: _enum(['SGX', 'TDX']).default('SGX'),
    version: union([literal(2), literal(3)]),
    issueDate: datetime(),
    nextUpdate: datetime(),
    fmspc: hex.length(12),
    pceId: hex.length(4),
    tcbEvaluationDataNumber: number().int().optional(),
    tdxModule: object(moduleIdentity).optional(),
    tdxModuleIdentities: array(object({
        id: string(),
        ...moduleIdentity,
        tcbLevels: array(object({ tcb: object({ isvsvn: svn }), ...level }))
    }))
        .default([]),
    tcbLevels: array(object({ tcb: union([tcbV3, tcbV2]), ...level }))
        .min(1)
});
/** The signed QE identity body. */
const qeIdentitySchema = object({
    id: _enum(['QE', 'TD_QE', 'QVE']),
    version: number().int(),
    issueDate: datetime(),
    nextUpdate: datetime(),
    miscselect: hex.length(8),
    miscselectMask: hex.length(8),
    attributes: hex.length(32),
    attributesMask: hex.length(32),
    mrsigner: hex.length(64),
    isvprodid: svn,
    tcbLevels: array(object({ tcb: object({ isvsvn: svn }), ...level }))
        .min(1)
});
/** Parses the collateral file; INPUT_INVALID with the first problem. */
function parseDcapCollateral(text, path) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`);
    }
    const r = dcapCollateralSchema.safeParse(json);
    if (!r.success)
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not DCAP collateral in dcap-qvl's shape: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
    return r.data;
}
/**
 * Parses an accepted-status list (`--dcap-tcb-accept`), comma- or
 * newline-separated Intel status names; empty is UpToDate only.
 */
function parseTcbAccept(text) {
    const names = text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (names.length === 0)
        return ['UpToDate'];
    for (const n of names)
        if (!TCB_STATUSES.includes(n))
            throw new EnclaveBuildError('INPUT_INVALID', `--dcap-tcb-accept: "${n}" is not a TCB status (${TCB_STATUSES.join(', ')})`);
    return names;
}

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
const INTEGER$1 = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const SEQUENCE$1 = 0x30;
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
    return smallInteger(only(value, INTEGER$1, what), what);
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
    const der = new Der(only(value, SEQUENCE$1, 'basicConstraints'));
    const flag = der.optional(BOOLEAN);
    const ca = flag === undefined ? false : boolean(flag, 'cA');
    const pathLen = der.optional(INTEGER$1);
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
    const v = smallInteger(only(explicit, INTEGER$1, 'version'), 'version');
    if (v > 2)
        malformed(`unknown certificate version ${v + 1}`);
    return v;
}
/** The contents of tbsCertificate's extensions, if any (v3 only). */
function extensionList(der) {
    const certificate = new Der(only(der, SEQUENCE$1, 'Certificate'));
    const tbs = new Der(certificate.read(SEQUENCE$1, 'tbsCertificate'));
    certificate.read(SEQUENCE$1, 'signatureAlgorithm');
    certificate.read(BIT_STRING, 'signatureValue');
    certificate.end('signatureValue');
    const v = version(tbs);
    tbs.read(INTEGER$1, 'serialNumber');
    for (const field of [
        'signature',
        'issuer',
        'validity',
        'subject',
        'subjectPublicKeyInfo'
    ])
        tbs.read(SEQUENCE$1, field);
    tbs.optional(ISSUER_UID);
    tbs.optional(SUBJECT_UID);
    const extensions = tbs.optional(EXTENSIONS);
    tbs.end('tbsCertificate');
    if (extensions === undefined)
        return undefined;
    if (v !== 2)
        malformed('extensions in a certificate before version 3');
    return only(extensions, SEQUENCE$1, 'extensions');
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
        const ext = new Der(extensions.read(SEQUENCE$1, 'Extension'));
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

/** The kinds of evidence `verify --evidence-type` reads. */
const EVIDENCE_TYPES = [
    'nitro',
    'sgx-quote',
    'snp-report',
    'td-quote'
];
/** Throws the one error every parser uses for malformed evidence. */
function invalidEvidence(type, detail) {
    throw new EnclaveBuildError('EVIDENCE_INVALID', `the ${type} evidence is malformed: ${detail}. Pass the raw evidence bytes as the enclave produced them`);
}
/** Lower-case hex of a byte range. */
function hexOf(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/*
 * X.509 certificate revocation lists (RFC 5280 §5), as Intel's PCS serves
 * them for the SGX Root CA and the PCK Platform/Processor CAs. node:crypto
 * has no CRL type, so this reads the DER with the strict reader of
 * x509.ts and checks the signature with the issuer's key.
 */
const SEQUENCE = 0x30;
const INTEGER = 0x02;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
/** UTCTime / GeneralizedTime (Z form only, as RFC 5280 requires). */
function time(type, tag, b) {
    const s = Buffer.from(b).toString('latin1');
    const m = tag === UTC_TIME
        ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (m === null)
        return invalidEvidence(type, `CRL time "${s}" is malformed`);
    let year = Number(m[1]);
    if (tag === UTC_TIME)
        year += year < 50 ? 2000 : 1900;
    return new Date(Date.UTC(year, +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
/** Serial number contents as X509Certificate prints them (no leading 00). */
function serialHex(b) {
    let hex = Buffer.from(b).toString('hex').toUpperCase();
    while (hex.length > 2 && hex.startsWith('00'))
        hex = hex.slice(2);
    return hex;
}
/**
 * Parses a DER CRL and verifies its ECDSA-SHA256 signature with `issuer`'s
 * key and its validity at `at`. EVIDENCE_INVALID on any failure: a CRL
 * that cannot be checked revokes nothing we could rely on.
 */
function readCrl(type, der, issuer, at, what) {
    let parts;
    try {
        parts = derElements(derOnly(der, SEQUENCE, 'CertificateList'));
    }
    catch {
        return invalidEvidence(type, `${what} is not a DER CRL`);
    }
    const fail = (detail) => invalidEvidence(type, `${what}: ${detail}`);
    if (parts.length !== 3 || parts.some((p, i) => i < 2 && p.tag !== SEQUENCE))
        fail('not a CRL');
    const [tbs, algorithm, signature] = parts;
    const alg = derElements(algorithm.contents);
    if (alg[0]?.tag !== 0x06 ||
        objectIdentifier(alg[0].contents) !== ECDSA_SHA256)
        fail('not signed with ECDSA-SHA256');
    if (signature.tag !== 0x03 || signature.contents[0] !== 0)
        fail('bad signature BIT STRING');
    const ok = verify$2('sha256', tbs.encoded, issuer.publicKey, signature.contents.subarray(1));
    if (!ok)
        fail(`not signed by "${issuer.subject.replace(/\n/g, ', ')}"`);
    const fields = derElements(tbs.contents);
    let i = fields[0]?.tag === INTEGER ? 1 : 0; // version v2
    // RFC 5280 §5.1.1.2: the signed algorithm must be the outer one.
    if (!Buffer.from(fields[i]?.encoded ?? []).equals(algorithm.encoded))
        fail('the signed and outer signature algorithms differ');
    i += 2; // signature algorithm, issuer (the signature binds the issuer)
    const [thisUpdate, nextUpdate] = [fields[i], fields[i + 1]];
    const isTime = (f) => f?.tag === UTC_TIME || f?.tag === GENERALIZED_TIME;
    if (!isTime(thisUpdate) || !isTime(nextUpdate))
        fail('thisUpdate/nextUpdate missing');
    const crl = {
        thisUpdate: time(type, thisUpdate.tag, thisUpdate.contents),
        nextUpdate: time(type, nextUpdate.tag, nextUpdate.contents),
        revoked: new Set()
    };
    const list = fields[i + 2];
    if (list?.tag === SEQUENCE)
        for (const entry of derElements(list.contents)) {
            const serial = derElements(entry.contents)[0];
            if (serial?.tag !== INTEGER)
                fail('revoked entry without a serial');
            crl.revoked.add(serialHex(serial.contents));
        }
    if (at < crl.thisUpdate || at > crl.nextUpdate)
        fail(`not valid at ${at.toISOString()} (${crl.thisUpdate.toISOString()} to ${crl.nextUpdate.toISOString()}); fetch current collateral or pass the time it was valid with --evidence-time`);
    return crl;
}
/** Refuses a certificate the CRL revokes. */
function checkNotRevoked(type, crl, cert) {
    if (crl.revoked.has(serialHex(Buffer.from(cert.serialNumber, 'hex'))))
        invalidEvidence(type, `certificate "${cert.subject.replace(/\n/g, ', ')}" (serial ${cert.serialNumber}) is revoked`);
}

/*
 * The layout of an Intel DCAP quote, SGX (v3, v4) or TDX (v4, v5), from
 * Intel's "SGX ECDSA Quote Library API" and "TDX DCAP Quote Library API":
 *   header (48) ‖ body ‖ u32 signature-data length ‖ signature data
 * v5 puts u16 body type and u32 body size before the body. The signature
 * data is the ECDSA-P256 quote signature (64), the attestation key (64),
 * then certification data: in v3 directly the QE report (384), its
 * signature (64), QE auth data (u16 length + bytes) and the PCK chain
 * (u16 type 5, u32 size, PEM); in v4/v5 the same wrapped in
 * certification data of type 6.
 */
const HEADER$1 = 48;
const SGX_BODY = 384;
const TD10_BODY = 584;
const TD15_BODY = 648;
const INTEL_QE_VENDOR = '939a7233f79c4ca9940a0db3957f0607';
/** Certification data types (Intel: PCK_CERT_CHAIN, QE_REPORT_CERT_DATA). */
const PCK_CHAIN = 5;
const QE_REPORT_DATA = 6;
/** A bounds-checked cursor over the quote. */
class Reader {
    type;
    b;
    pos;
    end;
    constructor(type, b, pos, end) {
        this.type = type;
        this.b = b;
        this.pos = pos;
        this.end = end;
    }
    take(n, what) {
        if (n > this.end - this.pos)
            invalidEvidence(this.type, `${what} (${n} bytes at ${this.pos}) runs past the end of its ${this.end}-byte container`);
        const out = this.b.subarray(this.pos, this.pos + n);
        this.pos += n;
        return out;
    }
    u16(what) {
        return this.take(2, what).readUInt16LE(0);
    }
    u32(what) {
        return this.take(4, what).readUInt32LE(0);
    }
}
/** The body's size for a TEE, version and (v5) body type. */
function bodySize(type, tee, version, r) {
    if (version < 5)
        return tee === 'sgx' ? SGX_BODY : TD10_BODY;
    const kind = r.u16('body type');
    const size = r.u32('body size');
    const want = { 1: SGX_BODY, 2: TD10_BODY, 3: TD15_BODY }[kind];
    if (want === undefined || size !== want || (tee === 'sgx') !== (kind === 1))
        invalidEvidence(type, `v5 body type ${kind} of ${size} bytes is not valid`);
    return size;
}
/** Splits a DCAP quote; EVIDENCE_INVALID when it is not one we verify. */
function splitDcapQuote(type, quote) {
    const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength);
    const r = new Reader(type, b, 0, b.length);
    const header = r.take(HEADER$1, 'header');
    const version = header.readUInt16LE(0);
    const teeType = header.readUInt32LE(4);
    const tee = teeType === 0 ? 'sgx' : teeType === 0x81 ? 'tdx' : undefined;
    if (tee === undefined)
        invalidEvidence(type, `unknown TEE type 0x${teeType.toString(16)}`);
    if ((tee === 'sgx') !== (type === 'sgx-quote'))
        invalidEvidence(type, `this is a ${tee.toUpperCase()} quote`);
    const versions = tee === 'sgx' ? [3, 4] : [4, 5];
    if (!versions.includes(version))
        invalidEvidence(type, `quote version ${version} is not supported for ${tee.toUpperCase()} (${versions.join(', ')})`);
    if (header.readUInt16LE(2) !== 2)
        invalidEvidence(type, 'the attestation key type is not ECDSA-256-with-P-256 (2)');
    if (header.subarray(12, 28).toString('hex') !== INTEL_QE_VENDOR)
        invalidEvidence(type, "the QE vendor is not Intel's");
    const size = bodySize(type, tee, version, r);
    const body = r.take(size, 'report body');
    const signed = b.subarray(0, r.pos);
    const sigLen = r.u32('signature data length');
    const s = new Reader(type, b, r.pos, r.pos + sigLen);
    // Some producers (dstack's tappd) pad quotes to a fixed size with zeros;
    // anything else after the signature data would be unsigned and unread.
    if (sigLen > b.length - r.pos ||
        b.subarray(r.pos + sigLen).some((x) => x !== 0))
        invalidEvidence(type, `signature data (${sigLen} bytes) does not end the quote (only zero padding may follow)`);
    const signature = s.take(64, 'quote signature');
    const attestationKey = s.take(64, 'attestation key');
    let cert = s;
    if (version >= 4) {
        if (s.u16('certification data type') !== QE_REPORT_DATA)
            invalidEvidence(type, 'v4/v5 certification data is not of type 6 (QE report)');
        const n = s.u32('certification data size');
        cert = new Reader(type, b, s.pos, s.pos + n);
        s.take(n, 'certification data');
    }
    const qeReport = cert.take(SGX_BODY, 'QE report');
    const qeReportSignature = cert.take(64, 'QE report signature');
    const qeAuthData = cert.take(cert.u16('QE auth data size'), 'QE auth data');
    if (cert.u16('PCK certification data type') !== PCK_CHAIN)
        invalidEvidence(type, 'the quote does not carry its PCK certificate chain (certification data type 5)');
    const chain = cert.take(cert.u32('PCK chain size'), 'PCK chain');
    return {
        version,
        tee,
        signed,
        body,
        signature,
        attestationKey,
        qeReport,
        qeReportSignature,
        qeAuthData,
        pckChainPem: chain.toString('latin1')
    };
}

/*
 * Certificate-path checks shared by the SEV-SNP (VCEK ← ASK ← ARK) and
 * DCAP (PCK ← Platform/Processor CA ← Intel SGX Root CA) verifiers: every
 * link signed by the next, each issuer a CA allowed to sign certificates,
 * every certificate valid at the verification time, no critical extension
 * we do not understand, and the root compared by fingerprint with the
 * pinned one, never trusted from the evidence.
 */
/** A certificate's subject on one line, for messages. */
function subjectOf$1(cert) {
    return cert.subject.replace(/\n/g, ', ');
}
/** The common name of a distinguished name as X509Certificate prints it. */
function commonName(dn) {
    return /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1];
}
/** Parses one certificate (PEM or DER), EVIDENCE_INVALID when it is not one. */
function certificateOf(type, bytes, what) {
    try {
        return new X509Certificate(bytes);
    }
    catch {
        return invalidEvidence(type, `${what} is not an X.509 certificate`);
    }
}
/** All PEM certificates of a text, in order. */
function pemCertificates(type, text, what) {
    const pems = text.match(/-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g) ?? [];
    if (pems.length === 0)
        invalidEvidence(type, `${what} holds no PEM certificate`);
    return pems.map((p, i) => certificateOf(type, p, `${what} [${i}]`));
}
/** The extensions of a certificate, coded with its subject. */
function extensionsOf$1(type, cert) {
    try {
        return readExtensions(cert.raw);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            invalidEvidence(type, `certificate "${subjectOf$1(cert)}": ${err.message}`);
        throw err;
    }
}
/**
 * Verifies `path` (leaf first, the pinned root last) at time `at`. The
 * caller has already compared the root with its pin (so its self-signature
 * is not checked, only its validity and constraints); a path whose top
 * certificate is not signed by the root is TRUST_ROOT_UNKNOWN, any other
 * failure EVIDENCE_INVALID.
 */
function verifyPath(type, path, at) {
    const root = path[path.length - 1];
    path.forEach((cert, i) => {
        const name = subjectOf$1(cert);
        const ext = extensionsOf$1(type, cert);
        if (ext.criticalUnknown.length > 0)
            invalidEvidence(type, `certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`);
        if (ext.nameConstraints)
            invalidEvidence(type, `certificate "${name}" has name constraints, which this verifier does not support`);
        // The leaf signs the evidence (or the collateral), the others certificates.
        if (i === 0 && ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
            invalidEvidence(type, `certificate "${name}" may not sign (keyUsage lacks digitalSignature)`);
        if (i > 0 && ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
            invalidEvidence(type, `certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`);
        const pathLen = ext.basicConstraints?.pathLen;
        if (i > 0 && pathLen !== undefined && i - 1 > pathLen)
            invalidEvidence(type, `certificate "${name}" allows ${pathLen} intermediate CA(s) below it but has ${i - 1}`);
        if (at < cert.validFromDate || at > cert.validToDate)
            invalidEvidence(type, `certificate "${name}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()}); pass the time the evidence was produced with --evidence-time`);
        if (i > 0 && !cert.ca)
            invalidEvidence(type, `"${name}" is not a CA`);
        // The root is pinned by fingerprint: its self-signature adds nothing.
        if (i === path.length - 1)
            return;
        const issuer = path[i + 1];
        if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
            if (i === path.length - 2)
                throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the ${type} certificate "${name}" is not signed by the pinned root "${subjectOf$1(root)}" (${root.fingerprint256})`);
            invalidEvidence(type, `certificate "${name}" is not signed by "${subjectOf$1(issuer)}"`);
        }
    });
}

/*
 * The signed parts of DCAP collateral and evidence: certificate chains to
 * the pinned Intel SGX Root CA (checked against the root CA CRL), and the
 * TCB info / QE identity bodies signed by the TCB Signing certificate.
 */
/** A chain from evidence or collateral, its top replaced by the pinned root once it matches. */
function chainTo(type, pem, root, what, at, rootCrl, seen) {
    // TCB info and QE identity usually share one issuer chain: check it once.
    const known = seen?.get(pem);
    if (known)
        return known;
    const certs = pemCertificates(type, pem, what);
    const top = certs[certs.length - 1];
    if (certs.length < 2 || top.fingerprint256 !== root.fingerprint256)
        throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the ${what} ends in "${subjectOf$1(top)}" (${top.fingerprint256}), not the pinned Intel SGX Root CA ${root.fingerprint256}`);
    const path = [...certs.slice(0, -1), root];
    verifyPath(type, path, at);
    if (rootCrl)
        for (const c of path.slice(0, -1))
            checkNotRevoked(type, rootCrl, c);
    seen?.set(pem, path);
    return path;
}
/** Verifies a signed collateral body (TCB info / QE identity) and parses it. */
function signedBody(type, schema, text, signatureHex, signer, at, what) {
    const sig = Buffer.from(signatureHex, 'hex');
    if (sig.length !== 64 ||
        !verify$2('sha256', Buffer.from(text, 'utf8'), { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, sig))
        invalidEvidence(type, `the ${what} signature does not verify with "${subjectOf$1(signer)}"`);
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return invalidEvidence(type, `the ${what} is not JSON`);
    }
    const r = schema.safeParse(json);
    if (!r.success)
        invalidEvidence(type, `the ${what} is malformed: ${r.error.issues[0].message}`);
    const body = r.data;
    if (at < new Date(body.issueDate) || at > new Date(body.nextUpdate))
        invalidEvidence(type, `the ${what} is valid ${body.issueDate} to ${body.nextUpdate}, not at ${at.toISOString()}; fetch current collateral or pass the time with --evidence-time`);
    return r.data;
}
/** The raw X ‖ Y P-256 attestation key as a KeyObject. */
function p256Key(type, raw) {
    try {
        return createPublicKey({
            key: {
                kty: 'EC',
                crv: 'P-256',
                x: raw.subarray(0, 32).toString('base64url'),
                y: raw.subarray(32).toString('base64url')
            },
            format: 'jwk'
        });
    }
    catch {
        return invalidEvidence(type, 'the attestation key is not a P-256 point');
    }
}
/** Verifies an ECDSA-P256 r ‖ s signature over `data`, EVIDENCE_INVALID naming `what`. */
function checkSig(type, data, key, sig, what) {
    if (!verify$2('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig))
        invalidEvidence(type, `the ${what} does not verify`);
}

/** The worse of two verdicts, advisories united. */
function mergeVerdicts(a, b) {
    const worse = TCB_STATUSES.indexOf(b.status) > TCB_STATUSES.indexOf(a.status) ? b : a;
    return {
        ...worse,
        advisoryIds: [...new Set([...a.advisoryIds, ...b.advisoryIds])]
    };
}
/** Intel's QVL calls a TCB below every listed level unsupported: refused. */
function below(what) {
    throw new EnclaveBuildError('EVIDENCE_TCB_REJECTED', `the TCB of ${what} is below every level Intel's collateral lists (no TCB status applies); update the platform`);
}
/** Lexicographic descending order of two SVN lists. */
function desc(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
        if ((a[i] ?? 0) !== (b[i] ?? 0))
            return (b[i] ?? 0) - (a[i] ?? 0);
    return 0;
}
const svns = (c) => (c ?? []).map((x) => x.svn);
/** Bytes of a hex string. */
const bytes = (h) => Buffer.from(h, 'hex');
/** The platform TCB level for the PCK's SVNs (and the TD's TEE_TCB_SVN). */
function platformVerdict(type, info, pck, teeTcbSvn) {
    if (info.fmspc.toUpperCase() !== pck.fmspc)
        invalidEvidence(type, `the TCB info is for FMSPC ${info.fmspc}, the PCK certificate for ${pck.fmspc}; fetch the TCB info for this platform`);
    if (info.pceId.toUpperCase() !== pck.pceId)
        invalidEvidence(type, `the TCB info is for PCE ID ${info.pceId}, not ${pck.pceId}`);
    const tdx = teeTcbSvn !== undefined;
    if ((info.id === 'TDX') !== tdx || (tdx && info.version < 3))
        invalidEvidence(type, `the TCB info is ${info.id} v${info.version}, not for this quote`);
    const levels = [...info.tcbLevels].sort((a, b) => desc(svns(a.tcb.sgxtcbcomponents), svns(b.tcb.sgxtcbcomponents)) ||
        b.tcb.pcesvn - a.tcb.pcesvn ||
        desc(svns(tdxOf(a.tcb)), svns(tdxOf(b.tcb))));
    const level = levels.find((l) => pck.pceSvn >= l.tcb.pcesvn &&
        svns(l.tcb.sgxtcbcomponents).every((s, i) => pck.components[i] >= s) &&
        (!tdx ||
            (tdxOf(l.tcb)?.length === 16 &&
                svns(tdxOf(l.tcb)).every((s, i) => teeTcbSvn[i] >= s))));
    if (level === undefined)
        below(`the platform (FMSPC ${pck.fmspc})`);
    return {
        status: level.tcbStatus,
        advisoryIds: level.advisoryIDs,
        date: level.tcbDate
    };
}
function tdxOf(tcb) {
    return 'tdxtcbcomponents' in tcb ? tcb.tdxtcbcomponents : undefined;
}
/**
 * The TDX module's identity (MRSIGNERSEAM, SEAMATTRIBUTES under mask) and,
 * when TCB info lists the module's version, its TCB level.
 */
function moduleVerdict(type, info, td) {
    const base = info.tdxModule;
    if (base === undefined)
        return invalidEvidence(type, 'the TDX TCB info has no tdxModule');
    const version = td.teeTcbSvn[1];
    const wanted = `TDX_${version.toString(16).toUpperCase().padStart(2, '0')}`;
    const identity = version > 0 && info.tdxModuleIdentities.length > 0
        ? info.tdxModuleIdentities.find((m) => m.id.toUpperCase() === wanted)
        : undefined;
    if (version > 0 && info.tdxModuleIdentities.length > 0 && !identity)
        invalidEvidence(type, `the TCB info has no TDX module identity ${wanted}`);
    const expect = identity ?? base;
    if (!bytes(expect.mrsigner).equals(td.mrSignerSeam))
        invalidEvidence(type, 'the TDX module signer (MRSIGNERSEAM) is not the one TCB info names');
    const want = bytes(expect.attributes);
    const mask = bytes(expect.attributesMask);
    if (want.length !== 8 || mask.length !== 8)
        invalidEvidence(type, 'the TCB info module attributes are not 8 bytes');
    td.seamAttributes.forEach((a, i) => {
        if ((a & mask[i]) !== (want[i] & mask[i]) || (a & ~mask[i]) !== 0)
            invalidEvidence(type, 'the TDX module attributes do not match TCB info');
    });
    if (!identity)
        return undefined;
    const level = identity.tcbLevels.find((l) => td.teeTcbSvn[0] >= l.tcb.isvsvn);
    if (!level)
        return below(`the TDX module ${wanted}`);
    return {
        status: level.tcbStatus,
        advisoryIds: level.advisoryIDs,
        date: level.tcbDate
    };
}
/**
 * Checks the QE report against the QE identity (MRSIGNER, ISVPRODID,
 * MISCSELECT and ATTRIBUTES under their masks, never a debug QE) and
 * returns the QE's TCB level by its ISVSVN.
 */
function qeVerdict(type, identity, qeReport, tdx) {
    if (identity.id !== (tdx ? 'TD_QE' : 'QE'))
        invalidEvidence(type, `the QE identity is for ${identity.id}, not this quote's QE`);
    const masked = (v, m) => Buffer.from(v.map((x, i) => x & m[i])).toString('hex');
    if (!qeReport.subarray(128, 160).equals(bytes(identity.mrsigner)))
        invalidEvidence(type, "the quoting enclave is not signed by Intel's QE MRSIGNER");
    if (qeReport.readUInt16LE(256) !== identity.isvprodid)
        invalidEvidence(type, 'the quoting enclave ISVPRODID is not the QE identity one');
    const misc = bytes(identity.miscselectMask);
    const attr = bytes(identity.attributesMask);
    if (masked(qeReport.subarray(16, 20), misc) !==
        masked(bytes(identity.miscselect), misc) ||
        masked(qeReport.subarray(48, 64), attr) !==
            masked(bytes(identity.attributes), attr))
        invalidEvidence(type, 'the quoting enclave MISCSELECT/ATTRIBUTES do not match its identity');
    if (qeReport[48] & 0x02)
        invalidEvidence(type, 'the quoting enclave is a debug enclave');
    const isvSvn = qeReport.readUInt16LE(258);
    const level = identity.tcbLevels.find((l) => isvSvn >= l.tcb.isvsvn);
    if (!level)
        return below(`the quoting enclave (ISVSVN ${isvSvn})`);
    return {
        status: level.tcbStatus,
        advisoryIds: level.advisoryIDs,
        date: level.tcbDate
    };
}

/*
 * Intel SGX Root CA, the root of every DCAP chain (PCK, TCB Signing, QE
 * Identity, CRLs), as Intel publishes it at
 * https://certificates.trustedservices.intel.com/Intel_SGX_Provisioning_Certification_RootCA.pem.
 * Copied from Phala-Network/dcap-qvl src/TrustedRootCA.der at commit
 * 9bffe30b4da53acc05f2e3a36fafc0f6418973b8 (MIT). Pinned by fingerprint.
 */
/** PEM of the Intel SGX Root CA. */
const INTEL_SGX_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
-----END CERTIFICATE-----
`;
/** Its SHA-256 fingerprint, as X509Certificate.fingerprint256. */
const INTEL_SGX_ROOT_SHA256 = '44:A0:19:6B:2B:99:F8:89:B8:E1:49:E9:5B:80:7A:35:0E:74:24:96:43:99:E8:85:A7:CB:B8:CC:FA:B6:74:D3';

/*
 * The SGX extension of a PCK certificate (Intel "SGX PCK Certificate and
 * CRL Profile", OID 1.2.840.113741.1.13.1): a SEQUENCE of (OID, value)
 * pairs, of which the verifier needs the TCB (16 component SVNs, PCESVN,
 * CPUSVN), the PCE ID and the FMSPC.
 */
const SGX = '1.2.840.113741.1.13.1';
/** An INTEGER's value (at most 16 bits are used by these fields). */
function uint(type, b, what) {
    if (b.length === 0 || b.length > 3 || b[0] & 0x80)
        invalidEvidence(type, `PCK ${what} is not a small INTEGER`);
    return b.reduce((n, x) => n * 256 + x, 0);
}
/** The (OID → [tag, contents]) pairs of a SEQUENCE OF SEQUENCE { OID, value }. */
function pairs(type, contents) {
    const out = new Map();
    for (const item of derElements(contents)) {
        const [oid, value] = derElements(item.contents);
        if (item.tag !== 0x30 || oid?.tag !== 0x06 || value === undefined)
            invalidEvidence(type, 'the PCK SGX extension is malformed');
        out.set(objectIdentifier(oid.contents), value);
    }
    return out;
}
/** Reads the SGX extension of the PCK leaf; EVIDENCE_INVALID when absent or malformed. */
function pckClaims(type, pck) {
    const raw = extensionsOf$1(type, pck).values.get(SGX);
    if (raw === undefined)
        return invalidEvidence(type, 'the PCK certificate has no SGX extension');
    try {
        const top = pairs(type, derOnly(raw, 0x30, 'SGX extension'));
        const get = (m, oid, tag) => {
            const v = m.get(oid);
            if (v?.tag !== tag)
                invalidEvidence(type, `the PCK SGX extension lacks ${oid}`);
            return v.contents;
        };
        const tcb = pairs(type, get(top, `${SGX}.2`, 0x30));
        const components = Array.from({ length: 16 }, (_, i) => uint(type, get(tcb, `${SGX}.2.${i + 1}`, 0x02), `component ${i + 1}`));
        const fmspc = get(top, `${SGX}.4`, 0x04);
        const pceId = get(top, `${SGX}.3`, 0x04);
        if (fmspc.length !== 6 || pceId.length !== 2)
            invalidEvidence(type, 'the PCK FMSPC or PCE ID has the wrong size');
        return {
            components,
            pceSvn: uint(type, get(tcb, `${SGX}.2.17`, 0x02), 'PCESVN'),
            cpuSvn: Buffer.from(get(tcb, `${SGX}.2.18`, 0x04)).toString('hex'),
            fmspc: Buffer.from(fmspc).toString('hex').toUpperCase(),
            pceId: Buffer.from(pceId).toString('hex').toUpperCase()
        };
    }
    catch (err) {
        if (err.code === 'EVIDENCE_INVALID')
            throw err;
        return invalidEvidence(type, 'the PCK SGX extension is malformed');
    }
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
 * ISVPRODID, ISVSVN, attributes, report data). The signatures, QE report
 * and PCK chain are checked by verifyDcapQuote (dcap-verify.ts), which
 * builds on this; alone the result says `evidenceSignature: "not-checked"`.
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

/**
 * The measurement registers of an Intel TDX quote (Intel TDX DCAP Quoting
 * Library API, "Quote Format"): version 4 (48-byte header, then the
 * 584-byte TD report body) and version 5 (header, body type u16 and size
 * u32, then a TD 1.0 (type 2) or TD 1.5 (type 3) body; TD 1.5 appends its
 * fields after REPORTDATA, so the offsets below hold for both). The quote's
 * signature is not checked here.
 */
const HEADER = 48;
const TDX_TEE = 0x81;
// Within the TD report body: TEE_TCB_SVN 16, MRSEAM 48, MRSIGNERSEAM 48,
// SEAMATTRIBUTES 8, TDATTRIBUTES 8, XFAM 8, then MRTD.
const MRTD = 136;
const RTMR0 = MRTD + 48 * 4; // after MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG
const REPORT_DATA = RTMR0 + 48 * 4;
const BODY_MIN = REPORT_DATA + 64;
/** Reads MRTD, RTMR0-3 and REPORTDATA from a TD quote v4 or v5. */
function parseTdQuote(quote) {
    const bad = (m) => invalidEvidence('td-quote', m);
    if (quote.length < HEADER)
        bad(`${quote.length} bytes is shorter than a quote header`);
    const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength);
    const version = b.readUInt16LE(0);
    const tee = b.readUInt32LE(4);
    if (tee !== TDX_TEE)
        bad(`TEE type 0x${tee.toString(16)} is not TDX (0x81)`);
    let body = HEADER;
    if (version === 5) {
        if (b.length < HEADER + 6)
            bad('no v5 body descriptor');
        const type = b.readUInt16LE(HEADER);
        const size = b.readUInt32LE(HEADER + 2);
        if (type !== 2 && type !== 3)
            bad(`v5 body type ${type} is not a TD report (2 or 3)`);
        if (size < BODY_MIN)
            bad(`v5 body size ${size} is below ${BODY_MIN}`);
        body = HEADER + 6;
    }
    else if (version !== 4)
        bad(`quote version ${version} is not 4 or 5`);
    if (b.length < body + BODY_MIN)
        bad('the TD report body is truncated');
    const field = (at, n) => hexOf(b.subarray(body + at, body + at + n));
    const mrtd = field(MRTD, 48);
    const rtmrs = [0, 1, 2, 3].map((i) => field(RTMR0 + 48 * i, 48));
    return {
        type: 'td-quote',
        measurement: { name: 'MRTD', algorithm: 'sha384', value: mrtd },
        registers: [
            { name: 'MRTD', algorithm: 'sha384', value: mrtd },
            ...rtmrs.map((value, i) => ({
                name: `RTMR${i}`,
                algorithm: 'sha384',
                value
            }))
        ],
        evidenceSignature: 'not-checked',
        fields: {
            version,
            reportData: field(REPORT_DATA, 64),
            tdAttributes: field(120, 8),
            xfam: field(128, 8),
            mrConfigId: field(MRTD + 48, 48),
            mrOwner: field(MRTD + 96, 48),
            mrOwnerConfig: field(MRTD + 144, 48),
            mrSeam: field(16, 48)
        }
    };
}

/*
 * What the DCAP verifier reads of the TD report body of a TDX quote
 * (td-quote.ts reads the registers for every caller) (TDX DCAP Quote Library API,
 * "TD Quote Body"): 584 bytes for TDX 1.0, 648 for 1.5 (TEE_TCB_SVN_2
 * and MRSERVICETD appended). Offsets within the body.
 */
/** The fields of a TD report body the verifier and the output use. */
function tdxFields(body) {
    const h = (at, n) => hexOf(body.subarray(at, at + n));
    const fields = {
        teeTcbSvn: h(0, 16),
        mrSeam: h(16, 48),
        mrSignerSeam: h(64, 48),
        seamAttributes: h(112, 8),
        tdAttributes: h(120, 8),
        debug: (body[120] & 1) === 1,
        xfam: h(128, 8),
        mrtd: h(136, 48),
        mrConfigId: h(184, 48),
        mrOwner: h(232, 48),
        mrOwnerConfig: h(280, 48),
        rtmr0: h(328, 48),
        rtmr1: h(376, 48),
        rtmr2: h(424, 48),
        rtmr3: h(472, 48),
        reportData: h(520, 64)
    };
    if (body.length === 648) {
        fields.teeTcbSvn2 = h(584, 16);
        fields.mrServiceTd = h(600, 48);
    }
    return {
        teeTcbSvn: body.subarray(0, 16),
        mrSignerSeam: body.subarray(64, 112),
        seamAttributes: body.subarray(112, 120),
        tdAttributes: body.subarray(120, 128),
        fields
    };
}
/**
 * What the TD's attributes say that no relying party should accept, as
 * dcap-qvl refuses it too: reserved TD attribute bits set, SEPT_VE_DISABLE
 * (bit 28) off, so the guest takes #VE on EPT violations the host can
 * provoke; or (TDX 1.5) a service TD bound to it (MRSERVICETD non-zero).
 * DEBUG (bit 0) is left to the debug policy. Undefined when fine.
 */
function tdAttributeProblem(body) {
    const attributes = body.readBigUInt64LE(120);
    // TUD bits 1-7, SEC bits 8-27 and 29, OTHER bits 32-62.
    const reserved = 0xfen | (0xfffffn << 8n) | (1n << 29n) | (0x7fffffffn << 32n);
    if ((attributes & reserved) !== 0n)
        return `reserved TD attribute bits are set (TDATTRIBUTES 0x${attributes.toString(16)})`;
    if (((attributes >> 28n) & 1n) === 0n)
        return 'SEPT_VE_DISABLE is off (TDATTRIBUTES bit 28): the host can inject #VE exceptions into the TD';
    if (body.length === 648 && body.subarray(600, 648).some((x) => x !== 0))
        return 'a service TD is bound to this TD (MRSERVICETD is not zero)';
    return undefined;
}

let pinnedRoot$1;
/** The pinned root, checked against its fingerprint once per process. */
function intelRoot() {
    if (pinnedRoot$1)
        return pinnedRoot$1;
    const root = new X509Certificate(INTEL_SGX_ROOT_PEM);
    if (root.fingerprint256 !== INTEL_SGX_ROOT_SHA256)
        throw new EnclaveBuildError('INTERNAL', 'embedded Intel SGX Root CA changed');
    return (pinnedRoot$1 = root);
}
/**
 * Verifies a DCAP quote of `type` ('sgx-quote' or 'td-quote'). Malformed
 * input or a failed check is EVIDENCE_INVALID, a chain to another root
 * TRUST_ROOT_UNKNOWN, a TCB status not accepted EVIDENCE_TCB_REJECTED, a
 * debug enclave/TD not accepted EVIDENCE_POLICY_REJECTED.
 */
function verifyDcapQuote(type, bytes, options) {
    const { collateral: c, at } = options;
    const q = splitDcapQuote(type, bytes);
    const root = intelRoot();
    const rootCrl = readCrl(type, Buffer.from(c.root_ca_crl, 'hex'), root, at, 'the root CA CRL');
    checkNotRevoked(type, rootCrl, root);
    const seen = new Map();
    const [tcbSigner] = chainTo(type, c.tcb_info_issuer_chain, root, 'TCB info issuer chain', at, rootCrl, seen);
    const info = signedBody(type, tcbInfoSchema, c.tcb_info, c.tcb_info_signature, tcbSigner, at, 'TCB info');
    const [qeSigner] = chainTo(type, c.qe_identity_issuer_chain, root, 'QE identity issuer chain', at, rootCrl, seen);
    const identity = signedBody(type, qeIdentitySchema, c.qe_identity, c.qe_identity_signature, qeSigner, at, 'QE identity');
    const [pck, pckCa] = chainTo(type, q.pckChainPem, root, 'PCK certificate chain', at, rootCrl);
    const pckCrl = readCrl(type, Buffer.from(c.pck_crl, 'hex'), pckCa, at, 'the PCK CRL');
    checkNotRevoked(type, pckCrl, pck);
    const claims = pckClaims(type, pck);
    checkSig(type, q.qeReport, pck.publicKey, q.qeReportSignature, 'QE report signature (by the PCK key)');
    const binding = createHash('sha256')
        .update(q.attestationKey)
        .update(q.qeAuthData)
        .digest();
    if (!q.qeReport.subarray(320, 352).equals(binding) ||
        q.qeReport.subarray(352, 384).some((x) => x !== 0))
        invalidEvidence(type, 'the QE report data does not bind the attestation key and QE auth data');
    checkSig(type, q.signed, p256Key(type, q.attestationKey), q.signature, 'quote signature (by the attestation key)');
    const td = q.tee === 'tdx' ? tdxFields(q.body) : undefined;
    let verdict = mergeVerdicts(platformVerdict(type, info, claims, td?.teeTcbSvn), qeVerdict(type, identity, q.qeReport, q.tee === 'tdx'));
    if (td) {
        const m = moduleVerdict(type, info, td);
        if (m)
            verdict = mergeVerdicts(verdict, m);
    }
    const base = q.tee === 'tdx' ? parseTdQuote(bytes) : parseSgxQuote(bytes);
    const debug = q.tee === 'tdx' ? (q.body[120] & 1) === 1 : (q.body[48] & 2) === 2;
    const evidence = {
        ...base,
        evidenceSignature: 'verified',
        fields: {
            ...base.fields,
            ...(td ? tdxFields(q.body).fields : {}),
            tcbStatus: verdict.status,
            advisoryIds: verdict.advisoryIds,
            root: root.fingerprint256
        },
        tcb: {
            status: verdict.status,
            advisoryIds: verdict.advisoryIds,
            ...(verdict.date ? { date: verdict.date } : {})
        },
        platform: {
            fmspc: claims.fmspc,
            pceId: claims.pceId,
            pceSvn: String(claims.pceSvn),
            cpuSvn: claims.cpuSvn
        }
    };
    if (!options.policy.acceptedStatuses.includes(verdict.status))
        throw new EnclaveBuildError('EVIDENCE_TCB_REJECTED', `the platform's TCB status is ${verdict.status}${verdict.advisoryIds.length ? ` (${verdict.advisoryIds.join(', ')})` : ''}, not one of the accepted ${options.policy.acceptedStatuses.join(', ')}; update the platform, or accept it with --dcap-tcb-accept`);
    if (debug && !options.policy.debug)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the ${q.tee === 'tdx' ? 'TD' : 'enclave'} runs in debug mode, whose memory the host can read; refuse it, or accept it with --dcap-allow-debug`);
    const problem = q.tee === 'tdx' ? tdAttributeProblem(q.body) : undefined;
    if (problem)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the TD is not one to trust: ${problem}; launch it with the default TD attributes`);
    return evidence;
}

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

// Why this file is long: one NSM attestation document: CBOR/COSE parsing and the certificate chain to the pinned AWS root are checked on the same decoded structure.
/** COSE algorithm identifier of ES384 (RFC 9053). */
const ES384 = -35;
/** Throws EVIDENCE_INVALID for this evidence type. */
function bad$2(detail) {
    return invalidEvidence('nitro', detail);
}
/** An optional byte-string field of at most `max` bytes, as hex or null. */
function optionalBytes(doc, key, max) {
    const v = doc.get(key);
    if (v === undefined || v === null)
        return null;
    if (!isBytes(v) || v.length > max)
        bad$2(`"${key}" must be a byte string of at most ${max} bytes`);
    return hexOf(v);
}
/** Parses one DER certificate of the document, coded on failure. */
function certificate(der, what) {
    if (!isBytes(der) || der.length < 1 || der.length > 1024)
        bad$2(`${what} must be a DER certificate of 1..1024 bytes`);
    try {
        return new X509Certificate(der);
    }
    catch {
        return bad$2(`${what} is not a valid X.509 certificate`);
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
            bad$2(`certificate "${subjectOf(cert)}": ${err.message}`);
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
            bad$2(`certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`);
        if (ext.nameConstraints)
            bad$2(`certificate "${name}" has name constraints, which this verifier does not support`);
        if (i === 0) {
            if (ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
                bad$2(`certificate "${name}" may not sign the document (keyUsage lacks digitalSignature)`);
            return;
        }
        if (ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
            bad$2(`certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`);
        // path[1..i-1] are the CAs below this one; the leaf does not count.
        // Self-issued CAs count too (§6.1.4 skips them): stricter, and AWS's
        // chain has none.
        const pathLen = ext.basicConstraints?.pathLen;
        if (pathLen !== undefined && i - 1 > pathLen)
            bad$2(`certificate "${name}" allows ${pathLen} intermediate CA(s) below it (pathLenConstraint) but has ${i - 1}`);
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
            bad$2(`certificate "${subjectOf(cert)}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()})`);
        if (i === path.length - 1)
            break;
        const issuer = path[i + 1];
        if (!issuer.ca)
            bad$2(`certificate "${subjectOf(issuer)}" is not a CA`);
        if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
            bad$2(`certificate "${subjectOf(cert)}" is not signed by "${subjectOf(issuer)}"`);
    }
}
/** The PCR map: 1..32 entries, index 0..31, 32/48/64-byte values. */
function readPcrs(v) {
    if (!(v instanceof Map) || v.size < 1 || v.size > 32)
        bad$2('"pcrs" must be a map of 1 to 32 entries');
    const pcrs = new Map();
    for (const [k, value] of v) {
        if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 31)
            bad$2(`PCR index ${String(k)} is not in 0..31`);
        if (!isBytes(value) || ![32, 48, 64].includes(value.length))
            bad$2(`PCR${k} must be 32, 48 or 64 bytes`);
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
            return bad$2(cose);
        header = decodeCbor(cose.protectedHeader);
        doc = decodeCbor(cose.payload);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            throw err;
        return bad$2(`not valid CBOR (${err.message})`);
    }
    if (!(header instanceof Map) || header.get(1) !== ES384)
        bad$2('the COSE algorithm is not ES384 (-35)');
    if (!(doc instanceof Map))
        return bad$2('the payload is not a CBOR map');
    const moduleId = doc.get('module_id');
    const timestamp = doc.get('timestamp');
    if (typeof moduleId !== 'string' || moduleId === '')
        bad$2('"module_id" must be a non-empty text string');
    if (doc.get('digest') !== 'SHA384')
        bad$2('"digest" must be "SHA384"');
    if (typeof timestamp !== 'number' ||
        !Number.isSafeInteger(timestamp) ||
        timestamp < 1)
        bad$2('"timestamp" must be a positive integer (ms since the epoch)');
    const pcrs = readPcrs(doc.get('pcrs'));
    const leaf = certificate(doc.get('certificate'), '"certificate"');
    const caBundle = doc.get('cabundle');
    if (!Array.isArray(caBundle) || caBundle.length < 1)
        bad$2('"cabundle" must be a non-empty array');
    const bundle = caBundle.map((c, i) => certificate(c, `cabundle[${i}]`));
    const publicKey = optionalBytes(doc, 'public_key', 1024);
    const userData = optionalBytes(doc, 'user_data', 1024);
    const nonce = optionalBytes(doc, 'nonce', 1024);
    const pcr0 = pcrs.get(0);
    if (pcr0?.length !== 96)
        return bad$2('PCR0 is missing or not 48 bytes');
    const at = options.at === 'document' ? new Date(timestamp) : options.at;
    verifyChain(leaf, bundle, root, at ?? new Date());
    const key = leaf.publicKey;
    if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
        bad$2('the signing certificate does not hold a P-384 key');
    if (cose.signature.length !== 96)
        bad$2('an ES384 signature is 96 bytes (r ‖ s)');
    const signed = sigStructure(cose.protectedHeader, cose.payload);
    const ok = verify$2('sha384', signed, { key, dsaEncoding: 'ieee-p1363' }, cose.signature);
    if (!ok)
        bad$2('the COSE signature does not verify with the signing certificate');
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

// Why this file is long: it is data, the PEMs of three AMD product roots (ARK, ASK, ASVK each).
/*
 * AMD SEV-SNP certificate authorities, per product: the AMD Root Key (ARK,
 * self-signed, RSA-4096 PSS) and the two intermediates it signs, the AMD
 * SEV Key (ASK, signs VCEKs) and the AMD SEV VLEK Key (ASVK, signs VLEKs).
 * Copied from google/go-sev-guest verify/trust/ask_ark_*.pem at commit
 * af1c107a648f47253da23a9de7a7c82ec073cfdb (Apache-2.0), the same
 * certificates AMD KDS serves at /vcek/v1/{product}/cert_chain and
 * /vlek/v1/{product}/cert_chain. The ARK fingerprints are pinned: the
 * embedded PEMs are checked against them before use.
 */
/** The SEV-SNP product lines whose roots are pinned. */
const SNP_PRODUCTS = ['Milan', 'Genoa', 'Turin'];
/** AMD roots by product. */
const AMD_ROOTS = {
    Milan: {
        ark: `-----BEGIN CERTIFICATE-----
MIIGYzCCBBKgAwIBAgIDAQAAMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstTWlsYW4wHhcNMjAxMDIyMTcyMzA1WhcNNDUxMDIy
MTcyMzA1WjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJQVJLLU1pbGFuMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEA0Ld52RJOdeiJlqK2JdsVmD7FktuotWwX1fNg
W41XY9Xz1HEhSUmhLz9Cu9DHRlvgJSNxbeYYsnJfvyjx1MfU0V5tkKiU1EesNFta
1kTA0szNisdYc9isqk7mXT5+KfGRbfc4V/9zRIcE8jlHN61S1ju8X93+6dxDUrG2
SzxqJ4BhqyYmUDruPXJSX4vUc01P7j98MpqOS95rORdGHeI52Naz5m2B+O+vjsC0
60d37jY9LFeuOP4Meri8qgfi2S5kKqg/aF6aPtuAZQVR7u3KFYXP59XmJgtcog05
gmI0T/OitLhuzVvpZcLph0odh/1IPXqx3+MnjD97A7fXpqGd/y8KxX7jksTEzAOg
bKAeam3lm+3yKIcTYMlsRMXPcjNbIvmsBykD//xSniusuHBkgnlENEWx1UcbQQrs
+gVDkuVPhsnzIRNgYvM48Y+7LGiJYnrmE8xcrexekBxrva2V9TJQqnN3Q53kt5vi
Qi3+gCfmkwC0F0tirIZbLkXPrPwzZ0M9eNxhIySb2npJfgnqz55I0u33wh4r0ZNQ
eTGfw03MBUtyuzGesGkcw+loqMaq1qR4tjGbPYxCvpCq7+OgpCCoMNit2uLo9M18
fHz10lOMT8nWAUvRZFzteXCm+7PHdYPlmQwUw3LvenJ/ILXoQPHfbkH0CyPfhl1j
WhJFZasCAwEAAaN+MHwwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBSFrBrRQ/fI
rFXUxR1BSKvVeErUUzAPBgNVHRMBAf8EBTADAQH/MDoGA1UdHwQzMDEwL6AtoCuG
KWh0dHBzOi8va2RzaW50Zi5hbWQuY29tL3ZjZWsvdjEvTWlsYW4vY3JsMEYGCSqG
SIb3DQEBCjA5oA8wDQYJYIZIAWUDBAICBQChHDAaBgkqhkiG9w0BAQgwDQYJYIZI
AWUDBAICBQCiAwIBMKMDAgEBA4ICAQC6m0kDp6zv4Ojfgy+zleehsx6ol0ocgVel
ETobpx+EuCsqVFRPK1jZ1sp/lyd9+0fQ0r66n7kagRk4Ca39g66WGTJMeJdqYriw
STjjDCKVPSesWXYPVAyDhmP5n2v+BYipZWhpvqpaiO+EGK5IBP+578QeW/sSokrK
dHaLAxG2LhZxj9aF73fqC7OAJZ5aPonw4RE299FVarh1Tx2eT3wSgkDgutCTB1Yq
zT5DuwvAe+co2CIVIzMDamYuSFjPN0BCgojl7V+bTou7dMsqIu/TW/rPCX9/EUcp
KGKqPQ3P+N9r1hjEFY1plBg93t53OOo49GNI+V1zvXPLI6xIFVsh+mto2RtgEX/e
pmMKTNN6psW88qg7c1hTWtN6MbRuQ0vm+O+/2tKBF2h8THb94OvvHHoFDpbCELlq
HnIYhxy0YKXGyaW1NjfULxrrmxVW4wcn5E8GddmvNa6yYm8scJagEi13mhGu4Jqh
3QU3sf8iUSUr09xQDwHtOQUVIqx4maBZPBtSMf+qUDtjXSSq8lfWcd8bLr9mdsUn
JZJ0+tuPMKmBnSH860llKk+VpVQsgqbzDIvOLvD6W1Umq25boxCYJ+TuBoa4s+HH
CViAvgT9kf/rBq1d+ivj6skkHxuzcxbk1xv6ZGxrteJxVH7KlX7YRdZ6eARKwLe4
AFZEAwoKCQ==
-----END CERTIFICATE-----
`,
        arkSha256: '69:D0:63:B4:53:44:D2:6A:2E:94:E1:F4:21:0D:E4:9E:F5:55:30:82:87:D4:C1:74:44:5C:95:63:9A:54:0B:CD',
        ask: `-----BEGIN CERTIFICATE-----
MIIGiTCCBDigAwIBAgIDAQABMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstTWlsYW4wHhcNMjAxMDIyMTgyNDIwWhcNNDUxMDIy
MTgyNDIwWjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJU0VWLU1pbGFuMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEAnU2drrNTfbhNQIllf+W2y+ROCbSzId1aKZft
2T9zjZQOzjGccl17i1mIKWl7NTcB0VYXt3JxZSzOZjsjLNVAEN2MGj9TiedL+Qew
KZX0JmQEuYjm+WKksLtxgdLp9E7EZNwNDqV1r0qRP5tB8OWkyQbIdLeu4aCz7j/S
l1FkBytev9sbFGzt7cwnjzi9m7noqsk+uRVBp3+In35QPdcj8YflEmnHBNvuUDJh
LCJMW8KOjP6++Phbs3iCitJcANEtW4qTNFoKW3CHlbcSCjTM8KsNbUx3A8ek5EVL
jZWH1pt9E3TfpR6XyfQKnY6kl5aEIPwdW3eFYaqCFPrIo9pQT6WuDSP4JCYJbZne
KKIbZjzXkJt3NQG32EukYImBb9SCkm9+fS5LZFg9ojzubMX3+NkBoSXI7OPvnHMx
jup9mw5se6QUV7GqpCA2TNypolmuQ+cAaxV7JqHE8dl9pWf+Y3arb+9iiFCwFt4l
AlJw5D0CTRTC1Y5YWFDBCrA/vGnmTnqG8C+jjUAS7cjjR8q4OPhyDmJRPnaC/ZG5
uP0K0z6GoO/3uen9wqshCuHegLTpOeHEJRKrQFr4PVIwVOB0+ebO5FgoyOw43nyF
D5UKBDxEB4BKo/0uAiKHLRvvgLbORbU8KARIs1EoqEjmF8UtrmQWV2hUjwzqwvHF
ei8rPxMCAwEAAaOBozCBoDAdBgNVHQ4EFgQUO8ZuGCrD/T1iZEib47dHLLT8v/gw
HwYDVR0jBBgwFoAUhawa0UP3yKxV1MUdQUir1XhK1FMwEgYDVR0TAQH/BAgwBgEB
/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0cHM6Ly9r
ZHNpbnRmLmFtZC5jb20vdmNlay92MS9NaWxhbi9jcmwwRgYJKoZIhvcNAQEKMDmg
DzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgIFAKID
AgEwowMCAQEDggIBAIgeUQScAf3lDYqgWU1VtlDbmIN8S2dC5kmQzsZ/HtAjQnLE
PI1jh3gJbLxL6gf3K8jxctzOWnkYcbdfMOOr28KT35IaAR20rekKRFptTHhe+DFr
3AFzZLDD7cWK29/GpPitPJDKCvI7A4Ug06rk7J0zBe1fz/qe4i2/F12rvfwCGYhc
RxPy7QF3q8fR6GCJdB1UQ5SlwCjFxD4uezURztIlIAjMkt7DFvKRh+2zK+5plVGG
FsjDJtMz2ud9y0pvOE4j3dH5IW9jGxaSGStqNrabnnpF236ETr1/a43b8FFKL5QN
mt8Vr9xnXRpznqCRvqjr+kVrb6dlfuTlliXeQTMlBoRWFJORL8AcBJxGZ4K2mXft
l1jU5TLeh5KXL9NW7a/qAOIUs2FiOhqrtzAhJRg9Ij8QkQ9Pk+cKGzw6El3T3kFr
Eg6zkxmvMuabZOsdKfRkWfhH2ZKcTlDfmH1H0zq0Q2bG3uvaVdiCtFY1LlWyB38J
S2fNsR/Py6t5brEJCFNvzaDky6KeC4ion/cVgUai7zzS3bGQWzKDKU35SqNU2WkP
I8xCZ00WtIiKKFnXWUQxvlKmmgZBIYPe01zD0N8atFxmWiSnfJl690B9rJpNR/fI
ajxCW3Seiws6r1Zm+tCuVbMiNtpS9ThjNX4uve5thyfE2DgoxRFvY1CsoF5M
-----END CERTIFICATE-----
`,
        asvk: `-----BEGIN CERTIFICATE-----
MIIGjzCCBD6gAwIBAgIDAQEBMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstTWlsYW4wHhcNMjIxMTE2MjI0NTI0WhcNNDcxMTE2
MjI0NTI0WjCBgDEUMBIGA1UECwwLRW5naW5lZXJpbmcxCzAJBgNVBAYTAlVTMRQw
EgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExHzAdBgNVBAoMFkFkdmFu
Y2VkIE1pY3JvIERldmljZXMxFzAVBgNVBAMMDlNFVi1WTEVLLU1pbGFuMIICIjAN
BgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA1EUWkz5FTPz+uWT2hCEyisam8FRu
XZAmS3l+rXgSCeS1Q0+1olcnFSJpiwfssfhoutJqePyicu+OhkX131PMeO/VOtH3
upK4YNJmq36IJp7ZWIm5nK2fJNkYEHW0m/NXcIA9U2iHl5bAQ5cbGp97/FaOJ4Vm
GoTMV658Yox/plFmZRFfRcsw2hyNhqUl1gzdpnIIgPkygUovFEgaa0IVSgGLHQhZ
QiebNLLSVWRVReve0t94zlRIRRdrz84cckP9H9DTAUMyQaxSZbPINKbV6TPmtrwA
V9UP1Qq418xn9I+C0SsWutP/5S1OiL8OTzQ4CvgbHOfd2F3yVv4xDBza4SelF2ig
oDf+BF4XI/IIHJL2N5uKy3+gkSB2Xl6prohgVmqRFvBW9OTCEa32WhXu0t1Z1abE
KDZ3LpZt9/Crg6zyPpXDLR/tLHHpSaPRj7CTzHieKMTz+Q6RrCCQcHGfaAD/ETNY
56aHvNJRZgbzXDUJvnLr3dYyOvvn/DtKhCSimJynn7Len4ArDVQVwXRPe3hR/asC
E2CajT7kGC1AOtUzQuIKZS2D0Qk74g297JhLHpEBlQiyjRJ+LCWZNx9uJcixGyza
v6fiOWx4U8uWhRzHs8nvDAdcS4LW31tPlA9BeOK/BGimQTu7hM5MDFZL0C9dWK5p
uCUJex6I2vSqvycCAwEAAaOBozCBoDAdBgNVHQ4EFgQUNuJXE6qi45/CgqkKRPtV
LObC7pEwHwYDVR0jBBgwFoAUhawa0UP3yKxV1MUdQUir1XhK1FMwEgYDVR0TAQH/
BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0
cHM6Ly9rZHNpbnRmLmFtZC5jb20vdmxlay92MS9NaWxhbi9jcmwwRgYJKoZIhvcN
AQEKMDmgDzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQME
AgIFAKIDAgEwowMCAQEDggIBAI7ayEXDNj1rCVnjQFb6L91NNOmEIOmi6XtopAqr
8fj7wqXap1MY82Y0AIi1K9R7C7G1sCmY8QyEyX0zqHsoNbU2IMcSdZrIp8neT8af
v8tPt7qoW3hZ+QQRMtgVkVVrjJZelvlB74xr5ifDcDiBd2vu/C9IqoQS4pVBKNSF
pofzjtYKvebBBBXxeM2b901UxNgVjCY26TtHEWN9cA6cDVqDDCCL6uOeR9UOvKDS
SqlM6nXldSj7bgK7Wh9M9587IwRvNZluXc1CDiKMZybLdSKOlyMJH9ss1GPn0eBV
EhVjf/gttn7HrcQ9xJZVXyDtL3tkGzemrPK14NOYzmph6xr1iiedAzOVpNdPiEXn
2lvas0P4TD9UgBh0Y7xyf2yENHiSgJT4T8Iktm/TSzuh4vqkQ72A1HdNTGjoZcfz
KCsQJ/YuFICeaNxw5cIAGBK/o+6Ek32NPv5XtixNOhEx7GsaVRG05bq5oTt14b4h
KYhqV1CDrX5hiVRpFFDs/sAGfgTzLdiGXLcvYAUz1tCKIT/eQS9c4/yitn4F3mCP
d4uQB+fggMtK0qPRthpFtc2SqVCTvHnhxyXqo7GpXMsssgLgKNwaFPe2+Ld5OwPR
6Pokji9h55m05Dxob8XtD4gW6oFLo9Icg7XqdOr9Iip5RBIPxy7rKk/ReqGs9KH7
0YPk
-----END CERTIFICATE-----
`
    },
    Genoa: {
        ark: `-----BEGIN CERTIFICATE-----
MIIGYzCCBBKgAwIBAgIDAgAAMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstR2Vub2EwHhcNMjIwMTI2MTUzNDM3WhcNNDcwMTI2
MTUzNDM3WjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJQVJLLUdlbm9hMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEA3Cd95S/uFOuRIskW9vz9VDBF69NDQF79oRhL
/L2PVQGhK3YdfEBgpF/JiwWFBsT/fXDhzA01p3LkcT/7LdjcRfKXjHl+0Qq/M4dZ
kh6QDoUeKzNBLDcBKDDGWo3v35NyrxbA1DnkYwUKU5AAk4P94tKXLp80oxt84ahy
HoLmc/LqsGsp+oq1Bz4PPsYLwTG4iMKVaaT90/oZ4I8oibSru92vJhlqWO27d/Rx
c3iUMyhNeGToOvgx/iUo4gGpG61NDpkEUvIzuKcaMx8IdTpWg2DF6SwF0IgVMffn
vtJmA68BwJNWo1E4PLJdaPfBifcJpuBFwNVQIPQEVX3aP89HJSp8YbY9lySS6PlV
EqTBBtaQmi4ATGmMR+n2K/e+JAhU2Gj7jIpJhOkdH9firQDnmlA2SFfJ/Cc0mGNz
W9RmIhyOUnNFoclmkRhl3/AQU5Ys9Qsan1jT/EiyT+pCpmnA+y9edvhDCbOG8F2o
xHGRdTBkylungrkXJGYiwGrR8kaiqv7NN8QhOBMqYjcbrkEr0f8QMKklIS5ruOfq
lLMCBw8JLB3LkjpWgtD7OpxkzSsohN47Uom86RY6lp72g8eXHP1qYrnvhzaG1S70
vw6OkbaaC9EjiH/uHgAJQGxon7u0Q7xgoREWA/e7JcBQwLg80Hq/sbRuqesxz7wB
WSY254cCAwEAAaN+MHwwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBSfXfn+Ddjz
WtAzGiXvgSlPvjGoWzAPBgNVHRMBAf8EBTADAQH/MDoGA1UdHwQzMDEwL6AtoCuG
KWh0dHBzOi8va2RzaW50Zi5hbWQuY29tL3ZjZWsvdjEvR2Vub2EvY3JsMEYGCSqG
SIb3DQEBCjA5oA8wDQYJYIZIAWUDBAICBQChHDAaBgkqhkiG9w0BAQgwDQYJYIZI
AWUDBAICBQCiAwIBMKMDAgEBA4ICAQAdIlPBC7DQmvH7kjlOznFx3i21SzOPDs5L
7SgFjMC9rR07292GQCA7Z7Ulq97JQaWeD2ofGGse5swj4OQfKfVv/zaJUFjvosZO
nfZ63epu8MjWgBSXJg5QE/Al0zRsZsp53DBTdA+Uv/s33fexdenT1mpKYzhIg/cK
tz4oMxq8JKWJ8Po1CXLzKcfrTphjlbkh8AVKMXeBd2SpM33B1YP4g1BOdk013kqb
7bRHZ1iB2JHG5cMKKbwRCSAAGHLTzASgDcXr9Fp7Z3liDhGu/ci1opGmkp12QNiJ
uBbkTU+xDZHm5X8Jm99BX7NEpzlOwIVR8ClgBDyuBkBC2ljtr3ZSaUIYj2xuyWN9
5KFY49nWxcz90CFa3Hzmy4zMQmBe9dVyls5eL5p9bkXcgRMDTbgmVZiAf4afe8DL
dmQcYcMFQbHhgVzMiyZHGJgcCrQmA7MkTwEIds1wx/HzMcwU4qqNBAoZV7oeIIPx
dqFXfPqHqiRlEbRDfX1TG5NFVaeByX0GyH6jzYVuezETzruaky6fp2bl2bczxPE8
HdS38ijiJmm9vl50RGUeOAXjSuInGR4bsRufeGPB9peTa9BcBOeTWzstqTUB/F/q
aZCIZKr4X6TyfUuSDz/1JDAGl+lxdM0P9+lLaP9NahQjHCVf0zf1c1salVuGFk2w
/wMz1R1BHg==
-----END CERTIFICATE-----
`,
        arkSha256: '4C:65:98:D1:9C:18:71:9C:5D:FD:4A:7D:33:5F:67:4E:5B:FE:1D:8F:80:0C:EA:2C:F2:70:C1:0D:10:3D:B2:F1',
        ask: `-----BEGIN CERTIFICATE-----
MIIGiTCCBDigAwIBAgIDAgACMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstR2Vub2EwHhcNMjIxMDMxMTMzMzQ4WhcNNDcxMDMx
MTMzMzQ4WjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJU0VWLUdlbm9hMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEAoHJhvk4Fwwkwb03AMfLySXJSXmEaCZMTRbLg
Paj4oEzaD9tGfxCSw/nsCAiXHQaWUt++bnbjJO05TKT5d+Cdrz4/fiRBpbhf0xzv
h11O+wJTBPj3uCzDm48vEZ8l5SXMO4wd/QqwsrejFERPD/Hdfv1mGCMW7ac0ug8t
rDzqGe+l+p8NMjp/EqBDY2vd8hLaVLmS+XjAqlYVNRksh9aTzSYL19/cTrBDmqQ2
y8k23zNl2lW6q/BtQOpWGVs3EWvBHb/Qnf3f3S9+lC4H2jdDy9yn7kqyTWq4WCBn
E4qhYJRokulYtzMZM1Ilk4Z6RPkOTR1MJ4gdFtj7lKmrkSuOoJYmqhJIsQJ854lA
bJybgU7zyzWAwu3uaslkYKUEAQf2ja5Hyl3IBqOzpqY31SpKzbl8NXveZybRMklw
fe4iDLI25T9ku9CVetDYifCbdGeuHdTwZBBemW4NE57L7iEV8+zz8nxng8OMX//4
pXntWqmQbEAnBLv2ToTgd1H2zYRthyDLc3V119/+FnTW17LK6bKzTCgEnCHQEcAt
0hDQLLF799+2lZTxxfBEoduAZax6IjgAMCi6e1ZfKPJSkdvb2m3BwfP8bniG7+AE
Jv1WOEmnBJc1pVQCttbJUodbi07Vfen5JRUqAvSM3ObWQOzSAGzsGnpIigwFpW6m
9F7uYVUCAwEAAaOBozCBoDAdBgNVHQ4EFgQUssZ7pDW7HJVkHAmgQf/F3EmGFVow
HwYDVR0jBBgwFoAUn135/g3Y81rQMxol74EpT74xqFswEgYDVR0TAQH/BAgwBgEB
/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0cHM6Ly9r
ZHNpbnRmLmFtZC5jb20vdmNlay92MS9HZW5vYS9jcmwwRgYJKoZIhvcNAQEKMDmg
DzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgIFAKID
AgEwowMCAQEDggIBAIgu3V2tQJOo0/6GvNmwLXbLDrsLKXqHUqdGyOZUpPHM3ujT
aex1G+8bEgBswwBa+wNvl1SQqRqy2x2QwP+i//BcWr3lMrUxci4G7/P8hZBV821n
rAUZtbvfqla5MrRH9AKJXWW/pmtd10czqCHkzdLQNZNjt2dnZHMQAMtGs1AtynRE
HNwEBiH2KAt7gUc/sKWnSCipztKE76puN/XXbSx+Ws+VPiFw6CBAeI9dqnEiQ1tp
EgqtWEtcKm7Ggb1XH6oWbISoowvc00/ADWfNom0xl6v2C6RIWYgUoZ2f7PCyV3Dt
bu/fQfyyZvmtVLA4gB2Ehc6Omjy21Y55WY9IweHlKENMPEUVtRqOvRVI0ml9Wbal
f049joCu2j33XPqwp3IrzevmPBDGpR2Stdm3K66a/g/BSY7Wc9/VeykP3RXlxY1T
MMJ8F1lpg6Tmu+c+vow7cliyqOoayAnR71U8+rWrL3HRHheSVX8GPYOaDNBTt831
Z027vDWv3811vMoxYxhuTRaokvNWCSzmJ2EWrPYHcHOtkjSFKN7ot0Rc70fIRZEY
c2rb3ywLSicEq3JQCnnz6iCZ1tMfplzcrJ2LnW2F1C8yRV+okylyORlsaxOLKYOW
jaDTSFaq1NIwodHp7X9fOG48uRuJWS8GmifD969sC4Ut2FJFoklceBVUNCHR
-----END CERTIFICATE-----
`,
        asvk: `-----BEGIN CERTIFICATE-----
MIIGjzCCBD6gAwIBAgIDAgEBMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstR2Vub2EwHhcNMjIxMTE4MjA0ODM0WhcNNDcxMTE4
MjA0ODM0WjCBgDEUMBIGA1UECwwLRW5naW5lZXJpbmcxCzAJBgNVBAYTAlVTMRQw
EgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExHzAdBgNVBAoMFkFkdmFu
Y2VkIE1pY3JvIERldmljZXMxFzAVBgNVBAMMDlNFVi1WTEVLLUdlbm9hMIICIjAN
BgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAzL2/xihHscEpxS3+OsQZpAuNIJGS
EQZrkoWPtqKMjjZOyXMMRHAheTm56Ei0Mb8TJZlbGDS5x/AdbowstGmpHqh2zvSv
jZO7V4v6Ft84p71P6GXfOVEQgCuatiszfIwFrRQk/cmU7HuJadBq6XtYE+qBJMju
s8C0WwW/IWY9j6pNbEA1SnUvVg6t89zfE+AcB5UDCKq09x7qw+rPt9pTpEch0f1b
HdRFJlpgWGTq02ohH9bT+6au8kPpvMa3m2p8zdIIqtuuSG6srIimrpt24lsr4tLh
QG65R/RbVJT9MsK4ULpbAUO5NwdlLwbnpLWHiUwoYrySMD8l3xRDvhPmInlXEFEo
8lahcYllxiJJR8oqqA6x3jPFKmkfhEgaQefcn4P8nA4SScqAoLihn75iiDtU2+Zl
kPnKgcNs5U1Le441ypen2n7BOnRyhmwyAUBGk3OcMXHsJ6KGpDJyTVCaC3fWX3ex
4Iv4LkuKRA6O9yu3zHP23N/ubE8/YykffIjMbtBoOAzdWCn9lE4amo4VZ+8ewIut
ZAYmC5TIQO+wWUqKYr0iAobccMnZdJjUORjVoqVQ+dLr+/1otk36gfPc0LpmhWZK
fAXF9sgvYtQjcaR9wlGr8ySRtZ2YJWofuR7zgYFJPEXRwAnbAR/05hBmog7CMt1F
9YKSmku6JfRecY8CAwEAAaOBozCBoDAdBgNVHQ4EFgQUhEdjn8HQNI9bN2NAKL9z
gM6VNoowHwYDVR0jBBgwFoAUn135/g3Y81rQMxol74EpT74xqFswEgYDVR0TAQH/
BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0
cHM6Ly9rZHNpbnRmLmFtZC5jb20vdmxlay92MS9HZW5vYS9jcmwwRgYJKoZIhvcN
AQEKMDmgDzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQME
AgIFAKIDAgEwowMCAQEDggIBALgCTyTS/ppxo42n2LOox42LvNIsn2/ZaMs2NfCj
4f2+VN5Xs1NNdptn2nq/SKu5aKnLS5XGWCnHfMSKZ7vqHLKMa0Wxfm+4JahOItQ3
+PzbTa0EwUkq1u6oezhTHywX1PilNRc4EjWgQ6ba/z4BBxO3P10tW/C39VS0Cv8S
N5G2bfZrPkjy6LBjGiaT4MBcsN+SM2o5QgKRG0qqn+edegHMmTPBDV2qCKbe5CBs
a122q+F6S9hPEEiGkz/IpShnSGCaFvbEu0Uvh2dYUlrON2peZMDkevKurDXlGxTe
hAflCiugBsNeJivx0j7B/HazAvxkLPTCkIdmQJccezF5PCgmMW0SeP4cMb5Ewzv/
yCsTLyh13YsYBww5eW4DBREd/vCAS7F1JQUZ4twQy/jqBAJhcDyGuRnnwrRevGdW
sb3cXBqeLCub7CKZ1n/zqSRHq8FRgoroPRpfFjSGhDVFbjj7bDzWU6WNmF/7Lpnq
G+tIMyRc+3Y3yRAYchFNOFHyS6R2C0KTy1nRSYwBUdQtGaQ0rE3e5Mulcidh4qkI
xpp089vzqV8JTSJsRzTOzkujOuHUYPKswJ1TvQr5S1C0gPN2qAESnCs7Nf2x82DS
xmEqaiI7xS58pR6vZ8BeXMGPPQqgOm/oBzOypVR3iCG6MFdjsTNA6M8P7GCZe1p7
2cko
-----END CERTIFICATE-----
`
    },
    Turin: {
        ark: `-----BEGIN CERTIFICATE-----
MIIGYzCCBBKgAwIBAgIDAwAAMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstVHVyaW4wHhcNMjMwNTE1MjAwMzEyWhcNNDgwNTE1
MjAwMzEyWjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJQVJLLVR1cmluMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEAwaAriB7EIuVc4ZB1wD3YfDxL+9eyS7+izm0J
j3W772NINCWl8Bj3w/JD2ZjmbRxWdIq/4d9iarCKorXloJUB1jRdgxqccTx1aOoi
g4+2w1XhVVJT7K457wT5ZLNJgQaxqa9Etkwjd6+9sOhlCDE9l43kQ0R2BikVJa/u
yyVOSwEk5w5tXKOuG9jvq6QtAMJasW38wlqRDaKEGtZ9VUgGon27ZuL4sTJuC/az
z9/iQBw8kEilzOl95AiTkeY5jSEBDWbAqnZk5qlM7kISKG20kgQm14mhNKDI2p2o
ua+zuAG7i52epoRF2GfU0TYk/yf+vCNB2tnechFQuP2e8bLk95ZdqPi9/UWw4JXj
tdEA4u2JYplSSUPQVAXKt6LVqujtJcM59JKr2u0XQ75KwxcMp15gSXhBfInvPAwu
AY4dEwwGqT8oIg4esPHwEsmChhYeDIxPG9R4fx9O0q6p8Gb+HXlTiS47P9YNeOpi
dOUKzDl/S1OvyhDtSL8LJc24QATFydo/iD/KUdvFTRlD0crkAMkZLoWQ8hLDGc6B
ZJXsdd7Zf2e4UW3tI/1oh/2t23Ot3zyhTcv5gDbABu0LjVe98uRnS15SMwK//lJt
9e5BqKvgABkSoABf+B4VFtPVEX0ygrYaFaI9i5ABrxnVBmzXpRb21iI1NlNCfOGU
PIhVpWECAwEAAaN+MHwwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBRkoF9x4wwK
ZNg7deUBWZ4r7gYDRDAPBgNVHRMBAf8EBTADAQH/MDoGA1UdHwQzMDEwL6AtoCuG
KWh0dHBzOi8va2RzaW50Zi5hbWQuY29tL3ZjZWsvdjEvVHVyaW4vY3JsMEYGCSqG
SIb3DQEBCjA5oA8wDQYJYIZIAWUDBAICBQChHDAaBgkqhkiG9w0BAQgwDQYJYIZI
AWUDBAICBQCiAwIBMKMDAgEBA4ICAQA/i6Mz4IETMK8YU/HxP7Bfej5i4aXhenJo
TuiDX0nqx5CDJm9ELhskxAkJ/oLA1O92UoLybfFk4gEpKFtyfiUYex9LogZj5ix0
sb2qfSSy9CRnOktGqfpel4e3KAhLgF5n2qZrqyq/8EPPldtSjEXn78sZMlIlUcQK
SnnNCQZVFpktDfDiEiGNuitux3ghHUrcVuxSbZcrXDbsbMF7NDdfLUUS9TijrL33
lrCXJs7m8kggGyCusiRQKHli1AEswiA4xU+8xsZrByYTopiGYtbJK8s0UCCXylyO
uKSubvdAnMDJ5GDD0+DX46LSfv7fgGNSG+LOBWdif7KoQf9cIhKJtxGxZCn/tvHm
wMzu4Jnx8N2vRnT+8DpBqhxtNvdXmrZUelSeQakx4djMKvmTR8Gd25EnC4RppCkj
bmPxY3zPd1X7raalTn34EOF9DeLsC9JfzkDuojxpHWMm30wKnDo20mlDQk/zKCDa
2Zc+YjtsTZCrTbvdgCukTKNZOUUVlWRu+sO/OwrmS2p16seHTIqHEbE1LntPv3gk
CcHGDSUAKx9c0Aol+Dj9xpb2nmGqoDeJ59Ja6REkHCdw5TduXyqqMqfD1AX0/QDN
devCMKlWBRCQ7DFlog3H1a+r/kuMUZ/Ij9yyKlSgYZMJ4VgNKDgTQdcsAL0MCEMr
zpacMwFusA==
-----END CERTIFICATE-----
`,
        arkSha256: '1F:08:41:61:A4:4B:B6:D9:37:78:A9:04:87:7D:48:19:CA:FA:5D:05:EF:41:93:B2:DE:D9:DD:9C:73:DD:3F:6A',
        ask: `-----BEGIN CERTIFICATE-----
MIIGiTCCBDigAwIBAgIDAwABMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstVHVyaW4wHhcNMjMwNTE1MjAyNTIxWhcNNDgwNTE1
MjAyNTIxWjB7MRQwEgYDVQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDAS
BgNVBAcMC1NhbnRhIENsYXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5j
ZWQgTWljcm8gRGV2aWNlczESMBAGA1UEAwwJU0VWLVR1cmluMIICIjANBgkqhkiG
9w0BAQEFAAOCAg8AMIICCgKCAgEAnvg5Grv2Emd9lAhKdO64RXU3UESb6JTm0Hhz
evx1PyxinxYqJL329qTJM0XmdozLYb7rsHxgM5I2pU18M8gect2pN/YB2LQ1/bIq
37TPDbg7ym0MN6KkZ6aERxAX0voYtdDyNxjDAUjpRpCe1FccAev/Es2n/Fz1G1Tm
C2XepTQqaKpmt6mnDWSCHCVsQoY0gSibeaG6doM6OiNUCbKXaC7KHH5b/96BD1DJ
84M+JHqPClFhHqUJwzKF5Qxj4wgWAZzK8UPhiNGjrF6+TBdlFGdSzEqw1jOrCTHd
uYyLK+5OQ3OIw4S+vZeOVoxJajTIWdsqYP2DLc0HkL0qWOumEOrrc2/4DeETShB0
MyIpH05kSalyQN2eN5P6ptOB84hddCdbJPEepnD+FqQap1ukw3K8uBcgeBSAF23r
6UtT8Uc5h7MsWX3MoZiEHcSkDQQ8IedTk7CLjsK6S7b/lfKqfYiRhKgGkRvsEd/M
DNcumHZKIgzasJwgagzSggiUo9jXp3EWm84fqyxNXzSutPB7qD5P/ULAB+q9Qgvr
zC8XneaLP0MNrHhM80UejmsBTIktMvFoWVIelYDLdcoi0eMD5DRccfsgrYaY6h/+
/qf9tgg+mX09UJpuSPRF38oyqnNNFMl5v/tWLgUsChPU6NCQC17Qaqr8mu2ynyyu
HEs5JVUCAwEAAaOBozCBoDAdBgNVHQ4EFgQUbYJXt6v2sMgUALjxD0WvG9aq628w
HwYDVR0jBBgwFoAUZKBfceMMCmTYO3XlAVmeK+4GA0QwEgYDVR0TAQH/BAgwBgEB
/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0cHM6Ly9r
ZHNpbnRmLmFtZC5jb20vdmNlay92MS9UdXJpbi9jcmwwRgYJKoZIhvcNAQEKMDmg
DzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgIFAKID
AgEwowMCAQEDggIBAAXWJ3DPahralt5kXLPMm9oKlFRqeU3HcS7kA+VBlBA1lQRU
hXkbXnTvW1GZcgdZvNCB/VlET61KbCzoFIhPIESVjjb/xWX2kg3X0HHmh1EtCDbH
aUFM5rq6l+S1h7qOauRZebvrwApDzAANvW0LTHRumfGm/kqh9NDtVCIWPUZ1VQIg
Gx1T3dwmgOK8ncT1J3W5xIyS0Xu3KC6w7oBlq8G2pPgTcCBJ4JBCTXCEXiAAGaTR
/TJIaSzoZFLhxYhCMjP8WQGToPGDK2i/lZhkcGHnJOQ+lgrXfpLGqBtLlS3QODyV
P0MomczG4dqw3THP3Y8Aq9c2KE7SylAKsS/bBKCqkj4OrABkDSkMQEz3BBoFD63a
D5ZG/Qiz+tmhnptyPVcweC9uJlSWYm25KiV4lT52uBjxatDZKQcrpdgcU8+ozzKU
8ICnZPOwfWeyuNMq/juyd/rzg5IePyyvt+13aJ5MlZBXZxJKoxCYIMKUwZigf0Xs
BteT8gw10/xk5smIFIB2ERtTQPMuTENgrPTUjOeiqmBg663c2dLVol+MDiT4ltqf
Em4Kl/cc4f+H6bEwhj1QKAN2ipRf+mP0NfzJb+6ZHNsOvyq/WByYpLXV9JJoiDW/
8RZwPU/Mn7IuQBauCy78G7FS0ta3q1et74faYBBgeJ6awEasa25CvmsmlU0R
-----END CERTIFICATE-----
`,
        asvk: `-----BEGIN CERTIFICATE-----
MIIGjzCCBD6gAwIBAgIDAwEBMEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAIC
BQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBMHsxFDAS
BgNVBAsMC0VuZ2luZWVyaW5nMQswCQYDVQQGEwJVUzEUMBIGA1UEBwwLU2FudGEg
Q2xhcmExCzAJBgNVBAgMAkNBMR8wHQYDVQQKDBZBZHZhbmNlZCBNaWNybyBEZXZp
Y2VzMRIwEAYDVQQDDAlBUkstVHVyaW4wHhcNMjMwNTE1MjEwOTQxWhcNNDgwNTE1
MjEwOTQxWjCBgDEUMBIGA1UECwwLRW5naW5lZXJpbmcxCzAJBgNVBAYTAlVTMRQw
EgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExHzAdBgNVBAoMFkFkdmFu
Y2VkIE1pY3JvIERldmljZXMxFzAVBgNVBAMMDlNFVi1WTEVLLVR1cmluMIICIjAN
BgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEApjrui4l0ZogEh0fDdVfJ4unowGGo
lk2wXyzjbjC/fnqlhFqiFj1JSKdkYSvzPVfgDR0MU2WLlytrAGqOHYBdk4Moz3xH
TXJus75Nef0EBZpGk9M4PQGF+nTqYi+hDguq14wQUEltN9wGunnUeaMz0e6hfCas
DevkypILMponvTvaM49RAipCvTgmPRTkQA8hjl3tA6R7S/HKTn6/Q3T74A0BfygK
49LLkdHF05Wo0pZ9qmPyhi0Rh9epY0L+/T2e17fohWcCavgE+KF5GO5XINzunwKo
lCCyH3930iAmb1vv5v4PimnGsfH4ic4kIApR1hZApU3YG3qUE84qkb5SEASQsTZC
T0Jv/AxC9So5h2wraVzWz6GvpPHEtRKvue5vehkwPjFipJMT5Z7CmNuXc+0lcVSZ
MHSbswFSHKKtp4F0UDoPnuIWw/djGDjkGXS9W5M2N3zVSbn94cJxCMzOTzILhcX/
lJatooslfxvqucFH8PpS9xBMhuN4fTPlNk/oVbQ6w8pxEMibo0K8Q+gOqqzdVm6i
7jotobsuYxH1Httjsc61vSskSDT4JkPjqTWiyOmsFI+6Ob/hya/fqpe0EPy68TPk
85COC7uqNMzu58xb0uAtt0beejDx29mRRbiPNL5tnwK9KFmZDpeZWSZgzvn2K+SQ
TK80ZKn8Yq2SKfUCAwEAAaOBozCBoDAdBgNVHQ4EFgQUhcyC6bne81Yf2PT1B54X
miyCCNMwHwYDVR0jBBgwFoAUZKBfceMMCmTYO3XlAVmeK+4GA0QwEgYDVR0TAQH/
BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQQwOgYDVR0fBDMwMTAvoC2gK4YpaHR0
cHM6Ly9rZHNpbnRmLmFtZC5jb20vdmxlay92MS9UdXJpbi9jcmwwRgYJKoZIhvcN
AQEKMDmgDzANBglghkgBZQMEAgIFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQME
AgIFAKIDAgEwowMCAQEDggIBAH6VbG86NSqZ9yjcqVuBGCEYwK6uDBQQHbXmYJXV
X81sPN9cclAs6J2yiHcyDFq1g7ICnHO0T36vcj3V/27x4o2pmjAk3SU0YbMl9pR+
AMHZrIQQ7FTldVP9HdWYx/KenFF42EFCAtOzgs9yLkyTviwX+d3YrWX0SXLMcuf0
TO5VsCPX5DqcggneHruZMVICGTukY12cKYmasT74cms5WLzcQ5BVbttJmX+eHW6v
Dg3hlmvUmjuTNQVoF5k5KcbHVV6VzG9SITLFozwdLSr5MbmfYHv7adLoNA5F1Ihf
f1it0sn5HktUD/2GVGtkXES/KFEnXzS7A9wUlMqAGQOsEBUhFcg3MUAt0SYnQ/B3
JdV87+ZEawMRLxEIinKDERI/i+l9fw61+R5TpSI3yhuQ4NGJAQ97dRqiy8EdiJOL
LeT2DYOvi9pSJw3UqNuelINDlDCjChGimRv5Idjh0zbT6IjzagYY0rpSHbPgiJWr
I2dA3qeJDEiEXQ++v4WP10fq+Jr5FTXiIwNd+1VGxBizw184gLPnEoXv8br+YScn
ZjB8YW/oWsGuHz2kMTxOVT5Zizn3yVXvOpXFiwiavWQDJS52woXOwBzIyEdTPUL1
E8s4KS2HQBzK1VfwvWcYNE5S0bAIMX1bYiEyJkr49+VLypQx5sIDU1cbVw3Py5XI
SUxr
-----END CERTIFICATE-----
`
    }
};

/** Debug and migration agents refused, SMT allowed, no TCB minimum. */
const DEFAULT_SNP_POLICY = {
    debug: false,
    migrateMa: false,
    smt: true
};
const FLAGS = { debug: 'debug', 'migrate-ma': 'migrateMa', smt: 'smt' };
const TCB_KEYS = {
    bootloader: 'bootLoader',
    tee: 'tee',
    snp: 'snp',
    microcode: 'microcode',
    fmc: 'fmc'
};
function bad$1(what, detail) {
    throw new EnclaveBuildError('INPUT_INVALID', `${what}: ${detail}`);
}
/**
 * Parses `--snp-policy`, comma-separated `debug|migrate-ma|smt=allow|deny`,
 * `vmpl=0..3` and `min-tcb.bootloader|tee|snp|microcode|fmc=N`; unnamed keys keep
 * {@link DEFAULT_SNP_POLICY}. Empty text is the default.
 */
function parseSnpPolicy(text) {
    const policy = { ...DEFAULT_SNP_POLICY };
    const minTcb = {};
    for (const item of text.split(',').map((s) => s.trim())) {
        if (item === '')
            continue;
        const [key, value, ...rest] = item.split('=');
        if (value === undefined || rest.length > 0)
            bad$1('--snp-policy', `"${item}" is not key=value`);
        if (key in FLAGS) {
            if (value !== 'allow' && value !== 'deny')
                bad$1('--snp-policy', `${key} must be allow or deny, got "${value}"`);
            policy[FLAGS[key]] = value === 'allow';
            continue;
        }
        if (key === 'vmpl') {
            if (!/^[0-3]$/.test(value))
                bad$1('--snp-policy', `vmpl must be 0..3, got "${value}"`);
            policy.vmpl = Number(value);
            continue;
        }
        const component = key.startsWith('min-tcb.') ? key.slice(8) : '';
        if (!(component in TCB_KEYS))
            bad$1('--snp-policy', `unknown key "${key}" (debug, migrate-ma, smt, vmpl, min-tcb.bootloader|tee|snp|microcode|fmc)`);
        if (!/^\d{1,3}$/.test(value) || Number(value) > 255)
            bad$1('--snp-policy', `${key} must be 0..255, got "${value}"`);
        minTcb[TCB_KEYS[component]] = Number(value);
    }
    if (Object.keys(minTcb).length > 0)
        policy.minTcb = minTcb;
    return policy;
}
/**
 * Refuses, with their own codes, guest-policy bits and a VMPL the relying
 * party does not accept (EVIDENCE_POLICY_REJECTED) and a reported TCB
 * below its minimum (EVIDENCE_TCB_REJECTED). `fields` are the parsed
 * report's (policy, vmpl); `tcb` its REPORTED_TCB, vouched for by the VCEK.
 */
function checkSnpPolicy(fields, tcb, policy) {
    const guest = fields.policy;
    const refused = [
        ['debug', 'debug', 'debug=allow'],
        ['migrateMa', 'migrate-ma', 'migrate-ma=allow'],
        ['smt', 'smt', 'smt=allow']
    ].filter(([k]) => guest[k] && !policy[k]);
    if (refused.length > 0)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the SEV-SNP guest policy allows ${refused.map(([, n]) => n).join(', ')}, which the stated policy refuses; launch the guest without it, or accept it with --snp-policy ${refused.map(([, , a]) => a).join(',')}`);
    if (policy.vmpl !== undefined && fields.vmpl !== policy.vmpl)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the SEV-SNP report was requested from VMPL ${String(fields.vmpl)}, not ${policy.vmpl}; ask for it from VMPL ${policy.vmpl}, or change vmpl in --snp-policy`);
    const low = Object.entries(policy.minTcb ?? {}).filter(([k, min]) => (tcb[k] ?? -1) < (min ?? 0));
    if (low.length > 0)
        throw new EnclaveBuildError('EVIDENCE_TCB_REJECTED', `the SEV-SNP reported TCB is below the stated minimum: ${low.map(([k, min]) => `${k} ${tcb[k] ?? 'absent'} < ${min}`).join(', ')}; update the host firmware or lower min-tcb`);
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
 * The 0x4A0 report bytes of the evidence (unwrapping a whole
 * MSG_REPORT_RSP), with a supported version; EVIDENCE_INVALID otherwise.
 */
function snpReportBytes(report) {
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
    return b;
}
/**
 * Parses an SEV-SNP attestation report as written by the guest
 * (/dev/sev-guest, snpguest report; or the whole MSG_REPORT_RSP): MEASUREMENT,
 * HOST_DATA, policy, report data and the TCB values. The VCEK/VLEK
 * signature is checked by verifySnpReport (snp-verify.ts), not here.
 */
function parseSnpReport(report) {
    const b = snpReportBytes(report);
    const version = b.readUInt32LE(0);
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

/*
 * Verifies an SEV-SNP attestation report to AMD's root (SEV-SNP Firmware
 * ABI §7.3 and "Versioned Chip Endorsement Key (VCEK) Certificate and KDS
 * Interface Specification"): VCEK (or VLEK) ← ASK (or ASVK) ← ARK pinned
 * per product, the ECDSA P-384 signature over bytes 0..0x29F, the TCB the
 * VCEK was issued for against REPORTED_TCB, its hwID against CHIP_ID, and
 * the guest policy against the relying party's.
 */
/** Where the signature of a report starts and what it covers. */
const SIGNED = 0x2a0;
/** AMD's VCEK extension OIDs (KDS spec, table 8). */
const AMD_OID = '1.3.6.1.4.1.3704.1';
const SPL = {
    bootLoader: `${AMD_OID}.3.1`,
    tee: `${AMD_OID}.3.2`,
    snp: `${AMD_OID}.3.3`,
    microcode: `${AMD_OID}.3.8`,
    fmc: `${AMD_OID}.3.9`
};
const HW_ID = `${AMD_OID}.4`;
function bad(detail) {
    return invalidEvidence('snp-report', detail);
}
/** REPORTED_TCB in the product's layout (Turin moved the fields). */
function decodeTcb(b, at, product) {
    if (product === 'Turin')
        return {
            fmc: b[at],
            bootLoader: b[at + 1],
            tee: b[at + 2],
            snp: b[at + 3],
            microcode: b[at + 7]
        };
    return {
        bootLoader: b[at],
        tee: b[at + 1],
        snp: b[at + 6],
        microcode: b[at + 7]
    };
}
/** The product line a VCEK/VLEK names in its issuer (SEV-Milan, SEV-VLEK-Genoa). */
function productOf(leaf) {
    const cn = commonName(leaf.issuer) ?? '';
    const product = SNP_PRODUCTS.find((p) => cn === `SEV-${p}` || cn === `SEV-VLEK-${p}`);
    if (product === undefined)
        throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the SEV-SNP certificate is issued by "${cn}", not an AMD ${SNP_PRODUCTS.join('/')} ASK or ASVK`);
    return product;
}
const arks = new Map();
/** The pinned ARK of a product, checked against its fingerprint once. */
function pinnedArk(product) {
    const cached = arks.get(product);
    if (cached)
        return cached;
    const ark = new X509Certificate(AMD_ROOTS[product].ark);
    if (ark.fingerprint256 !== AMD_ROOTS[product].arkSha256)
        throw new EnclaveBuildError('INTERNAL', `embedded ARK-${product} changed`);
    arks.set(product, ark);
    return ark;
}
/** The VCEK's TCB SPL extensions and hwID. */
function vcekClaims(leaf, product) {
    const values = extensionsOf$1('snp-report', leaf).values;
    const tcb = {};
    for (const [k, oid] of Object.entries(SPL)) {
        const v = values.get(oid);
        if (v === undefined) {
            if (k !== 'fmc' || product === 'Turin')
                bad(`the VCEK/VLEK lacks its ${k} SPL extension ${oid}`);
            continue;
        }
        tcb[k] = derSmallInteger(v, `${k} SPL`);
    }
    const raw = values.get(HW_ID);
    if (raw === undefined)
        return { tcb };
    // Milan/Genoa KDS certificates hold the 64 raw bytes; accept the DER
    // OCTET STRING form too.
    const hwId = raw[0] === 0x04 && raw.length > 2 ? derOnly(raw, 0x04, 'hwID') : raw;
    return { tcb, hwId: Buffer.from(hwId) };
}
/** r and s are 72-byte little-endian fields; P-384 uses the low 48 bytes. */
function p1363Signature(report) {
    const field = (at) => {
        const le = report.subarray(at, at + 72);
        if (le.subarray(48).some((x) => x !== 0))
            bad('the signature r or s is larger than a P-384 scalar');
        return Buffer.from(le.subarray(0, 48)).reverse();
    };
    // The rest of the signature field is reserved and unsigned: junk there
    // would ride along with a valid report (go-sev-guest refuses it too).
    if (report.subarray(SIGNED + 144).some((x) => x !== 0))
        bad('the reserved bytes after the signature (0x330-0x49F) are not zero');
    return Buffer.concat([field(SIGNED), field(SIGNED + 72)]);
}
/**
 * Parses and verifies an SEV-SNP report: chain to the pinned ARK, the
 * report signature, VCEK TCB = REPORTED_TCB, hwID = CHIP_ID, then the
 * policy. Malformed input or a failed check is EVIDENCE_INVALID, a chain
 * to another root TRUST_ROOT_UNKNOWN, a refused policy bit
 * EVIDENCE_POLICY_REJECTED, a TCB below the minimum EVIDENCE_TCB_REJECTED.
 */
function verifySnpReport(bytes, options) {
    const report = snpReportBytes(bytes);
    const evidence = parseSnpReport(report);
    const leaf = certificateOf('snp-report', options.certificates.vcek, 'VCEK');
    const product = productOf(leaf);
    const flags = report.readUInt32LE(0x48);
    const keySel = (flags >> 2) & 7;
    if (keySel > 1)
        bad(`the report is not signed (SIGNING_KEY ${keySel}: no VCEK or VLEK)`);
    const kind = keySel === 0 ? 'VCEK' : 'VLEK';
    if (commonName(leaf.subject) !== `SEV-${kind}`)
        bad(`the report is signed with the ${kind}, but the certificate given is "${subjectOf$1(leaf)}"`);
    const roots = AMD_ROOTS[product];
    const ask = certificateOf('snp-report', options.certificates.ask ?? (kind === 'VCEK' ? roots.ask : roots.asvk), kind === 'VCEK' ? 'ASK' : 'ASVK');
    verifyPath('snp-report', [leaf, ask, pinnedArk(product)], options.at);
    const key = leaf.publicKey;
    if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
        bad(`the ${kind} does not hold a P-384 key`);
    if (report.readUInt32LE(0x34) !== 1)
        bad('the signature algorithm is not ECDSA P-384 with SHA-384 (1)');
    const ok = verify$2('sha384', report.subarray(0, SIGNED), { key, dsaEncoding: 'ieee-p1363' }, p1363Signature(report));
    if (!ok)
        bad(`the report signature does not verify with the ${kind}`);
    const reported = decodeTcb(report, 0x180, product);
    const claims = vcekClaims(leaf, product);
    const differs = Object.keys(claims.tcb).filter((k) => claims.tcb[k] !== reported[k]);
    if (differs.length > 0)
        bad(`the ${kind} was issued for another TCB (${differs.map((k) => `${k} ${claims.tcb[k]} ≠ reported ${reported[k]}`).join(', ')}); fetch the ${kind} for the report's REPORTED_TCB`);
    const chipId = report.subarray(0x1a0, 0x1e0);
    const masked = (flags & 2) === 2;
    if (kind === 'VCEK') {
        if (claims.hwId === undefined)
            bad('the VCEK has no hwID extension');
        if (!masked && !chipId.subarray(0, claims.hwId.length).equals(claims.hwId))
            bad(`the VCEK is for chip ${hexOf(claims.hwId)}, the report for ${hexOf(chipId)}`);
    }
    checkSnpPolicy(evidence.fields, reported, options.policy);
    return {
        ...evidence,
        evidenceSignature: 'verified',
        fields: {
            ...evidence.fields,
            reportedTcb: {
                raw: hexOf(report.subarray(0x180, 0x188)),
                ...reported
            },
            product,
            signingKey: kind,
            root: roots.arkSha256
        },
        tcb: {
            status: options.policy.minTcb ? 'MeetsMinimum' : 'NoMinimumStated',
            advisoryIds: []
        },
        platform: {
            product,
            chipId: masked ? 'masked' : hexOf(chipId),
            reportedTcb: hexOf(report.subarray(0x180, 0x188))
        }
    };
}

/** Checks a user-given evidence type. */
function evidenceType(value) {
    if (!EVIDENCE_TYPES.includes(value))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-type must be one of ${EVIDENCE_TYPES.join(', ')}, got "${value}"`);
    return value;
}
/**
 * Reads and verifies evidence of the given type to its vendor's root.
 * There is no parse-only path: evidence without the material to verify it
 * is refused, so an unsigned report can never pass as the enclave's.
 */
function readEvidence(type, bytes, options) {
    switch (type) {
        case 'nitro':
            return parseNitroDocument(bytes, options.nitro);
        case 'sgx-quote':
        case 'td-quote':
            if (!options.dcap)
                throw new EnclaveBuildError('INPUT_INVALID', `${type} evidence needs Intel's collateral to be verified: --dcap-collateral FILE (dcap-qvl's JSON shape: tcb_info, qe_identity, CRLs and issuer chains from Intel PCS)`);
            return verifyDcapQuote(type, bytes, { ...options.dcap, at: options.at });
        case 'snp-report':
            if (!options.snp)
                throw new EnclaveBuildError('INPUT_INVALID', 'snp-report evidence needs its VCEK/VLEK to be verified: --snp-vcek FILE, or AMD KDS');
            return verifySnpReport(bytes, { ...options.snp, at: options.at });
    }
}

/*
 * What `verify` is told about the enclave's evidence, and the material it
 * is verified with: the action's evidence inputs, their mapping, and the
 * certificates and collateral read from files (or the VCEK from AMD KDS).
 */
/** Certificates and collateral: util/limits' bounds, refused unread above them. */
const CERT_LIMIT = { maxBytes: MAX_PEM_BYTES };
/** The action inputs (kebab-case, as in action.yml) that say how evidence is verified. */
({
    'evidence-time': string()
        .default('now')
        .describe('When certificates and collateral must be valid: now, document (Nitro: its own timestamp) or an RFC 3339 time.'),
    'dcap-collateral': string()
        .default('')
        .describe("SGX/TDX quotes: Intel's collateral as a JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for them."),
    'dcap-tcb-accept': string()
        .default('UpToDate')
        .describe('SGX/TDX: the TCB statuses accepted, comma-separated (UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded).'),
    'dcap-allow-debug': stringbool()
        .default(false)
        .describe('SGX/TDX: accept a debug enclave or TD.'),
    'snp-vcek': string()
        .default('')
        .describe("SEV-SNP: the report's VCEK or VLEK (PEM or DER). Empty: fetched from AMD KDS (VCEK only)."),
    'snp-ask': string()
        .default('')
        .describe("SEV-SNP: the ASK or ASVK (PEM or DER). Empty: AMD's, pinned for Milan, Genoa and Turin."),
    'snp-policy': string()
        .default('')
        .describe('SEV-SNP: accepted guest policy, e.g. debug=deny,migrate-ma=deny,smt=allow,min-tcb.snp=22 (default: debug and migration agent refused, SMT allowed).'),
    'snp-kds': string()
        .default('')
        .describe('SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'),
    'evidence-cache': string()
        .default('')
        .describe('Directory where VCEKs fetched from AMD KDS are kept.')
});
/** The material each evidence type is verified with, read from files or KDS. */
async function evidenceOptions(ev, bytes, rootPem, now, deps) {
    if (ev.type === 'nitro')
        return {
            at: now,
            nitro: { ...(rootPem ? { rootPem } : {}), at: ev.at ?? now }
        };
    if (ev.at === 'document')
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-time document is for Nitro documents; a ${ev.type} carries no time: give now or an RFC 3339 time`);
    const at = ev.at ?? now;
    if (ev.type === 'snp-report') {
        const snp = ev.snp ?? {};
        const vcek = snp.vcekPath
            ? await readInputFile(snp.vcekPath, 'VCEK/VLEK certificate', CERT_LIMIT)
            : await (await import('./kds-DM-FMh-A.js')).fetchVcek(bytes, {
                ...(snp.kdsUrl ? { baseUrl: snp.kdsUrl } : {}),
                ...(snp.cacheDir ? { cacheDir: snp.cacheDir } : {}),
                ...(deps.fetch ? { fetch: deps.fetch } : {}),
                ...(deps.sleep ? { sleep: deps.sleep } : {})
            });
        const ask = snp.askPath
            ? await readInputFile(snp.askPath, 'ASK/ASVK certificate', CERT_LIMIT)
            : undefined;
        return {
            at,
            snp: {
                certificates: { vcek, ...(ask ? { ask } : {}) },
                policy: snp.policy ?? DEFAULT_SNP_POLICY
            }
        };
    }
    const dcap = ev.dcap ?? {};
    if (!dcap.collateralPath)
        return { at };
    const collateral = parseDcapCollateral((await readInputFile(dcap.collateralPath, 'DCAP collateral', {
        maxBytes: MAX_EVIDENCE_BYTES
    })).toString('utf8'), dcap.collateralPath);
    return {
        at,
        dcap: {
            collateral,
            policy: {
                acceptedStatuses: dcap.acceptedStatuses ?? ['UpToDate'],
                debug: dcap.debug ?? false
            }
        }
    };
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
/** A bundle file (or JSON Lines of them) bigger than this is not one. */
const MAX_BUNDLE_FILE = 256 * 2 ** 20;
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
            out.push(...bundlesInText(await readInputText(file, 'the bundle file', {
                maxBytes: MAX_BUNDLE_FILE
            }), basename(file)));
    }
    return out;
}

// Where a verification starts: the measurement to look for (from the flag
// or the enclave's evidence) and the bundles that may attest it (files,
// GitHub's attestation API, or an OCI artifact's referrers).
/** The measurement to look for, from the flag and/or the evidence. */
async function measurementOf(input, deps) {
    let evidence;
    if (input.evidence) {
        const bytes = await readInputFile(input.evidence.path, 'evidence file', {
            maxBytes: MAX_EVIDENCE_BYTES
        });
        const rootPem = input.evidence.nitroRootPath
            ? (await readInputFile(input.evidence.nitroRootPath, 'Nitro root')).toString('utf8')
            : undefined;
        const now = (deps.now ?? (() => new Date()))();
        evidence = readEvidence(input.evidence.type, bytes, await evidenceOptions(input.evidence, bytes, rootPem, now, deps));
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
async function collectBundles(input, wanted, deps, fromRegistry) {
    const found = [...fromRegistry];
    const files = (input.bundles ?? []).filter((b) => !b.startsWith('oci://'));
    if (files.length)
        found.push(...(await readBundleSources(files)));
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
 * The bundles attached to each oci:// artifact among the bundle sources
 * (loaded only when one is given: a file-only verify never loads publish/).
 */
async function registryBundles(input, deps) {
    const refs = (input.bundles ?? []).filter((b) => b.startsWith('oci://'));
    if (refs.length === 0)
        return [];
    // Else a file bundle could pass while no layer of the artifact was checked.
    if (refs.length !== input.bundles?.length)
        throw new EnclaveBuildError('INPUT_INVALID', 'give either oci:// artifacts or bundle files to --bundle, not both: an artifact is verified only through its own bundles');
    const { discoverArtifact } = await import('./discover-voezp7Op.js');
    const { parseOciReference } = await import('./reference-Du8N-V_I.js');
    const { resolveCredentials } = await import('./auth-Cy81pDRr.js');
    const login = deps.registryCredentials ??
        ((registry) => resolveCredentials(registry, process.env));
    const out = [];
    for (const ref of refs) {
        const credentials = await login(parseOciReference(ref).registry);
        const artifact = await discoverArtifact(ref, {
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.sleep ? { sleep: deps.sleep } : {}),
            ...(credentials ? { credentials } : {})
        });
        for (const b of artifact.bundles)
            out.push({ ...b, artifact });
    }
    return out;
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
/**
 * owner/name from a source repository URI (https://host/owner/name), or the
 * name itself when it is already owner/name: results carry one form.
 */
function repositoryName(uri) {
    if (!uri)
        return undefined;
    if (/^[\w.-]+\/[\w.-]+$/.test(uri))
        return uri;
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
/**
 * For key-signed bundles: the repository and ref the predicate names, which
 * the key holder vouches for, against --repo and --source-ref.
 */
function checkPredicateSource(policy, source) {
    const fail = (what, want, got) => {
        throw new EnclaveBuildError('IDENTITY_MISMATCH', `the key-signed predicate's ${what} is "${got ?? '(absent)'}", the policy wants "${want}"; this bundle was not made from the source you trust`);
    };
    const repo = repositoryName(source.repository);
    if (policy.repository !== undefined &&
        repo?.toLowerCase() !== policy.repository.toLowerCase())
        fail('source repository', policy.repository, source.repository);
    if (policy.sourceRef !== undefined && source.ref !== policy.sourceRef)
        fail('source ref', policy.sourceRef, source.ref);
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
        ...opt('sourceRepository', repositoryName(fromCert ? s.sourceRepositoryUri : predicate.source.repository)),
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
        identityPolicy: fromCert
            ? r.policy.pinned
                ? 'pinned'
                : 'issuer-only'
            : r.policy.repository || r.policy.sourceRef
                ? 'pinned'
                : 'public-key',
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
                    ...(r.evidence.tcb ? { tcb: r.evidence.tcb } : {}),
                    ...(r.evidence.platform ? { platform: r.evidence.platform } : {}),
                    fields: r.evidence.fields
                }
            }
            : {}),
        warnings: r.warnings
    };
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
    const fromRegistry = await registryBundles(input, deps);
    // Without --measurement or evidence, the one the artifact announces is
    // looked for; it counts only once a signed predicate names it.
    const announced = fromRegistry[0]?.artifact?.measurement;
    const { wanted, evidence } = await measurementOf(!input.measurement && !input.evidence && announced
        ? { ...input, measurement: announced }
        : input, deps);
    const bundles = await collectBundles(input, wanted, deps, fromRegistry);
    const candidates = bundles.filter((b) => {
        const statement = peekStatement(b.json);
        return statement !== undefined && hasSubject(statement, wanted.lookupDigest);
    });
    if (candidates.length === 0)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `none of the ${bundles.length} bundle(s) has a subject sha256:${wanted.lookupDigest} (the lookup digest of ${wanted.value}); they attest other builds`);
    const { loadTrust, verifyBundle } = await import('./bundle-CqNKen1J.js');
    const trust = await loadTrust({
        ...(input.trustedRootPath
            ? {
                trustedRoot: parseJson(await readInputFile(input.trustedRootPath, 'trusted root'), input.trustedRootPath)
            }
            : {}),
        ...(input.publicKeyPath
            ? {
                publicKeyPem: (await readInputFile(input.publicKeyPath, 'public key')).toString('utf8')
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
            else if (policy.certificateIdentity || policy.certificateIdentityRegexp)
                throw new EnclaveBuildError('IDENTITY_MISMATCH', `${candidate.name} is signed with a key, which carries no certificate identity to check against --certificate-identity(-regexp); pin the key with --public-key and the source with --repo`);
            const { predicate, measurement } = matchMeasurement(verified.statement, wanted, candidate.name);
            // With a key the predicate is all there is: the key holder vouches for it.
            if (!verified.signer)
                checkPredicateSource(policy, predicate.source);
            const registersChecked = evidence
                ? crossCheckRegisters(predicate, evidence.registers, candidate.name)
                : [];
            const published = candidate.artifact;
            const layersChecked = published
                ? (await import('./check-B2jERWSH.js')).checkPublishedLayers(predicate, published, candidate.name)
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
            const result = resultOf({
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
            if (published)
                result.artifact = {
                    reference: published.reference,
                    digest: published.digest,
                    referrers: published.referrers,
                    layersChecked
                };
            return result;
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

/**
 * The GitHub token, found one way for every stage (attestation store,
 * verify's attestation lookup, the command line): the value given, unless
 * it is empty or a `${{ ... }}` expression nobody expanded (the action's
 * default when it runs outside a workflow); else GITHUB_TOKEN, else
 * GH_TOKEN (as gh reads it). Undefined when there is none.
 */
function githubToken(given, env) {
    if (given && !given.startsWith('${{'))
        return given;
    return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

const USAGE = `enclave-build verify --measurement HEX (--bundle FILE|DIR|oci://REF... | --repo owner/name [--token T])
    [--trusted-root TR.json | --public-key PEM]
    [--certificate-identity ID | --certificate-identity-regexp RE]
    [--certificate-oidc-issuer URL] [--source-ref REF]
    [--evidence FILE --evidence-type nitro|sgx-quote|td-quote|snp-report [--nitro-root PEM]
     [--evidence-time now|document|RFC3339] [--evidence-challenge HEX]
     [--dcap-collateral FILE] [--dcap-tcb-accept STATUS,...] [--dcap-allow-debug]
     [--snp-vcek FILE] [--snp-ask FILE] [--snp-policy SPEC] [--snp-kds URL]
     [--evidence-cache DIR]] [--json]

Verifies that the measurement (or the enclave's evidence) was attested by a
Sigstore-signed workflow run and prints its repository, commit and workflow.
--bundle oci://REGISTRY/NAME:TAG (or @sha256:…) reads the bundles attached to
an artifact enclave-build published and checks every layer against the
attestation; --measurement may then be left out (the artifact names it).
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
    if (r.artifact)
        lines.push(`  artifact: ${r.artifact.reference} (${r.artifact.layersChecked.length} layer(s) match the attestation; bundle via ${r.artifact.referrers === 'api' ? 'referrers API' : 'referrers tag schema'})`);
    if (r.evidence)
        lines.push(`  evidence: ${r.evidence.type}, signature ${r.evidence.evidenceSignature}, registers checked: ${r.evidence.registersChecked.join(', ')}`, ...(r.evidence.tcb
            ? [
                `  tcb:      ${r.evidence.tcb.status}${r.evidence.tcb.advisoryIds.length ? ` (${r.evidence.tcb.advisoryIds.join(', ')})` : ''}`
            ]
            : []), ...(r.evidence.platform
            ? [
                `  platform: ${Object.entries(r.evidence.platform)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}`
            ]
            : []));
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
        'dcap-collateral': {
            type: 'string',
            help: "SGX/TDX: Intel's collateral, one JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for quotes."
        },
        'dcap-tcb-accept': {
            type: 'string',
            help: 'SGX/TDX: accepted TCB statuses, comma-separated (default UpToDate).'
        },
        'dcap-allow-debug': {
            type: 'boolean',
            default: false,
            help: 'SGX/TDX: accept a debug enclave or TD.'
        },
        'snp-vcek': {
            type: 'string',
            help: 'SEV-SNP: the VCEK or VLEK (PEM or DER); without it the VCEK is fetched from AMD KDS.'
        },
        'snp-ask': {
            type: 'string',
            help: "SEV-SNP: the ASK or ASVK (default: AMD's, pinned for Milan, Genoa, Turin)."
        },
        'snp-policy': {
            type: 'string',
            help: 'SEV-SNP: debug|migrate-ma|smt=allow|deny, vmpl=N, min-tcb.bootloader|tee|snp|microcode|fmc=N (default debug=deny,migrate-ma=deny,smt=allow).'
        },
        'snp-kds': {
            type: 'string',
            help: 'SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'
        },
        'evidence-cache': {
            type: 'string',
            help: 'Directory keeping VCEKs fetched from AMD KDS.'
        },
        'public-key': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    if (v.evidence !== undefined && v['evidence-type'] === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--evidence needs --evidence-type nitro|sgx-quote|td-quote|snp-report');
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
                        : {}),
                    snp: {
                        ...(v['snp-vcek'] ? { vcekPath: v['snp-vcek'] } : {}),
                        ...(v['snp-ask'] ? { askPath: v['snp-ask'] } : {}),
                        policy: parseSnpPolicy(v['snp-policy'] ?? ''),
                        ...(v['snp-kds'] ? { kdsUrl: v['snp-kds'] } : {}),
                        ...(v['evidence-cache'] ? { cacheDir: v['evidence-cache'] } : {})
                    },
                    dcap: {
                        ...(v['dcap-collateral']
                            ? { collateralPath: v['dcap-collateral'] }
                            : {}),
                        acceptedStatuses: parseTcbAccept(v['dcap-tcb-accept'] ?? ''),
                        debug: v['dcap-allow-debug']
                    }
                }
            }
            : {}),
        ...(v.bundle ? { bundles: v.bundle } : {}),
        // With bundles at hand --repo pins the source; only without them does it
        // also say where to look the attestation up (the one network call).
        ...(v.repo && !v.bundle?.length
            ? {
                lookup: {
                    repository: v.repo,
                    token: githubToken(v.token, io.env),
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
            sourceRef: v['source-ref'],
            ...(v.repo ? { repository: v.repo } : {})
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
/** Printed by `verify --help` above its flags. */
verify.about = USAGE;

var verify$1 = /*#__PURE__*/Object.freeze({
    __proto__: null,
    verify: verify
});

export { snpReportBytes as a, decodeTcb as d, signerIdentity as s, verify$1 as v };
