/**
 * Python's slicing and int.from_bytes, for following sev-snp-measure (a
 * Python tool) where it indexes with unchecked sizes read from an image.
 */

/**
 * Python slice semantics (`a[start:end]`, negative indices counted from the
 * end, then clamped): the reference indexes with unchecked sizes read from
 * the image, and must be followed even when those are nonsense.
 */
export function pySlice(
  a: Uint8Array,
  start: number,
  end = a.length
): Uint8Array {
  const norm = (i: number): number =>
    i < 0 ? Math.max(0, a.length + i) : Math.min(i, a.length)
  const s = norm(start)
  const e = norm(end)
  return e > s ? a.subarray(s, e) : a.subarray(0, 0)
}

/** Little-endian unsigned value of up to 4 bytes (fewer bytes read as less, like int.from_bytes). */
export function leUint(bytes: Uint8Array, count = 4): number {
  let v = 0
  const n = Math.min(count, bytes.length)
  for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[i]
  return v
}
