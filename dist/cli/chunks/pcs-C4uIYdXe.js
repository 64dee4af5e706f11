import { X509Certificate, createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { e as readInputFile, E as EnclaveBuildError, w as writeFileAtomic } from './main-BQHnxbfa.js';
import { h as httpRequest, H as HttpError } from './http-BiRlcPi4.js';
import { d as crlNextUpdate } from './chain-tmNxtkIn.js';
import { s as splitDcapQuote, p as pckClaims } from './pck-D3L18ENO.js';
import './x509-CbNhd9ys.js';
import './types-Cg6oWdtl.js';

/*
 * DCAP collateral from Intel's Provisioning Certification Service, API v4
 * ("Intel SGX and Intel TDX PCS API Specification"), assembled in
 * dcap-qvl's QuoteCollateralV3 shape so it is verified exactly as a
 * collateral file is:
 *   GET {base}/{sgx|tdx}/certification/v4/tcb?fmspc=F   TCB info, header TCB-Info-Issuer-Chain
 *   GET {base}/{sgx|tdx}/certification/v4/qe/identity  QE identity, header SGX-Enclave-Identity-Issuer-Chain
 *   GET {base}/sgx/certification/v4/pckcrl?ca=platform|processor&encoding=der  header SGX-PCK-CRL-Issuer-Chain
 *   GET {root CRL URL}                                  Intel SGX Root CA CRL (DER)
 * A cache directory keeps every answer until its nextUpdate; offline, only
 * the cache is read. Nothing fetched is trusted: it is all checked to the
 * pinned Intel root afterwards.
 */
/** Intel's PCS. */
const INTEL_PCS_URL = 'https://api.trustedservices.intel.com';
/** Where Intel publishes the SGX Root CA's CRL. */
const INTEL_ROOT_CRL_URL = 'https://certificates.trustedservices.intel.com/IntelSGXRootCA.der';
const MAX_BODY = 1_000_000;
function remote(url, detail) {
    throw new HttpError(0, `fetching DCAP collateral: ${url} answered ${detail}; re-run later, or pass the collateral with --dcap-collateral FILE`);
}
/** The signed JSON text under `key` of a PCS body, exactly as signed. */
function signedText(body, key, url) {
    const m = new RegExp(`^\\s*\\{\\s*"${key}"\\s*:([\\s\\S]*),\\s*"signature"\\s*:\\s*"([0-9a-fA-F]+)"\\s*\\}\\s*$`).exec(body);
    let next;
    try {
        if (m)
            next = JSON.parse(m[1]).nextUpdate;
    }
    catch {
        next = undefined;
    }
    if (!m || typeof next !== 'string' || Number.isNaN(Date.parse(next)))
        return remote(url, `a body that is not a signed ${key} (${body.length} bytes; truncated?)`);
    return { text: m[1], signature: m[2], nextUpdate: new Date(next) };
}
/** When a cached answer must be fetched again. */
function nextUpdateOf(url, a) {
    if (url.includes('/tcb?'))
        return signedText(a.body.toString('utf8'), 'tcbInfo', url).nextUpdate;
    if (url.includes('/qe/identity'))
        return signedText(a.body.toString('utf8'), 'enclaveIdentity', url)
            .nextUpdate;
    return crlNextUpdate(a.body);
}
/** The answer for `url`: cached and fresh, else fetched (and cached). */
async function get(url, header, o) {
    const now = (o.now ?? (() => new Date()))();
    const file = o.cacheDir
        ? join(o.cacheDir, `pcs-${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`)
        : undefined;
    if (file) {
        const raw = await readInputFile(file, 'cached PCS answer', {
            maxBytes: 4 * MAX_BODY
        }).catch(() => undefined);
        if (raw) {
            const c = JSON.parse(raw.toString('utf8'));
            const a = {
                body: Buffer.from(c.body, 'base64'),
                issuerChain: c.issuerChain
            };
            const next = c.url === url ? nextUpdateOf(url, a) : undefined;
            if (next && (o.offline || now <= next))
                return a;
        }
    }
    if (o.offline)
        throw new EnclaveBuildError('INPUT_INVALID', `offline, and the cache${o.cacheDir ? ` ${o.cacheDir}` : ''} has no current answer for ${url}; run once online with the same --evidence-cache, or pass --dcap-collateral FILE`);
    const response = await httpRequest(url, {
        what: 'fetching DCAP collateral from Intel PCS',
        ...(o.fetch ? { fetch: o.fetch } : {}),
        ...(o.sleep ? { sleep: o.sleep } : {})
    });
    let body;
    try {
        body = Buffer.from(await response.arrayBuffer());
    }
    catch (err) {
        return remote(url, `a body that broke off (${err.message})`);
    }
    if (body.length > MAX_BODY)
        remote(url, `${body.length} bytes, more than a PCS answer`);
    const chain = header
        ? decodeURIComponent(response.headers.get(header) ?? '')
        : '';
    if (header && !chain.includes('-----BEGIN CERTIFICATE-----'))
        remote(url, `no ${header} header`);
    const answer = { body, issuerChain: chain };
    if (!nextUpdateOf(url, answer))
        remote(url, `a body that is not what was asked (${body.length} bytes; truncated?)`);
    if (file) {
        await mkdir(o.cacheDir, { recursive: true });
        await writeFileAtomic(file, JSON.stringify({ url, body: body.toString('base64'), issuerChain: chain }));
    }
    return answer;
}
/**
 * The collateral for a quote: its FMSPC and PCK CA are read from the
 * quote's own PCK certificate, then TCB info, QE identity, the PCK CRL and
 * the root CA CRL are fetched (or read from the cache).
 */
async function fetchDcapCollateral(type, quote, o = {}) {
    const q = splitDcapQuote(type, quote);
    const pck = new X509Certificate(q.pckChainPem);
    const { fmspc } = pckClaims(type, pck);
    const ca = /Processor CA/.test(pck.issuer) ? 'processor' : 'platform';
    const base = (o.baseUrl ?? INTEL_PCS_URL).replace(/\/+$/, '');
    const tee = type === 'td-quote' ? 'tdx' : 'sgx';
    const tcbUrl = `${base}/${tee}/certification/v4/tcb?fmspc=${fmspc.toLowerCase()}`;
    const qeUrl = `${base}/${tee}/certification/v4/qe/identity`;
    const [tcb, qe, pckCrl, rootCrl] = await Promise.all([
        get(tcbUrl, 'TCB-Info-Issuer-Chain', o),
        get(qeUrl, 'SGX-Enclave-Identity-Issuer-Chain', o),
        get(`${base}/sgx/certification/v4/pckcrl?ca=${ca}&encoding=der`, 'SGX-PCK-CRL-Issuer-Chain', o),
        get(o.rootCrlUrl ?? INTEL_ROOT_CRL_URL, undefined, o)
    ]);
    const info = signedText(tcb.body.toString('utf8'), 'tcbInfo', tcbUrl);
    const identity = signedText(qe.body.toString('utf8'), 'enclaveIdentity', qeUrl);
    return {
        pck_crl_issuer_chain: pckCrl.issuerChain,
        root_ca_crl: rootCrl.body.toString('hex'),
        pck_crl: pckCrl.body.toString('hex'),
        tcb_info_issuer_chain: tcb.issuerChain,
        tcb_info: info.text,
        tcb_info_signature: info.signature,
        qe_identity_issuer_chain: qe.issuerChain,
        qe_identity: identity.text,
        qe_identity_signature: identity.signature
    };
}

export { INTEL_PCS_URL, INTEL_ROOT_CRL_URL, fetchDcapCollateral, signedText };
