// Deterministic layer tars for the differential test against hcsshim: a
// seeded generator of ustar, PAX and GNU headers (the shapes Docker,
// BuildKit, GNU tar and Go's archive/tar write), covering what tar2ext4
// treats specially: whiteouts, opaque dirs, hard links, long symlinks,
// xattrs that spill into a block, devices, implied parents, re-listed
// directories, PAX times with nanoseconds, GNU long names and atime/ctime.

/** xorshift32: the same bytes on every machine. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1
  const next = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
  return {
    int: (n: number) => next() % n,
    pick: <T>(a: T[]): T => a[next() % a.length],
    bytes: (n: number) => {
      const b = Buffer.alloc(n)
      for (let i = 0; i < n; i++) b[i] = next() & 0xff
      return b
    }
  }
}

interface Hdr {
  name: string
  type: string
  mode?: number
  uid?: number
  gid?: number
  mtime?: number
  link?: string
  data?: Buffer
  devmajor?: number
  devminor?: number
  pax?: Record<string, string>
  gnu?: { atime: number; ctime: number }
  longName?: boolean
}

const oct = (n: number, w: number) => n.toString(8).padStart(w - 1, '0') + '\0'

function rawHeader(h: Hdr, size: number): Buffer {
  const b = Buffer.alloc(512)
  b.write(h.name.slice(0, 100), 0, 'latin1')
  b.write(oct(h.mode ?? 0o644, 8), 100)
  b.write(oct(h.uid ?? 0, 8), 108)
  b.write(oct(h.gid ?? 0, 8), 116)
  b.write(oct(size, 12), 124)
  b.write(oct(h.mtime ?? 0, 12), 136)
  b.write(h.type, 156, 'latin1')
  b.write((h.link ?? '').slice(0, 100), 157, 'latin1')
  if (h.gnu) {
    b.write('ustar  \0', 257, 'latin1')
    b.write(oct(h.gnu.atime, 12), 345)
    b.write(oct(h.gnu.ctime, 12), 357)
  } else {
    b.write('ustar\0' + '00', 257, 'latin1')
  }
  b.write('root', 265)
  b.write('root', 297)
  b.write(oct(h.devmajor ?? 0, 8), 329)
  b.write(oct(h.devminor ?? 0, 8), 337)
  b.fill(0x20, 148, 156)
  let sum = 0
  for (const x of b) sum += x
  b.write(oct(sum, 7) + ' ', 148)
  return b
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512)

function paxBody(rec: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(rec)) {
    const body = ` ${k}=${v}\n`
    let len = Buffer.byteLength(body, 'latin1')
    let total = len + String(len).length
    if (String(total).length !== String(len).length)
      total = len + String(total).length
    len = total
    parts.push(Buffer.from(`${len}${body}`, 'latin1'))
  }
  return Buffer.concat(parts)
}

/** A tar archive of the entries. */
export function tar(entries: Hdr[]): Buffer {
  const out: Buffer[] = []
  for (const h of entries) {
    if (h.pax) {
      const body = paxBody(h.pax)
      out.push(
        rawHeader(
          { name: 'PaxHeaders/x', type: h.type === 'g' ? 'g' : 'x' },
          body.length
        ),
        body,
        pad(body.length)
      )
      if (h.type === 'g') continue
    }
    if (h.longName) {
      const body = Buffer.from(h.name + '\0', 'latin1')
      out.push(
        rawHeader(
          { name: '././@LongLink', type: 'L', gnu: { atime: 0, ctime: 0 } },
          body.length
        ),
        body,
        pad(body.length)
      )
    }
    const data = h.data ?? Buffer.alloc(0)
    out.push(rawHeader(h, data.length), data, pad(data.length))
  }
  out.push(Buffer.alloc(1024))
  return Buffer.concat(out)
}

