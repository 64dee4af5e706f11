import { generateKeyPairSync, createPrivateKey, sign, constants } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { S as SGX_RSA_EXPONENT, a as SGX_RSA_KEY_BITS } from './constants-CptRa1hx.js';

function keyError(message, cause) {
    throw new EnclaveBuildError('KEY_INVALID', message, { cause });
}
function bigFromBase64url(s) {
    const bytes = Buffer.from(s, 'base64url');
    return bytes.byteLength === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}
/**
 * Loads a PEM private key and checks it is RSA-3072 with e = 3; an
 * unreadable key asks for its passphrase as `passphraseName` (the caller's
 * spelling: `gramine sign`'s flag by default).
 */
function loadSgxKey(pem, passphrase, passphraseName = '--passphrase') {
    let key;
    try {
        key = createPrivateKey({
            key: typeof pem === 'string' ? pem : Buffer.from(pem),
            format: 'pem',
            ...(passphrase !== undefined ? { passphrase } : {})
        });
    }
    catch (err) {
        const why = err.code ?? 'unreadable';
        keyError(`cannot read the signing key as a PEM private key (${why}); give an RSA-3072 key with exponent 3 (PKCS#1 or PKCS#8, with ${passphraseName} if it is encrypted)`, err);
    }
    if (key.asymmetricKeyType !== 'rsa')
        keyError(`the signing key is ${key.asymmetricKeyType ?? 'unknown'}, SGX needs an RSA-3072 key with exponent 3`);
    const details = key.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== SGX_RSA_KEY_BITS)
        keyError(`the signing key has ${details.modulusLength ?? '?'} bits, SGX needs ${SGX_RSA_KEY_BITS}; make one with "enclave-build sgx gen-key"`);
    if (details.publicExponent !== BigInt(SGX_RSA_EXPONENT))
        keyError(`the signing key's public exponent is ${details.publicExponent ?? '?'}, SGX needs ${SGX_RSA_EXPONENT}; make one with "enclave-build sgx gen-key"`);
    const jwk = key.export({ format: 'jwk' });
    if (typeof jwk.n !== 'string')
        keyError('the signing key has no modulus');
    return { key, modulus: bigFromBase64url(jwk.n) };
}
/** RSASSA-PKCS1-v1_5 with SHA-256; deterministic, so a fixed key and input give a fixed .sig. */
function signPkcs1Sha256(key, data) {
    const sig = sign('sha256', data, {
        key: key.key,
        padding: constants.RSA_PKCS1_PADDING
    });
    return BigInt(`0x${sig.toString('hex')}`);
}
/** A new development key as PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), like gramine-sgx-gen-private-key. */
function generateSgxKeyPem() {
    const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: SGX_RSA_KEY_BITS,
        publicExponent: SGX_RSA_EXPONENT
    });
    return privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
}
/** An unsigned big integer as `size` little-endian bytes. */
function toLittleEndian(value, size) {
    const out = new Uint8Array(size);
    let v = value;
    for (let i = 0; i < size; i++) {
        out[i] = Number(v & 0xffn);
        v >>= 8n;
    }
    if (v !== 0n)
        throw new EnclaveBuildError('INTERNAL', `integer does not fit in ${size} bytes`);
    return out;
}

export { generateSgxKeyPem as g, loadSgxKey as l, signPkcs1Sha256 as s, toLittleEndian as t };
