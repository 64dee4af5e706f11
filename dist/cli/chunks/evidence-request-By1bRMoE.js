import { p as parseRfc3339 } from './rfc3339-C4d3ypch.js';
import { p as parseSnpPolicy } from './snp-policy-YNI4Ws-m.js';
import { p as parseTcbAccept } from './tcb-status-GZT3qOMj.js';
import './main-BQHnxbfa.js';

/**
 * The evidence part of a verify request from the evidence flags' values
 * (evidence-flags.ts), for the command line and the action alike. An empty
 * string is a flag not given (the action's inputs default to it); the
 * messages name the command line's flags, which the action rewrites into
 * its inputs' names (verify/options.ts, inActionTerms).
 */
function evidenceRequest(v) {
    // '' and undefined alike: not given
    const given = (value) => value === '' ? undefined : value;
    const at = evidenceTime(v['evidence-time'] ?? 'now');
    const cacheDir = given(v['evidence-cache']);
    const offline = v['evidence-offline'] ?? false;
    const opt = (key, value) => value === undefined ? {} : { [key]: value };
    return {
        ...opt('nitroRootPath', given(v['nitro-root'])),
        nitroAllowDebug: v['nitro-allow-debug'] ?? false,
        ...opt('at', at),
        ...opt('challenge', given(v['evidence-challenge'])),
        snp: {
            ...opt('vcekPath', given(v['snp-vcek'])),
            ...opt('askPath', given(v['snp-ask'])),
            policy: parseSnpPolicy(v['snp-policy'] ?? ''),
            ...opt('kdsUrl', given(v['snp-kds'])),
            ...opt('cacheDir', cacheDir),
            ...opt('crl', given(v['snp-crl'])),
            offline
        },
        ...opt('register', given(v['evidence-register'])),
        cs: {
            ...opt('audience', given(v['cs-audience'])),
            ...opt('jwks', given(v['cs-jwks'])),
            ...opt('rootPath', given(v['cs-root'])),
            // given empty, none is required (the default is STABLE)
            ...opt('support', v['cs-support']?.split(',').filter((x) => x !== '')),
            ...opt('hwmodels', given(v['cs-hwmodel'])?.split(',')),
            allowDebug: v['cs-allow-debug'] ?? false,
            allowCmdOverride: v['cs-allow-cmd-override'] ?? false
        },
        dcap: {
            ...opt('collateralPath', given(v['dcap-collateral'])),
            acceptedStatuses: parseTcbAccept(v['dcap-tcb-accept'] ?? ''),
            debug: v['dcap-allow-debug'] ?? false,
            ...opt('pcsUrl', given(v['dcap-pcs'])),
            ...opt('cacheDir', cacheDir),
            offline
        }
    };
}
/** --evidence-time: now (the default), document, or an RFC 3339 time. */
function evidenceTime(value) {
    if (value === '' || value === 'now')
        return undefined;
    if (value === 'document')
        return 'document';
    return parseRfc3339(value, '--evidence-time (now, document or a time)');
}

export { evidenceRequest };
