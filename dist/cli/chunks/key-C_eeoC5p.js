import { createPublicKey, createHash } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** The key hint of a public key: sha256 hex of its DER SubjectPublicKeyInfo. */
function keyHint(spkiDer) {
    return createHash('sha256').update(spkiDer).digest('hex');
}
/** Reads a PEM public key; anything else is KEY_INVALID. */
function loadPublicKey(publicKeyPem) {
    let key;
    try {
        key = createPublicKey({ key: publicKeyPem, format: 'pem' });
    }
    catch (err) {
        throw new EnclaveBuildError('KEY_INVALID', `not a PEM public key: ${err.message}`);
    }
    return { key, hint: keyHint(key.export({ format: 'der', type: 'spki' })) };
}

export { keyHint as k, loadPublicKey as l };
