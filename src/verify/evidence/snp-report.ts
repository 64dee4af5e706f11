import { hexOf, invalidEvidence, type Evidence } from './types.js'

/*
 * AMD SEV-SNP ATTESTATION_REPORT (SEV Secure Nested Paging Firmware ABI
 * Specification, table "ATTESTATION_REPORT Structure"): 0x4A0 bytes,
 * little-endian, the signature over bytes 0x000-0x29F at 0x2A0.
 */
const REPORT_SIZE = 0x4a0

/** MSG_REPORT_RSP (status, report_size, 24 reserved bytes) + the report. */
const RESPONSE_HEADER = 0x20

/** Signature algorithm 1 is the only one AMD defines. */
const SIG_ALGOS: Record<number, string> = { 1: 'ECDSA-P384-SHA384' }

/** CPUID_FAM_ID of a report (version 3 on; 0 before): 0x19 Milan/Genoa, 0x1A Turin. */
const CPUID_FAM_ID = 0x188
const TURIN_FAMILY = 0x1a

/**
 * Decodes a TCB_VERSION. Milan and Genoa (family 19h): boot loader, TEE,
 * 4 reserved, SNP, microcode. Turin (family 1Ah) moved the fields (SEV-SNP
 * ABI 56860, "TCB_VERSION Structure"): FMC, boot loader, TEE, SNP, 3
 * reserved, microcode; reading it the old way reports a wrong SNP SVN.
 */
export function snpTcbFields(
  b: Buffer,
  at: number,
  turin: boolean
): Record<string, number | string> {
  const raw = hexOf(b.subarray(at, at + 8))
  if (turin)
    return {
      raw,
      fmc: b[at],
      bootLoader: b[at + 1],
      tee: b[at + 2],
      snp: b[at + 3],
      microcode: b[at + 7]
    }
  return {
    raw,
    bootLoader: b[at],
    tee: b[at + 1],
    snp: b[at + 6],
    microcode: b[at + 7]
  }
}

/**
 * The guest policy bits that matter to a relying party, as the SEV-SNP
 * ABI (AMD 56860, "Guest Policy") numbers them: 16 SMT, 17 reserved and
 * always 1, 18 MIGRATE_MA, 19 DEBUG, 20 SINGLE_SOCKET.
 */
function policy(value: bigint): Record<string, unknown> {
  const bit = (n: number): boolean => ((value >> BigInt(n)) & 1n) === 1n
  if (!bit(17))
    invalidEvidence(
      'snp-report',
      `guest policy ${`0x${value.toString(16)}`} has reserved bit 17 clear (the firmware always sets it)`
    )
  return {
    raw: `0x${value.toString(16)}`,
    abiMinor: Number(value & 0xffn),
    abiMajor: Number((value >> 8n) & 0xffn),
    smt: bit(16),
    migrateMa: bit(18),
    debug: bit(19),
    singleSocket: bit(20)
  }
}

/**
 * The 0x4A0 report bytes of the evidence (unwrapping a whole
 * MSG_REPORT_RSP), with a supported version; EVIDENCE_INVALID otherwise.
 */
export function snpReportBytes(report: Uint8Array): Buffer {
  let b = Buffer.from(report.buffer, report.byteOffset, report.byteLength)
  // The firmware's whole MSG_REPORT_RSP, as some tools dump it: unwrap it
  // only when its header says "success, one report".
  if (
    b.length === RESPONSE_HEADER + REPORT_SIZE &&
    b.readUInt32LE(0) === 0 &&
    b.readUInt32LE(4) === REPORT_SIZE
  )
    b = b.subarray(RESPONSE_HEADER)
  if (b.length !== REPORT_SIZE)
    invalidEvidence(
      'snp-report',
      `an attestation report is ${REPORT_SIZE} bytes, got ${b.length}`
    )
  const version = b.readUInt32LE(0)
  if (version < 2 || version > 5)
    invalidEvidence(
      'snp-report',
      `report version ${version} is not a SEV-SNP report version (2-5)`
    )
  return b
}

/**
 * Parses an SEV-SNP attestation report as written by the guest
 * (/dev/sev-guest, snpguest report; or the whole MSG_REPORT_RSP): MEASUREMENT,
 * HOST_DATA, policy, report data and the TCB values. The VCEK/VLEK
 * signature is checked by verifySnpReport (snp-verify.ts), not here.
 */
export function parseSnpReport(report: Uint8Array): Evidence {
  const b = snpReportBytes(report)
  const version = b.readUInt32LE(0)
  const sigAlgo = b.readUInt32LE(0x34)
  const measurement = hexOf(b.subarray(0x90, 0xc0))
  const flags = b.readUInt32LE(0x48)
  // Version 2 reports name no CPU; Turin firmware writes version 3 or later.
  const turin = version >= 3 && b[CPUID_FAM_ID] === TURIN_FAMILY
  const tcb = (at: number): Record<string, number | string> =>
    snpTcbFields(b, at, turin)
  return {
    type: 'snp-report',
    measurement: {
      name: 'SNP_LAUNCH_DIGEST',
      algorithm: 'sha384',
      value: measurement
    },
    registers: [
      { name: 'SNP_LAUNCH_DIGEST', algorithm: 'sha384', value: measurement },
      // what the host bound at launch: a CoCo initdata digest or the SHA-256
      // of a confidential ACI policy (the oci target records it as HOST_DATA)
      {
        name: 'HOST_DATA',
        algorithm: 'sha256',
        value: hexOf(b.subarray(0xc0, 0xe0))
      }
    ],
    evidenceSignature: 'not-checked',
    fields: {
      version,
      guestSvn: b.readUInt32LE(0x04),
      policy: policy(b.readBigUInt64LE(0x08)),
      familyId: hexOf(b.subarray(0x10, 0x20)),
      imageId: hexOf(b.subarray(0x20, 0x30)),
      vmpl: b.readUInt32LE(0x30),
      signatureAlgorithm: SIG_ALGOS[sigAlgo] ?? `unknown (${sigAlgo})`,
      currentTcb: tcb(0x38),
      platformInfo: `0x${b.readBigUInt64LE(0x40).toString(16)}`,
      authorKeyEn: (flags & 1) === 1,
      maskChipKey: (flags & 2) === 2,
      signingKey: (flags >> 2) & 7,
      reportData: hexOf(b.subarray(0x50, 0x90)),
      measurement,
      hostData: hexOf(b.subarray(0xc0, 0xe0)),
      idKeyDigest: hexOf(b.subarray(0xe0, 0x110)),
      authorKeyDigest: hexOf(b.subarray(0x110, 0x140)),
      reportId: hexOf(b.subarray(0x140, 0x160)),
      reportIdMa: hexOf(b.subarray(0x160, 0x180)),
      reportedTcb: tcb(0x180),
      chipId: hexOf(b.subarray(0x1a0, 0x1e0)),
      committedTcb: tcb(0x1e0),
      launchTcb: tcb(0x1f0)
    }
  }
}
