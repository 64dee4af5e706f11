/**
 * The tail of a compactext4 image, written once every file and directory
 * is down: the inode table, one block and one inode bitmap per group, the
 * group descriptors and the superblock, with hcsshim's group sizing
 * (bestGroupCount) and feature flags, field by field.
 */

const BLOCK = 4096
const BLOCKS_PER_GROUP = BLOCK * 8
const INODE_SIZE = 256
const INODE_USED = 152
const INODE_EXTRA = INODE_SIZE - INODE_USED
const INODE_FIRST = 11
const MAX_INODES_PER_GROUP = BLOCK * 8
const INODES_PER_GROUP_STEP = BLOCK / INODE_SIZE
const GROUPS_PER_GD_BLOCK = BLOCK / 32
const S_IFDIR = 0x4000
const S_IFREG = 0x8000
const S_IFLNK = 0xa000
const S_IFCHR = 0x2000
const S_IFBLK = 0x6000
const TYPE_MASK = 0xf000

/** An inode as the writer keeps it (compactext4's inode struct). */
export interface Ext4Inode {
  number: number
  size: bigint
  atime: bigint
  ctime: bigint
  mtime: bigint
  crtime: bigint
  mode: number
  uid: number
  gid: number
  linkCount: number
  xattrBlock: number
  blockCount: number
  devmajor: number
  devminor: number
  flags: number
  data: Buffer | null
  xattrInline: Buffer | null
  children: Map<string, Ext4Inode> | null
}

/** The writer's raw output operations. */
export interface RawIO {
  write: (b: Uint8Array) => void
  zero: (n: number) => void
  block: () => number
  seekBlock: (b: number) => void
  image: () => Buffer
}

function inodeBytes(n: Ext4Inode): Buffer {
  const b = Buffer.alloc(INODE_SIZE)
  const lo = (t: bigint): number => Number(t & 0xffffffffn)
  const hi = (t: bigint): number => Number((t >> 32n) & 0xffffffffn)
  b.writeUInt16LE(n.mode & 0xffff, 0)
  b.writeUInt16LE(n.uid & 0xffff, 2)
  b.writeUInt32LE(lo(n.size), 4)
  b.writeUInt32LE(lo(n.atime), 8)
  b.writeUInt32LE(lo(n.ctime), 12)
  b.writeUInt32LE(lo(n.mtime), 16)
  b.writeUInt16LE(n.gid & 0xffff, 24)
  b.writeUInt16LE(n.linkCount & 0xffff, 26)
  b.writeUInt32LE(n.blockCount >>> 0, 28)
  b.writeUInt32LE(n.flags >>> 0, 32)
  b.writeUInt32LE(n.xattrBlock >>> 0, 104)
  b.writeUInt32LE(hi(n.size), 108)
  b.writeUInt16LE((n.uid >>> 16) & 0xffff, 120)
  b.writeUInt16LE((n.gid >>> 16) & 0xffff, 122)
  b.writeUInt16LE(INODE_USED - 128, 128)
  b.writeUInt32LE(hi(n.ctime), 132)
  b.writeUInt32LE(hi(n.mtime), 136)
  b.writeUInt32LE(hi(n.atime), 140)
  b.writeUInt32LE(lo(n.crtime), 144)
  b.writeUInt32LE(hi(n.crtime), 148)
  const t = n.mode & TYPE_MASK
  if (t === S_IFDIR || t === S_IFREG || t === S_IFLNK)
    n.data?.copy(b, 40, 0, Math.min(60, n.data.length))
  else if (t === S_IFBLK || t === S_IFCHR) {
    const dev =
      ((n.devminor & 0xff) |
        (n.devmajor << 8) |
        ((n.devminor & 0xffffff00) << 12)) >>>
      0
    b.writeUInt32LE(dev, 44)
  }
  n.xattrInline?.copy(b, INODE_USED, 0, INODE_EXTRA)
  return b
}

function groupCount(blocks: number, inodes: number, ipg: number): number {
  const inodeBlocks = (ipg * INODE_SIZE) / BLOCK
  const dataBlocks = BLOCKS_PER_GROUP - inodeBlocks - 2
  const minBlocks = Math.floor((inodes - 1) / ipg) * dataBlocks + 1
  if (blocks < minBlocks) blocks = minBlocks
  return Math.floor((blocks + dataBlocks - 1) / dataBlocks)
}

function bestGroupCount(blocks: number, inodes: number): [number, number] {
  let groups = 0xffffffff
  let ipg = 0
  for (
    let i = INODES_PER_GROUP_STEP;
    i <= MAX_INODES_PER_GROUP;
    i += INODES_PER_GROUP_STEP
  ) {
    const g = groupCount(blocks, inodes, i)
    if (g < groups) {
      groups = g
      ipg = i
    }
  }
  return [groups, ipg]
}

