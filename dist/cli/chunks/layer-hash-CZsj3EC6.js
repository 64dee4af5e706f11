import { createHash } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * The tail of a compactext4 image, written once every file and directory
 * is down: the inode table, one block and one inode bitmap per group, the
 * group descriptors and the superblock, with hcsshim's group sizing
 * (bestGroupCount) and feature flags, field by field.
 */
const BLOCK$1 = 4096;
const BLOCKS_PER_GROUP$1 = BLOCK$1 * 8;
const INODE_SIZE$1 = 256;
const INODE_USED$1 = 152;
const INODE_EXTRA$1 = INODE_SIZE$1 - INODE_USED$1;
const INODE_FIRST$1 = 11;
const MAX_INODES_PER_GROUP = BLOCK$1 * 8;
const INODES_PER_GROUP_STEP = BLOCK$1 / INODE_SIZE$1;
const GROUPS_PER_GD_BLOCK$1 = BLOCK$1 / 32;
const S_IFDIR$1 = 0x4000;
const S_IFREG$1 = 0x8000;
const S_IFLNK$1 = 0xa000;
const S_IFCHR$1 = 0x2000;
const S_IFBLK$1 = 0x6000;
const TYPE_MASK$1 = 0xf000;
function inodeBytes(n) {
    const b = Buffer.alloc(INODE_SIZE$1);
    const lo = (t) => Number(t & 0xffffffffn);
    const hi = (t) => Number((t >> 32n) & 0xffffffffn);
    b.writeUInt16LE(n.mode & 0xffff, 0);
    b.writeUInt16LE(n.uid & 0xffff, 2);
    b.writeUInt32LE(lo(n.size), 4);
    b.writeUInt32LE(lo(n.atime), 8);
    b.writeUInt32LE(lo(n.ctime), 12);
    b.writeUInt32LE(lo(n.mtime), 16);
    b.writeUInt16LE(n.gid & 0xffff, 24);
    b.writeUInt16LE(n.linkCount & 0xffff, 26);
    b.writeUInt32LE(n.blockCount >>> 0, 28);
    b.writeUInt32LE(n.flags >>> 0, 32);
    b.writeUInt32LE(n.xattrBlock >>> 0, 104);
    b.writeUInt32LE(hi(n.size), 108);
    b.writeUInt16LE((n.uid >>> 16) & 0xffff, 120);
    b.writeUInt16LE((n.gid >>> 16) & 0xffff, 122);
    b.writeUInt16LE(INODE_USED$1 - 128, 128);
    b.writeUInt32LE(hi(n.ctime), 132);
    b.writeUInt32LE(hi(n.mtime), 136);
    b.writeUInt32LE(hi(n.atime), 140);
    b.writeUInt32LE(lo(n.crtime), 144);
    b.writeUInt32LE(hi(n.crtime), 148);
    const t = n.mode & TYPE_MASK$1;
    if (t === S_IFDIR$1 || t === S_IFREG$1 || t === S_IFLNK$1)
        n.data?.copy(b, 40, 0, Math.min(60, n.data.length));
    else if (t === S_IFBLK$1 || t === S_IFCHR$1) {
        const dev = ((n.devminor & 0xff) |
            (n.devmajor << 8) |
            ((n.devminor & 0xffffff00) << 12)) >>>
            0;
        b.writeUInt32LE(dev, 44);
    }
    n.xattrInline?.copy(b, INODE_USED$1, 0, INODE_EXTRA$1);
    return b;
}
function groupCount(blocks, inodes, ipg) {
    const inodeBlocks = (ipg * INODE_SIZE$1) / BLOCK$1;
    const dataBlocks = BLOCKS_PER_GROUP$1 - inodeBlocks - 2;
    const minBlocks = Math.floor((inodes - 1) / ipg) * dataBlocks + 1;
    if (blocks < minBlocks)
        blocks = minBlocks;
    return Math.floor((blocks + dataBlocks - 1) / dataBlocks);
}
function bestGroupCount(blocks, inodes) {
    let groups = 0xffffffff;
    let ipg = 0;
    for (let i = INODES_PER_GROUP_STEP; i <= MAX_INODES_PER_GROUP; i += INODES_PER_GROUP_STEP) {
        const g = groupCount(blocks, inodes, i);
        if (g < groups) {
            groups = g;
            ipg = i;
        }
    }
    return [groups, ipg];
}
/** compactext4 Writer.Close after the directories: returns the whole image. */
function writeTables(io, inodes, inodeTableOffset, gdBlocks) {
    const [groups, ipg] = bestGroupCount(inodeTableOffset, inodes.length);
    for (const n of inodes)
        io.write(n ? inodeBytes(n) : Buffer.alloc(INODE_SIZE$1));
    io.zero(groups * ipg * INODE_SIZE$1 - inodes.length * INODE_SIZE$1);
    const bitmapOffset = io.block();
    const validDataSize = bitmapOffset + groups * 2;
    const diskSize = Math.max(validDataSize, (groups - 1) * BLOCKS_PER_GROUP$1 + 1);
    const usedGdBlocks = Math.floor((groups - 1) / GROUPS_PER_GD_BLOCK$1) + 1;
    if (usedGdBlocks > gdBlocks)
        throw new Error('disk exceeded maximum size'); // unreachable below 128 GiB of metadata
    const gds = Buffer.alloc(gdBlocks * GROUPS_PER_GD_BLOCK$1 * 32);
    const tablePerGroup = (ipg * INODE_SIZE$1) / BLOCK$1;
    let totalBlocks = 0;
    let totalInodes = 0;
    const get = (i) => i === 0 || i > inodes.length ? null : inodes[i - 1];
    for (let g = 0; g < groups; g++) {
        const b = Buffer.alloc(BLOCK$1 * 2);
        let dirs = 0;
        let usedInodes = 0;
        let usedBlocks = 0;
        const set = (j) => {
            b[j >> 3] |= 1 << (j & 7);
        };
        if ((g + 1) * BLOCKS_PER_GROUP$1 <= validDataSize) {
            b.fill(0xff, 0, BLOCK$1);
            usedBlocks = BLOCKS_PER_GROUP$1;
        }
        else if (g * BLOCKS_PER_GROUP$1 < validDataSize)
            for (let j = 0; j < validDataSize - g * BLOCKS_PER_GROUP$1; j++) {
                set(j);
                usedBlocks++;
            }
        if (g === 0)
            for (let j = 1 + usedGdBlocks; j < 1 + gdBlocks; j++) {
                b[j >> 3] &= ~(1 << (j & 7));
                usedBlocks--;
            }
        if (g === groups - 1 && diskSize % BLOCKS_PER_GROUP$1 !== 0)
            for (let j = diskSize % BLOCKS_PER_GROUP$1; j < BLOCKS_PER_GROUP$1; j++) {
                set(j);
                usedBlocks++;
            }
        usedBlocks &= 0xffff;
        for (let j = 0; j < ipg; j++) {
            const ino = 1 + g * ipg + j;
            const n = get(ino);
            if (ino < INODE_FIRST$1 || n !== null) {
                b[BLOCK$1 + (j >> 3)] |= 1 << (j & 7);
                usedInodes++;
            }
            if (n !== null && (n.mode & TYPE_MASK$1) === S_IFDIR$1)
                dirs++;
        }
        io.write(b);
        const d = g * 32;
        gds.writeUInt32LE(bitmapOffset + 2 * g, d);
        gds.writeUInt32LE(bitmapOffset + 2 * g + 1, d + 4);
        gds.writeUInt32LE(inodeTableOffset + g * tablePerGroup, d + 8);
        gds.writeUInt16LE((BLOCKS_PER_GROUP$1 - usedBlocks) & 0xffff, d + 12);
        gds.writeUInt16LE((ipg - usedInodes) & 0xffff, d + 14);
        gds.writeUInt16LE(dirs & 0xffff, d + 16);
        totalBlocks += usedBlocks;
        totalInodes += usedInodes & 0xffff;
    }
    io.zero((diskSize - bitmapOffset - groups * 2) * BLOCK$1);
    io.seekBlock(1);
    io.write(gds);
    const blk = Buffer.alloc(BLOCK$1);
    const sb = blk.subarray(1024);
    sb.writeUInt32LE(ipg * groups, 0);
    sb.writeUInt32LE(diskSize, 4);
    sb.writeUInt32LE((BLOCKS_PER_GROUP$1 * groups - totalBlocks) >>> 0, 12);
    sb.writeUInt32LE((ipg * groups - totalInodes) >>> 0, 16);
    sb.writeUInt32LE(2, 24); // 4096-byte blocks
    sb.writeUInt32LE(2, 28);
    sb.writeUInt32LE(BLOCKS_PER_GROUP$1, 32);
    sb.writeUInt32LE(BLOCKS_PER_GROUP$1, 36);
    sb.writeUInt32LE(ipg, 40);
    sb.writeUInt16LE(0xef53, 56);
    sb.writeUInt16LE(1, 58); // cleanly unmounted
    sb.writeUInt16LE(1, 60); // errors: continue
    sb.writeUInt32LE(1, 76); // dynamic inode sizes
    sb.writeUInt32LE(INODE_FIRST$1, 84);
    sb.writeUInt16LE(INODE_SIZE$1, 88);
    sb.writeUInt32LE(0x200 | 0x8, 92); // sparse_super2, ext_attr
    sb.writeUInt32LE(0x2 | 0x40 | 0x200, 96); // filetype, extents, flex_bg
    sb.writeUInt32LE(0x2 | 0x8 | 0x40 | 0x1000, 100); // large_file, huge_file, extra_isize, readonly
    sb.writeUInt16LE(INODE_USED$1 - 128, 348);
    sb.writeUInt16LE(INODE_USED$1 - 128, 350);
    sb[372] = 31; // log groups per flex
    sb.writeUInt32LE(INODE_FIRST$1, 616); // lost+found
    io.seekBlock(0);
    io.write(blk);
    io.seekBlock(diskSize);
    return io.image();
}

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
const BLOCK = 4096;
const BLOCKS_PER_GROUP = BLOCK * 8;
const INODE_SIZE = 256;
const INODE_FIRST = 11;
const INODE_USED = 152;
const INODE_EXTRA = INODE_SIZE - INODE_USED;
const GROUPS_PER_GD_BLOCK = BLOCK / 32;
const MAX_FILE_SIZE = 128n * 2n ** 30n;
const SMALL_SYMLINK = 59;
const MAX_BLOCKS_PER_EXTENT = 0x8000;
const MAX_LINKS = 65000;
const S_IFIFO = 0x1000;
const S_IFCHR = 0x2000;
const S_IFDIR = 0x4000;
const S_IFBLK = 0x6000;
const S_IFREG = 0x8000;
const S_IFLNK = 0xa000;
const S_IFSOCK = 0xc000;
const TYPE_MASK = 0xf000;
const FLAG_HUGE_FILE = 0x40000;
const FLAG_EXTENTS = 0x80000;
const XATTR_MAGIC = 0xea020000;
const fail = (msg) => {
    throw new EnclaveBuildError('INPUT_INVALID', `tar2ext4 refuses this layer: ${msg}`);
};
/** Go's time → ext4 time (compactext4 timeToFsTime); `null` is Go's zero time. */
function fsTime(t) {
    if (t === null)
        return 0n;
    const [s, ns] = t;
    if (s < -0x80000000n)
        return 0x80000000n;
    if (s > 0x37fffffffn)
        return 0x37fffffffn;
    return BigInt.asUintN(64, s) | (BigInt(ns) << 34n);
}
/** compactext4 fsTimeToTime then timeToFsTime: what a Stat/Create round trip keeps. */
function fsTimeRoundTrip(t) {
    if (t === 0n)
        return 0n;
    let s = t & 0x3ffffffffn;
    if (s > 0x7fffffffn && s < 0x100000000n)
        s = BigInt.asIntN(32, s);
    return fsTime([s, Number(t >> 34n)]);
}
const XATTR_PREFIXES = [
    [2, 'system.posix_acl_access'],
    [3, 'system.posix_acl_default'],
    [8, 'system.richacl'],
    [7, 'system.'],
    [1, 'user.'],
    [4, 'trusted.'],
    [6, 'security.']
];
const entryLen = (x) => ((x.name.length + 3) & -4) + 16;
const valueLen = (x) => (x.value.length + 3) & -4;
function hashXattr(name, value) {
    let h = 0;
    for (let i = 0; i < name.length; i++)
        h = ((h << 5) ^ (h >>> 27) ^ name.charCodeAt(i)) >>> 0;
    const words = Buffer.alloc((value.length + 3) & -4);
    value.copy(words);
    for (let i = 0; i < words.length; i += 4)
        h = ((h << 16) ^ (h >>> 16) ^ words.readUInt32LE(i)) >>> 0;
    return h;
}
function putXattrs(xattrs, b, offsetDelta) {
    let offset = (b.length + offsetDelta) & 0xffff;
    let e = 0;
    let d = b.length;
    for (const x of xattrs) {
        const vl = valueLen(x);
        offset = (offset - vl) & 0xffff;
        b[e] = x.name.length & 0xff;
        b[e + 1] = x.index;
        b.writeUInt16LE(offset, e + 2);
        b.writeUInt32LE(x.value.length, e + 8);
        b.writeUInt32LE(hashXattr(x.name, x.value), e + 12);
        b.write(x.name, e + 16, 'latin1');
        e += entryLen(x);
        x.value.copy(b, d - vl);
        d -= vl;
    }
}
function getXattrs(b, out, offsetDelta) {
    let e = 0;
    while (e < b.length) {
        const nameLen = b[e];
        if (nameLen === 0)
            break;
        const index = b[e + 1];
        const offset = (b.readUInt16LE(e + 2) - offsetDelta) & 0xffff;
        const len = b.readUInt32LE(e + 8);
        const name = b.toString('latin1', e + 16, e + 16 + nameLen);
        const prefix = XATTR_PREFIXES.find(([i]) => i === index)?.[1] ?? '';
        out.set(prefix + name, b.toString('latin1', offset, offset + len));
        e += ((nameLen + 3) & -4) + 16;
    }
}
/** Go's sort.Slice on at most 12 items is this insertion sort; the block xattr comparator is not a strict order, so the algorithm matters. */
function goInsertionSort(a, less) {
    if (a.length > 12)
        fail('more than 12 extended attributes spill into one xattr block (not reproduced)');
    for (let i = 1; i < a.length; i++)
        for (let j = i; j > 0 && less(a[j], a[j - 1]); j--)
            [a[j], a[j - 1]] = [a[j - 1], a[j]];
}
/** Go path.Clean of a rooted path, then without the leading "/". */
function cleanRooted(name) {
    const out = [];
    for (const part of name.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            out.pop();
        else
            out.push(part);
    }
    return out.join('/');
}
function splitDir(p) {
    const i = p.lastIndexOf('/');
    return [p.slice(0, i + 1), p.slice(i + 1)];
}
function splitFirst(p) {
    const n = p.indexOf('/');
    return n >= 0 ? [p.slice(0, n), p.slice(n + 1)] : [p, ''];
}
/** The writer: the same calls, in the same order, as compactext4.Writer. */
class Ext4Writer {
    maxDiskSize;
    buf = Buffer.alloc(1 << 20);
    len = 0;
    pos = 0;
    inodes = [];
    cur = null;
    dataWritten = 0n;
    dataMax = 0n;
    initialized = false;
    gdBlocks = 0;
    constructor(maxDiskSize) {
        this.maxDiskSize = maxDiskSize;
    }
    ensure(end) {
        if (BigInt(end) > this.maxDiskSize)
            fail(`disk exceeded maximum size of ${this.maxDiskSize} bytes`);
        if (end > this.buf.length) {
            let n = this.buf.length;
            while (n < end)
                n *= 2;
            const b = Buffer.alloc(n);
            this.buf.copy(b, 0, 0, this.len);
            this.buf = b;
        }
        if (end > this.len)
            this.len = end;
    }
    write(b) {
        this.ensure(this.pos + b.length);
        this.buf.set(b, this.pos);
        this.pos += b.length;
    }
    zero(n) {
        this.ensure(this.pos + n);
        this.buf.fill(0, this.pos, this.pos + n);
        this.pos += n;
    }
    block() {
        return Math.floor(this.pos / BLOCK);
    }
    seekBlock(b) {
        this.pos = b * BLOCK;
    }
    getInode(i) {
        return i === 0 || i > this.inodes.length ? null : this.inodes[i - 1];
    }
    root() {
        return this.getInode(2);
    }
    findPath(root, p) {
        let node = root;
        while (node && p.length !== 0) {
            const [name, rest] = splitFirst(p);
            p = rest;
            node = node.children?.get(name);
        }
        return node ?? null;
    }
    writeXattrs(node, inline, block) {
        if (inline.length !== 0) {
            node.xattrInline = Buffer.alloc(INODE_EXTRA);
            node.xattrInline.writeUInt32LE(XATTR_MAGIC, 0);
            putXattrs(inline, node.xattrInline.subarray(4), 0);
        }
        if (block.length !== 0 || node.xattrBlock !== 0) {
            goInsertionSort(block, (a, b) => a.index < b.index || a.name.length < b.name.length || a.name < b.name);
            const b = Buffer.alloc(BLOCK);
            b.writeUInt32LE(XATTR_MAGIC, 0);
            b.writeUInt32LE(1, 4);
            b.writeUInt32LE(1, 8);
            putXattrs(block, b.subarray(32), 32);
            const orig = this.block();
            if (node.xattrBlock === 0) {
                node.xattrBlock = orig;
                node.blockCount++;
                this.write(b);
            }
            else {
                this.seekBlock(node.xattrBlock);
                this.write(b);
                this.seekBlock(orig);
            }
        }
    }
    makeInode(f, reuse) {
        let mode = f.mode & 0xffff;
        if ((mode & TYPE_MASK) === 0)
            mode |= S_IFREG;
        const typ = mode & TYPE_MASK;
        let node;
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
            };
            if (typ === S_IFDIR) {
                node.children = new Map();
                node.linkCount = 1;
            }
        }
        else {
            if ((reuse.flags & FLAG_EXTENTS) !== 0)
                fail('cannot overwrite file with non-inline data');
            node = reuse;
        }
        node.mode = mode;
        node.uid = f.uid;
        node.gid = f.gid;
        node.flags = FLAG_HUGE_FILE;
        node.atime = f.atime;
        node.ctime = f.ctime;
        node.mtime = f.mtime;
        node.crtime = f.crtime;
        node.devmajor = f.devmajor;
        node.devminor = f.devminor;
        node.data = null;
        const existing = new Map();
        if (node.xattrInline && node.xattrInline.length > 0)
            getXattrs(node.xattrInline.subarray(4), existing, 0);
        node.xattrInline = null;
        let inodeLeft = INODE_EXTRA - 8;
        let blockLeft = BLOCK - 36;
        const inline = [];
        const block = [];
        let size = 0n;
        if (typ === S_IFREG) {
            size = f.size;
            if (f.size > MAX_FILE_SIZE)
                fail(`file too big: ${f.size} > ${MAX_FILE_SIZE}`);
        }
        else if (typ === S_IFLNK) {
            node.mode |= 0o777;
            size = BigInt(Buffer.byteLength(f.linkname, 'latin1'));
            if (size <= SMALL_SYMLINK)
                node.data = Buffer.from(f.linkname, 'latin1');
        }
        else if (![S_IFDIR, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK].includes(typ))
            fail(`invalid mode ${mode.toString(8)}`);
        for (const [k, v] of existing)
            if (!f.xattrs.has(k))
                f.xattrs.set(k, v);
        for (const full of [...f.xattrs.keys()].sort()) {
            const [index, prefix] = XATTR_PREFIXES.find(([, p]) => full.startsWith(p)) ?? [0, ''];
            const x = {
                name: full.slice(prefix.length),
                index,
                value: Buffer.from(f.xattrs.get(full) ?? '', 'latin1')
            };
            const l = entryLen(x) + valueLen(x);
            if (inodeLeft >= l) {
                inline.push(x);
                inodeLeft -= l;
            }
            else if (blockLeft >= l) {
                block.push(x);
                blockLeft -= l;
            }
            else
                fail(`could not fit xattr ${full}`);
        }
        this.writeXattrs(node, inline, block);
        node.size = size;
        if (typ === S_IFLNK && size > SMALL_SYMLINK) {
            this.startInode(node, size);
            this.writeData(Buffer.from(f.linkname, 'latin1'));
            this.finishInode();
        }
        if (node.number - 1 >= this.inodes.length)
            this.inodes.push(node);
        return node;
    }
    lookup(name, mustExist) {
        const root = this.root();
        const clean = cleanRooted(name);
        if (clean.length === 0)
            return [root, root, ''];
        const [dirname, child] = splitDir(clean);
        if (child.length === 0 || child.length > 0xff)
            fail(`${name}: invalid name`);
        const dir = this.findPath(root, dirname);
        if (dir === null || (dir.mode & TYPE_MASK) !== S_IFDIR)
            fail(`${name}: path not found`);
        const c = dir.children?.get(child) ?? null;
        if (c === null && mustExist)
            fail(`${name}: file not found`);
        return [dir, c, child];
    }
    /** compactext4 MakeParents: missing parents copy their parent's attributes. */
    makeParents(name) {
        this.finishInode();
        let [parents] = splitDir(cleanRooted(name));
        let current = '';
        let node = this.root();
        while (parents !== '') {
            let dirname;
            [dirname, parents] = splitFirst(parents);
            current += `/${dirname}`;
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
                });
            }
            node = node.children?.get(dirname);
        }
    }
    /** compactext4 Create; a regular file's data follows with {@link writeData}. */
    create(name, f) {
        this.finishInode();
        const [dir, existing, childname] = this.lookup(name, false);
        let reuse = null;
        const fdir = (f.mode & TYPE_MASK) === S_IFDIR;
        if (existing !== null) {
            if ((existing.mode & TYPE_MASK) === S_IFDIR) {
                if (!fdir)
                    fail(`${name}: cannot replace a directory with a file`);
                reuse = existing;
            }
            else if (fdir)
                fail(`${name}: cannot replace a file with a directory`);
            else if (existing.linkCount < 2)
                reuse = existing;
        }
        else if (fdir && dir.linkCount >= MAX_LINKS)
            fail(`${name}: exceeded parent directory maximum link count`);
        const child = this.makeInode(f, reuse);
        if (existing !== child) {
            if (existing !== null)
                existing.linkCount--;
            dir.children?.set(childname, child);
            child.linkCount++;
            if ((child.mode & TYPE_MASK) === S_IFDIR)
                dir.linkCount++;
        }
        if ((child.mode & TYPE_MASK) === S_IFREG)
            this.startInode(child, f.size);
    }
    /** compactext4 Link (a hard link; to a symlink itself, as containerd does). */
    link(oldname, newname) {
        this.finishInode();
        const [newdir, existing, newchild] = this.lookup(newname, false);
        if (existing !== null &&
            ((existing.mode & TYPE_MASK) === S_IFDIR || existing.linkCount < 2))
            fail(`${newname}: cannot orphan existing file or directory`);
        const old = this.lookup(oldname, true)[1];
        if ((old.mode & TYPE_MASK) === S_IFDIR)
            fail(`${newname}: link target cannot be a directory: ${oldname}`);
        if (existing !== old && old.linkCount >= MAX_LINKS)
            fail(`${newname}: link target would exceed maximum link count`);
        if (existing !== null)
            existing.linkCount--;
        old.linkCount++;
        newdir.children?.set(newchild, old);
    }
    /** compactext4 Stat: the attributes a later Create of the same path starts from. */
    stat(name) {
        this.finishInode();
        const node = this.lookup(name, true)[1];
        const xattrs = new Map();
        if (node.xattrBlock !== 0)
            getXattrs(this.buf.subarray(node.xattrBlock * BLOCK + 32, (node.xattrBlock + 1) * BLOCK), xattrs, 32);
        if (node.xattrInline && node.xattrInline.length !== 0) {
            getXattrs(node.xattrInline.subarray(4), xattrs, 0);
            xattrs.delete('system.data');
        }
        if ((node.mode & TYPE_MASK) === S_IFLNK && node.size > SMALL_SYMLINK)
            fail(`${name}: cannot retrieve link information`);
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
            linkname: (node.mode & TYPE_MASK) === S_IFLNK
                ? (node.data?.toString('latin1') ?? '')
                : ''
        };
    }
    /** Data of the regular file (or directory) in progress. */
    writeData(b) {
        if (b.length === 0)
            return;
        if (this.dataWritten + BigInt(b.length) > this.dataMax)
            fail('wrote too much');
        this.write(b);
        this.dataWritten += BigInt(b.length);
    }
    startInode(node, size) {
        if (this.cur !== null)
            throw new EnclaveBuildError('INTERNAL', 'ext4: inode already in progress');
        this.cur = node;
        this.dataWritten = 0n;
        this.dataMax = size;
    }
    nextBlock() {
        if (this.pos % BLOCK !== 0)
            this.zero(BLOCK - (this.pos % BLOCK));
    }
    writeExtents(node) {
        const start = this.pos - Number(this.dataWritten);
        this.nextBlock();
        const startBlock = start / BLOCK;
        const blocks = this.block() - startBlock;
        let used = blocks;
        const perBlock = Math.floor(BLOCK / 12) - 1;
        const extents = Math.floor((blocks + MAX_BLOCKS_PER_EXTENT - 1) / MAX_BLOCKS_PER_EXTENT);
        const fill = (b, at, n, max, sb, offset) => {
            b.writeUInt16LE(0xf30a, at);
            b.writeUInt16LE(n, at + 2);
            b.writeUInt16LE(max, at + 4);
            for (let i = 0; i < n; i++) {
                const blk = offset + i * MAX_BLOCKS_PER_EXTENT;
                const length = Math.min(blocks - blk, MAX_BLOCKS_PER_EXTENT);
                const e = at + 12 + i * 12;
                b.writeUInt32LE(blk >>> 0, e);
                b.writeUInt16LE(length & 0xffff, e + 4);
                b.writeUInt32LE((sb + blk) >>> 0, e + 8);
            }
        };
        const data = Buffer.alloc(60);
        if (extents === 0)
            node.data = Buffer.alloc(0);
        else if (extents <= 4) {
            fill(data, 0, extents, 4, startBlock, 0);
            node.data = data;
        }
        else if (extents <= 4 * perBlock) {
            const extentBlocks = Math.floor(extents / perBlock) + 1;
            used += extentBlocks;
            data.writeUInt16LE(0xf30a, 0);
            data.writeUInt16LE(extentBlocks, 2);
            data.writeUInt16LE(4, 4);
            data.writeUInt16LE(1, 6);
            for (let i = 0; i < extentBlocks; i++) {
                data.writeUInt32LE((i * perBlock * MAX_BLOCKS_PER_EXTENT) >>> 0, 12 + i * 12);
                data.writeUInt32LE(this.block(), 12 + i * 12 + 4);
                // hcsshim subtracts i*extentBlocks here (not i*perBlock): kept as is
                const inBlock = Math.min(extents - i * extentBlocks, perBlock);
                const offset = i * perBlock * MAX_BLOCKS_PER_EXTENT;
                const nb = Buffer.alloc(BLOCK);
                fill(nb, 0, inBlock, perBlock, startBlock + offset, offset);
                this.write(nb);
            }
            node.data = data;
        }
        else
            fail('file too big');
        node.flags |= FLAG_EXTENTS;
        node.blockCount += used;
    }
    finishInode() {
        if (!this.initialized)
            this.init();
        if (this.cur === null)
            return;
        if (this.dataWritten !== this.dataMax)
            fail(`did not write the right amount: ${this.dataWritten} != ${this.dataMax}`);
        if (this.dataMax !== 0n)
            this.writeExtents(this.cur);
        this.dataWritten = 0n;
        this.dataMax = 0n;
        this.cur = null;
    }
    init() {
        this.initialized = true;
        this.inodes = [null];
        const root = this.makeInode(dirFile(0o755), null);
        root.linkCount++;
        while (this.inodes.length < INODE_FIRST - 1)
            this.inodes.push(null);
        const maxBlocks = (this.maxDiskSize - 1n) / BigInt(BLOCK) + 1n;
        const maxGroups = (maxBlocks - 1n) / BigInt(BLOCKS_PER_GROUP) + 1n;
        this.gdBlocks = Number((maxGroups - 1n) / BigInt(GROUPS_PER_GD_BLOCK) + 1n);
        this.seekBlock(1 + this.gdBlocks);
        this.create('lost+found', dirFile(0o700));
    }
    /** Writes directories, inode table, bitmaps, descriptors and superblock; returns the image. */
    close() {
        this.finishInode();
        const root = this.root();
        this.writeDirectoryRecursive(root, root);
        this.finishInode();
        return writeTables(this.io, this.inodes, this.block(), this.gdBlocks);
    }
    writeDirectory(dir, parent) {
        this.finishInode();
        this.startInode(dir, 0x7fffffffffffffffn);
        let left = BLOCK;
        const finishBlock = () => {
            if (left > 0) {
                const e = Buffer.alloc(8);
                e.writeUInt16LE(left, 4);
                this.writeData(e);
                left -= 8;
                this.writeData(Buffer.alloc(left));
            }
            left = BLOCK;
        };
        const entry = (ino, name) => {
            const rlb = 8 + name.length;
            const rl = (rlb + 3) & -4;
            if (left < rl + 12)
                finishBlock();
            const e = Buffer.alloc(rl);
            e.writeUInt32LE(ino, 0);
            e.writeUInt16LE(rl, 4);
            e[6] = name.length;
            e[7] = fileType(this.getInode(ino).mode);
            e.write(name, 8, 'latin1');
            this.writeData(e);
            left -= rl;
        };
        entry(dir.number, '.');
        entry(parent.number, '..');
        for (const [name, child] of sortedChildren(dir))
            entry(child.number, name);
        finishBlock();
        this.cur.size = this.dataWritten;
        this.dataMax = this.dataWritten;
    }
    writeDirectoryRecursive(dir, parent) {
        this.writeDirectory(dir, parent);
        for (const [, child] of sortedChildren(dir))
            if ((child.mode & TYPE_MASK) === S_IFDIR)
                this.writeDirectoryRecursive(child, dir);
    }
    /** Raw access for the table writer (ext4-tables.ts). */
    get io() {
        return {
            write: (b) => this.write(b),
            zero: (n) => this.zero(n),
            block: () => this.block(),
            seekBlock: (b) => this.seekBlock(b),
            image: () => this.buf.subarray(0, this.len)
        };
    }
}
function dirFile(perm) {
    return blankFile(S_IFDIR | perm);
}
/** A file record with `mode` and nothing else: no size, owner, times or xattrs. */
function blankFile(mode) {
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
    };
}
function fileType(mode) {
    switch (mode & TYPE_MASK) {
        case S_IFREG:
            return 1;
        case S_IFDIR:
            return 2;
        case S_IFCHR:
            return 3;
        case S_IFBLK:
            return 4;
        case S_IFIFO:
            return 5;
        case S_IFSOCK:
            return 6;
        case S_IFLNK:
            return 7;
        default:
            return 0;
    }
}
/** Children by inode number, then name (bytes): e2fsck's order, as hcsshim sorts. */
function sortedChildren(dir) {
    return [...(dir.children ?? new Map()).entries()].sort(([a, x], [b, y]) => x.number !== y.number ? x.number - y.number : a < b ? -1 : a > b ? 1 : 0);
}

