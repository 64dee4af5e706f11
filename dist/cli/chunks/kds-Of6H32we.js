import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { E as EnclaveBuildError, e as readInputFile, w as writeFileAtomic } from './main-BQHnxbfa.js';
import { h as httpRequest } from './http-BiRlcPi4.js';
import { d as crlNextUpdate } from './chain-tmNxtkIn.js';
import { s as snpReportBytes, d as decodeTcb } from './snp-verify-EYmpMTE-.js';
import 'node:crypto';
import './x509-CbNhd9ys.js';
import './types-Cg6oWdtl.js';
import './snp-policy-YNI4Ws-m.js';

/*
 * The VCEK of a report from AMD's Key Distribution Service ("VCEK
 * Certificate and KDS Interface Specification" §4.1):
 *   GET {base}/vcek/v1/{product}/{hwid}?blSPL=&teeSPL=&snpSPL=&ucodeSPL=[&fmcSPL=]
 * hwid is the report's CHIP_ID (its first 8 bytes on Turin), the SPLs its
 * REPORTED_TCB. The answer is DER. A cache directory keeps it by that URL's
 * parameters; nothing fetched is trusted: the VCEK still has to chain to
 * the pinned ARK and match the report.
 */
/** AMD's public KDS. */
const AMD_KDS_URL = 'https://kdsintf.amd.com';
/** The product of a v3+ report from its CPUID family and model. */
function productOfReport(report) {
    if (report.readUInt32LE(0) < 3)
        return undefined;
    const family = report[0x188];
    const model = report[0x189];
    if (family === 0x1a)
        return 'Turin';
    if (family !== 0x19)
        return undefined;
    if (model <= 0x0f)
        return 'Milan';
    if (model <= 0x1f || (model >= 0xa0 && model <= 0xaf))
        return 'Genoa';
    return undefined;
}
/** The KDS path and query of a report's VCEK. */
function vcekPath(report, product) {
    const tcb = decodeTcb(report, 0x180, product);
    const chip = report.subarray(0x1a0, product === 'Turin' ? 0x1a8 : 0x1e0);
    const query = [
        ...(product === 'Turin' ? [`fmcSPL=${tcb.fmc}`] : []),
        `blSPL=${tcb.bootLoader}`,
        `teeSPL=${tcb.tee}`,
        `snpSPL=${tcb.snp}`,
        `ucodeSPL=${tcb.microcode}`
    ].join('&');
    return `/vcek/v1/${product}/${chip.toString('hex')}?${query}`;
}
/**
 * The DER VCEK for a report: from the cache, else from the KDS (with the
 * retries and timeout of util/http), then cached. A VLEK-signed or
 * chip-id-masked report cannot be looked up: pass its certificate as a file.
 */
async function fetchVcek(bytes, options = {}) {
    const report = snpReportBytes(bytes);
    const flags = report.readUInt32LE(0x48);
    const product = productOfReport(report);
    if (((flags >> 2) & 7) !== 0 || (flags & 2) !== 0 || product === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', `this SEV-SNP report's VCEK cannot be looked up in AMD KDS (${product === undefined ? 'report v2 or unknown CPU' : 'VLEK-signed or chip id masked'}); pass it with --snp-vcek FILE`);
    const path = vcekPath(report, product);
    const cacheFile = options.cacheDir
        ? join(options.cacheDir, `vcek-${path.slice(9).replace(/[^A-Za-z0-9]+/g, '-')}.der`)
        : undefined;
    if (cacheFile) {
        const cached = await readInputFile(cacheFile, 'cached VCEK', {
            maxBytes: 8192
        }).catch(() => undefined);
        if (cached)
            return cached;
    }
    const url = `${(options.baseUrl ?? AMD_KDS_URL).replace(/\/+$/, '')}${path}`;
    const response = await httpRequest(url, {
        what: 'fetching the VCEK from AMD KDS',
        headers: { accept: 'application/pkix-cert' },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {})
    });
    const der = Buffer.from(await response.arrayBuffer());
    if (der.length < 100 || der.length > 8192 || der[0] !== 0x30)
        throw new EnclaveBuildError('HTTP_ERROR', `AMD KDS answered ${url} with ${der.length} bytes that are not a DER certificate`);
    if (cacheFile) {
        await mkdir(options.cacheDir, { recursive: true });
        await writeFileAtomic(cacheFile, der);
    }
    return der;
}
/**
 * AMD's CRL for a product and key kind (KDS §4.2: GET
 * {base}/{vcek|vlek}/v1/{product}/crl, DER, signed by the ARK), from the
 * cache while its nextUpdate has not passed (offline: whatever is cached),
 * else from the KDS. Verified against the pinned ARK by verifySnpReport.
 */
async function fetchAmdCrl(product, kind, options = {}) {
    const path = `/${kind}/v1/${product}/crl`;
    const cacheFile = options.cacheDir
        ? join(options.cacheDir, `crl-${kind}-${product}.der`)
        : undefined;
    const cached = cacheFile
        ? await readInputFile(cacheFile, 'cached AMD CRL', {
            maxBytes: 1 << 20
        }).catch(() => undefined)
        : undefined;
    const next = cached ? crlNextUpdate(cached) : undefined;
    if (cached &&
        next &&
        (options.offline || (options.now ?? new Date()) <= next))
        return cached;
    if (options.offline)
        throw new EnclaveBuildError('INPUT_INVALID', `offline, and no AMD CRL for ${product} ${kind.toUpperCase()} is cached${options.cacheDir ? ` in ${options.cacheDir}` : ''}; run once online with the same --evidence-cache, or pass --snp-crl FILE`);
    const url = `${(options.baseUrl ?? AMD_KDS_URL).replace(/\/+$/, '')}${path}`;
    const response = await httpRequest(url, {
        what: "fetching AMD's CRL from AMD KDS",
        headers: { accept: 'application/pkix-crl' },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {})
    });
    let der;
    try {
        der = Buffer.from(await response.arrayBuffer());
    }
    catch (err) {
        throw new EnclaveBuildError('HTTP_ERROR', `AMD KDS's answer to ${url} broke off (${err.message}); re-run later`);
    }
    if (der.length > 1 << 20 || !crlNextUpdate(der))
        throw new EnclaveBuildError('HTTP_ERROR', `AMD KDS answered ${url} with ${der.length} bytes that are not a DER CRL (truncated?); re-run later, or pass --snp-crl FILE`);
    if (cacheFile) {
        await mkdir(options.cacheDir, { recursive: true });
        await writeFileAtomic(cacheFile, der);
    }
    return der;
}

export { AMD_KDS_URL, fetchAmdCrl, fetchVcek, productOfReport, vcekPath };
