import { generateKeyPairSync, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { l as loadPublicKey, k as keyHint } from './key-C_eeoC5p.js';

/**
 * Parses a PEM private key (PKCS#8 or SEC1, optionally encrypted).
 * Supported: ECDSA P-256 and P-384 (both signing sha256), Ed25519, the key
 * types cosign and Sigstore verifiers accept for DSSE. Errors never quote the
 * key; a missing password is asked for as `passwordName` (the caller's
 * spelling of it; default: the action's input and `attest sign`'s flag).
 */
function loadPrivateKey(pem, password, passwordName) {
    let privateKey;
    try {
        privateKey = createPrivateKey({
            key: pem,
            format: 'pem',
            ...(password ? { passphrase: password } : {})
        });
    }
    catch (err) {
        const encrypted = /ENCRYPTED/.test(pem);
        throw new EnclaveBuildError('KEY_INVALID', encrypted && !password
            ? `the attestation key is encrypted: set ${passwordName ?? 'attestation-key-password (or --key-password)'}`
            : `the attestation key is not a readable PEM private key${encrypted ? ' (or the password is wrong)' : ''}: ${err.message.replace(/\n/g, ' ')}; generate one with \`enclave-build attest gen-key\``);
    }
    const digest = digestFor(privateKey);
    const publicKey = createPublicKey(privateKey);
    return {
        privateKey,
        publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        hint: keyHint(publicKey.export({ format: 'der', type: 'spki' })),
        digest
    };
}
/** The hint of a PEM public key, as a verifier computes it. */
function publicKeyHint(publicKeyPem) {
    return loadPublicKey(publicKeyPem).hint;
}
function digestFor(key) {
    const type = key.asymmetricKeyType;
    if (type === 'ed25519')
        return null;
    if (type === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        // SHA-256 for P-384 too: a DSSE envelope does not name its hash, and
        // @sigstore/verify, cosign and sigstore-go verify key signatures over
        // SHA-256, so a SHA-384 signature is refused by every one of them.
        if (curve === 'prime256v1' || curve === 'secp384r1')
            return 'sha256';
    }
    throw new EnclaveBuildError('KEY_INVALID', `unsupported attestation key type ${type ?? 'unknown'}${type === 'ec' ? ` (${key.asymmetricKeyDetails?.namedCurve})` : ''}: use ECDSA P-256, P-384 or Ed25519 (\`enclave-build attest gen-key\` makes a P-256 key)`);
}
/** A @sigstore/sign Signer over a local key. */
class KeySigner {
    #key;
    constructor(key) {
        this.#key = key;
    }
    /** Signs `data` (the DSSE PAE) and names the key by its hint. */
    sign(data) {
        return Promise.resolve({
            signature: sign(this.#key.digest, data, this.#key.privateKey),
            key: {
                $case: 'publicKey',
                publicKey: this.#key.publicKeyPem,
                hint: this.#key.hint
            }
        });
    }
}
/** A new ECDSA P-256 key pair as PEM (PKCS#8 private, SPKI public). */
function generateSigningKey(password) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
        namedCurve: 'prime256v1'
    });
    return {
        privateKeyPem: privateKey
            .export({
            format: 'pem',
            type: 'pkcs8',
            ...(password ? { cipher: 'aes-256-cbc', passphrase: password } : {})
        })
            .toString(),
        publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString()
    };
}

export { KeySigner as K, generateSigningKey as g, loadPrivateKey as l, publicKeyHint as p };