const bad = (why) => {
    throw new EnclaveBuildError('INPUT_INVALID', `the layer is not a tar archive Go's archive/tar reads: ${why}`);
};
const latin1 = (b) => Buffer.from(b).toString('latin1');
function parseString(b) {
    const i = b.indexOf(0);
    return latin1(i >= 0 ? b.subarray(0, i) : b);
}
/** Go's parser.parseOctal: trim spaces and NULs, then ParseUint base 8. */
function parseOctal(b) {
    let s = latin1(b).replace(/^[ \0]+|[ \0]+$/g, '');
    if (s === '')
        return 0n;
    const nul = s.indexOf('\0');
    if (nul >= 0)
        s = s.slice(0, nul);
    if (!/^[0-7]+$/.test(s))
        bad('a numeric field is not octal');
    const x = BigInt(`0o${s}`);
    if (x >= 1n << 64n)
        bad('a numeric field overflows');
    return BigInt.asIntN(64, x);
}
/** Go's parser.parseNumeric: base-256 when the top bit is set, else octal. */
function parseNumeric(b) {
    if (b.length > 0 && (b[0] & 0x80) !== 0) {
        const inv = (b[0] & 0x40) !== 0 ? 0xff : 0;
        let x = 0n;
        for (let i = 0; i < b.length; i++) {
            let c = b[i] ^ inv;
            if (i === 0)
                c &= 0x7f;
            if (x >> 56n > 0n)
                bad('a base-256 field overflows');
            x = (x << 8n) | BigInt(c);
        }
        if (x >> 63n > 0n)
            bad('a base-256 field overflows');
        return inv === 0xff ? ~x : x;
    }
    return parseOctal(b);
}
/** time.Unix(sec, nsec) normalised: [Unix(), Nanosecond()]. */
function unixTime(sec, nsec) {
    const s = sec + nsec / 1000000000n;
    const n = nsec % 1000000000n;
    if (n < 0n)
        return [s - 1n, Number(n + 1000000000n)];
    return [s, Number(n)];
}
function parsePaxTime(v) {
    const dot = v.indexOf('.');
    const ss = dot >= 0 ? v.slice(0, dot) : v;
    const sn = dot >= 0 ? v.slice(dot + 1) : '';
    if (!/^[+-]?[0-9]+$/.test(ss))
        bad('a PAX time is malformed');
    const secs = BigInt(ss);
    if (secs >= 1n << 63n || secs < -(1n << 63n))
        bad('a PAX time overflows');
    if (sn === '')
        return unixTime(secs, 0n);
    if (!/^[0-9]+$/.test(sn))
        bad('a PAX time is malformed');
    const ns = BigInt(sn.slice(0, 9).padEnd(9, '0'));
    return unixTime(secs, ss.startsWith('-') ? -ns : ns);
}
function parsePax(buf) {
    let s = latin1(buf);
    const out = new Map();
    while (s.length > 0) {
        const sp = s.indexOf(' ');
        if (sp < 0)
            bad('a PAX record has no length');
        const nStr = s.slice(0, sp);
        if (!/^[+-]?[0-9]+$/.test(nStr))
            bad('a PAX record length is not a number');
        let n = Number(nStr);
        if (n < 5 || n > s.length)
            bad('a PAX record length is out of range');
        const rest = s.slice(sp + 1);
        n -= nStr.length + 1;
        if (n <= 0)
            bad('a PAX record length is out of range');
        if (rest[n - 1] !== '\n')
            bad('a PAX record does not end in a newline');
        const rec = rest.slice(0, n - 1);
        s = rest.slice(n);
        const eq = rec.indexOf('=');
        if (eq < 0)
            bad('a PAX record has no "="');
        const k = rec.slice(0, eq);
        const v = rec.slice(eq + 1);
        const pathy = ['path', 'linkpath', 'uname', 'gname'].includes(k);
        if (k === '' || (pathy ? v.includes('\0') : k.includes('\0')))
            bad('a PAX record is invalid');
        if (k.startsWith('GNU.sparse.'))
            bad('GNU sparse files are not supported');
        out.set(k, v);
    }
    return out;
}
/** Header-only types: their size field owns no data (Go's isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
function checksumOk(b) {
    const field = b.subarray(148, 156);
    let value;
    try {
        value = parseOctal(field);
    }
    catch {
        return false;
    }
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < 512; i++) {
        const c = i >= 148 && i < 156 ? 0x20 : b[i];
        unsigned += c;
        signed += c >= 0x80 ? c - 256 : c;
    }
    return value === BigInt(unsigned) || value === BigInt(signed);
}
/** Every entry of a tar archive, as Go's tar.Reader.Next yields them. */
function* readTar(tar) {
    let pos = 0;
    let pax = new Map();
    let longName = '';
    let longLink = '';
    const zero = (b) => b.every((x) => x === 0);
    for (;;) {
        if (pos >= tar.length)
            return;
        if (pos + 512 > tar.length)
            bad('a header is cut short');
        const blk = tar.subarray(pos, pos + 512);
        if (zero(blk)) {
            if (pos + 512 === tar.length)
                return;
            if (pos + 1024 > tar.length)
                bad('the archive ends inside a block');
            if (zero(tar.subarray(pos + 512, pos + 1024)))
                return;
            bad('a zero block is followed by data');
        }
        if (!checksumOk(blk))
            bad(`the header at offset ${pos} has a bad checksum`);
        const magic = latin1(blk.subarray(257, 263));
        const version = latin1(blk.subarray(263, 265));
        const star = magic === 'ustar\0' && latin1(blk.subarray(508, 512)) === 'tar\0';
        const ustar = magic === 'ustar\0';
        const gnu = magic === 'ustar ' && version === ' \0';
        const e = {
            typeflag: String.fromCharCode(blk[156]),
            name: parseString(blk.subarray(0, 100)),
            linkname: parseString(blk.subarray(157, 257)),
            size: parseNumeric(blk.subarray(124, 136)),
            mode: parseNumeric(blk.subarray(100, 108)),
            uid: parseNumeric(blk.subarray(108, 116)),
            gid: parseNumeric(blk.subarray(116, 124)),
            devmajor: 0n,
            devminor: 0n,
            mtime: unixTime(parseNumeric(blk.subarray(136, 148)), 0n),
            atime: null,
            ctime: null,
            pax: new Map(),
            dataOffset: pos + 512,
            dataSize: 0
        };
        if (ustar || gnu) {
            e.devmajor = parseNumeric(blk.subarray(329, 337));
            e.devminor = parseNumeric(blk.subarray(337, 345));
            let prefix = '';
            if (star) {
                prefix = parseString(blk.subarray(345, 476));
                e.atime = unixTime(parseNumeric(blk.subarray(476, 488)), 0n);
                e.ctime = unixTime(parseNumeric(blk.subarray(488, 500)), 0n);
            }
            else if (ustar)
                prefix = parseString(blk.subarray(345, 500));
            else {
                try {
                    if (blk[345] !== 0)
                        e.atime = unixTime(parseNumeric(blk.subarray(345, 357)), 0n);
                    if (blk[357] !== 0)
                        e.ctime = unixTime(parseNumeric(blk.subarray(357, 369)), 0n);
                }
                catch {
                    // a pre-Go 1.8 writer's prefix in the GNU time fields (golang/go#12594)
                    e.atime = e.ctime = null;
                    const s = parseString(blk.subarray(345, 500));
                    if (![...s].some((c) => c.charCodeAt(0) >= 0x80))
                        prefix = s;
                }
            }
            if (prefix.length > 0)
                e.name = `${prefix}/${e.name}`;
        }
        if (e.size < 0n)
            bad('a size is negative');
        const own = HEADER_ONLY.has(e.typeflag) ? 0 : Number(e.size);
        const padded = Math.ceil(own / 512) * 512;
        pos = e.dataOffset + padded;
        if (e.typeflag === 'x' ||
            e.typeflag === 'g' ||
            e.typeflag === 'L' ||
            e.typeflag === 'K') {
            if (own > 1 << 20)
                bad('a special header is larger than 1 MiB');
            if (e.dataOffset + own > tar.length)
                bad('a special header is cut short');
            const data = tar.subarray(e.dataOffset, e.dataOffset + own);
            if (e.typeflag === 'x')
                pax = parsePax(data);
            else if (e.typeflag === 'g') {
                yield {
                    ...e,
                    pax: parsePax(data),
                    size: 0n,
                    mode: 0n,
                    uid: 0n,
                    gid: 0n,
                    mtime: null,
                    linkname: '',
                    dataSize: 0
                };
                pax = new Map();
            }
            else if (e.typeflag === 'L')
                longName = parseString(data);
            else
                longLink = parseString(data);
            continue;
        }
        if (e.typeflag === 'S')
            bad('GNU sparse files are not supported');
        for (const [k, v] of pax) {
            if (v === '')
                continue;
            const int = () => {
                if (!/^[+-]?[0-9]+$/.test(v))
                    bad(`PAX ${k} is not a number`);
                const x = BigInt(v);
                if (x >= 1n << 63n || x < -(1n << 63n))
                    bad(`PAX ${k} overflows`);
                return x;
            };
            if (k === 'path')
                e.name = v;
            else if (k === 'linkpath')
                e.linkname = v;
            else if (k === 'uid')
                e.uid = int();
            else if (k === 'gid')
                e.gid = int();
            else if (k === 'atime')
                e.atime = parsePaxTime(v);
            else if (k === 'mtime')
                e.mtime = parsePaxTime(v);
            else if (k === 'ctime')
                e.ctime = parsePaxTime(v);
            else if (k === 'size')
                e.size = int();
        }
        e.pax = pax;
        pax = new Map();
        if (longName !== '')
            e.name = longName;
        if (longLink !== '')
            e.linkname = longLink;
        longName = longLink = '';
        if (e.typeflag === '\0')
            e.typeflag = e.name.endsWith('/') ? '5' : '0';
        if (e.size < 0n)
            bad('a size is negative');
        e.dataSize = HEADER_ONLY.has(e.typeflag) ? 0 : Number(e.size);
        pos = e.dataOffset + Math.ceil(e.dataSize / 512) * 512;
        yield e;
    }
}

