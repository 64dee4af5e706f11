import { hexOf, invalidEvidence, type Evidence } from './types.js'

/**
 * The measurement registers of an Intel TDX quote (Intel TDX DCAP Quoting
 * Library API, "Quote Format"): version 4 (48-byte header, then the
 * 584-byte TD report body) and version 5 (header, body type u16 and size
 * u32, then a TD 1.0 (type 2) or TD 1.5 (type 3) body; TD 1.5 appends its
 * fields after REPORTDATA, so the offsets below hold for both). The quote's
 * signature is not checked here.
 */

const HEADER = 48
const TDX_TEE = 0x81
// Within the TD report body: TEE_TCB_SVN 16, MRSEAM 48, MRSIGNERSEAM 48,
// SEAMATTRIBUTES 8, TDATTRIBUTES 8, XFAM 8, then MRTD.
const MRTD = 136
const RTMR0 = MRTD + 48 * 4 // after MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG
const REPORT_DATA = RTMR0 + 48 * 4
const BODY_MIN = REPORT_DATA + 64

/** Reads MRTD, RTMR0-3 and REPORTDATA from a TD quote v4 or v5. */
export function parseTdQuote(quote: Uint8Array): Evidence {
  const bad = (m: string): never => invalidEvidence('td-quote', m)
  if (quote.length < HEADER)
    bad(`${quote.length} bytes is shorter than a quote header`)
  const b = Buffer.from(quote.buffer, quote.byteOffset, quote.byteLength)
  const version = b.readUInt16LE(0)
  const tee = b.readUInt32LE(4)
  if (tee !== TDX_TEE) bad(`TEE type 0x${tee.toString(16)} is not TDX (0x81)`)
  let body = HEADER
  if (version === 5) {
    if (b.length < HEADER + 6) bad('no v5 body descriptor')
    const type = b.readUInt16LE(HEADER)
    const size = b.readUInt32LE(HEADER + 2)
    if (type !== 2 && type !== 3)
      bad(`v5 body type ${type} is not a TD report (2 or 3)`)
    if (size < BODY_MIN) bad(`v5 body size ${size} is below ${BODY_MIN}`)
    body = HEADER + 6
  } else if (version !== 4) bad(`quote version ${version} is not 4 or 5`)
  if (b.length < body + BODY_MIN) bad('the TD report body is truncated')
  const field = (at: number, n: number): string =>
    hexOf(b.subarray(body + at, body + at + n))
  const mrtd = field(MRTD, 48)
  const rtmrs = [0, 1, 2, 3].map((i) => field(RTMR0 + 48 * i, 48))
  return {
    type: 'td-quote',
    measurement: { name: 'MRTD', algorithm: 'sha384', value: mrtd },
    registers: [
      { name: 'MRTD', algorithm: 'sha384', value: mrtd },
      ...rtmrs.map((value, i) => ({
        name: `RTMR${i}`,
        algorithm: 'sha384' as const,
        value
      })),
      // the CoCo initdata digest as TDX carries it (the oci target's MRCONFIGID)
      { name: 'MRCONFIGID', algorithm: 'sha384', value: field(MRTD + 48, 48) }
    ],
    evidenceSignature: 'not-checked',
    fields: {
      version,
      reportData: field(REPORT_DATA, 64),
      tdAttributes: field(120, 8),
      xfam: field(128, 8),
      mrConfigId: field(MRTD + 48, 48),
      mrOwner: field(MRTD + 96, 48),
      mrOwnerConfig: field(MRTD + 144, 48),
      mrSeam: field(16, 48)
    }
  }
}
