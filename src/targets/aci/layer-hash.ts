import { createHash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import {
  blankFile,
  BLOCK,
  Ext4Writer,
  fsTime,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFREG,
  TYPE_MASK,
  type Ext4File
} from './ext4.js'
import { readTar } from './tar-reader.js'

/**
 * The dm-verity root hash of one container layer as Azure computes it for
 * confidential ACI policies: hcsshim tar2ext4.ConvertAndComputeRootDigest
 * (tar → compact ext4 with whiteouts converted, 128 GiB metadata room),
 * then a dm-verity tree (SHA-256, 4096-byte blocks, 32 zero bytes of salt)
 * whose root is H(salt ‖ top block).
 */

/** dmverity.RecommendedVHDSizeGB: the maximum disk size tar2ext4 reserves for. */
const MAX_DISK = 128n * 2n ** 30n
const SALT = Buffer.alloc(32)

/** hcsshim dmverity.MerkleTree then RootHash over an image of whole blocks. */
export function dmVerityRootHash(image: Uint8Array): string {
  if (image.length % BLOCK !== 0)
    throw new EnclaveBuildError(
      'INTERNAL',
      'dm-verity: the image is not whole 4096-byte blocks'
    )
  let level: Uint8Array = image
  for (;;) {
    const n = level.length / BLOCK
    const next = Buffer.alloc(
      Math.max(BLOCK, Math.ceil((n * 32) / BLOCK) * BLOCK)
    )
    for (let i = 0; i < n; i++)
      createHash('sha256')
        .update(SALT)
        .update(level.subarray(i * BLOCK, (i + 1) * BLOCK))
        .digest()
        .copy(next, i * 32)
    level = next
    if (next.length === BLOCK) break
  }
  return createHash('sha256')
    .update(SALT)
    .update(level.subarray(0, BLOCK))
    .digest('hex')
}

const TYPES: Record<string, number> = {
  '0': S_IFREG,
  '2': S_IFLNK,
  '3': S_IFCHR,
  '4': S_IFBLK,
  '5': S_IFDIR,
  '6': S_IFIFO
}

/** hcsshim ConvertTarToExt4 with ConvertWhiteout: the ext4 image of a layer tar. */
export function layerToExt4(tar: Uint8Array): Buffer {
  const fs = new Ext4Writer(MAX_DISK)
  for (const h of readTar(tar)) {
    if (h.dataOffset + h.dataSize > tar.length)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `the layer tar is cut short inside ${JSON.stringify(h.name)}`
      )
    fs.makeParents(h.name)
    const slash = h.name.lastIndexOf('/')
    const dir = h.name.slice(0, slash + 1)
    const file = h.name.slice(slash + 1)
    if (file.startsWith('.wh.')) {
      if (file === '.wh..wh..opq') {
        const f = fs.stat(dir)
        f.xattrs.set('trusted.overlay.opaque', 'y')
        fs.create(dir, f)
      } else fs.create(joinPath(dir, file.slice(4)), blankFile(S_IFCHR))
      continue
    }
    if (h.typeflag === '1') {
      fs.link(h.linkname, h.name)
      continue
    }
    const xattrs = new Map<string, string>()
    for (const [k, v] of h.pax)
      if (k.startsWith('SCHILY.xattr.')) xattrs.set(k.slice(13), v)
    const f: Ext4File = {
      mode:
        (Number(BigInt.asUintN(16, h.mode)) & ~TYPE_MASK) |
        (TYPES[h.typeflag] ?? 0),
      atime: fsTime(h.atime),
      mtime: fsTime(h.mtime),
      ctime: fsTime(h.ctime),
      crtime: fsTime(h.mtime),
      size: h.size,
      uid: Number(BigInt.asUintN(32, h.uid)),
      gid: Number(BigInt.asUintN(32, h.gid)),
      linkname: h.linkname,
      devmajor: Number(BigInt.asUintN(32, h.devmajor)),
      devminor: Number(BigInt.asUintN(32, h.devminor)),
      xattrs
    }
    fs.create(h.name, f)
    if (h.dataSize > 0)
      fs.writeData(tar.subarray(h.dataOffset, h.dataOffset + h.dataSize))
  }
  return fs.close()
}

/** Go path.Join(dir, name) for a whiteout's target (dir ends in "/" or is empty). */
function joinPath(dir: string, name: string): string {
  const joined = dir === '' ? name : `${dir}${name}`
  const rooted = joined.startsWith('/')
  const parts: string[] = []
  for (const p of joined.split('/')) {
    if (p === '' || p === '.') continue
    if (p === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop()
      else if (!rooted) parts.push('..')
    } else parts.push(p)
  }
  const s = (rooted ? '/' : '') + parts.join('/')
  return s === '' ? '.' : s
}

/** The dm-verity root hash of a layer tar (uncompressed), hex. */
export function layerRootHash(tar: Uint8Array): string {
  return dmVerityRootHash(layerToExt4(tar))
}
