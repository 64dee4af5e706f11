/** Printable ASCII runs of at least `min` bytes, like strings(1). */
export function printableStrings(data: Uint8Array, min = 8): Set<string> {
  const out = new Set<string>()
  let start = -1
  for (let i = 0; i <= data.length; i++) {
    const c = i < data.length ? data[i] : 0
    const printable = c >= 0x20 && c < 0x7f
    if (printable && start < 0) start = i
    else if (!printable && start >= 0) {
      if (i - start >= min)
        out.add(Buffer.from(data.subarray(start, i)).toString('latin1'))
      start = -1
    }
  }
  return out
}

/**
 * Strings found in one binary and not the other: for a build that depends
 * on where it ran this usually shows the path itself.
 */
export function distinctStrings(
  a: Uint8Array,
  b: Uint8Array,
  prefer: string[] = [],
  max = 5
): { first: string[]; second: string[] } {
  const sa = printableStrings(a)
  const sb = printableStrings(b)
  // strings that mention a known build path are the likely culprits
  const rank = (s: string): number =>
    prefer.some((p) => p !== '' && s.includes(p)) ? 0 : 1
  const only = (x: Set<string>, y: Set<string>): string[] =>
    [...x]
      .filter((s) => !y.has(s))
      .sort((p, q) => rank(p) - rank(q))
      .slice(0, max)
  return { first: only(sa, sb), second: only(sb, sa) }
}
