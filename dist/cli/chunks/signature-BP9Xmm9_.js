import { X509Certificate, verify, createPublicKey, sign, createPrivateKey } from 'node:crypto';
import { d as decode, E as Encoder } from './node-index-HRdqsygv.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import 'node:stream';
import 'node:module';

// Why this file is long: the one COSE_Sign1 structure of an EIF's PCR0 signature: built, encoded, parsed and verified here so the four agree.
/**
 * The EIF signature section (type 4) and its COSE_Sign1, in the exact CBOR
 * form AWS writes: serde_cbor of `Vec<PcrSignature>`, where serde encodes
 * every `Vec<u8>` as an array of small integers (not a byte string), and a
 * COSE_Sign1 from aws-nitro-enclaves-cose `as_bytes(false)` (untagged):
 * [bstr {1: alg}, {}, bstr payload, bstr r||s], payload = serde_cbor of
 * `PcrInfo { register_index: 0, register_value: PCR0 }`.
 */
// tagUint8Array: false, or cbor-x tags Uint8Arrays (tag 64) where COSE wants a
// plain byte string.
const cbor = new Encoder({
    useRecords: false,
    variableMapSize: true,
    tagUint8Array: false
});
/**
 * COSE algorithm and digest per curve (aws-nitro-enclaves-cose
 * openssl_pkey.rs), with the protected header {1: alg} already encoded: a
 * CBOR map with an integer key, written by hand because cbor-x tags JS Maps.
 */
const CURVES = {
    prime256v1: {
        alg: -7,
        hash: 'sha256',
        header: Uint8Array.of(0xa1, 0x01, 0x26)
    },
    secp384r1: {
        alg: -35,
        hash: 'sha384',
        header: Uint8Array.of(0xa1, 0x01, 0x38, 0x22)
    },
    secp521r1: {
        alg: -36,
        hash: 'sha512',
        header: Uint8Array.of(0xa1, 0x01, 0x38, 0x23)
    }
};
const ALGS = {
    [-7]: 'sha256',
    [-35]: 'sha384',
    [-36]: 'sha512'
};
/** A serde `Vec<u8>`: an array of integers. */
const intArray = (b) => Array.from(b);
function keyInvalid(message) {
    return new EnclaveBuildError('KEY_INVALID', message);
}
/** The first certificate of a PEM text (what OpenSSL's X509::from_pem reads). */
function parseCertificate(pem) {
    try {
        return new X509Certificate(pem);
    }
    catch {
        throw keyInvalid('the signing certificate is not a PEM X.509 certificate; pass the certificate file (-----BEGIN CERTIFICATE-----)');
    }
}
function loadKey(pem) {
    try {
        return createPrivateKey(pem);
    }
    catch {
        throw keyInvalid('the signing key is not a PEM private key; pass an EC P-256, P-384 or P-521 key (PKCS#8 or SEC1 PEM)');
    }
}
/** The bytes ECDSA signs: the COSE Sig_structure for Signature1. */
function sigStructure(protectedHdr, payload) {
    return cbor.encode(['Signature1', protectedHdr, new Uint8Array(0), payload]);
}
/** Builds the signature section that signs PCR0 with this key and certificate. */
function signPcr0(pcr0Hex, certificatePem, privateKeyPem) {
    const cert = parseCertificate(certificatePem);
    const key = loadKey(privateKeyPem);
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const algo = key.asymmetricKeyType === 'ec' ? CURVES[curve] : undefined;
    if (!algo)
        throw keyInvalid(`the signing key must be an EC key on P-256, P-384 or P-521 (got ${key.asymmetricKeyType ?? 'unknown'} ${curve})`);
    const certKey = cert.publicKey.export({ format: 'der', type: 'spki' });
    const ownKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
    if (!Buffer.from(certKey).equals(Buffer.from(ownKey)))
        throw keyInvalid('the signing key does not belong to the signing certificate; pass the matching pair');
    const payload = pcr0Payload(pcr0Hex);
    const signature = sign(algo.hash, sigStructure(algo.header, payload), {
        key,
        dsaEncoding: 'ieee-p1363'
    });
    return encodeSignatureSection(certificatePem, algo.header, payload, signature);
}
/** serde_cbor of `PcrInfo { register_index: 0, register_value: PCR0 }`. */
function pcr0Payload(pcr0Hex) {
    return cbor.encode({
        register_index: 0,
        register_value: intArray(Buffer.from(pcr0Hex, 'hex'))
    });
}
/**
 * The section bytes around a finished ECDSA signature (r||s): the untagged
 * COSE_Sign1, wrapped in serde_cbor's `[{signing_certificate, signature}]`.
 */
