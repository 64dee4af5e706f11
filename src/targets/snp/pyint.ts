/**
 * Integer flags parsed exactly as sev-snp-measure's argparse does: Python's
 * `int(s)` for counts and `int(s, 0)` for values like `0x21`. Accepting the
 * same spellings keeps scripts written for the reference working.
 */

const DIGITS: Record<number, RegExp> = {
  2: /^[01](_?[01])*$/,
  8: /^[0-7](_?[0-7])*$/,
  10: /^[0-9](_?[0-9])*$/,
  16: /^[0-9a-f](_?[0-9a-f])*$/i
}

function digitsValue(digits: string, base: number): bigint {
  const clean = digits.replace(/_/g, '')
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base] ?? ''
  return BigInt(prefix + clean)
}

function sign(s: string): { negative: boolean; body: string } {
  const t = s.trim()
  if (t.startsWith('-')) return { negative: true, body: t.slice(1) }
  if (t.startsWith('+')) return { negative: false, body: t.slice(1) }
  return { negative: false, body: t }
}

/** Python `int(s)`: decimal, optional sign, underscores between digits; undefined if invalid. */
export function parsePyInt(s: string): bigint | undefined {
  const { negative, body } = sign(s)
  if (!DIGITS[10].test(body)) return undefined
  const v = digitsValue(body, 10)
  return negative ? -v : v
}

/**
 * Python `int(s, 0)`: 0x/0o/0b prefixes (an underscore may follow the
 * prefix), decimal without leading zeros except for zero itself.
 */
export function parsePyIntAuto(s: string): bigint | undefined {
  const { negative, body } = sign(s)
  const m = /^0([xob])_?(.*)$/i.exec(body)
  let v: bigint
  if (m) {
    const base = { x: 16, o: 8, b: 2 }[m[1].toLowerCase() as 'x' | 'o' | 'b']
    if (!DIGITS[base].test(m[2])) return undefined
    v = digitsValue(m[2], base)
  } else {
    if (!DIGITS[10].test(body)) return undefined
    // A leading zero is allowed only when every digit is zero ("0", "00", "0_0").
    if (/^0/.test(body) && /[1-9]/.test(body)) return undefined
    v = digitsValue(body, 10)
  }
  return negative ? -v : v
}
