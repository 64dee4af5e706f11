import { hexOf } from './types.js'

/*
 * What the DCAP verifier reads of the TD report body of a TDX quote
 * (td-quote.ts reads the registers for every caller) (TDX DCAP Quote Library API,
 * "TD Quote Body"): 584 bytes for TDX 1.0, 648 for 1.5 (TEE_TCB_SVN_2
 * and MRSERVICETD appended). Offsets within the body.
 */

/** The fields of a TD report body the verifier and the output use. */
export function tdxFields(body: Buffer): {
  teeTcbSvn: Buffer
  mrSignerSeam: Buffer
  seamAttributes: Buffer
  tdAttributes: Buffer
  fields: Record<string, unknown>
} {
  const h = (at: number, n: number): string => hexOf(body.subarray(at, at + n))
  const fields: Record<string, unknown> = {
    teeTcbSvn: h(0, 16),
    mrSeam: h(16, 48),
    mrSignerSeam: h(64, 48),
    seamAttributes: h(112, 8),
    tdAttributes: h(120, 8),
    debug: (body[120] & 1) === 1,
    xfam: h(128, 8),
    mrtd: h(136, 48),
    mrConfigId: h(184, 48),
    mrOwner: h(232, 48),
    mrOwnerConfig: h(280, 48),
    rtmr0: h(328, 48),
    rtmr1: h(376, 48),
    rtmr2: h(424, 48),
    rtmr3: h(472, 48),
    reportData: h(520, 64)
  }
  if (body.length === 648) {
    fields.teeTcbSvn2 = h(584, 16)
    fields.mrServiceTd = h(600, 48)
  }
  return {
    teeTcbSvn: body.subarray(0, 16),
    mrSignerSeam: body.subarray(64, 112),
    seamAttributes: body.subarray(112, 120),
    tdAttributes: body.subarray(120, 128),
    fields
  }
}

/**
 * What the TD's attributes say that no relying party should accept, as
 * dcap-qvl refuses it too: reserved TD attribute bits set, SEPT_VE_DISABLE
 * (bit 28) off, so the guest takes #VE on EPT violations the host can
 * provoke; or (TDX 1.5) a service TD bound to it (MRSERVICETD non-zero).
 * DEBUG (bit 0) is left to the debug policy. Undefined when fine.
 */
export function tdAttributeProblem(body: Buffer): string | undefined {
  const attributes = body.readBigUInt64LE(120)
  // TUD bits 1-7, SEC bits 8-27 and 29, OTHER bits 32-62.
  const reserved = 0xfen | (0xfffffn << 8n) | (1n << 29n) | (0x7fffffffn << 32n)
  if ((attributes & reserved) !== 0n)
    return `reserved TD attribute bits are set (TDATTRIBUTES 0x${attributes.toString(16)})`
  if (((attributes >> 28n) & 1n) === 0n)
    return 'SEPT_VE_DISABLE is off (TDATTRIBUTES bit 28): the host can inject #VE exceptions into the TD'
  if (body.length === 648 && body.subarray(600, 648).some((x) => x !== 0))
    return 'a service TD is bound to this TD (MRSERVICETD is not zero)'
  return undefined
}
