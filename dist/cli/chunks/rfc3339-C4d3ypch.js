import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * RFC 3339 date-times (section 5.6), strictly: `Date.parse` takes "June 25
 * 2025", a bare date, `T24:00:00` and rolls 2025-02-30 over to March 2, so
 * a time a user mistyped became another time without a word.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
function daysIn(year, month) {
    if (month === 2)
        return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
/** Why `value` is not an RFC 3339 date-time, or undefined when it is one. */
function rfc3339Problem(value) {
    const m = RFC3339.exec(value);
    if (m === null)
        return 'is not an RFC 3339 date-time';
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    if (month < 1 || month > 12)
        return `has month ${m[2]}`;
    if (day < 1 || day > daysIn(year, month))
        return `has day ${m[3]}, and ${m[1]}-${m[2]} has ${daysIn(year, month)} days`;
    if (hour > 23)
        return `has hour ${m[4]} (00 to 23)`;
    if (minute > 59)
        return `has minute ${m[5]}`;
    // a leap second (:60) cannot be told apart from the next second here
    if (second > 59)
        return `has second ${m[6]} (00 to 59)`;
    if (m[8] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59))
        return `has the offset ${m[8]}${m[9]}:${m[10]}`;
    return undefined;
}
/**
 * What is wrong with a flag's date-time value, with what to give instead,
 * or undefined when it is one (a `check` of the command line's flags).
 */
function rfc3339Check(value) {
    const problem = rfc3339Problem(value);
    return problem === undefined
        ? undefined
        : `${problem}; give an RFC 3339 date-time such as 2025-06-25T12:00:00Z`;
}
/**
 * The instant of an RFC 3339 date-time, or INPUT_INVALID naming `what` and
 * saying what is wrong with it.
 */
function parseRfc3339(value, what) {
    const problem = rfc3339Check(value);
    if (problem !== undefined)
        throw new EnclaveBuildError('INPUT_INVALID', `${what} "${value}" ${problem}`);
    return new Date(value);
}

export { parseRfc3339 as p, rfc3339Check as r };
