// Hostile layer tars: the shapes an attacker would hand `aci layer-hash`
// (path traversal, a symlink then a file through it, hard links out of the
// layer, devices, sizes far past the end, PAX records with giant lengths,
// truncations, duplicates). Each is written byte by byte here, so that the
// header fields can hold what no well-behaved writer puts in them. What
// hcsshim v0.15.0 says of each is in hostile.json (see SOURCE.md).

const oct = (n: number, w: number): string =>
  n.toString(8).padStart(w - 1, '0') + '\0'

interface Raw {
  name: string
  type?: string
  size?: number
  /** The 12-byte size field as written (base-256, out of range, ...). */
  sizeField?: Buffer
  link?: string
  devmajor?: number
  devminor?: number
}

/** One ustar header block with a correct checksum. */
function header(h: Raw): Buffer {
  const b = Buffer.alloc(512)
  b.write(h.name.slice(0, 100), 0, 'latin1')
  b.write(oct(0o644, 8), 100)
  b.write(oct(0, 8), 108)
  b.write(oct(0, 8), 116)
  if (h.sizeField) h.sizeField.copy(b, 124)
  else b.write(oct(h.size ?? 0, 12), 124)
  b.write(oct(0, 12), 136)
  b.write(h.type ?? '0', 156, 'latin1')
  b.write((h.link ?? '').slice(0, 100), 157, 'latin1')
  b.write('ustar\0' + '00', 257, 'latin1')
  b.write(oct(h.devmajor ?? 0, 8), 329)
  b.write(oct(h.devminor ?? 0, 8), 337)
  b.fill(0x20, 148, 156)
  let sum = 0
  for (const x of b) sum += x
  b.write(oct(sum, 7) + ' ', 148)
  return b
}

const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512)

/** A header and its data, padded to whole blocks. */
function entry(h: Raw, data = Buffer.alloc(0)): Buffer {
  return Buffer.concat([
    header({ ...h, size: h.size ?? data.length }),
    data,
    pad(data.length)
  ])
}

/** A PAX record with its self-counting length. */
function paxRecord(k: string, v: string): string {
  const body = ` ${k}=${v}\n`
  let n = body.length + 1
  while (String(n).length + body.length !== n)
    n = String(n).length + body.length
  return `${n}${body}`
}

const archive = (...parts: Buffer[]): Buffer =>
  Buffer.concat([...parts, Buffer.alloc(1024)])

const x = Buffer.from('x')
const b256 = (bytes: number[]): Buffer => Buffer.from(bytes)

/** Every hostile layer by name (small: each is a few KiB). */
export function hostileTars(): Record<string, Buffer> {
  const four = archive(entry({ name: 'f' }, Buffer.alloc(4000)))
  const longName = entry(
    { name: '././@LongLink', type: 'L' },
    Buffer.from(`${'a'.repeat(300)}\0`)
  )
  return {
    dotdot: archive(entry({ name: '../../etc/passwd' }, x)),
    absolute: archive(entry({ name: '/etc/passwd' }, x)),
    'pax-path-dotdot': archive(
      entry(
        { name: 'p', type: 'x' },
        Buffer.from(paxRecord('path', '../../../tmp/evil'))
      ),
      entry({ name: 'f' }, x)
    ),
    'symlink-then-file-through-it': archive(
      entry({ name: 'l', type: '2', link: '/etc' }),
      entry({ name: 'l/passwd' }, x)
    ),
    'hardlink-outside': archive(
      entry({ name: 'h', type: '1', link: '../../etc/passwd' })
    ),
    'hardlink-missing': archive(entry({ name: 'h', type: '1', link: 'nope' })),
    'hardlink-to-itself': archive(entry({ name: 'h', type: '1', link: 'h' })),
    'hardlink-to-directory': archive(
      entry({ name: 'd/', type: '5' }),
      entry({ name: 'h', type: '1', link: 'd' })
    ),
    devices: archive(
      entry({ name: 'dev/sda', type: '4', devmajor: 8, devminor: 0 }),
      entry({ name: 'dev/null', type: '3', devmajor: 1, devminor: 3 })
    ),
    'fifo-and-socket-types': archive(
      entry({ name: 'p', type: '6' }),
      entry({ name: 's', type: '7' })
    ),
    'size-8GiB-octal': archive(
      header({ name: 'big', sizeField: Buffer.from('77777777777\0') })
    ),
    'size-2^63-base256': archive(
      header({
        name: 'big',
        sizeField: b256([
          0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
        ])
      })
    ),
    'size-negative-base256': archive(
      header({ name: 'big', sizeField: Buffer.alloc(12, 0xff) })
    ),
    'pax-record-length-99999999999': archive(
      entry({ name: 'p', type: 'x' }, Buffer.from('99999999999 path=x\n')),
      entry({ name: 'f' }, x)
    ),
    'pax-size-2^63-1': archive(
      entry(
        { name: 'p', type: 'x' },
        Buffer.from(paxRecord('size', '9223372036854775807'))
      ),
      entry({ name: 'f' }, x)
    ),
    'pax-header-declares-1GiB': archive(
      header({ name: 'p', type: 'x', size: 2 ** 30 })
    ),
    'truncated-in-header': four.subarray(0, 700),
    'truncated-in-data': four.subarray(0, 2048),
    'duplicate-file': archive(
      entry({ name: 'f' }, Buffer.from('a')),
      entry({ name: 'f' }, Buffer.from('b'))
    ),
    'file-then-directory': archive(
      entry({ name: 'f' }, Buffer.from('a')),
      entry({ name: 'f/', type: '5' })
    ),
    'directory-then-file': archive(
      entry({ name: 'f/', type: '5' }),
      entry({ name: 'f/x' }, Buffer.from('a')),
      entry({ name: 'f' }, Buffer.from('b'))
    ),
    'name-of-300-bytes': archive(longName, entry({ name: 'f' }, x)),
    'path-2000-levels': archive(
      entry({ name: `${Array(2000).fill('a').join('/')}/f` }, x)
    ),
    'whiteout-of-dotdot': archive(entry({ name: '.wh...' })),
    'whiteout-above-root': archive(entry({ name: '../.wh.etc' })),
    'empty-file': Buffer.alloc(0),
    'not-a-tar': Buffer.from('hello world this is not a tar'.repeat(50)),
    'gnu-sparse': archive(entry({ name: 'f', type: 'S' }))
  }
}
