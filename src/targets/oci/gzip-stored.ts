import { crc32 } from 'node:zlib'

/**
 * A gzip member whose deflate stream is only stored blocks: a valid
 * `+gzip` layer every reader inflates, with bytes fixed by the input alone.
 * zlib's compressed output is not (Node's bundled zlib picks its match
 * finder by CPU features, so the same level can give other bytes on
 * another machine, and an image digest must not depend on the runner).
 */
export function gzipStored(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])]
  let off = 0
  do {
    const len = Math.min(0xffff, data.length - off)
    const last = off + len === data.length
    const h = Buffer.alloc(5)
    h[0] = last ? 1 : 0
    h.writeUInt16LE(len, 1)
    h.writeUInt16LE(~len & 0xffff, 3)
    parts.push(h, Buffer.from(data.subarray(off, off + len)))
    off += len
  } while (off < data.length)
  const t = Buffer.alloc(8)
  t.writeUInt32LE(crc32(data) >>> 0, 0)
  t.writeUInt32LE(data.length % 2 ** 32, 4)
  parts.push(t)
  return Buffer.concat(parts)
}
