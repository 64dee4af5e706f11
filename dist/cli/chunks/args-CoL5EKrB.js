import { parseArgs } from 'node:util';
import { E as EnclaveBuildError } from './main-BKqh5PmF.js';

/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`.
 */
function parse(args, options, allowPositionals = false) {
    try {
        return parseArgs({ args, options, allowPositionals, strict: true });
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `${err.message}. Run with --help for usage.`);
    }
}
/** The value of a required string option, or a coded error naming the flag. */
function required(value, flag) {
    if (value === undefined || value === '')
        throw new EnclaveBuildError('INPUT_INVALID', `${flag} is required`);
    return value;
}

export { parse as p, required as r };
