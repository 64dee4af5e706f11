import { E as EnclaveBuildError, e as readInputFile, h as MAX_PEM_BYTES, K as MAX_EVIDENCE_BYTES } from './main-BQHnxbfa.js';
import { EVIDENCE_KINDS, readEvidence } from './evidence-BwT8D7N6.js';
import { X509Certificate } from 'node:crypto';
import { D as DEFAULT_SNP_POLICY } from './snp-policy-YNI4Ws-m.js';
import './types-Cg6oWdtl.js';

/**
 * Checks that the evidence carries the challenge the verifier sent, so a
 * recorded document cannot be replayed: the Nitro `nonce`, or the first
 * bytes of the SGX/SNP report data (where enclaves put a nonce or the hash
 * of one). `expected` is hex; a shorter value must be a prefix.
 */
function checkChallenge(evidence, expected) {
    const want = expected.trim().replace(/^0x/i, '').toLowerCase();
    if (want === '' || want.length % 2 !== 0 || !/^[0-9a-f]+$/.test(want))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-challenge must be hex bytes, got "${expected.slice(0, 80)}"`);
    const { field, match } = EVIDENCE_KINDS[evidence.type].freshness;
    const got = evidence.fields[field];
    const ok = typeof got === 'string' &&
        (match === 'equal' ? got === want : got.startsWith(want));
    if (!ok)
        throw new EnclaveBuildError('EVIDENCE_UNVERIFIED', `the evidence's ${field} is ${typeof got === 'string' ? got : 'absent'}, not the challenge ${want}; it may be replayed: ask the enclave for fresh evidence with this challenge`);
}

/*
 * What `verify` is told about the enclave's evidence, and the material it
 * is verified with: the certificates and collateral read from files (or
 * fetched from AMD KDS and Intel PCS). The command line's flags and the
 * action's inputs for it are one table, evidence-flags.ts, and
 * evidence-request.ts turns their values into this.
 */
