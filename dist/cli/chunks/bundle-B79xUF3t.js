import { X509Certificate } from 'node:crypto';
import { r as requireDist, b as requireDist$1, d as distExports$2 } from './index-BJu9Xu71.js';
import { d as distExports$3 } from './index-DWt2yMIs.js';
import { l as loadPublicKey } from './key-C_eeoC5p.js';
import { I as INTOTO_PAYLOAD_TYPE } from './statement-DtDuZd7a.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { a as parsePayload } from './match-DTpfFAkJ.js';
import { s as signerIdentity } from './policy-CfR8-HIJ.js';
import 'node:util';
import './schemas-BeVPcTnG.js';
import './measurement-YVwFwJAW.js';
import './predicate-C5TS2huG.js';
import './version-a3PQCvvS.js';

var distExports$1 = requireDist();

var distExports = requireDist$1();

// Why this file is long: Sigstore bundle verification: the trust material, the per-instance thresholds and the verifier share one Trust type and policy.
/** Sigstore's public-good root, fetched and verified through TUF. */
async function tufRoot() {
    const { getTrustedRoot } = await import('./index-CGK2aOTA.js').then(function (n) { return n.i; });
    return distExports.TrustedRoot.toJSON(await getTrustedRoot());
}
function parseRoot(json) {
    const media = typeof json === 'object' && json !== null
        ? json.mediaType
        : undefined;
    if (typeof media !== 'string' || !media.includes('trustedroot'))
        throw new EnclaveBuildError('INPUT_INVALID', 'the trusted root is not a Sigstore TrustedRoot JSON (mediaType application/vnd.dev.sigstore.trustedroot+json); get one with `gh attestation trusted-root` or from the Sigstore TUF repository');
    try {
        return distExports.TrustedRoot.fromJSON(json);
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `the trusted root cannot be read: ${err.message}`);
    }
}
/**
 * Builds the trust material once for all bundles: --trusted-root if given,
 * else Sigstore's public root through TUF (unless only a key was given).
 */
async function loadTrust(options) {
    const loaded = options.publicKeyPem !== undefined
        ? loadPublicKey(options.publicKeyPem)
        : undefined;
    const key = loaded?.key;
    const hint = loaded?.hint;
    let source = 'trusted-root';
    let rootJson = options.trustedRoot;
    if (rootJson === undefined && key === undefined) {
        source = 'tuf';
        try {
            rootJson = await (options.tuf ?? tufRoot)();
        }
        catch (err) {
            throw new EnclaveBuildError('HTTP_ERROR', `cannot fetch Sigstore's trusted root through TUF (${err.message}); check the network, or pass --trusted-root FILE to verify offline`, { cause: err });
        }
    }
    if (rootJson === undefined)
        source = 'public-key';
    const root = rootJson === undefined ? undefined : parseRoot(rootJson);
    const material = distExports$3.toTrustMaterial(root ?? distExports.TrustedRoot.fromJSON({}), (bundleHint) => {
        // An empty hint names no key; the one given is tried.
        if (key === undefined || (bundleHint !== '' && bundleHint !== hint))
            throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', key === undefined
                ? `the bundle is signed with a key (hint ${bundleHint}); pass its public key with --public-key`
                : `the bundle is signed with key ${bundleHint}, not the --public-key (${hint})`);
        return { publicKey: key, validFor: () => true };
    });
    return {
        material,
        source,
        ...(hint ? { keyHint: hint } : {}),
        hasRoot: root !== undefined
    };
}
/** DER of the leaf certificate, if the bundle has one. */
function leafDer(bundle) {
    const c = bundle.verificationMaterial.content;
    if (c.$case === 'certificate')
        return c.certificate.rawBytes;
    if (c.$case === 'x509CertificateChain')
        return c.x509CertificateChain.certificates[0]?.rawBytes;
    return undefined;
}
/**
 * The checks gh applies per instance, chosen from the leaf certificate's
 * issuer (undefined: key-signed). A public-good bundle needs an SCT, a tlog
 * entry and a timestamp; one from GitHub's own Fulcio (issuer organisation
 * "GitHub, Inc.") has no Rekor entry, only an RFC 3161 timestamp.
 */
