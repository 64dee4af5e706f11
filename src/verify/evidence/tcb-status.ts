import { EnclaveBuildError } from '../../errors.js'

/*
 * Intel's TCB statuses and the relying party's list of accepted ones, kept
 * apart from the collateral schemas so the command line can read its flags
 * without loading zod.
 */

/** Intel's TCB statuses, best first (the order statuses merge in). */
export const TCB_STATUSES = [
  'UpToDate',
  'SWHardeningNeeded',
  'ConfigurationNeeded',
  'ConfigurationAndSWHardeningNeeded',
  'OutOfDate',
  'OutOfDateConfigurationNeeded',
  'Revoked'
] as const

/** One of {@link TCB_STATUSES}. */
export type TcbStatus = (typeof TCB_STATUSES)[number]

/**
 * Parses an accepted-status list (`--dcap-tcb-accept`), comma- or
 * newline-separated Intel status names; empty is UpToDate only.
 */
export function parseTcbAccept(text: string): TcbStatus[] {
  const names = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (names.length === 0) return ['UpToDate']
  for (const n of names)
    if (!(TCB_STATUSES as readonly string[]).includes(n))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--dcap-tcb-accept: "${n}" is not a TCB status (${TCB_STATUSES.join(', ')})`
      )
  return names as TcbStatus[]
}
