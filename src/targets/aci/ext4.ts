import { EnclaveBuildError } from '../../errors.js'
import {
  writeTables,
  type Ext4Inode as Inode,
  type RawIO
} from './ext4-tables.js'

/**
 * A compact, read-only ext4 image writer that lays out every byte as
 * hcsshim's ext4/internal/compactext4 does (what Azure's tar2ext4 and
 * dmverity-vhd use), so the dm-verity root hash over it matches theirs:
 * same inode numbering, block order, extents, xattr packing, directory
 * entry order, group count and superblock. Inline data is never enabled
 * (ConvertAndComputeRootDigest does not ask for it). Why this file is long:
 * it is one writer with one layout (prettier spreads the inode literals);
 * splitting it would scatter the offsets that must agree.
 */

export const BLOCK = 4096
const BLOCKS_PER_GROUP = BLOCK * 8
const INODE_SIZE = 256
const INODE_FIRST = 11
const INODE_USED = 152
const INODE_EXTRA = INODE_SIZE - INODE_USED
const GROUPS_PER_GD_BLOCK = BLOCK / 32
const MAX_FILE_SIZE = 128n * 2n ** 30n
const SMALL_SYMLINK = 59
const MAX_BLOCKS_PER_EXTENT = 0x8000
const MAX_LINKS = 65000
export const S_IFIFO = 0x1000
export const S_IFCHR = 0x2000
export const S_IFDIR = 0x4000
export const S_IFBLK = 0x6000
export const S_IFREG = 0x8000
export const S_IFLNK = 0xa000
const S_IFSOCK = 0xc000
export const TYPE_MASK = 0xf000
const FLAG_HUGE_FILE = 0x40000
const FLAG_EXTENTS = 0x80000
const XATTR_MAGIC = 0xea020000

/** A file to add, as compactext4.File (times as 64-bit ext4 "fs times"). */
export interface Ext4File {
  linkname: string
  size: bigint
  mode: number
  uid: number
  gid: number
  atime: bigint
  ctime: bigint
  mtime: bigint
  crtime: bigint
  devmajor: number
  devminor: number
  /** Name → value, both byte strings (latin1). */
  xattrs: Map<string, string>
}

const fail = (msg: string): never => {
  throw new EnclaveBuildError(
    'INPUT_INVALID',
    `tar2ext4 refuses this layer: ${msg}`
  )
}

/** Go's time → ext4 time (compactext4 timeToFsTime); `null` is Go's zero time. */
export function fsTime(t: [bigint, number] | null): bigint {
  if (t === null) return 0n
  const [s, ns] = t
  if (s < -0x80000000n) return 0x80000000n
  if (s > 0x37fffffffn) return 0x37fffffffn
  return BigInt.asUintN(64, s) | (BigInt(ns) << 34n)
}

/** compactext4 fsTimeToTime then timeToFsTime: what a Stat/Create round trip keeps. */
function fsTimeRoundTrip(t: bigint): bigint {
  if (t === 0n) return 0n
  let s = t & 0x3ffffffffn
  if (s > 0x7fffffffn && s < 0x100000000n) s = BigInt.asIntN(32, s)
  return fsTime([s, Number(t >> 34n)])
}

const XATTR_PREFIXES: [number, string][] = [
  [2, 'system.posix_acl_access'],
  [3, 'system.posix_acl_default'],
  [8, 'system.richacl'],
  [7, 'system.'],
  [1, 'user.'],
  [4, 'trusted.'],
  [6, 'security.']
]

interface Xattr {
  name: string
  index: number
  value: Buffer
}

const entryLen = (x: Xattr): number => ((x.name.length + 3) & ~3) + 16
const valueLen = (x: Xattr): number => (x.value.length + 3) & ~3

function hashXattr(name: string, value: Buffer): number {
  let h = 0
  for (let i = 0; i < name.length; i++)
    h = ((h << 5) ^ (h >>> 27) ^ name.charCodeAt(i)) >>> 0
  const words = Buffer.alloc((value.length + 3) & ~3)
  value.copy(words)
  for (let i = 0; i < words.length; i += 4)
    h = ((h << 16) ^ (h >>> 16) ^ words.readUInt32LE(i)) >>> 0
  return h
}

