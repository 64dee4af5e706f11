import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { h as httpRequest, H as HttpError } from './http-BiRlcPi4.js';
import { createHash } from 'node:crypto';
import { parseChallenge, basicAuth } from './auth-C9VvtHd3.js';
import { isLoopback } from './reference-Dkea9zFk.js';
import 'node:fs/promises';
import 'node:os';
import 'node:path';

/** Media types of the spec. */
const MEDIA = {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    empty: 'application/vnd.oci.empty.v1+json'
};
/** Upper bound of a manifest or index the client reads (the spec's 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** sha256:<hex> of bytes. */
function digestOf(bytes) {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** REGISTRY_REFUSED for a 401 that a login did not (or could not) answer. */
function loginRefused(ctx, err, what) {
    return new EnclaveBuildError('REGISTRY_REFUSED', `${what}: ${ctx.ref.registry} refused the ${ctx.credentials ? 'credentials' : 'anonymous request'} (401)${ctx.credentials ? '' : '; log in: set the registry-username and registry-password inputs (action, publish), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line, and oci-base in the action)'}`, { cause: err });
}
/**
 * Answers a WWW-Authenticate challenge: Basic, or a Bearer token from the
 * realm it names. Returns the Authorization header value to send.
 */
async function answerChallenge(ctx, header) {
    const challenge = parseChallenge(header);
    const creds = ctx.credentials;
    if (!challenge || challenge.scheme === 'basic') {
        if (!creds)
            throw new EnclaveBuildError('REGISTRY_REFUSED', `${ctx.ref.registry} wants a login and none was given; set the registry-username and registry-password inputs (action, publish), or ENCLAVE_BUILD_REGISTRY_USERNAME/ENCLAVE_BUILD_REGISTRY_PASSWORD or docker login (command line, and oci-base in the action)`);
        return basicAuth(creds);
    }
    const realm = challenge.params.realm;
    let realmUrl;
    try {
        realmUrl = new URL(realm ?? '');
    }
    catch {
        throw new EnclaveBuildError('HTTP_ERROR', `${ctx.ref.registry} sent a Bearer challenge without a usable realm (${realm ?? 'none'})`);
    }
    // A login goes only to https, or to http on this machine.
    const plainOk = realmUrl.protocol === 'https:' || isLoopback(realmUrl.host);
    if (challenge.params.service)
        realmUrl.searchParams.set('service', challenge.params.service);
    realmUrl.searchParams.set('scope', `repository:${ctx.ref.name}:${ctx.actions}`);
    const headers = {};
    if (creds && plainOk)
        headers.Authorization = basicAuth(creds);
    let body;
    try {
        const response = await httpRequest(realmUrl.toString(), {
            headers,
            what: `getting a token from ${realmUrl.host}`,
            fetch: ctx.fetch,
            sleep: ctx.sleep,
            retries: ctx.retries,
            timeoutMs: ctx.timeoutMs
        });
        body = (await response.json());
    }
    catch (err) {
        if (err instanceof HttpError && (err.status === 401 || err.status === 403))
            throw loginRefused(ctx, err, `getting a token from ${realmUrl.host}`);
        throw err;
    }
    const token = body.token ?? body.access_token;
    if (typeof token !== 'string' || token === '')
        throw new EnclaveBuildError('HTTP_ERROR', `the token service ${realmUrl.host} answered without a token`);
    return `Bearer ${token}`;
}

/** One registry repository's requests, authenticated on the first 401. */
class RegistryTransport {
    ref;
    options;
    authorization;
    authTried = false;
    constructor(ref, options) {
        this.ref = ref;
        this.options = options;
    }
    /** The URL of `path` under /v2/<name>/ of this repository. */
    url(path) {
        return `${this.ref.baseUrl}/v2/${this.ref.name}/${path}`;
    }
    /** One request; on the first 401 it answers the challenge and retries. */
    async send(url, init) {
        // one minute, and a minute more per 60 MB sent or expected back (at
        // 1 MB/s, the least a CI runner's link gives); the per-attempt timeout
        // also covers reading the body, so it grows with it
        const { receiveBytes, ...request } = init;
        const bytes = (init.body?.length ?? 0) + (receiveBytes ?? 0);
        const allowed = 60_000 + Math.ceil(bytes / 1000);
        for (;;) {
            try {
                return await httpRequest(url, {
                    ...request,
                    headers: {
                        ...init.headers,
                        ...(this.authorization ? { Authorization: this.authorization } : {})
                    },
                    fetch: this.options.fetch,
                    sleep: this.options.sleep,
                    retries: this.options.retries,
                    timeoutMs: this.options.timeoutMs ??
                        (receiveBytes === undefined ? 60_000 : allowed),
                    deadlineMs: this.options.deadlineMs ?? allowed
                });
            }
            catch (err) {
                if (err instanceof HttpError &&
                    (err.status === 403 || err.status === 405) &&
                    (init.method === 'POST' || init.method === 'PUT'))
                    throw new EnclaveBuildError('REGISTRY_REFUSED', `${init.what}: ${this.ref.registry} refused to store it (${err.status}): the registry is read-only, or the login may not push to ${this.ref.name} (for ghcr.io: permissions: packages: write)`, { cause: err });
                if (!(err instanceof HttpError) || err.status !== 401)
                    throw err;
                const ctx = { ...this.options, ref: this.ref };
                if (this.authTried)
                    throw loginRefused(ctx, err, init.what);
                this.authTried = true;
                this.authorization = await answerChallenge(ctx, err.headers?.get('www-authenticate') ?? null);
            }
        }
    }
}
/** The body, refused past a size (a hostile registry cannot fill memory). */
async function readLimited(response, maxBytes, what) {
    const length = Number(response.headers.get('content-length') ?? '0');
    // the registry's fault, not the user's: a remote code, exit 1
    if (length > maxBytes)
        throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry sent ${length} bytes, more than the ${maxBytes} a registry may send here; it is misbehaving or not a registry`);
    const chunks = [];
    let total = 0;
    const reader = response.body?.getReader();
    if (reader)
        for (;;) {
            const { done, value } = (await reader.read());
            if (done || !value)
                break;
            total += value.length;
            if (total > maxBytes) {
                await reader.cancel().catch(() => undefined);
                throw new EnclaveBuildError('HTTP_ERROR', `${what}: the registry sent more than the ${maxBytes} bytes a registry may send here; it is misbehaving or not a registry`);
            }
            chunks.push(value);
        }
    return Buffer.concat(chunks);
}

/** One registry repository, authenticated on the first 401. */
class RegistryClient extends RegistryTransport {
    /** True when the repository has the blob. */
    async hasBlob(digest) {
        try {
            await this.send(this.url(`blobs/${digest}`), {
                method: 'HEAD',
                what: 'checking a blob'
            });
            return true;
        }
        catch (err) {
            if (err instanceof HttpError && err.status === 404)
                return false;
            throw err;
        }
    }
    /** Uploads a blob (POST then one PUT), unless the registry has it. */
    async pushBlob(bytes) {
        const digest = digestOf(bytes);
        const size = bytes.length;
        if (await this.hasBlob(digest))
            return { digest, size };
        const started = await this.send(this.url('blobs/uploads/'), {
            method: 'POST',
            what: 'starting a blob upload'
        });
        const location = started.headers.get('location');
        if (!location)
            throw new EnclaveBuildError('HTTP_ERROR', `${this.ref.registry} started an upload without a Location header`);
        const put = new URL(location, this.ref.baseUrl);
        put.searchParams.set('digest', digest);
        await this.send(put.toString(), {
            method: 'PUT',
            headers: {
                'Content-Type': 'application/octet-stream',
                'Content-Length': String(size)
            },
            body: bytes,
            what: `uploading a blob of ${size} bytes`
        });
        return { digest, size };
    }
    /**
     * A blob's bytes, refused above `maxBytes`, checked against its digest.
     * With `expectBytes` (its descriptor's size) the call's deadline grows
     * with the download, and any other length is refused.
     */
    async getBlob(digest, maxBytes, expectBytes) {
        const response = await this.send(this.url(`blobs/${digest}`), {
            what: 'downloading a blob',
            ...(expectBytes !== undefined ? { receiveBytes: expectBytes } : {})
        });
        const bytes = await readLimited(response, Math.min(maxBytes, expectBytes ?? maxBytes), `blob ${digest}`);
        if (expectBytes !== undefined && bytes.length !== expectBytes)
            throw new EnclaveBuildError('HTTP_ERROR', `${this.ref.registry} served blob ${digest} as ${bytes.length} bytes, its descriptor says ${expectBytes}`);
        if (digestOf(bytes) !== digest)
            throw new EnclaveBuildError('SIGNATURE_INVALID', `${this.ref.registry} served blob ${digest} with other bytes`);
        return bytes;
    }
    /** Stores a manifest under a tag or its digest; returns the digest and OCI-Subject. */
    async putManifest(reference, bytes, mediaType) {
        const digest = digestOf(bytes);
        const response = await this.send(this.url(`manifests/${reference}`), {
            method: 'PUT',
            headers: { 'Content-Type': mediaType },
            body: bytes,
            what: `storing the manifest ${reference}`
        });
        const said = response.headers.get('docker-content-digest');
        if (said && said !== digest)
            throw new EnclaveBuildError('HTTP_ERROR', `${this.ref.registry} stored the manifest as ${said}, not ${digest}`);
        const subject = response.headers.get('oci-subject');
        return { digest, ...(subject ? { subject } : {}) };
    }
    /**
     * A manifest or index by tag or digest; undefined when there is none
     * (404). `accept`: the media types asked for (default OCI's two).
     */
    async getManifest(reference, accept = [MEDIA.manifest, MEDIA.index]) {
        let response;
        try {
            response = await this.send(this.url(`manifests/${reference}`), {
                headers: { Accept: accept.join(', ') },
                what: `reading the manifest ${reference}`
            });
        }
        catch (err) {
            if (err instanceof HttpError && err.status === 404)
                return undefined;
            throw err;
        }
        const bytes = await readLimited(response, MAX_MANIFEST_BYTES, `manifest ${reference}`);
        const digest = digestOf(bytes);
        if (reference.startsWith('sha256:') && digest !== reference)
            throw new EnclaveBuildError('SIGNATURE_INVALID', `${this.ref.registry} served manifest ${reference} with other bytes`);
        const mediaType = (response.headers.get('content-type') ?? '')
            .split(';')[0]
            .trim();
        return { bytes, mediaType, digest };
    }
    /**
     * GET /v2/<name>/referrers/<digest>: the index of referrers, or undefined
     * when the registry has no referrers API (404, or an answer that is not an
     * OCI index), so the caller falls back to the referrers tag schema.
     */
    async referrers(digest) {
        let response;
        try {
            response = await this.send(this.url(`referrers/${digest}`), {
                headers: { Accept: MEDIA.index },
                what: 'listing referrers'
            });
        }
        catch (err) {
            if (err instanceof HttpError && err.status === 404)
                return undefined;
            throw err;
        }
        const type = response.headers.get('content-type') ?? '';
        const bytes = await readLimited(response, MAX_MANIFEST_BYTES, 'referrers');
        return type.startsWith(MEDIA.index) ? bytes : undefined;
    }
}

export { MAX_MANIFEST_BYTES, MEDIA, RegistryClient, digestOf };
