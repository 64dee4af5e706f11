import { z } from 'zod'
import { TCB_STATUSES } from './tcb-status.js'

export { parseTcbAccept, TCB_STATUSES, type TcbStatus } from './tcb-status.js'
import { EnclaveBuildError } from '../../errors.js'

/*
 * DCAP collateral in the JSON shape dcap-qvl reads and writes
 * (QuoteCollateralV3): Intel PCS's answers kept verbatim, the TCB info and
 * QE identity bodies as the exact signed JSON text, signatures and CRLs as
 * hex, issuer chains as PEM. The signed texts are parsed with the schemas
 * below only after their signatures verify.
 */

const hex = z.string().regex(/^([0-9a-fA-F]{2})*$/, 'hex bytes')
const pem = z.string().includes('-----BEGIN CERTIFICATE-----')

/** The collateral file. */
export const dcapCollateralSchema = z.object({
  pck_crl_issuer_chain: pem,
  root_ca_crl: hex,
  pck_crl: hex,
  tcb_info_issuer_chain: pem,
  tcb_info: z.string().max(1_000_000),
  tcb_info_signature: hex,
  qe_identity_issuer_chain: pem,
  qe_identity: z.string().max(1_000_000),
  qe_identity_signature: hex
})

/** Parsed collateral file. */
export type DcapCollateral = z.infer<typeof dcapCollateralSchema>

const status = z.enum(TCB_STATUSES)

const svn = z.number().int().min(0).max(65535)
const components = z.array(z.object({ svn })).length(16)
const level = {
  tcbDate: z.string(),
  tcbStatus: status,
  advisoryIDs: z.array(z.string()).default([])
}

/** TCB info v3 (SGX and TDX). v2's flat sgxtcbcompNNsvn is mapped to it. */
const tcbV3 = z.object({
  sgxtcbcomponents: components,
  pcesvn: svn,
  tdxtcbcomponents: components.optional()
})
const tcbV2 = z
  .object({ pcesvn: svn })
  .catchall(svn)
  .transform((t, ctx) => {
    const comps = Array.from({ length: 16 }, (_, i) => ({
      svn: t[`sgxtcbcomp${String(i + 1).padStart(2, '0')}svn`]
    }))
    if (comps.some((c) => c.svn === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'sgxtcbcompNNsvn missing' })
      return z.NEVER
    }
    return { sgxtcbcomponents: comps, pcesvn: t.pcesvn }
  })

const moduleIdentity = {
  mrsigner: hex,
  attributes: hex,
  attributesMask: hex
}

/** The signed TCB info body. */
export const tcbInfoSchema = z.object({
  id: z.enum(['SGX', 'TDX']).default('SGX'),
  version: z.union([z.literal(2), z.literal(3)]),
  issueDate: z.iso.datetime(),
  nextUpdate: z.iso.datetime(),
  fmspc: hex.length(12),
  pceId: hex.length(4),
  tcbEvaluationDataNumber: z.number().int().optional(),
  tdxModule: z.object(moduleIdentity).optional(),
  tdxModuleIdentities: z
    .array(
      z.object({
        id: z.string(),
        ...moduleIdentity,
        tcbLevels: z.array(
          z.object({ tcb: z.object({ isvsvn: svn }), ...level })
        )
      })
    )
    .default([]),
  tcbLevels: z
    .array(z.object({ tcb: z.union([tcbV3, tcbV2]), ...level }))
    .min(1)
})

/** Parsed TCB info. */
export type TcbInfo = z.infer<typeof tcbInfoSchema>

/** The signed QE identity body. */
export const qeIdentitySchema = z.object({
  id: z.enum(['QE', 'TD_QE', 'QVE']),
  version: z.number().int(),
  issueDate: z.iso.datetime(),
  nextUpdate: z.iso.datetime(),
  miscselect: hex.length(8),
  miscselectMask: hex.length(8),
  attributes: hex.length(32),
  attributesMask: hex.length(32),
  mrsigner: hex.length(64),
  isvprodid: svn,
  tcbLevels: z
    .array(z.object({ tcb: z.object({ isvsvn: svn }), ...level }))
    .min(1)
})

/** Parsed QE identity. */
export type QeIdentity = z.infer<typeof qeIdentitySchema>

/** Parses the collateral file; INPUT_INVALID with the first problem. */
export function parseDcapCollateral(
  text: string,
  path: string
): DcapCollateral {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new EnclaveBuildError('INPUT_INVALID', `${path} is not JSON`)
  }
  const r = dcapCollateralSchema.safeParse(json)
  if (!r.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${path} is not DCAP collateral in dcap-qvl's shape: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`
    )
  return r.data
}