function putXattrs(xattrs: Xattr[], b: Buffer, offsetDelta: number): void {
  let offset = (b.length + offsetDelta) & 0xffff
  let e = 0
  let d = b.length
  for (const x of xattrs) {
    const vl = valueLen(x)
    offset = (offset - vl) & 0xffff
    b[e] = x.name.length & 0xff
    b[e + 1] = x.index
    b.writeUInt16LE(offset, e + 2)
    b.writeUInt32LE(x.value.length, e + 8)
    b.writeUInt32LE(hashXattr(x.name, x.value), e + 12)
    b.write(x.name, e + 16, 'latin1')
    e += entryLen(x)
    x.value.copy(b, d - vl)
    d -= vl
  }
}

function getXattrs(
  b: Buffer,
  out: Map<string, string>,
  offsetDelta: number
): void {
  let e = 0
  while (e < b.length) {
    const nameLen = b[e]
    if (nameLen === 0) break
    const index = b[e + 1]
    const offset = (b.readUInt16LE(e + 2) - offsetDelta) & 0xffff
    const len = b.readUInt32LE(e + 8)
    const name = b.toString('latin1', e + 16, e + 16 + nameLen)
    const prefix = XATTR_PREFIXES.find(([i]) => i === index)?.[1] ?? ''
    out.set(prefix + name, b.toString('latin1', offset, offset + len))
    e += ((nameLen + 3) & ~3) + 16
  }
}

/** Go's sort.Slice on at most 12 items is this insertion sort; the block xattr comparator is not a strict order, so the algorithm matters. */
function goInsertionSort<T>(a: T[], less: (x: T, y: T) => boolean): void {
  if (a.length > 12)
    fail(
      'more than 12 extended attributes spill into one xattr block (not reproduced)'
    )
  for (let i = 1; i < a.length; i++)
    for (let j = i; j > 0 && less(a[j], a[j - 1]); j--)
      [a[j], a[j - 1]] = [a[j - 1], a[j]]
}

/** Go path.Clean of a rooted path, then without the leading "/". */
export function cleanRooted(name: string): string {
  const out: string[] = []
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') out.pop()
    else out.push(part)
  }
  return out.join('/')
}

function splitDir(p: string): [string, string] {
  const i = p.lastIndexOf('/')
  return [p.slice(0, i + 1), p.slice(i + 1)]
}

function splitFirst(p: string): [string, string] {
  const n = p.indexOf('/')
  return n >= 0 ? [p.slice(0, n), p.slice(n + 1)] : [p, '']
}

/** The writer: the same calls, in the same order, as compactext4.Writer. */
export class Ext4Writer {
  private buf = Buffer.alloc(1 << 20)
  private len = 0
  private pos = 0
  private inodes: (Inode | null)[] = []
  private cur: Inode | null = null
  private dataWritten = 0n
  private dataMax = 0n
  private initialized = false
  private gdBlocks = 0

  constructor(private readonly maxDiskSize: bigint) {}

  private ensure(end: number): void {
    if (BigInt(end) > this.maxDiskSize)
      fail(`disk exceeded maximum size of ${this.maxDiskSize} bytes`)
    if (end > this.buf.length) {
      let n = this.buf.length
      while (n < end) n *= 2
      const b = Buffer.alloc(n)
      this.buf.copy(b, 0, 0, this.len)
      this.buf = b
    }
    if (end > this.len) this.len = end
  }

