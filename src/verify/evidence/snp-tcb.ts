import { EnclaveBuildError } from '../../errors.js'
import type { SnpProduct } from './amd-roots.js'
import type { SnpTcb } from './snp-policy.js'
import { hexOf } from './types.js'

/*
 * go-sev-guest's firmware TCB rules (validate.go, validateTcb and
 * validateVersion), which the signature alone does not give: without
 * provisional firmware allowed, COMMITTED_TCB must equal CURRENT_TCB and
 * the committed firmware build and API version the current ones (a host
 * running firmware it has not committed can roll it back under a running
 * guest); with it allowed, committed may only be below current. In both
 * cases the REPORTED_TCB the VCEK vouches for must not exceed CURRENT_TCB.
 */

/** Report offsets (SEV-SNP ABI, ATTESTATION_REPORT). */
const CURRENT_TCB = 0x38
const REPORTED_TCB = 0x180
const COMMITTED_TCB = 0x1e0
const CURRENT_BUILD = 0x1e8
const COMMITTED_BUILD = 0x1ec

function refuse(detail: string): never {
  throw new EnclaveBuildError(
    'EVIDENCE_TCB_REJECTED',
    `the SEV-SNP report's firmware TCB is not settled: ${detail}; have the host commit its firmware (SNP_COMMIT), or accept provisional firmware with --snp-policy provisional=allow`
  )
}

/** Components of `a` above those of `b`, as "name a > b". */
function above(a: SnpTcb, b: SnpTcb): string[] {
  return (Object.keys(a) as (keyof SnpTcb)[])
    .filter((k) => (a[k] ?? 0) > (b[k] ?? 0))
    .map((k) => `${k} ${a[k]} > ${b[k]}`)
}

/** build, minor, major of the firmware version at `at`, compared as one number. */
const version = (b: Buffer, at: number): number =>
  (b[at + 2] << 16) | (b[at + 1] << 8) | b[at]

/**
 * Checks the report's committed, current and reported TCBs as go-sev-guest
 * does (its -provisional flag is `provisional`). Reports of version 2
 * carry no firmware build/version: only the TCBs are compared.
 */
export function checkSnpFirmwareTcb(
  report: Buffer,
  product: SnpProduct,
  provisional: boolean,
  decode: (b: Buffer, at: number, p: SnpProduct) => SnpTcb
): void {
  const current = decode(report, CURRENT_TCB, product)
  const committed = decode(report, COMMITTED_TCB, product)
  const reported = decode(report, REPORTED_TCB, product)
  const raw = (at: number): string => hexOf(report.subarray(at, at + 8))
  if (!provisional && raw(COMMITTED_TCB) !== raw(CURRENT_TCB))
    refuse(
      `COMMITTED_TCB ${raw(COMMITTED_TCB)} is not CURRENT_TCB ${raw(CURRENT_TCB)}`
    )
  const up = above(committed, current)
  if (up.length > 0)
    refuse(`COMMITTED_TCB is above CURRENT_TCB (${up.join(', ')})`)
  const ahead = above(reported, current)
  if (ahead.length > 0)
    refuse(`REPORTED_TCB is above CURRENT_TCB (${ahead.join(', ')})`)
  if (report.readUInt32LE(0) < 3) return
  const cmp = version(report, COMMITTED_BUILD) - version(report, CURRENT_BUILD)
  if (cmp > 0 || (!provisional && cmp !== 0))
    refuse(
      `the committed firmware (build ${report[COMMITTED_BUILD]}, API ${report[COMMITTED_BUILD + 2]}.${report[COMMITTED_BUILD + 1]}) is not the current one (build ${report[CURRENT_BUILD]}, API ${report[CURRENT_BUILD + 2]}.${report[CURRENT_BUILD + 1]})`
    )
}
