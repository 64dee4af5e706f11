import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Parses the first challenge of a WWW-Authenticate header (RFC 7235, the
 * form registries send: `Bearer realm="…",service="…",scope="…"`).
 */
function parseChallenge(header) {
    const m = /^\s*(basic|bearer)\b\s*(.*)$/is.exec(header ?? '');
    if (!m)
        return undefined;
    const params = {};
    const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
    for (const p of m[2].matchAll(re))
        params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
    return {
        scheme: m[1].toLowerCase() === 'basic' ? 'basic' : 'bearer',
        params
    };
}
/** `Basic base64(user:password)`. */
function basicAuth(c) {
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
/**
 * The login for a registry from Docker's config.json (`docker login` and
 * `oras login` write it), as the `auth` field or username/password. Credential
 * helpers (credsStore) are not run: pass the login explicitly instead.
 */
async function dockerConfigCredentials(registry, env) {
    const dir = env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker');
    let config;
    try {
        config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
    const auths = config.auths ?? {};
    const entry = auths[registry] ??
        auths[`https://${registry}`] ??
        // `docker login` stores Docker Hub's login under its v1 index URL
        (registry === 'docker.io' || registry === 'index.docker.io'
            ? auths['https://index.docker.io/v1/']
            : undefined);
    if (!entry)
        return undefined;
    if (typeof entry.auth === 'string' && entry.auth !== '') {
        const text = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        if (colon > 0)
            return { username: text.slice(0, colon), password: text.slice(colon + 1) };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string')
        return { username: entry.username, password: entry.password };
    return undefined;
}
/**
 * The login to use: explicit values, else ENCLAVE_BUILD_REGISTRY_USERNAME
 * and ENCLAVE_BUILD_REGISTRY_PASSWORD, else Docker's config.json; none is
 * fine (anonymous pulls, open registries).
 */
async function resolveCredentials(registry, env, explicit) {
    const password = explicit?.password || env.ENCLAVE_BUILD_REGISTRY_PASSWORD;
    if (password)
        return {
            username: explicit?.username ||
                env.ENCLAVE_BUILD_REGISTRY_USERNAME ||
                env.GITHUB_ACTOR ||
                'enclave-build',
            password
        };
    return dockerConfigCredentials(registry, env);
}

export { basicAuth, dockerConfigCredentials, parseChallenge, resolveCredentials };