  private write(b: Uint8Array): void {
    this.ensure(this.pos + b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  private zero(n: number): void {
    this.ensure(this.pos + n)
    this.buf.fill(0, this.pos, this.pos + n)
    this.pos += n
  }

  private block(): number {
    return Math.floor(this.pos / BLOCK)
  }

  private seekBlock(b: number): void {
    this.pos = b * BLOCK
  }

  private getInode(i: number): Inode | null {
    return i === 0 || i > this.inodes.length ? null : this.inodes[i - 1]
  }

  private root(): Inode {
    return this.getInode(2) as Inode
  }

  private findPath(root: Inode, p: string): Inode | null {
    let node: Inode | null | undefined = root
    while (node && p.length !== 0) {
      const [name, rest] = splitFirst(p)
      p = rest
      node = node.children?.get(name)
    }
    return node ?? null
  }

  private writeXattrs(node: Inode, inline: Xattr[], block: Xattr[]): void {
    if (inline.length !== 0) {
      node.xattrInline = Buffer.alloc(INODE_EXTRA)
      node.xattrInline.writeUInt32LE(XATTR_MAGIC, 0)
      putXattrs(inline, node.xattrInline.subarray(4), 0)
    }
    if (block.length !== 0 || node.xattrBlock !== 0) {
      goInsertionSort(
        block,
        (a, b) =>
          a.index < b.index || a.name.length < b.name.length || a.name < b.name
      )
      const b = Buffer.alloc(BLOCK)
      b.writeUInt32LE(XATTR_MAGIC, 0)
      b.writeUInt32LE(1, 4)
      b.writeUInt32LE(1, 8)
      putXattrs(block, b.subarray(32), 32)
      const orig = this.block()
      if (node.xattrBlock === 0) {
        node.xattrBlock = orig
        node.blockCount++
        this.write(b)
      } else {
        this.seekBlock(node.xattrBlock)
        this.write(b)
        this.seekBlock(orig)
      }
    }
  }

  private makeInode(f: Ext4File, reuse: Inode | null): Inode {
    let mode = f.mode & 0xffff
    if ((mode & TYPE_MASK) === 0) mode |= S_IFREG
    const typ = mode & TYPE_MASK
    let node: Inode
    if (reuse === null) {
      node = {
        number: this.inodes.length + 1,
        size: 0n,
        atime: 0n,
        ctime: 0n,
        mtime: 0n,
        crtime: 0n,
        mode: 0,
        uid: 0,
        gid: 0,
        linkCount: 0,
        xattrBlock: 0,
        blockCount: 0,
        devmajor: 0,
        devminor: 0,
        flags: 0,
        data: null,
        xattrInline: null,
        children: null
      }
      if (typ === S_IFDIR) {
        node.children = new Map()
        node.linkCount = 1
      }
    } else {
      if ((reuse.flags & FLAG_EXTENTS) !== 0)
        fail('cannot overwrite file with non-inline data')
      node = reuse
    }
    node.mode = mode
    node.uid = f.uid
    node.gid = f.gid
    node.flags = FLAG_HUGE_FILE
    node.atime = f.atime
    node.ctime = f.ctime
    node.mtime = f.mtime
    node.crtime = f.crtime
    node.devmajor = f.devmajor
    node.devminor = f.devminor
    node.data = null
    const existing = new Map<string, string>()
    if (node.xattrInline && node.xattrInline.length > 0)
      getXattrs(node.xattrInline.subarray(4), existing, 0)
    node.xattrInline = null
    let inodeLeft = INODE_EXTRA - 8
    let blockLeft = BLOCK - 36
    const inline: Xattr[] = []
    const block: Xattr[] = []
    let size = 0n
    if (typ === S_IFREG) {
      size = f.size
      if (f.size > MAX_FILE_SIZE)
        fail(`file too big: ${f.size} > ${MAX_FILE_SIZE}`)
    } else if (typ === S_IFLNK) {
      node.mode |= 0o777
      size = BigInt(Buffer.byteLength(f.linkname, 'latin1'))
      if (size <= SMALL_SYMLINK) node.data = Buffer.from(f.linkname, 'latin1')
    } else if (![S_IFDIR, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK].includes(typ))
      fail(`invalid mode ${mode.toString(8)}`)
    for (const [k, v] of existing) if (!f.xattrs.has(k)) f.xattrs.set(k, v)
    for (const full of [...f.xattrs.keys()].sort()) {
      const [index, prefix] = XATTR_PREFIXES.find(([, p]) =>
        full.startsWith(p)
      ) ?? [0, '']
      const x: Xattr = {
        name: full.slice(prefix.length),
        index,
        value: Buffer.from(f.xattrs.get(full) ?? '', 'latin1')
      }
      const l = entryLen(x) + valueLen(x)
      if (inodeLeft >= l) {
        inline.push(x)
        inodeLeft -= l
      } else if (blockLeft >= l) {
        block.push(x)
        blockLeft -= l
      } else fail(`could not fit xattr ${full}`)
    }
    this.writeXattrs(node, inline, block)
    node.size = size
    if (typ === S_IFLNK && size > SMALL_SYMLINK) {
      this.startInode(node, size)
      this.writeData(Buffer.from(f.linkname, 'latin1'))
      this.finishInode()
    }
    if (node.number - 1 >= this.inodes.length) this.inodes.push(node)
    return node
  }

  private lookup(
    name: string,
    mustExist: boolean
  ): [Inode, Inode | null, string] {
    const root = this.root()
    const clean = cleanRooted(name)
    if (clean.length === 0) return [root, root, '']
    const [dirname, child] = splitDir(clean)
    if (child.length === 0 || child.length > 0xff) fail(`${name}: invalid name`)
    const dir = this.findPath(root, dirname)
    if (dir === null || (dir.mode & TYPE_MASK) !== S_IFDIR)
      fail(`${name}: path not found`)
    const c = (dir as Inode).children?.get(child) ?? null
    if (c === null && mustExist) fail(`${name}: file not found`)
    return [dir as Inode, c, child]
  }

  /** compactext4 MakeParents: missing parents copy their parent's attributes. */
  makeParents(name: string): void {
    this.finishInode()
    let [parents] = splitDir(cleanRooted(name))
    let current = ''
    let node = this.root()
    while (parents !== '') {
      let dirname: string
      ;[dirname, parents] = splitFirst(parents)
      current += `/${dirname}`
      if (!node.children?.has(dirname)) {
        this.create(current, {
          mode: node.mode,
          atime: fsTimeRoundTrip(node.atime),
          mtime: fsTimeRoundTrip(node.mtime),
          ctime: fsTimeRoundTrip(node.ctime),
          crtime: fsTimeRoundTrip(node.crtime),
          size: 0n,
          uid: node.uid,
          gid: node.gid,
          devmajor: node.devmajor,
          devminor: node.devminor,
          xattrs: new Map(),
          linkname: ''
        })
      }
      node = node.children?.get(dirname) as Inode
    }
  }

  /** compactext4 Create; a regular file's data follows with {@link writeData}. */
  create(name: string, f: Ext4File): void {
    this.finishInode()
    const [dir, existing, childname] = this.lookup(name, false)
    let reuse: Inode | null = null
    const fdir = (f.mode & TYPE_MASK) === S_IFDIR
    if (existing !== null) {
      if ((existing.mode & TYPE_MASK) === S_IFDIR) {
        if (!fdir) fail(`${name}: cannot replace a directory with a file`)
        reuse = existing
      } else if (fdir) fail(`${name}: cannot replace a file with a directory`)
      else if (existing.linkCount < 2) reuse = existing
    } else if (fdir && dir.linkCount >= MAX_LINKS)
      fail(`${name}: exceeded parent directory maximum link count`)
    const child = this.makeInode(f, reuse)
    if (existing !== child) {
      if (existing !== null) existing.linkCount--
      dir.children?.set(childname, child)
      child.linkCount++
      if ((child.mode & TYPE_MASK) === S_IFDIR) dir.linkCount++
    }
    if ((child.mode & TYPE_MASK) === S_IFREG) this.startInode(child, f.size)
  }

  /** compactext4 Link (a hard link; to a symlink itself, as containerd does). */
  link(oldname: string, newname: string): void {
    this.finishInode()
    const [newdir, existing, newchild] = this.lookup(newname, false)
    if (
      existing !== null &&
      ((existing.mode & TYPE_MASK) === S_IFDIR || existing.linkCount < 2)
    )
      fail(`${newname}: cannot orphan existing file or directory`)
    const old = this.lookup(oldname, true)[1] as Inode
    if ((old.mode & TYPE_MASK) === S_IFDIR)
      fail(`${newname}: link target cannot be a directory: ${oldname}`)
    if (existing !== old && old.linkCount >= MAX_LINKS)
      fail(`${newname}: link target would exceed maximum link count`)
    if (existing !== null) existing.linkCount--
    old.linkCount++
    newdir.children?.set(newchild, old)
  }

  /** compactext4 Stat: the attributes a later Create of the same path starts from. */
  stat(name: string): Ext4File {
    this.finishInode()
    const node = this.lookup(name, true)[1] as Inode
    const xattrs = new Map<string, string>()
    if (node.xattrBlock !== 0)
      getXattrs(
        this.buf.subarray(
          node.xattrBlock * BLOCK + 32,
          (node.xattrBlock + 1) * BLOCK
        ),
        xattrs,
        32
      )
    if (node.xattrInline && node.xattrInline.length !== 0) {
      getXattrs(node.xattrInline.subarray(4), xattrs, 0)
      xattrs.delete('system.data')
    }
    if ((node.mode & TYPE_MASK) === S_IFLNK && node.size > SMALL_SYMLINK)
      fail(`${name}: cannot retrieve link information`)
    return {
      size: node.size,
      mode: node.mode,
      uid: node.uid,
      gid: node.gid,
      atime: fsTimeRoundTrip(node.atime),
      ctime: fsTimeRoundTrip(node.ctime),
      mtime: fsTimeRoundTrip(node.mtime),
      crtime: fsTimeRoundTrip(node.crtime),
      devmajor: node.devmajor,
      devminor: node.devminor,
      xattrs,
      linkname:
        (node.mode & TYPE_MASK) === S_IFLNK
          ? (node.data?.toString('latin1') ?? '')
          : ''
    }
  }

  /** Data of the regular file (or directory) in progress. */
  writeData(b: Uint8Array): void {
    if (b.length === 0) return
    if (this.dataWritten + BigInt(b.length) > this.dataMax)
      fail('wrote too much')
    this.write(b)
    this.dataWritten += BigInt(b.length)
  }

  private startInode(node: Inode, size: bigint): void {
    if (this.cur !== null)
      throw new EnclaveBuildError('INTERNAL', 'ext4: inode already in progress')
    this.cur = node
    this.dataWritten = 0n
    this.dataMax = size
  }

  private nextBlock(): void {
    if (this.pos % BLOCK !== 0) this.zero(BLOCK - (this.pos % BLOCK))
  }

  private writeExtents(node: Inode): void {
    const start = this.pos - Number(this.dataWritten)
    this.nextBlock()
    const startBlock = start / BLOCK
    const blocks = this.block() - startBlock
    let used = blocks
    const perBlock = Math.floor(BLOCK / 12) - 1
    const extents = Math.floor(
      (blocks + MAX_BLOCKS_PER_EXTENT - 1) / MAX_BLOCKS_PER_EXTENT
    )
    const fill = (
      b: Buffer,
      at: number,
      n: number,
      max: number,
      sb: number,
      offset: number
    ): void => {
      b.writeUInt16LE(0xf30a, at)
      b.writeUInt16LE(n, at + 2)
      b.writeUInt16LE(max, at + 4)
      for (let i = 0; i < n; i++) {
        const blk = offset + i * MAX_BLOCKS_PER_EXTENT
        const length = Math.min(blocks - blk, MAX_BLOCKS_PER_EXTENT)
        const e = at + 12 + i * 12
        b.writeUInt32LE(blk >>> 0, e)
        b.writeUInt16LE(length & 0xffff, e + 4)
        b.writeUInt32LE((sb + blk) >>> 0, e + 8)
      }
    }
    const data = Buffer.alloc(60)
    if (extents === 0) node.data = Buffer.alloc(0)
    else if (extents <= 4) {
      fill(data, 0, extents, 4, startBlock, 0)
      node.data = data
    } else if (extents <= 4 * perBlock) {
      const extentBlocks = Math.floor(extents / perBlock) + 1
      used += extentBlocks
      data.writeUInt16LE(0xf30a, 0)
      data.writeUInt16LE(extentBlocks, 2)
      data.writeUInt16LE(4, 4)
      data.writeUInt16LE(1, 6)
      for (let i = 0; i < extentBlocks; i++) {
        data.writeUInt32LE(
          (i * perBlock * MAX_BLOCKS_PER_EXTENT) >>> 0,
          12 + i * 12
        )
        data.writeUInt32LE(this.block(), 12 + i * 12 + 4)
        // hcsshim subtracts i*extentBlocks here (not i*perBlock): kept as is
        const inBlock = Math.min(extents - i * extentBlocks, perBlock)
        const offset = i * perBlock * MAX_BLOCKS_PER_EXTENT
        const nb = Buffer.alloc(BLOCK)
        fill(nb, 0, inBlock, perBlock, startBlock + offset, offset)
        this.write(nb)
      }
      node.data = data
    } else fail('file too big')
    node.flags |= FLAG_EXTENTS
    node.blockCount += used
  }

  private finishInode(): void {
    if (!this.initialized) this.init()
    if (this.cur === null) return
    if (this.dataWritten !== this.dataMax)
      fail(
        `did not write the right amount: ${this.dataWritten} != ${this.dataMax}`
      )
    if (this.dataMax !== 0n) this.writeExtents(this.cur)
    this.dataWritten = 0n
    this.dataMax = 0n
    this.cur = null
  }

  private init(): void {
    this.initialized = true
    this.inodes = [null]
    const root = this.makeInode(dirFile(0o755), null)
    root.linkCount++
    while (this.inodes.length < INODE_FIRST - 1) this.inodes.push(null)
    const maxBlocks = (this.maxDiskSize - 1n) / BigInt(BLOCK) + 1n
    const maxGroups = (maxBlocks - 1n) / BigInt(BLOCKS_PER_GROUP) + 1n
    this.gdBlocks = Number((maxGroups - 1n) / BigInt(GROUPS_PER_GD_BLOCK) + 1n)
    this.seekBlock(1 + this.gdBlocks)
    this.create('lost+found', dirFile(0o700))
  }

  /** Writes directories, inode table, bitmaps, descriptors and superblock; returns the image. */
  close(): Buffer {
    this.finishInode()
    const root = this.root()
    this.writeDirectoryRecursive(root, root)
    this.finishInode()
    return writeTables(this.io, this.inodes, this.block(), this.gdBlocks)
  }

  private writeDirectory(dir: Inode, parent: Inode): void {
    this.finishInode()
    this.startInode(dir, 0x7fffffffffffffffn)
    let left = BLOCK
    const finishBlock = (): void => {
      if (left > 0) {
        const e = Buffer.alloc(8)
        e.writeUInt16LE(left, 4)
        this.writeData(e)
        left -= 8
        this.writeData(Buffer.alloc(left))
      }
      left = BLOCK
    }
    const entry = (ino: number, name: string): void => {
      const rlb = 8 + name.length
      const rl = (rlb + 3) & ~3
      if (left < rl + 12) finishBlock()
      const e = Buffer.alloc(rl)
      e.writeUInt32LE(ino, 0)
      e.writeUInt16LE(rl, 4)
      e[6] = name.length
      e[7] = fileType((this.getInode(ino) as Inode).mode)
      e.write(name, 8, 'latin1')
      this.writeData(e)
      left -= rl
    }
    entry(dir.number, '.')
    entry(parent.number, '..')
    for (const [name, child] of sortedChildren(dir)) entry(child.number, name)
    finishBlock()
    ;(this.cur as Inode).size = this.dataWritten
    this.dataMax = this.dataWritten
  }

  private writeDirectoryRecursive(dir: Inode, parent: Inode): void {
    this.writeDirectory(dir, parent)
    for (const [, child] of sortedChildren(dir))
      if ((child.mode & TYPE_MASK) === S_IFDIR)
        this.writeDirectoryRecursive(child, dir)
  }

  /** Raw access for the table writer (ext4-tables.ts). */
  get io(): RawIO {
    return {
      write: (b: Uint8Array) => this.write(b),
      zero: (n: number) => this.zero(n),
      block: () => this.block(),
      seekBlock: (b: number) => this.seekBlock(b),
      image: () => this.buf.subarray(0, this.len)
    }
  }
}

function dirFile(perm: number): Ext4File {
  return blankFile(S_IFDIR | perm)
}

/** A file record with `mode` and nothing else: no size, owner, times or xattrs. */
export function blankFile(mode: number): Ext4File {
  return {
    mode,
    linkname: '',
    size: 0n,
    uid: 0,
    gid: 0,
    atime: 0n,
    ctime: 0n,
    mtime: 0n,
    crtime: 0n,
    devmajor: 0,
    devminor: 0,
    xattrs: new Map()
  }
}

function fileType(mode: number): number {
  switch (mode & TYPE_MASK) {
    case S_IFREG:
      return 1
    case S_IFDIR:
      return 2
    case S_IFCHR:
      return 3
    case S_IFBLK:
      return 4
    case S_IFIFO:
      return 5
    case S_IFSOCK:
      return 6
    case S_IFLNK:
      return 7
    default:
      return 0
  }
}

/** Children by inode number, then name (bytes): e2fsck's order, as hcsshim sorts. */
function sortedChildren(dir: Inode): [string, Inode][] {
  return [...(dir.children ?? new Map<string, Inode>()).entries()].sort(
    ([a, x], [b, y]) =>
      x.number !== y.number ? x.number - y.number : a < b ? -1 : a > b ? 1 : 0
  )
}
