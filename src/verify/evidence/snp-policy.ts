import { EnclaveBuildError } from '../../errors.js'

/** The TCB components of an SEV-SNP TCB_VERSION (fmc exists on Turin only). */
export interface SnpTcb {
  bootLoader: number
  tee: number
  snp: number
  microcode: number
  fmc?: number
}

/**
 * What the relying party accepts of an SEV-SNP guest: which of the risky
 * guest-policy bits may be set, and an optional minimum reported TCB.
 */
export interface SnpPolicy {
  /** POLICY.DEBUG (bit 19): the host can read and write guest memory. */
  debug: boolean
  /** POLICY.MIGRATE_MA (bit 18): a migration agent may be associated. */
  migrateMa: boolean
  /** POLICY.SMT (bit 16): simultaneous multithreading may be enabled. */
  smt: boolean
  /** Each component of the reported TCB must be at least this. */
  minTcb?: Partial<SnpTcb>
  /** The VMPL the report must have been requested from (default: any). */
  vmpl?: number
  /**
   * Accept provisional firmware: COMMITTED_TCB (and the committed build)
   * below the current ones, as go-sev-guest's -provisional. Default no.
   */
  provisional?: boolean
}

/** Debug and migration agents refused, SMT allowed, no TCB minimum. */
export const DEFAULT_SNP_POLICY: SnpPolicy = {
  debug: false,
  migrateMa: false,
  smt: true
}

const FLAGS = { debug: 'debug', 'migrate-ma': 'migrateMa', smt: 'smt' } as const
const TCB_KEYS = {
  bootloader: 'bootLoader',
  tee: 'tee',
  snp: 'snp',
  microcode: 'microcode',
  fmc: 'fmc'
} as const

function bad(what: string, detail: string): never {
  throw new EnclaveBuildError('INPUT_INVALID', `${what}: ${detail}`)
}

/**
 * Parses `--snp-policy`, comma-separated `debug|migrate-ma|smt|provisional=allow|deny`,
 * `vmpl=0..3` and `min-tcb.bootloader|tee|snp|microcode|fmc=N`; unnamed keys keep
 * {@link DEFAULT_SNP_POLICY}. Empty text is the default.
 */
export function parseSnpPolicy(text: string): SnpPolicy {
  const policy: SnpPolicy = { ...DEFAULT_SNP_POLICY }
  const minTcb: Partial<SnpTcb> = {}
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue
    const [key, value, ...rest] = item.split('=')
    if (value === undefined || rest.length > 0)
      bad('--snp-policy', `"${item}" is not key=value`)
    if (key in FLAGS) {
      if (value !== 'allow' && value !== 'deny')
        bad('--snp-policy', `${key} must be allow or deny, got "${value}"`)
      policy[FLAGS[key as keyof typeof FLAGS]] = value === 'allow'
      continue
    }
    if (key === 'provisional') {
      if (value !== 'allow' && value !== 'deny')
        bad('--snp-policy', `provisional must be allow or deny, got "${value}"`)
      policy.provisional = value === 'allow'
      continue
    }
    if (key === 'vmpl') {
      if (!/^[0-3]$/.test(value))
        bad('--snp-policy', `vmpl must be 0..3, got "${value}"`)
      policy.vmpl = Number(value)
      continue
    }
    const component = key.startsWith('min-tcb.') ? key.slice(8) : ''
    if (!(component in TCB_KEYS))
      bad(
        '--snp-policy',
        `unknown key "${key}" (debug, migrate-ma, smt, provisional, vmpl, min-tcb.bootloader|tee|snp|microcode|fmc)`
      )
    if (!/^\d{1,3}$/.test(value) || Number(value) > 255)
      bad('--snp-policy', `${key} must be 0..255, got "${value}"`)
    minTcb[TCB_KEYS[component as keyof typeof TCB_KEYS]] = Number(value)
  }
  if (Object.keys(minTcb).length > 0) policy.minTcb = minTcb
  return policy
}

/**
 * Refuses, with their own codes, guest-policy bits and a VMPL the relying
 * party does not accept (EVIDENCE_POLICY_REJECTED) and a reported TCB
 * below its minimum (EVIDENCE_TCB_REJECTED). `fields` are the parsed
 * report's (policy, vmpl); `tcb` its REPORTED_TCB, vouched for by the VCEK.
 */
export function checkSnpPolicy(
  fields: Record<string, unknown>,
  tcb: SnpTcb,
  policy: SnpPolicy
): void {
  const guest = fields.policy as Record<string, boolean>
  const refused = (
    [
      ['debug', 'debug', 'debug=allow'],
      ['migrateMa', 'migrate-ma', 'migrate-ma=allow'],
      ['smt', 'smt', 'smt=allow']
    ] as const
  ).filter(([k]) => guest[k] && !policy[k])
  if (refused.length > 0)
    throw new EnclaveBuildError(
      'EVIDENCE_POLICY_REJECTED',
      `the SEV-SNP guest policy allows ${refused.map(([, n]) => n).join(', ')}, which the stated policy refuses; launch the guest without it, or accept it with --snp-policy ${refused.map(([, , a]) => a).join(',')}`
    )
  if (policy.vmpl !== undefined && fields.vmpl !== policy.vmpl)
    throw new EnclaveBuildError(
      'EVIDENCE_POLICY_REJECTED',
      `the SEV-SNP report was requested from VMPL ${String(fields.vmpl)}, not ${policy.vmpl}; ask for it from VMPL ${policy.vmpl}, or change vmpl in --snp-policy`
    )
  const low = Object.entries(policy.minTcb ?? {}).filter(
    ([k, min]) => (tcb[k as keyof SnpTcb] ?? -1) < (min ?? 0)
  )
  if (low.length > 0)
    throw new EnclaveBuildError(
      'EVIDENCE_TCB_REJECTED',
      `the SEV-SNP reported TCB is below the stated minimum: ${low.map(([k, min]) => `${k} ${tcb[k as keyof SnpTcb] ?? 'absent'} < ${min}`).join(', ')}; update the host firmware or lower min-tcb`
    )
}