/**
 * The dm-verity root hash of one container layer as Azure computes it for
 * confidential ACI policies: hcsshim tar2ext4.ConvertAndComputeRootDigest
 * (tar → compact ext4 with whiteouts converted, 128 GiB metadata room),
 * then a dm-verity tree (SHA-256, 4096-byte blocks, 32 zero bytes of salt)
 * whose root is H(salt ‖ top block).
 */
/** dmverity.RecommendedVHDSizeGB: the maximum disk size tar2ext4 reserves for. */
const MAX_DISK = 128n * 2n ** 30n;
const SALT = Buffer.alloc(32);
/** hcsshim dmverity.MerkleTree then RootHash over an image of whole blocks. */
function dmVerityRootHash(image) {
    if (image.length % BLOCK !== 0)
        throw new EnclaveBuildError('INTERNAL', 'dm-verity: the image is not whole 4096-byte blocks');
    let level = image;
    for (;;) {
        const n = level.length / BLOCK;
        const next = Buffer.alloc(Math.max(BLOCK, Math.ceil((n * 32) / BLOCK) * BLOCK));
        for (let i = 0; i < n; i++)
            createHash('sha256')
                .update(SALT)
                .update(level.subarray(i * BLOCK, (i + 1) * BLOCK))
                .digest()
                .copy(next, i * 32);
        level = next;
        if (next.length === BLOCK)
            break;
    }
    return createHash('sha256')
        .update(SALT)
        .update(level.subarray(0, BLOCK))
        .digest('hex');
}
const TYPES = {
    '0': S_IFREG,
    '2': S_IFLNK,
    '3': S_IFCHR,
    '4': S_IFBLK,
    '5': S_IFDIR,
    '6': S_IFIFO
};
/** hcsshim ConvertTarToExt4 with ConvertWhiteout: the ext4 image of a layer tar. */
function layerToExt4(tar) {
    const fs = new Ext4Writer(MAX_DISK);
    for (const h of readTar(tar)) {
        if (h.dataOffset + h.dataSize > tar.length)
            throw new EnclaveBuildError('INPUT_INVALID', `the layer tar is cut short inside ${JSON.stringify(h.name)}`);
        fs.makeParents(h.name);
        const slash = h.name.lastIndexOf('/');
        const dir = h.name.slice(0, slash + 1);
        const file = h.name.slice(slash + 1);
        if (file.startsWith('.wh.')) {
            if (file === '.wh..wh..opq') {
                const f = fs.stat(dir);
                f.xattrs.set('trusted.overlay.opaque', 'y');
                fs.create(dir, f);
            }
            else
                fs.create(joinPath(dir, file.slice(4)), blankFile(S_IFCHR));
            continue;
        }
        if (h.typeflag === '1') {
            fs.link(h.linkname, h.name);
            continue;
        }
        const xattrs = new Map();
        for (const [k, v] of h.pax)
            if (k.startsWith('SCHILY.xattr.'))
                xattrs.set(k.slice(13), v);
        const f = {
            mode: (Number(BigInt.asUintN(16, h.mode)) & ~TYPE_MASK) |
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
        };
        fs.create(h.name, f);
        if (h.dataSize > 0)
            fs.writeData(tar.subarray(h.dataOffset, h.dataOffset + h.dataSize));
    }
    return fs.close();
}
/** Go path.Join(dir, name) for a whiteout's target (dir ends in "/" or is empty). */
function joinPath(dir, name) {
    const joined = dir === '' ? name : `${dir}${name}`;
    const rooted = joined.startsWith('/');
    const parts = [];
    for (const p of joined.split('/')) {
        if (p === '' || p === '.')
            continue;
        if (p === '..') {
            if (parts.length > 0 && parts[parts.length - 1] !== '..')
                parts.pop();
            else if (!rooted)
                parts.push('..');
        }
        else
            parts.push(p);
    }
    const s = (rooted ? '/' : '') + parts.join('/');
    return s === '' ? '.' : s;
}
/** The dm-verity root hash of a layer tar (uncompressed), hex. */
function layerRootHash(tar) {
    return dmVerityRootHash(layerToExt4(tar));
}

export { dmVerityRootHash, layerRootHash, layerToExt4 };
