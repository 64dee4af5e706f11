import type { X509Certificate } from 'node:crypto'
import { extensionsOf } from './chain.js'
import { invalidEvidence, type EvidenceType } from './types.js'
import { derElements, derOnly, objectIdentifier } from './x509.js'

/*
 * The SGX extension of a PCK certificate (Intel "SGX PCK Certificate and
 * CRL Profile", OID 1.2.840.113741.1.13.1): a SEQUENCE of (OID, value)
 * pairs, of which the verifier needs the TCB (16 component SVNs, PCESVN,
 * CPUSVN), the PCE ID and the FMSPC.
 */

const SGX = '1.2.840.113741.1.13.1'

/** What the PCK certificate says of the platform. */
export interface PckClaims {
  /** The 16 SGX TCB component SVNs. */
  components: number[]
  pceSvn: number
  cpuSvn: string
  /** 6 bytes, upper-case hex as TCB info names it. */
  fmspc: string
  /** 2 bytes, upper-case hex. */
  pceId: string
}

/** An INTEGER's value (at most 16 bits are used by these fields). */
function uint(type: EvidenceType, b: Uint8Array, what: string): number {
  if (b.length === 0 || b.length > 3 || b[0] & 0x80)
    invalidEvidence(type, `PCK ${what} is not a small INTEGER`)
  return b.reduce((n, x) => n * 256 + x, 0)
}

/** The (OID → [tag, contents]) pairs of a SEQUENCE OF SEQUENCE { OID, value }. */
function pairs(
  type: EvidenceType,
  contents: Uint8Array
): Map<string, { tag: number; contents: Uint8Array }> {
  const out = new Map<string, { tag: number; contents: Uint8Array }>()
  for (const item of derElements(contents)) {
    const [oid, value] = derElements(item.contents)
    if (item.tag !== 0x30 || oid?.tag !== 0x06 || value === undefined)
      invalidEvidence(type, 'the PCK SGX extension is malformed')
    out.set(objectIdentifier(oid.contents), value)
  }
  return out
}

/** Reads the SGX extension of the PCK leaf; EVIDENCE_INVALID when absent or malformed. */
export function pckClaims(type: EvidenceType, pck: X509Certificate): PckClaims {
  const raw = extensionsOf(type, pck).values.get(SGX)
  if (raw === undefined)
    return invalidEvidence(type, 'the PCK certificate has no SGX extension')
  try {
    const top = pairs(type, derOnly(raw, 0x30, 'SGX extension'))
    const get = (
      m: Map<string, { tag: number; contents: Uint8Array }>,
      oid: string,
      tag: number
    ): Uint8Array => {
      const v = m.get(oid)
      if (v?.tag !== tag)
        invalidEvidence(type, `the PCK SGX extension lacks ${oid}`)
      return v.contents
    }
    const tcb = pairs(type, get(top, `${SGX}.2`, 0x30))
    const components = Array.from({ length: 16 }, (_, i) =>
      uint(type, get(tcb, `${SGX}.2.${i + 1}`, 0x02), `component ${i + 1}`)
    )
    const fmspc = get(top, `${SGX}.4`, 0x04)
    const pceId = get(top, `${SGX}.3`, 0x04)
    if (fmspc.length !== 6 || pceId.length !== 2)
      invalidEvidence(type, 'the PCK FMSPC or PCE ID has the wrong size')
    return {
      components,
      pceSvn: uint(type, get(tcb, `${SGX}.2.17`, 0x02), 'PCESVN'),
      cpuSvn: Buffer.from(get(tcb, `${SGX}.2.18`, 0x04)).toString('hex'),
      fmspc: Buffer.from(fmspc).toString('hex').toUpperCase(),
      pceId: Buffer.from(pceId).toString('hex').toUpperCase()
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'EVIDENCE_INVALID') throw err
    return invalidEvidence(type, 'the PCK SGX extension is malformed')
  }
}
