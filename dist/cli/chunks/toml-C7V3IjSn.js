import { p as parse, T as TomlError, a as TomlDate } from './parse-DtD2HBJZ.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** True for a table (and not an array or a date). */
function isTable(v) {
    return v instanceof Map;
}
function convert(v) {
    if (Array.isArray(v))
        return v.map(convert);
    if (v instanceof TomlDate)
        return v;
    if (v !== null && typeof v === 'object') {
        const m = new Map();
        for (const [k, x] of Object.entries(v))
            m.set(k, convert(x));
        return m;
    }
    return v;
}
/**
 * Parses TOML 1.0 into the ordered model. Syntax errors are TOML_INVALID with
 * the parser's line and column. (Known limit: JavaScript objects list
 * integer-like keys such as `1` first, so a table mixing them with other keys
 * may come out in a different order than tomli's.)
 */
function parseToml(text, what = 'manifest') {
    let raw;
    try {
        raw = parse(text, { integersAsBigInt: true, maxDepth: 1000 });
    }
    catch (err) {
        const msg = err instanceof TomlError
            ? err.message.split('\n')[0]
            : err instanceof Error
                ? err.message
                : String(err);
        throw new EnclaveBuildError('TOML_INVALID', `the ${what} is not valid TOML: ${msg}`, { cause: err });
    }
    return convert(raw);
}
/** A short human description of a value, for error messages. */
function describe(v) {
    if (v === undefined)
        return 'nothing';
    if (typeof v === 'string')
        return JSON.stringify(v);
    if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')
        return String(v);
    if (Array.isArray(v))
        return 'a list';
    if (isTable(v))
        return 'a table';
    return v.toISOString();
}

export { describe as d, isTable as i, parseToml as p };
