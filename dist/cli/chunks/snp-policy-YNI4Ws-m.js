import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** Debug and migration agents refused, SMT allowed, no TCB minimum. */
const DEFAULT_SNP_POLICY = {
    debug: false,
    migrateMa: false,
    smt: true
};
const FLAGS = { debug: 'debug', 'migrate-ma': 'migrateMa', smt: 'smt' };
const TCB_KEYS = {
    bootloader: 'bootLoader',
    tee: 'tee',
    snp: 'snp',
    microcode: 'microcode',
    fmc: 'fmc'
};
function bad(what, detail) {
    throw new EnclaveBuildError('INPUT_INVALID', `${what}: ${detail}`);
}
/**
 * Parses `--snp-policy`, comma-separated `debug|migrate-ma|smt|provisional=allow|deny`,
 * `vmpl=0..3` and `min-tcb.bootloader|tee|snp|microcode|fmc=N`; unnamed keys keep
 * {@link DEFAULT_SNP_POLICY}. Empty text is the default.
 */
function parseSnpPolicy(text) {
    const policy = { ...DEFAULT_SNP_POLICY };
    const minTcb = {};
    for (const item of text.split(',').map((s) => s.trim())) {
        if (item === '')
            continue;
        const [key, value, ...rest] = item.split('=');
        if (value === undefined || rest.length > 0)
            bad('--snp-policy', `"${item}" is not key=value`);
        if (key in FLAGS) {
            if (value !== 'allow' && value !== 'deny')
                bad('--snp-policy', `${key} must be allow or deny, got "${value}"`);
            policy[FLAGS[key]] = value === 'allow';
            continue;
        }
        if (key === 'provisional') {
            if (value !== 'allow' && value !== 'deny')
                bad('--snp-policy', `provisional must be allow or deny, got "${value}"`);
            policy.provisional = value === 'allow';
            continue;
        }
        if (key === 'vmpl') {
            if (!/^[0-3]$/.test(value))
                bad('--snp-policy', `vmpl must be 0..3, got "${value}"`);
            policy.vmpl = Number(value);
            continue;
        }
        const component = key.startsWith('min-tcb.') ? key.slice(8) : '';
        if (!(component in TCB_KEYS))
            bad('--snp-policy', `unknown key "${key}" (debug, migrate-ma, smt, provisional, vmpl, min-tcb.bootloader|tee|snp|microcode|fmc)`);
        if (!/^\d{1,3}$/.test(value) || Number(value) > 255)
            bad('--snp-policy', `${key} must be 0..255, got "${value}"`);
        minTcb[TCB_KEYS[component]] = Number(value);
    }
    if (Object.keys(minTcb).length > 0)
        policy.minTcb = minTcb;
    return policy;
}
/**
 * Refuses, with their own codes, guest-policy bits and a VMPL the relying
 * party does not accept (EVIDENCE_POLICY_REJECTED) and a reported TCB
 * below its minimum (EVIDENCE_TCB_REJECTED). `fields` are the parsed
 * report's (policy, vmpl); `tcb` its REPORTED_TCB, vouched for by the VCEK.
 */
function checkSnpPolicy(fields, tcb, policy) {
    const guest = fields.policy;
    const refused = [
        ['debug', 'debug', 'debug=allow'],
        ['migrateMa', 'migrate-ma', 'migrate-ma=allow'],
        ['smt', 'smt', 'smt=allow']
    ].filter(([k]) => guest[k] && !policy[k]);
    if (refused.length > 0)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the SEV-SNP guest policy allows ${refused.map(([, n]) => n).join(', ')}, which the stated policy refuses; launch the guest without it, or accept it with --snp-policy ${refused.map(([, , a]) => a).join(',')}`);
    if (policy.vmpl !== undefined && fields.vmpl !== policy.vmpl)
        throw new EnclaveBuildError('EVIDENCE_POLICY_REJECTED', `the SEV-SNP report was requested from VMPL ${String(fields.vmpl)}, not ${policy.vmpl}; ask for it from VMPL ${policy.vmpl}, or change vmpl in --snp-policy`);
    const low = Object.entries(policy.minTcb ?? {}).filter(([k, min]) => (tcb[k] ?? -1) < (min ?? 0));
    if (low.length > 0)
        throw new EnclaveBuildError('EVIDENCE_TCB_REJECTED', `the SEV-SNP reported TCB is below the stated minimum: ${low.map(([k, min]) => `${k} ${tcb[k] ?? 'absent'} < ${min}`).join(', ')}; update the host firmware or lower min-tcb`);
}

export { DEFAULT_SNP_POLICY as D, checkSnpPolicy as c, parseSnpPolicy as p };
