import { verify, X509Certificate } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { T as Tag, D as Decoder } from './node-index-HRdqsygv.js';
import { i as invalidEvidence, h as hexOf, e as evidenceUnverified } from './types-Cg6oWdtl.js';
import { r as readExtensions } from './x509-CbNhd9ys.js';
import 'node:stream';
import 'node:module';

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
/**
 * A CBOR integer as a JS number, whatever width it was written in: cbor-x
 * returns a BigInt for every 8-byte integer (AWS writes the millisecond
 * timestamp that way) and a number for shorter ones. Floats, and integers
 * beyond 2^53, are not integers a document's fields can hold: undefined.
 */
function cborInteger(v) {
    if (typeof v === 'bigint')
        return v >= BigInt(Number.MIN_SAFE_INTEGER) &&
            v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : undefined;
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
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
/** Throws EVIDENCE_INVALID (malformed) for this evidence type. */
function bad(detail) {
    return invalidEvidence('nitro', detail);
}
/** Throws EVIDENCE_UNVERIFIED: well formed, but a check says no. */
function refused(detail) {
    return evidenceUnverified('nitro', detail);
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
            refused(`certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`);
        if (ext.nameConstraints)
            refused(`certificate "${name}" has name constraints, which this verifier does not support`);
        if (i === 0) {
            if (ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
                refused(`certificate "${name}" may not sign the document (keyUsage lacks digitalSignature)`);
            return;
        }
        if (ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
            refused(`certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`);
        // path[1..i-1] are the CAs below this one; the leaf does not count.
        // Self-issued CAs count too (§6.1.4 skips them): stricter, and AWS's
        // chain has none.
        const pathLen = ext.basicConstraints?.pathLen;
        if (pathLen !== undefined && i - 1 > pathLen)
            refused(`certificate "${name}" allows ${pathLen} intermediate CA(s) below it (pathLenConstraint) but has ${i - 1}`);
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
            refused(`certificate "${subjectOf(cert)}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()})`);
        if (i === path.length - 1)
            break;
        const issuer = path[i + 1];
        if (!issuer.ca)
            refused(`certificate "${subjectOf(issuer)}" is not a CA`);
        if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
            refused(`certificate "${subjectOf(cert)}" is not signed by "${subjectOf(issuer)}"`);
    }
}
/** The PCR map: 1..32 entries, index 0..31, 32/48/64-byte values. */
function readPcrs(v) {
    if (!(v instanceof Map) || v.size < 1 || v.size > 32)
        bad('"pcrs" must be a map of 1 to 32 entries');
    const pcrs = new Map();
    for (const [key, value] of v) {
        const k = cborInteger(key);
        if (k === undefined || k < 0 || k > 31)
            bad(`PCR index ${String(key)} is not in 0..31`);
        if (pcrs.has(k))
            bad(`PCR${k} is given twice`);
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
 * as registers. Anything malformed is EVIDENCE_INVALID, a check that fails
 * EVIDENCE_UNVERIFIED; a chain to another root is TRUST_ROOT_UNKNOWN.
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
    if (!(header instanceof Map) ||
        header.size !== 1 ||
        cborInteger([...header.keys()][0]) !== 1 ||
        cborInteger([...header.values()][0]) !== ES384)
        bad('the COSE protected header is not {1: -35} (ES384)');
    if (!(doc instanceof Map))
        return bad('the payload is not a CBOR map');
    const moduleId = doc.get('module_id');
    // AWS writes the millisecond time as an 8-byte unsigned integer.
    const timestamp = cborInteger(doc.get('timestamp'));
    if (typeof moduleId !== 'string' || moduleId === '')
        bad('"module_id" must be a non-empty text string');
    if (doc.get('digest') !== 'SHA384')
        bad('"digest" must be "SHA384"');
    if (timestamp === undefined || timestamp < 1)
        return bad('"timestamp" must be a positive integer (ms since the epoch)');
    const pcrs = readPcrs(doc.get(options.pcrsKey ?? 'pcrs'));
    const leaf = certificate(doc.get('certificate'), '"certificate"');
    const caBundle = doc.get('cabundle');
    if (!Array.isArray(caBundle) || caBundle.length < 1)
        bad('"cabundle" must be a non-empty array');
    const bundle = caBundle.map((c, i) => certificate(c, `cabundle[${i}]`));
    const publicKey = optionalBytes(doc, 'public_key', 1024);
    const userData = optionalBytes(doc, 'user_data', 1024);
    const nonce = optionalBytes(doc, 'nonce', 1024);
    const pcr0 = pcrs.get(0) ?? '';
    if (pcr0.length !== 96 && (options.pcrsKey ?? 'pcrs') === 'pcrs')
        return bad('PCR0 is missing or not 48 bytes');
    const at = options.at === 'document' ? new Date(timestamp) : options.at;
    verifyChain(leaf, bundle, root, at ?? new Date());
    const key = leaf.publicKey;
    if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
        bad('the signing certificate does not hold a P-384 key');
    if (cose.signature.length !== 96)
        bad('an ES384 signature is 96 bytes (r ‖ s)');
    const signed = sigStructure(cose.protectedHeader, cose.payload);
    const ok = verify('sha384', signed, { key, dsaEncoding: 'ieee-p1363' }, cose.signature);
    if (!ok)
        refused('the COSE signature does not verify with the signing certificate');
    // AWS zeroes every PCR of an enclave started in debug mode.
    const debug = (options.pcrsKey ?? 'pcrs') === 'pcrs' && /^0+$/.test(pcr0);
    if (debug && !options.allowDebug)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', 'the Nitro enclave runs in debug mode (PCR0 is all zeros): its parent instance can read its memory and its console; refuse it, or accept it with --nitro-allow-debug');
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
            debug,
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

export { parseNitroDocument };
