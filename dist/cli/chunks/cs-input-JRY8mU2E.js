import { E as EnclaveBuildError, e as readInputFile, h as MAX_PEM_BYTES } from './main-BQHnxbfa.js';
import { a as httpJson } from './http-BiRlcPi4.js';

function jwksOf(v, where) {
    if (typeof v !== 'object' ||
        v === null ||
        !Array.isArray(v.keys))
        throw new EnclaveBuildError('INPUT_INVALID', `${where} is not a JWKS ({"keys": [...]})`);
    return v;
}
/** Verifies a Confidential Space token with the given settings. */
async function csTokenEvidence(cs, bytes, at, deps) {
    if (!cs?.audience)
        throw new EnclaveBuildError('INPUT_INVALID', 'a Confidential Space token is checked against the audience you asked it for: give --cs-audience AUD');
    let jwks;
    if (cs.jwks !== undefined) {
        if (/^https?:\/\//.test(cs.jwks)) {
            if (!cs.jwks.startsWith('https://') &&
                !/^http:\/\/(127\.|localhost[:/])/.test(cs.jwks))
                throw new EnclaveBuildError('INPUT_INVALID', '--cs-jwks URL must be https (or http on loopback)');
            jwks = jwksOf(await httpJson(cs.jwks, {
                what: 'reading the Confidential Space JWKS',
                ...(deps.fetch ? { fetch: deps.fetch } : {}),
                ...(deps.sleep ? { sleep: deps.sleep } : {})
            }), cs.jwks);
        }
        else {
            const text = (await readInputFile(cs.jwks, '--cs-jwks', { maxBytes: MAX_PEM_BYTES })).toString('utf8');
            try {
                jwks = jwksOf(JSON.parse(text), cs.jwks);
            }
            catch (err) {
                if (err instanceof EnclaveBuildError)
                    throw err;
                throw new EnclaveBuildError('INPUT_INVALID', `--cs-jwks ${cs.jwks} is not JSON`);
            }
        }
    }
    const rootPem = cs.rootPath
        ? (await readInputFile(cs.rootPath, '--cs-root', {
            maxBytes: MAX_PEM_BYTES
        })).toString('utf8')
        : undefined;
    const { verifyCsToken } = await import('./cs-token-BhwuwhBZ.js');
    return verifyCsToken(bytes, {
        audience: cs.audience,
        at,
        ...(jwks ? { jwks } : {}),
        ...(rootPem ? { rootPem } : {}),
        ...(cs.allowDebug ? { allowDebug: true } : {}),
        ...(cs.support ? { support: cs.support } : {}),
        ...(cs.hwmodels ? { hwmodels: cs.hwmodels } : {}),
        ...(cs.allowCmdOverride ? { allowCmdOverride: true } : {})
    });
}

export { csTokenEvidence };