/** Layer number `seed`: 10 to 60 entries of every kind tar2ext4 handles. */
export function randomLayer(seed: number): Buffer {
  const r = rng(seed * 2654435761)
  const entries: Hdr[] = []
  const dirs = ['']
  const files: string[] = []
  const t0 = 1_600_000_000 + r.int(100_000_000)
  if (r.int(2)) entries.push({ name: './', type: '5', mode: 0o755, mtime: t0 })
  if (r.int(4) === 0)
    entries.push({
      name: 'pax_global_header',
      type: 'g',
      pax: { comment: 'gen' }
    })
  const n = 10 + r.int(50)
  for (let i = 0; i < n; i++) {
    const dir = r.pick(dirs)
    const name = `${dir}${r.pick(['a', 'bin', 'etc', 'lib', 'x', 'usr', 'file', 'data'])}${i}`
    const mtime = t0 + r.int(1000)
    const kind = r.int(20)
    const uid = r.pick([0, 0, 1000, 65534, 3_000_000])
    const pax: Record<string, string> = {}
    if (uid > 2_000_000) pax.uid = String(uid)
    if (r.int(5) === 0) pax.mtime = `${mtime}.${r.int(1_000_000_000)}`
    if (r.int(8) === 0)
      pax['SCHILY.xattr.security.capability'] = r.bytes(20).toString('latin1')
    if (r.int(12) === 0)
      pax['SCHILY.xattr.user.big'] = 'v'.repeat(100 + r.int(300))
    if (r.int(12) === 0) pax['SCHILY.xattr.trusted.t'] = 'z'.repeat(r.int(40))
    const h: Hdr = {
      name,
      type: '0',
      mode: r.pick([0o644, 0o755, 0o600, 0o4755]),
      uid: uid > 2_000_000 ? 0 : uid,
      gid: r.pick([0, 100]),
      mtime
    }
    if (Object.keys(pax).length > 0) h.pax = pax
    if (r.int(10) === 0) h.gnu = { atime: mtime + 5, ctime: mtime + 7 }
    if (kind < 8) {
      h.data = r.bytes(
        r.pick([0, 1, 17, 4095, 4096, 4097, 9000, 70_000, r.int(20_000)])
      )
      files.push(name)
    } else if (kind < 11) {
      h.type = '5'
      h.name = `${name}/`
      h.mode = 0o755
      dirs.push(`${name}/`)
      if (r.int(2)) {
        // a child before its parent: the parent comes in implied, then listed
        entries.push({
          name: `${name}/early${i}`,
          type: '0',
          data: r.bytes(10),
          mtime
        })
      }
    } else if (kind < 13) {
      h.type = '2'
      h.link = r.int(2) ? 'target' : `/${'long/'.repeat(15 + r.int(20))}end`
      if (h.link.length > 100) h.pax = { ...(h.pax ?? {}), linkpath: h.link }
    } else if (kind === 13 && files.length > 0) {
      h.type = '1'
      h.link = r.pick(files)
      delete h.pax
    } else if (kind === 14) {
      h.name = `${dir}.wh.${r.pick(['gone', 'old', 'a1'])}`
    } else if (kind === 15) {
      h.name = `${dir}.wh..wh..opq`
    } else if (kind === 16) {
      h.type = r.pick(['3', '4', '6'])
      h.devmajor = r.int(300)
      h.devminor = r.pick([0, 5, 300, 70000])
    } else if (kind === 17) {
      h.name = `${dir}${'n'.repeat(110 + r.int(100))}${i}`
      if (r.int(2)) h.longName = true
      else h.pax = { ...(h.pax ?? {}), path: h.name }
      h.data = r.bytes(r.int(100))
    } else if (kind === 18 && dirs.length > 1) {
      // a directory listed again: hcsshim reuses its inode with new attributes
      h.type = '5'
      h.name = r.pick(dirs.slice(1))
      h.mode = 0o700
    } else {
      h.name = `${dir}deep${i}/a/b/c${i}`
      h.data = r.bytes(r.int(50))
    }
    if (h.name.startsWith('.wh.') || h.name.includes('/.wh.')) {
      h.type = '0'
      h.data = undefined
      delete h.pax
      h.gnu = undefined
    }
    entries.push(h)
  }
  return tar(entries)
}
