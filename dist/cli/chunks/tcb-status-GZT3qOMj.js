import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/*
 * Intel's TCB statuses and the relying party's list of accepted ones, kept
 * apart from the collateral schemas so the command line can read its flags
 * without loading zod.
 */
/** Intel's TCB statuses, best first (the order statuses merge in). */
const TCB_STATUSES = [
    'UpToDate',
    'SWHardeningNeeded',
    'ConfigurationNeeded',
    'ConfigurationAndSWHardeningNeeded',
    'OutOfDate',
    'OutOfDateConfigurationNeeded',
    'Revoked'
];
/**
 * Parses an accepted-status list (`--dcap-tcb-accept`), comma- or
 * newline-separated Intel status names; empty is UpToDate only.
 */
function parseTcbAccept(text) {
    const names = text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (names.length === 0)
        return ['UpToDate'];
    for (const n of names)
        if (!TCB_STATUSES.includes(n))
            throw new EnclaveBuildError('INPUT_INVALID', `--dcap-tcb-accept: "${n}" is not a TCB status (${TCB_STATUSES.join(', ')})`);
    return names;
}

export { TCB_STATUSES as T, parseTcbAccept as p };