/** Certificates and collateral: util/limits' bounds, refused unread above them. */
const CERT_LIMIT = { maxBytes: MAX_PEM_BYTES };
/** AMD's CRL: the file given, or the one of the VCEK's product from KDS. */
async function snpCrl(snp, vcek, now, deps) {
    if (snp.crl !== 'kds')
        return readInputFile(snp.crl, 'AMD CRL', {
            maxBytes: MAX_EVIDENCE_BYTES
        });
    let issuer;
    try {
        issuer = new X509Certificate(vcek).issuer;
    }
    catch {
        issuer = '';
    }
    const m = /CN=SEV-(VLEK-)?(Milan|Genoa|Turin)/.exec(issuer);
    if (!m)
        throw new EnclaveBuildError('INPUT_INVALID', "--snp-crl kds needs a VCEK/VLEK issued by an AMD Milan, Genoa or Turin ASK/ASVK; pass AMD's CRL as a file instead");
    const { fetchAmdCrl } = await import('./kds-Of6H32we.js');
    return fetchAmdCrl(m[2], m[1] ? 'vlek' : 'vcek', {
        ...(snp.kdsUrl ? { baseUrl: snp.kdsUrl } : {}),
        ...(snp.cacheDir ? { cacheDir: snp.cacheDir } : {}),
        ...(snp.offline ? { offline: true } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        now
    });
}
/** The material each evidence type is verified with, read from files or KDS. */
async function evidenceOptions(ev, bytes, rootPem, now, deps) {
    if (ev.type === 'nitro' || ev.type === 'nitrotpm')
        return {
            at: now,
            nitro: {
                ...(rootPem ? { rootPem } : {}),
                at: ev.at ?? now,
                allowDebug: ev.nitroAllowDebug ?? false
            }
        };
    if (ev.at === 'document')
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-time document is for Nitro documents; a ${ev.type} carries no time: give now or an RFC 3339 time`);
    const at = ev.at ?? now;
    if (ev.type === 'snp-report') {
        const snp = ev.snp ?? {};
        const vcek = snp.vcekPath
            ? await readInputFile(snp.vcekPath, 'VCEK/VLEK certificate', CERT_LIMIT)
            : await (await import('./kds-Of6H32we.js')).fetchVcek(bytes, {
                ...(snp.kdsUrl ? { baseUrl: snp.kdsUrl } : {}),
                ...(snp.cacheDir ? { cacheDir: snp.cacheDir } : {}),
                ...(deps.fetch ? { fetch: deps.fetch } : {}),
                ...(deps.sleep ? { sleep: deps.sleep } : {})
            });
        const ask = snp.askPath
            ? await readInputFile(snp.askPath, 'ASK/ASVK certificate', CERT_LIMIT)
            : undefined;
        const crl = snp.crl ? await snpCrl(snp, vcek, at, deps) : undefined;
        return {
            at,
            snp: {
                certificates: { vcek, ...(ask ? { ask } : {}) },
                policy: snp.policy ?? DEFAULT_SNP_POLICY,
                ...(crl ? { crl } : {})
            }
        };
    }
    // Confidential Space tokens are read by cs-input.ts (JWKS files or URLs)
    if (ev.type === 'cs-token')
        return { at };
    const dcap = ev.dcap ?? {};
    // Intel's PCS is asked only when told to (--dcap-pcs, or offline from
    // the cache an earlier --dcap-pcs run filled): without either the quote
    // is refused for want of collateral, never fetched for behind one's back.
    if (!dcap.collateralPath && !dcap.pcsUrl && !dcap.offline)
        return { at };
    const collateral = dcap.collateralPath
        ? (await import('./dcap-collateral-BPmD3I6q.js')).parseDcapCollateral((await readInputFile(dcap.collateralPath, 'DCAP collateral', {
            maxBytes: MAX_EVIDENCE_BYTES
        })).toString('utf8'), dcap.collateralPath)
        : await (await import('./pcs-C4uIYdXe.js')).fetchDcapCollateral(ev.type, bytes, {
            ...(dcap.pcsUrl ? { baseUrl: dcap.pcsUrl } : {}),
            ...(dcap.cacheDir ? { cacheDir: dcap.cacheDir } : {}),
            ...(dcap.offline ? { offline: true } : {}),
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.sleep ? { sleep: deps.sleep } : {}),
            now: () => now
        });
    return {
        at,
        dcap: {
            collateral,
            policy: {
                acceptedStatuses: dcap.acceptedStatuses ?? ['UpToDate'],
                debug: dcap.debug ?? false
            }
        }
    };
}

/*
 * The one place evidence files are read and checked to their vendor root:
 * `verify --evidence` alone prints what this returns; with a bundle or a
 * lookup, collect.ts goes on from it to the commit.
 */
/** Reads the evidence (and the Nitro root) and verifies it to its vendor root. */
async function checkEvidence(ev, deps) {
    const bytes = await readInputFile(ev.path, 'evidence file', {
        maxBytes: MAX_EVIDENCE_BYTES
    });
    const rootPem = ev.nitroRootPath
        ? (await readInputFile(ev.nitroRootPath, 'Nitro root')).toString('utf8')
        : undefined;
    const now = (deps.now ?? (() => new Date()))();
    let evidence = ev.type === 'cs-token'
        ? await (await import('./cs-input-JRY8mU2E.js')).csTokenEvidence(ev.cs, bytes, ev.at instanceof Date ? ev.at : now, deps)
        : await readEvidence(ev.type, bytes, await evidenceOptions(ev, bytes, rootPem, now, deps));
    if (ev.register !== undefined) {
        const r = evidence.registers.find((x) => x.name === ev.register);
        if (!r)
            throw new EnclaveBuildError('INPUT_INVALID', `--evidence-register ${ev.register}: ${ev.type} evidence reports ${evidence.registers.map((x) => x.name).join(', ')}`);
        evidence = { ...evidence, measurement: r };
    }
    if (ev.challenge !== undefined)
        checkChallenge(evidence, ev.challenge);
    return evidence;
}
/** The printable report of verified evidence. */
function evidenceReport(e) {
    return {
        verified: true,
        type: e.type,
        evidenceSignature: e.evidenceSignature,
        // Intel grades a platform's TCB; AMD and AWS publish no such status
        // (an SNP report's reported TCB is in platform and fields).
        ...(e.tcb && (e.type === 'sgx-quote' || e.type === 'td-quote')
            ? { tcbStatus: e.tcb.status, advisoryIds: e.tcb.advisoryIds }
            : {}),
        measurement: e.measurement,
        registers: Object.fromEntries(e.registers.map((r) => [r.name, r.value])),
        ...(e.platform ? { platform: e.platform } : {}),
        fields: e.fields
    };
}

export { checkEvidence, evidenceReport };
