import { verify, createPublicKey, createHash, X509Certificate } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { p as pemCertificates, s as subjectOf, v as verifyPath, c as checkNotRevoked, r as readCrl } from './chain-tmNxtkIn.js';
import { tcbInfoSchema, qeIdentitySchema } from './dcap-collateral-BPmD3I6q.js';
import { s as splitDcapQuote, p as pckClaims } from './pck-D3L18ENO.js';
import { e as evidenceUnverified, i as invalidEvidence, c as collateralOutOfDate, h as hexOf } from './types-Cg6oWdtl.js';
import { T as TCB_STATUSES } from './tcb-status-GZT3qOMj.js';
import './x509-CbNhd9ys.js';
import './schemas-BeVPcTnG.js';

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
        throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the ${what} ends in "${subjectOf(top)}" (${top.fingerprint256}), not the pinned Intel SGX Root CA ${root.fingerprint256}`);
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
        !verify('sha256', Buffer.from(text, 'utf8'), { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, sig))
        evidenceUnverified(type, `the ${what} signature does not verify with "${subjectOf(signer)}"`);
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
        collateralOutOfDate(type, `the ${what} is valid ${body.issueDate} to ${body.nextUpdate}, not at ${at.toISOString()}; fetch current collateral (--dcap-pcs) or pass a time it was valid with --evidence-time`);
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
/** Verifies an ECDSA-P256 r ‖ s signature over `data`, EVIDENCE_UNVERIFIED naming `what`. */
function checkSig(type, data, key, sig, what) {
    if (!verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig))
        evidenceUnverified(type, `the ${what} does not verify`);
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
        evidenceUnverified(type, `the TCB info is for FMSPC ${info.fmspc}, the PCK certificate for ${pck.fmspc}; fetch the TCB info for this platform`);
    if (info.pceId.toUpperCase() !== pck.pceId)
        evidenceUnverified(type, `the TCB info is for PCE ID ${info.pceId}, not ${pck.pceId}`);
    const tdx = teeTcbSvn !== undefined;
    if ((info.id === 'TDX') !== tdx || (tdx && info.version < 3))
        evidenceUnverified(type, `the TCB info is ${info.id} v${info.version}, not for this quote`);
    const levels = [...info.tcbLevels].sort((a, b) => desc(svns(a.tcb.sgxtcbcomponents), svns(b.tcb.sgxtcbcomponents)) ||
        b.tcb.pcesvn - a.tcb.pcesvn ||
        desc(svns(tdxOf(a.tcb)), svns(tdxOf(b.tcb))));
    const level = levels.find((l) => pck.pceSvn >= l.tcb.pcesvn &&
        svns(l.tcb.sgxtcbcomponents).every((s, i) => pck.components[i] >= s) &&
        (!tdx || tdxTcbHigherOrEqual(teeTcbSvn, tdxOf(l.tcb))));
    if (level === undefined)
        below(`the platform (FMSPC ${pck.fmspc})`);
    return {
        status: level.tcbStatus,
        advisoryIds: level.advisoryIDs,
        date: level.tcbDate
    };
}
/**
 * Intel's isTdxTcbHigherOrEqual (QVL TcbLevelCheck): every TEE_TCB_SVN
 * byte reaches the level's tdxtcbcomponents, except that when byte 1 (the
 * TDX module's major version) is above 0, bytes 0-1 are skipped: they are
 * the module's SVN and version, which the module identity
 * (tdxModuleIdentities) grades instead. go-tdx-guest does the same;
 * dcap-qvl 0.7 compares all 16 bytes and grades a current TD OutOfDate.
 */
function tdxTcbHigherOrEqual(teeTcbSvn, levelComponents) {
    if (levelComponents?.length !== 16)
        return false;
    const start = teeTcbSvn[1] > 0 ? 2 : 0;
    for (let i = start; i < 16; i++)
        if (teeTcbSvn[i] < levelComponents[i].svn)
            return false;
    return true;
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
        evidenceUnverified(type, `the TCB info has no TDX module identity ${wanted}`);
    const expect = identity ?? base;
    if (!bytes(expect.mrsigner).equals(td.mrSignerSeam))
        evidenceUnverified(type, 'the TDX module signer (MRSIGNERSEAM) is not the one TCB info names');
    const want = bytes(expect.attributes);
    const mask = bytes(expect.attributesMask);
    if (want.length !== 8 || mask.length !== 8)
        invalidEvidence(type, 'the TCB info module attributes are not 8 bytes');
    td.seamAttributes.forEach((a, i) => {
        if ((a & mask[i]) !== (want[i] & mask[i]) || (a & ~mask[i]) !== 0)
            evidenceUnverified(type, 'the TDX module attributes do not match TCB info');
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
        evidenceUnverified(type, `the QE identity is for ${identity.id}, not this quote's QE`);
    const masked = (v, m) => Buffer.from(v.map((x, i) => x & m[i])).toString('hex');
    if (!qeReport.subarray(128, 160).equals(bytes(identity.mrsigner)))
        evidenceUnverified(type, "the quoting enclave is not signed by Intel's QE MRSIGNER");
    if (qeReport.readUInt16LE(256) !== identity.isvprodid)
        evidenceUnverified(type, 'the quoting enclave ISVPRODID is not the QE identity one');
    const misc = bytes(identity.miscselectMask);
    const attr = bytes(identity.attributesMask);
    if (masked(qeReport.subarray(16, 20), misc) !==
        masked(bytes(identity.miscselect), misc) ||
        masked(qeReport.subarray(48, 64), attr) !==
            masked(bytes(identity.attributes), attr))
        evidenceUnverified(type, 'the quoting enclave MISCSELECT/ATTRIBUTES do not match its identity');
    if (qeReport[48] & 0x02)
        evidenceUnverified(type, 'the quoting enclave is a debug enclave');
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
            })),
            // the CoCo initdata digest as TDX carries it (the oci target's MRCONFIGID)
            { name: 'MRCONFIGID', algorithm: 'sha384', value: field(MRTD + 48, 48) }
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

let pinnedRoot;
/** The pinned root, checked against its fingerprint once per process. */
function intelRoot() {
    if (pinnedRoot)
        return pinnedRoot;
    const root = new X509Certificate(INTEL_SGX_ROOT_PEM);
    if (root.fingerprint256 !== INTEL_SGX_ROOT_SHA256)
        throw new EnclaveBuildError('INTERNAL', 'embedded Intel SGX Root CA changed');
    return (pinnedRoot = root);
}
/**
 * Verifies a DCAP quote of `type` ('sgx-quote' or 'td-quote'). Malformed
 * input is EVIDENCE_INVALID, a failed check EVIDENCE_UNVERIFIED, a chain to another root
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
        evidenceUnverified(type, 'the QE report data does not bind the attestation key and QE auth data');
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

export { verifyDcapQuote };
