import { a as TomlDate } from './parse-DtD2HBJZ.js';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { i as isTable } from './toml-C7V3IjSn.js';

/**
 * A TOML writer that produces the same bytes as tomli-w 1.0's `dumps()`
 * (what Gramine v1.9 writes .manifest and .manifest.sgx with; those bytes
 * decide MRENCLAVE). Rules reproduced:
 * - in each table, plain values first, in insertion order, then sub-tables;
 * - an array of tables becomes `[[name]]` sections when any of its tables,
 *   rendered inline with the 4-space indent and a comma, is over 100
 *   characters or spans lines; otherwise an inline array;
 * - arrays are multi-line with a 4-space indent per level and a trailing
 *   comma; inline tables are `{ k = v, ... }`;
 * - basic strings only; `"`, `\` and control characters other than tab are
 *   escaped (\b \n \f \r, else \uXXXX); tab stays raw;
 * - numbers, booleans and dates as Python's str() prints them.
 */
const ARRAY_INDENT = '    ';
const MAX_LINE_LENGTH = 100;
const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const COMPACT = {
    '\b': '\\b',
    '\n': '\\n',
    '\f': '\\f',
    '\r': '\\r',
    '"': '\\"',
    '\\': '\\\\'
};
/** Serialises a table exactly like tomli_w.dumps(). */
function writeToml(table) {
    return [...tableChunks(table, '', false)].join('');
}
function* tableChunks(table, name, insideAot) {
    let yielded = false;
    const literals = [];
    const tables = [];
    for (const [k, v] of table) {
        if (isTable(v))
            tables.push([k, v, false]);
        else if (isAot(v) && !v.every((t) => isSuitableInlineTable(t)))
            for (const t of v)
                tables.push([k, t, true]);
        else
            literals.push([k, v]);
    }
    if (insideAot || (name && (literals.length > 0 || tables.length === 0))) {
        yielded = true;
        yield insideAot ? `[[${name}]]\n` : `[${name}]\n`;
    }
    if (literals.length > 0) {
        yielded = true;
        for (const [k, v] of literals)
            yield `${formatKey(k)} = ${formatLiteral(v, 0)}\n`;
    }
    for (const [k, v, inAot] of tables) {
        if (yielded)
            yield '\n';
        else
            yielded = true;
        const part = formatKey(k);
        yield* tableChunks(v, name ? `${name}.${part}` : part, inAot);
    }
}
function isAot(v) {
    return Array.isArray(v) && v.length > 0 && v.every(isTable);
}
function isSuitableInlineTable(t) {
    const rendered = `${ARRAY_INDENT}${formatInlineTable(t)},`;
    return rendered.length <= MAX_LINE_LENGTH && !rendered.includes('\n');
}
function formatLiteral(v, nest) {
    if (typeof v === 'boolean')
        return v ? 'true' : 'false';
    if (typeof v === 'bigint')
        return v.toString();
    if (typeof v === 'number')
        return pythonFloat(v);
    if (typeof v === 'string')
        return formatString(v);
    if (v instanceof TomlDate)
        return pythonDate(v);
    if (Array.isArray(v))
        return formatInlineArray(v, nest);
    if (isTable(v))
        return formatInlineTable(v);
    throw new EnclaveBuildError('INTERNAL', `cannot write ${typeof v} as TOML`);
}
function formatInlineTable(t) {
    if (t.size === 0)
        return '{}';
    const items = [...t].map(([k, v]) => `${formatKey(k)} = ${formatLiteral(v, 0)}`);
    return `{ ${items.join(', ')} }`;
}
function formatInlineArray(a, nest) {
    if (a.length === 0)
        return '[]';
    const itemIndent = ARRAY_INDENT.repeat(nest + 1);
    const closing = ARRAY_INDENT.repeat(nest);
    const items = a.map((x) => itemIndent + formatLiteral(x, nest + 1));
    return `[\n${items.join(',\n')},\n${closing}]`;
}
function formatKey(k) {
    return BARE_KEY.test(k) ? k : formatString(k);
}
/** A TOML basic string with tomli-w's escapes. */
function formatString(s) {
    let out = '"';
    for (const ch of s) {
        const code = ch.codePointAt(0) ?? 0;
        if (ch in COMPACT)
            out += COMPACT[ch];
        else if ((code < 0x20 && ch !== '\t') || code === 0x7f)
            out += `\\u${code.toString(16).padStart(4, '0')}`;
        else
            out += ch;
    }
    return `${out}"`;
}
/** Python's repr() of a float: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
function pythonFloat(x) {
    if (Number.isNaN(x))
        return 'nan';
    if (x === Infinity)
        return 'inf';
    if (x === -Infinity)
        return '-inf';
    if (x === 0)
        return Object.is(x, -0) ? '-0.0' : '0.0';
    const [mant, expStr] = x.toExponential().split('e');
    const exp = Number(expStr);
    const neg = mant.startsWith('-');
    const digits = mant.replace('-', '').replace('.', '');
    const sign = neg ? '-' : '';
    if (exp < -4 || exp >= 16) {
        const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        const e = Math.abs(exp).toString().padStart(2, '0');
        return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
    }
    if (exp < 0)
        return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    if (digits.length <= exp + 1)
        return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
/** Python's str() of the date/time tomli returns (space separator, +HH:MM offsets). */
function pythonDate(d) {
    const iso = d.toISOString();
    if (d.isDate())
        return iso;
    const m = /^(?:(\d{4}-\d{2}-\d{2})T)?(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
    if (!m)
        throw new EnclaveBuildError('INTERNAL', `unexpected date form ${iso}`);
    const frac = m[3] && Number(m[3]) !== 0 ? `.${m[3].padEnd(6, '0').slice(0, 6)}` : '';
    const time = `${m[2]}${frac}`;
    if (d.isTime())
        return time;
    const offset = m[4] === undefined ? '' : m[4] === 'Z' ? '+00:00' : m[4];
    return `${m[1]} ${time}${offset}`;
}

export { formatString, pythonFloat, writeToml };