function encodeSignatureSection(certificatePem, protectedHeader, payload, signature) {
    const coseSign1 = cbor.encode([protectedHeader, {}, payload, signature]);
    return cbor.encode([
        {
            signing_certificate: intArray(new TextEncoder().encode(certificatePem)),
            signature: intArray(coseSign1)
        }
    ]);
}
function invalid(message) {
    return new EnclaveBuildError('EIF_INVALID', `signature section: ${message}`);
}
/**
 * A CBOR byte string as a Uint8Array. Checked with isView, not instanceof,
 * because cbor-x may build it in another realm (e.g. under Jest's vm).
 */
function asBytes(v) {
    if (!ArrayBuffer.isView(v) || v instanceof DataView)
        return undefined;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
function bytesOf(v, what) {
    const b = asBytes(v);
    if (b)
        return b;
    if (Array.isArray(v) &&
        v.every((x) => Number.isInteger(x) && x >= 0 && x < 256))
        return Uint8Array.from(v);
    throw invalid(`${what} is not a byte vector`);
}
function safeDecode(bytes, what) {
    try {
        return decode(bytes);
    }
    catch {
        throw invalid(`${what} is not valid CBOR`);
    }
}
/** Parses a signature section; only the first entry matters (AWS signs PCR0 only). */
function parseSignatureSection(section) {
    const list = safeDecode(section, 'the section');
    if (!Array.isArray(list) || list.length === 0)
        throw invalid('expected a non-empty array of PCR signatures');
    const first = list[0];
    if (first === null || typeof first !== 'object')
        throw invalid('the first entry is not a map');
    const pemBytes = bytesOf(first.signing_certificate, 'signing_certificate');
    const coseSign1 = bytesOf(first.signature, 'signature');
    const certificatePem = new TextDecoder().decode(pemBytes);
    let certificate;
    try {
        certificate = new X509Certificate(certificatePem);
    }
    catch {
        throw invalid('signing_certificate is not a PEM certificate');
    }
    return {
        certificatePem,
        certificate,
        certificateDer: certificate.raw,
        coseSign1
    };
}
/**
 * Checks a COSE_Sign1 as nitro-cli's describe-eif does: the signature verifies
 * with the certificate's key and the payload names PCR0 with this value.
 */
function verifyPcr0Signature(sig, pcr0Hex) {
    const cose = safeDecode(sig.coseSign1, 'COSE_Sign1');
    if (!Array.isArray(cose) || cose.length !== 4)
        return false;
    const [protectedHdr, payload, signature] = [0, 2, 3].map((i) => asBytes(cose[i]));
    if (!protectedHdr || !payload || !signature)
        return false;
    const header = safeDecode(protectedHdr, 'COSE protected header');
    const alg = header && typeof header === 'object' ? header['1'] : undefined;
    const hash = typeof alg === 'number' ? ALGS[alg] : undefined;
    if (!hash)
        return false;
    const info = safeDecode(payload, 'COSE payload');
    if (!info || typeof info !== 'object' || info.register_index !== 0)
        return false;
    let value;
    try {
        value = bytesOf(info.register_value, 'register_value');
    }
    catch {
        return false;
    }
    if (Buffer.from(value).toString('hex') !== pcr0Hex)
        return false;
    try {
        return verify(hash, sigStructure(protectedHdr, payload), {
            key: sig.certificate.publicKey,
            dsaEncoding: 'ieee-p1363'
        }, signature);
    }
    catch {
        return false;
    }
}

export { encodeSignatureSection, parseCertificate, parseSignatureSection, pcr0Payload, signPcr0, verifyPcr0Signature };
