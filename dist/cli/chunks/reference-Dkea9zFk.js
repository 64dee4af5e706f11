import { E as EnclaveBuildError, H as redact } from './main-BQHnxbfa.js';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
/** True for hosts whose registry is spoken to over plain http. */
function isLoopback(registry) {
    const host = registry.replace(/:[0-9]+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
function bad(value, why) {
    throw new EnclaveBuildError('INPUT_INVALID', `"${redact(value)}" is not an OCI reference (${why}); write oci://REGISTRY/NAME:TAG, e.g. oci://ghcr.io/acme/enclave-app:v1.2.3`);
}
/**
 * Parses an `oci://` reference. With `needTag`, a tag is required (a push
 * must name what it updates); otherwise a tag or a digest is.
 */
function parseOciReference(value, options = {}) {
    if (!value.startsWith('oci://'))
        bad(value, 'it must start with oci://');
    const rest = value.slice('oci://'.length);
    const slash = rest.indexOf('/');
    if (slash <= 0)
        bad(value, 'no registry host');
    const registry = rest.slice(0, slash);
    // user:password@host: never echoed (the login has its own inputs)
    if (registry.includes('@'))
        bad(value, 'a login does not belong in the reference; set ENCLAVE_BUILD_REGISTRY_USERNAME and ENCLAVE_BUILD_REGISTRY_PASSWORD, or docker login');
    if (!HOST.test(registry))
        bad(value, `"${registry}" is not a host[:port]`);
    if (!/[.:]/.test(registry) && registry !== 'localhost')
        bad(value, `"${registry}" has no dot or port, so it is not a registry`);
    let path = rest.slice(slash + 1);
    let digest;
    const at = path.indexOf('@');
    if (at !== -1) {
        digest = path.slice(at + 1);
        path = path.slice(0, at);
        if (!DIGEST.test(digest))
            bad(value, 'the digest must be sha256:<64 hex>');
    }
    let tag;
    const colon = path.lastIndexOf(':');
    if (colon !== -1) {
        tag = path.slice(colon + 1);
        path = path.slice(0, colon);
        if (!TAG.test(tag))
            bad(value, `"${tag}" is not a tag`);
    }
    if (!NAME.test(path) || path.length > 255)
        bad(value, `"${path}" is not a repository name (lower case, / separated)`);
    if (options.needTag && !tag)
        bad(value, 'a push needs a tag');
    if (!tag && !digest)
        bad(value, 'give a :tag or an @sha256: digest');
    return {
        registry,
        name: path,
        ...(tag ? { tag } : {}),
        ...(digest ? { digest } : {}),
        baseUrl: DOCKER_HUB.includes(registry)
            ? 'https://registry-1.docker.io'
            : `${isLoopback(registry) ? 'http' : 'https'}://${registry}`
    };
}
/**
 * Docker Hub's names: images are named docker.io/library/debian, but its
 * registry API answers at registry-1.docker.io (as Docker and crane know).
 */
const DOCKER_HUB = ['docker.io', 'index.docker.io'];
/** oci://registry/name@digest: the immutable form of a reference. */
function pinnedReference(ref, digest) {
    return `oci://${ref.registry}/${ref.name}@${digest}`;
}

export { DOCKER_HUB, isLoopback, parseOciReference, pinnedReference };
