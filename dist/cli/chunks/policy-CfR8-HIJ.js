import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

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

export { GITHUB_OIDC_ISSUER as G, checkPredicateSource as a, checkIdentity as c, makePolicy as m, repositoryName as r, signerIdentity as s };
