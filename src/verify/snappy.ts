/**
 * Decodes a raw Snappy block (github.com/google/snappy format_description).
 * GitHub serves attestation bundles at `bundle_url` Snappy-compressed; this
 * is the whole decoder, so no native dependency is needed. Returns undefined
 * on any malformed input instead of throwing.
 */
export function snappyDecode(input: Uint8Array): Buffer | undefined {
  let pos = 0
  // Preamble: the uncompressed length as a little-endian varint.
  let length = 0
  for (let shift = 0; ; shift += 7) {
    if (pos >= input.length || shift > 28) return undefined
    const byte = input[pos++]
    length += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) break
  }
  // A Snappy block expands at most ~6x per input byte; refuse absurd claims.
  if (length > input.length * 64 + 64) return undefined
  const out = Buffer.alloc(length)
  let o = 0
  while (pos < input.length) {
    const tag = input[pos++]
    const kind = tag & 3
    if (kind === 0) {
      let len = tag >> 2
      if (len >= 60) {
        const n = len - 59
        if (pos + n > input.length) return undefined
        len = 0
        for (let i = 0; i < n; i++) len += input[pos + i] * 2 ** (8 * i)
        pos += n
      }
      len += 1
      if (pos + len > input.length || o + len > length) return undefined
      out.set(input.subarray(pos, pos + len), o)
      pos += len
      o += len
      continue
    }
    let len: number
    let offset: number
    if (kind === 1) {
      if (pos + 1 > input.length) return undefined
      len = ((tag >> 2) & 7) + 4
      offset = ((tag >> 5) << 8) | input[pos]
      pos += 1
    } else {
      const n = kind === 2 ? 2 : 4
      if (pos + n > input.length) return undefined
      len = (tag >> 2) + 1
      offset = 0
      for (let i = 0; i < n; i++) offset += input[pos + i] * 2 ** (8 * i)
      pos += n
    }
    if (offset === 0 || offset > o || o + len > length) return undefined
    // Copies may overlap their source (run-length style): byte by byte.
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]
  }
  return o === length ? out : undefined
}
