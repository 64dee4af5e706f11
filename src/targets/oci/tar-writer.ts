/**
 * A deterministic POSIX ustar writer for image layers: every header field
 * fixed by the caller (uid/gid 0, no user or group names, one mtime), so the
 * same files give the same bytes on any machine. Paths longer than ustar's
 * 100 bytes are split into prefix/name; longer ones are refused.
 */
import { EnclaveBuildError } from '../../errors.js'

/** One entry of a layer. */
export interface LayerEntry {
  /** Path inside the image, without a leading "/"; directories end in "/". */
  path: string
  mode: number
  data?: Uint8Array
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0'
}

function header(e: LayerEntry, mtime: number): Buffer {
  const b = Buffer.alloc(512)
  let name = e.path
  let prefix = ''
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2)
    prefix = name.slice(0, cut)
    name = name.slice(cut + 1)
    if (
      cut <= 0 ||
      Buffer.byteLength(name) > 100 ||
      Buffer.byteLength(prefix) > 155
    )
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `path ${e.path} is too long for a ustar layer`
      )
  }
  const dir = e.path.endsWith('/')
  b.write(name, 0)
  b.write(octal(e.mode & 0o7777, 8), 100)
  b.write(octal(0, 8), 108)
  b.write(octal(0, 8), 116)
  b.write(octal(dir ? 0 : (e.data?.length ?? 0), 12), 124)
  b.write(octal(mtime, 12), 136)
  b.write(dir ? '5' : '0', 156)
  b.write('ustar\0' + '00', 257, 'latin1')
  b.write(octal(0, 8), 329)
  b.write(octal(0, 8), 337)
  b.write(prefix, 345)
  b.fill(0x20, 148, 156)
  let sum = 0
  for (const x of b) sum += x
  b.write(octal(sum, 7) + ' ', 148)
  return b
}

/** The layer tar of `entries`, in the order given, ending in two zero blocks. */
export function writeLayerTar(entries: LayerEntry[], mtime: number): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    parts.push(header(e, mtime))
    if (!e.path.endsWith('/') && e.data && e.data.length > 0) {
      parts.push(Buffer.from(e.data))
      parts.push(Buffer.alloc((512 - (e.data.length % 512)) % 512))
    }
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}