function thresholdsFor(issuer) {
    if (issuer === undefined)
        return {
            instance: 'key',
            options: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
        };
    if (/(^|\n|, )O=GitHub, Inc\.(\n|,|$)/.test(issuer))
        return {
            instance: 'github',
            options: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }
        };
    return {
        instance: 'public-good',
        options: { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }
    };
}
/**
 * True when the trust material knows the bundle's anchors: a CA that signed
 * the leaf, and every tlog it names. Used to tell "unknown root" from "bad
 * signature" after @sigstore/verify refused.
 */
function anchorsKnown(bundle, trust, leaf) {
    if (leaf) {
        let issued;
        try {
            const cert = distExports$1.X509Certificate.parse(Buffer.from(leaf));
            issued = trust.material.certificateAuthorities.some((ca) => ca.certChain.some((c) => cert.verify(c)));
        }
        catch {
            issued = false;
        }
        if (!issued)
            return false;
    }
    return bundle.verificationMaterial.tlogEntries.every((e) => trust.material.tlogs.some((t) => e.logId !== undefined && t.logID.equals(e.logId.keyId)));
}
/** Turns a @sigstore/verify refusal into our codes. */
function refusal(err, instance, bundle, trust, leaf, name) {
    if (err instanceof EnclaveBuildError)
        return err;
    const detail = err.message;
    if (/^expected \d+ (tlog entries|SCTs|timestamps)/.test(detail))
        return new EnclaveBuildError('SIGNATURE_INVALID', `${name}: ${detail}, which a ${instance} bundle must have; it was not logged or timestamped as Sigstore requires`, { cause: err });
    if (!anchorsKnown(bundle, trust, leaf))
        return new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `${name}: signed under a Sigstore root the verifier does not trust (${detail}); pass --trusted-root for the instance that signed it (\`gh attestation trusted-root\` for GitHub's)`, { cause: err });
    return new EnclaveBuildError('SIGNATURE_INVALID', `${name}: the signature does not verify (${detail}); the bundle was altered or is not the one the workflow produced`, { cause: err });
}
/**
 * Verifies one bundle (parsed JSON) against the trust material: the
 * signature, the certificate chain, SCT, tlog inclusion and timestamps. It
 * does not apply the identity policy; see policy.ts.
 */
function verifyBundle(json, trust, name = 'bundle') {
    let bundle;
    try {
        bundle = distExports$2.bundleFromJSON(json);
    }
    catch (err) {
        throw new EnclaveBuildError('SIGNATURE_INVALID', `${name} is not a Sigstore bundle: ${err.message}`);
    }
    if (bundle.content.$case !== 'dsseEnvelope')
        throw new EnclaveBuildError('SIGNATURE_INVALID', `${name} signs a blob, not an attestation (no DSSE envelope)`);
    const envelope = bundle.content.dsseEnvelope;
    const der = leafDer(bundle);
    let leaf;
    try {
        leaf = der ? new X509Certificate(der) : undefined;
    }
    catch {
        throw new EnclaveBuildError('SIGNATURE_INVALID', `${name}: the signing certificate cannot be parsed`);
    }
    if (leaf && !trust.hasRoot)
        throw new EnclaveBuildError('TRUST_ROOT_UNKNOWN', `${name} is signed with a Sigstore certificate, but only --public-key was given; add --trusted-root or drop --public-key to use Sigstore's public root`);
    const { instance, options } = thresholdsFor(leaf?.issuer);
    let identity;
    try {
        identity = new distExports$3.Verifier(trust.material, options).verify(distExports$3.toSignedEntity(bundle)).identity;
    }
    catch (err) {
        throw refusal(err, instance, bundle, trust, der, name);
    }
    if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE)
        throw new EnclaveBuildError('MEASUREMENT_NOT_SUBJECT', `${name}: the payload is "${envelope.payloadType}", not an in-toto statement`);
    return {
        statement: parsePayload(envelope.payload, name),
        ...(leaf && identity ? { signer: signerIdentity(identity) } : {}),
        signedBy: leaf ? 'certificate' : 'public-key',
        instance,
        tlogEntries: bundle.verificationMaterial.tlogEntries.length,
        rfc3161Timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps
            .length ?? 0
    };
}

export { loadTrust, thresholdsFor, verifyBundle };
