import { T as TCB_STATUSES } from './tcb-status-GZT3qOMj.js';
export { p as parseTcbAccept } from './tcb-status-GZT3qOMj.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { f as _isoDateTime, Z as ZodISODateTime, o as object, a as string, c as array, n as number, _ as _enum, g as union, l as literal, N as NEVER } from './schemas-BeVPcTnG.js';

function datetime(params) {
    return _isoDateTime(ZodISODateTime, params);
}

/*
 * DCAP collateral in the JSON shape dcap-qvl reads and writes
 * (QuoteCollateralV3): Intel PCS's answers kept verbatim, the TCB info and
 * QE identity bodies as the exact signed JSON text, signatures and CRLs as
 * hex, issuer chains as PEM. The signed texts are parsed with the schemas
 * below only after their signatures verify.
 */
const hex = string().regex(/^([0-9a-fA-F]{2})*$/, 'hex bytes');
const pem = string().includes('-----BEGIN CERTIFICATE-----');
/** The collateral file. */
const dcapCollateralSchema = object({
    pck_crl_issuer_chain: pem,
    root_ca_crl: hex,
    pck_crl: hex,
    tcb_info_issuer_chain: pem,
    tcb_info: string().max(1_000_000),
    tcb_info_signature: hex,
    qe_identity_issuer_chain: pem,
    qe_identity: string().max(1_000_000),
    qe_identity_signature: hex
});
const status = _enum(TCB_STATUSES);
const svn = number().int().min(0).max(65535);
const components = array(object({ svn })).length(16);
const level = {
    tcbDate: string(),
    tcbStatus: status,
    advisoryIDs: array(string()).default([])
};
/** TCB info v3 (SGX and TDX). v2's flat sgxtcbcompNNsvn is mapped to it. */
const tcbV3 = object({
    sgxtcbcomponents: components,
    pcesvn: svn,
    tdxtcbcomponents: components.optional()
});
const tcbV2 = object({ pcesvn: svn })
    .catchall(svn)
    .transform((t, ctx) => {
    const comps = Array.from({ length: 16 }, (_, i) => ({
        svn: t[`sgxtcbcomp${String(i + 1).padStart(2, '0')}svn`]
    }));
    if (comps.some((c) => c.svn === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'sgxtcbcompNNsvn missing' });
        return NEVER;
    }
    return { sgxtcbcomponents: comps, pcesvn: t.pcesvn };
});
const moduleIdentity = {
    mrsigner: hex,
    attributes: hex,
    attributesMask: hex
};
/** The signed TCB info body. */
const tcbInfoSchema = object({
    id: _enum(['SGX', 'TDX']).default('SGX'),
    version: union([literal(2), literal(3)]),
    issueDate: datetime(),
    nextUpdate: datetime(),
    fmspc: hex.length(12),
    pceId: hex.length(4),
    tcbEvaluationDataNumber: number().int().optional(),
    tdxModule: object(moduleIdentity).optional(),
    tdxModuleIdentities: array(object({
        id: string(),
        ...moduleIdentity,
        tcbLevels: array(object({ tcb: object({ isvsvn: svn }), ...level }))
    }))
        .default([]),
    tcbLevels: array(object({ tcb: union([tcbV3, tcbV2]), ...level }))
        .min(1)
});
/** The signed QE identity body. */
const qeIdentitySchema = object({
    id: _enum(['QE', 'TD_QE', 'QVE']),
    version: number().int(),
    issueDate: datetime(),
    nextUpdate: datetime(),
    miscselect: hex.length(8),
    miscselectMask: hex.length(8),
    attributes: hex.length(32),
    attributesMask: hex.length(32),
    mrsigner: hex.length(64),
    isvprodid: svn,
    tcbLevels: array(object({ tcb: object({ isvsvn: svn }), ...level }))
        .min(1)
});
/** Parses the collateral file; INPUT_INVALID with the first problem. */
function parseDcapCollateral(text, path) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`);
    }
    const r = dcapCollateralSchema.safeParse(json);
    if (!r.success)
        throw new EnclaveBuildError('INPUT_INVALID', `${path} is not DCAP collateral in dcap-qvl's shape: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
    return r.data;
}

export { TCB_STATUSES, dcapCollateralSchema, parseDcapCollateral, qeIdentitySchema, tcbInfoSchema };
