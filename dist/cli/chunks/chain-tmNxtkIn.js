import { verify, constants, X509Certificate } from 'node:crypto';
import { d as derElements, a as derOnly, o as objectIdentifier, r as readExtensions } from './x509-CbNhd9ys.js';
import { i as invalidEvidence, e as evidenceUnverified, c as collateralOutOfDate } from './types-Cg6oWdtl.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

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
/** AMD's ARK signs its CRLs RSASSA-PSS, SHA-384, 48-byte salt. */
const RSASSA_PSS = '1.2.840.113549.1.1.10';
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
 * Parses a DER CRL and verifies its signature (Intel's ECDSA-SHA256, AMD's
 * RSASSA-PSS SHA-384) with `issuer`'s
 * key and its validity at `at`. EVIDENCE_INVALID when it is not a CRL,
 * EVIDENCE_UNVERIFIED when it does not verify or is stale: a CRL that
 * cannot be checked revokes nothing we could rely on.
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
    const oid = alg[0]?.tag === 0x06 ? objectIdentifier(alg[0].contents) : '';
    if (oid !== ECDSA_SHA256 && oid !== RSASSA_PSS)
        fail('not signed with ECDSA-SHA256 (Intel) or RSASSA-PSS (AMD)');
    if (signature.tag !== 0x03 || signature.contents[0] !== 0)
        fail('bad signature BIT STRING');
    // PSS parameters are not read: only SHA-384 with a 48-byte salt verifies.
    const ok = oid === ECDSA_SHA256
        ? verify('sha256', tbs.encoded, issuer.publicKey, signature.contents.subarray(1))
        : verify('sha384', tbs.encoded, {
            key: issuer.publicKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 48
        }, signature.contents.subarray(1));
    if (!ok)
        evidenceUnverified(type, `${what}: not signed by "${issuer.subject.replace(/\n/g, ', ')}"`);
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
    // Only a stale CRL is refused. One issued after the time of check (old
    // evidence checked with today's collateral) knows every revocation the
    // older one did and more, so it can only make the check stricter; its
    // revocations count whatever their date. dcap-qvl (webpki) does the same;
    // a CRL issued in the future of the time of check is not an error there.
    if (at > crl.nextUpdate)
        collateralOutOfDate(type, `${what} is stale at ${at.toISOString()} (next update was due ${crl.nextUpdate.toISOString()}); fetch current collateral or pass the time it was valid with --evidence-time`);
    return crl;
}
/** Refuses a certificate the CRL revokes. */
function checkNotRevoked(type, crl, cert) {
    if (crl.revoked.has(serialHex(Buffer.from(cert.serialNumber, 'hex'))))
        evidenceUnverified(type, `certificate "${cert.subject.replace(/\n/g, ', ')}" (serial ${cert.serialNumber}) is revoked`);
}
/**
 * A DER CRL's nextUpdate, unverified: only for deciding when a cached copy
 * must be fetched again (readCrl verifies it before any use). Undefined
 * when the bytes are not a CRL.
 */
function crlNextUpdate(der) {
    try {
        const [tbs] = derElements(derOnly(der, SEQUENCE, 'CertificateList'));
        const fields = derElements(tbs.contents);
        const next = fields[(fields[0]?.tag === INTEGER ? 1 : 0) + 3];
        if (next?.tag !== UTC_TIME && next?.tag !== GENERALIZED_TIME)
            return undefined;
        return time('sgx-quote', next.tag, next.contents);
    }
    catch {
        return undefined;
    }
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
function subjectOf(cert) {
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
function extensionsOf(type, cert) {
    try {
        return readExtensions(cert.raw);
    }
    catch (err) {
        if (err instanceof EnclaveBuildError)
            invalidEvidence(type, `certificate "${subjectOf(cert)}": ${err.message}`);
        throw err;
    }
}
/**
 * Verifies `path` (leaf first, the pinned root last) at time `at`. The
 * caller has already compared the root with its pin (so its self-signature
 * is not checked, only its validity and constraints); a path whose top
 * certificate is not signed by the root is TRUST_ROOT_UNKNOWN, any other
 * failure EVIDENCE_UNVERIFIED (a certificate that does not parse: EVIDENCE_INVALID).
 */
function verifyPath(type, path, at) {
    const root = path[path.length - 1];
    path.forEach((cert, i) => {
        const name = subjectOf(cert);
        const ext = extensionsOf(type, cert);
        if (ext.criticalUnknown.length > 0)
            evidenceUnverified(type, `certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`);
        if (ext.nameConstraints)
            evidenceUnverified(type, `certificate "${name}" has name constraints, which this verifier does not support`);
        // The leaf signs the evidence (or the collateral), the others certificates.
        if (i === 0 && ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
            evidenceUnverified(type, `certificate "${name}" may not sign (keyUsage lacks digitalSignature)`);
        if (i > 0 && ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
            evidenceUnverified(type, `certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`);
        const pathLen = ext.basicConstraints?.pathLen;
        if (i > 0 && pathLen !== undefined && i - 1 > pathLen)
            evidenceUnverified(type, `certificate "${name}" allows ${pathLen} intermediate CA(s) below it but has ${i - 1}`);
        if (at < cert.validFromDate || at > cert.validToDate)
            evidenceUnverified(type, `certificate "${name}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()}); pass the time the evidence was produced with --evidence-time`);
        if (i > 0 && !cert.ca)
            evidenceUnverified(type, `"${name}" is not a CA`);
        // The root is pinned by fingerprint: its self-signature adds nothing.
        if (i === path.length - 1)
            return;
        const issuer = path[i + 1];
        if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
            if (i === path.length - 2)
                throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `the ${type} certificate "${name}" is not signed by the pinned root "${subjectOf(root)}" (${root.fingerprint256})`);
            evidenceUnverified(type, `certificate "${name}" is not signed by "${subjectOf(issuer)}"`);
        }
    });
}

export { certificateOf as a, commonName as b, checkNotRevoked as c, crlNextUpdate as d, extensionsOf as e, pemCertificates as p, readCrl as r, subjectOf as s, verifyPath as v };
