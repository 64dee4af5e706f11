import { i as invalidEvidence } from './types-Cg6oWdtl.js';
import { e as extensionsOf } from './chain-tmNxtkIn.js';
import { a as derOnly, d as derElements, o as objectIdentifier } from './x509-CbNhd9ys.js';

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
const HEADER = 48;
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
    const header = r.take(HEADER, 'header');
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
    const raw = extensionsOf(type, pck).values.get(SGX);
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

export { pckClaims as p, splitDcapQuote as s };