/** compactext4 Writer.Close after the directories: returns the whole image. */
export function writeTables(
  io: RawIO,
  inodes: (Ext4Inode | null)[],
  inodeTableOffset: number,
  gdBlocks: number
): Buffer {
  const [groups, ipg] = bestGroupCount(inodeTableOffset, inodes.length)
  for (const n of inodes) io.write(n ? inodeBytes(n) : Buffer.alloc(INODE_SIZE))
  io.zero(groups * ipg * INODE_SIZE - inodes.length * INODE_SIZE)
  const bitmapOffset = io.block()
  const validDataSize = bitmapOffset + groups * 2
  const diskSize = Math.max(validDataSize, (groups - 1) * BLOCKS_PER_GROUP + 1)
  const usedGdBlocks = Math.floor((groups - 1) / GROUPS_PER_GD_BLOCK) + 1
  if (usedGdBlocks > gdBlocks) throw new Error('disk exceeded maximum size') // unreachable below 128 GiB of metadata
  const gds = Buffer.alloc(gdBlocks * GROUPS_PER_GD_BLOCK * 32)
  const tablePerGroup = (ipg * INODE_SIZE) / BLOCK
  let totalBlocks = 0
  let totalInodes = 0
  const get = (i: number): Ext4Inode | null =>
    i === 0 || i > inodes.length ? null : inodes[i - 1]
  for (let g = 0; g < groups; g++) {
    const b = Buffer.alloc(BLOCK * 2)
    let dirs = 0
    let usedInodes = 0
    let usedBlocks = 0
    const set = (j: number): void => {
      b[j >> 3] |= 1 << (j & 7)
    }
    if ((g + 1) * BLOCKS_PER_GROUP <= validDataSize) {
      b.fill(0xff, 0, BLOCK)
      usedBlocks = BLOCKS_PER_GROUP
    } else if (g * BLOCKS_PER_GROUP < validDataSize)
      for (let j = 0; j < validDataSize - g * BLOCKS_PER_GROUP; j++) {
        set(j)
        usedBlocks++
      }
    if (g === 0)
      for (let j = 1 + usedGdBlocks; j < 1 + gdBlocks; j++) {
        b[j >> 3] &= ~(1 << (j & 7))
        usedBlocks--
      }
    if (g === groups - 1 && diskSize % BLOCKS_PER_GROUP !== 0)
      for (let j = diskSize % BLOCKS_PER_GROUP; j < BLOCKS_PER_GROUP; j++) {
        set(j)
        usedBlocks++
      }
    usedBlocks &= 0xffff
    for (let j = 0; j < ipg; j++) {
      const ino = 1 + g * ipg + j
      const n = get(ino)
      if (ino < INODE_FIRST || n !== null) {
        b[BLOCK + (j >> 3)] |= 1 << (j & 7)
        usedInodes++
      }
      if (n !== null && (n.mode & TYPE_MASK) === S_IFDIR) dirs++
    }
    io.write(b)
    const d = g * 32
    gds.writeUInt32LE(bitmapOffset + 2 * g, d)
    gds.writeUInt32LE(bitmapOffset + 2 * g + 1, d + 4)
    gds.writeUInt32LE(inodeTableOffset + g * tablePerGroup, d + 8)
    gds.writeUInt16LE((BLOCKS_PER_GROUP - usedBlocks) & 0xffff, d + 12)
    gds.writeUInt16LE((ipg - usedInodes) & 0xffff, d + 14)
    gds.writeUInt16LE(dirs & 0xffff, d + 16)
    totalBlocks += usedBlocks
    totalInodes += usedInodes & 0xffff
  }
  io.zero((diskSize - bitmapOffset - groups * 2) * BLOCK)
  io.seekBlock(1)
  io.write(gds)
  const blk = Buffer.alloc(BLOCK)
  const sb = blk.subarray(1024)
  sb.writeUInt32LE(ipg * groups, 0)
  sb.writeUInt32LE(diskSize, 4)
  sb.writeUInt32LE((BLOCKS_PER_GROUP * groups - totalBlocks) >>> 0, 12)
  sb.writeUInt32LE((ipg * groups - totalInodes) >>> 0, 16)
  sb.writeUInt32LE(2, 24) // 4096-byte blocks
  sb.writeUInt32LE(2, 28)
  sb.writeUInt32LE(BLOCKS_PER_GROUP, 32)
  sb.writeUInt32LE(BLOCKS_PER_GROUP, 36)
  sb.writeUInt32LE(ipg, 40)
  sb.writeUInt16LE(0xef53, 56)
  sb.writeUInt16LE(1, 58) // cleanly unmounted
  sb.writeUInt16LE(1, 60) // errors: continue
  sb.writeUInt32LE(1, 76) // dynamic inode sizes
  sb.writeUInt32LE(INODE_FIRST, 84)
  sb.writeUInt16LE(INODE_SIZE, 88)
  sb.writeUInt32LE(0x200 | 0x8, 92) // sparse_super2, ext_attr
  sb.writeUInt32LE(0x2 | 0x40 | 0x200, 96) // filetype, extents, flex_bg
  sb.writeUInt32LE(0x2 | 0x8 | 0x40 | 0x1000, 100) // large_file, huge_file, extra_isize, readonly
  sb.writeUInt16LE(INODE_USED - 128, 348)
  sb.writeUInt16LE(INODE_USED - 128, 350)
  sb[372] = 31 // log groups per flex
  sb.writeUInt32LE(INODE_FIRST, 616) // lost+found
  io.seekBlock(0)
  io.write(blk)
  io.seekBlock(diskSize)
  return io.image()
}
