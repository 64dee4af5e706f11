import { G as GUIDS, a as guidBytesLe, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { i as invalidFirmware, T as TdvfSectionType, M as MAX_SECTION_MEMORY, f as footerEntries, A as ATTR_MR_EXTEND, m as mrtdOf } from './tdx-BS7SA3Ep.js';

/**
 * The TDX metadata as gce-tcb-verifier v0.3.1 reads it (ovmf/fw_guid_table_ops.go
 * GetFwGUIDTable/GetFwGUIDToBlockMap, ovmf/tdx_data.go extractTDXMetadata and
 * validateTDXMetadataSections, tdx/measurement.go InitMemoryRegion): the whole
 * footer table must walk cleanly, the offset is the first u32 of the entry,
 * the metadata GUID must precede "TDVF", and only BFV, CFV, TD_HOB and
 * TEMP_MEM sections are allowed, firmware volumes filling the image.
 */
const METADATA = guidBytesLe('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae');
const ENTRY = 18; // u16 size + 16-byte GUID
/** The TDX metadata offset block of the footer table, walked as Google does. */
function offsetBlock(fw) {
    // the whole table is walked (and may be refused) before the lookup
    const blocks = new Map();
    for (const e of footerEntries(fw, 'gce-tcb-verifier', invalidFirmware))
        blocks.set(e.guid, e.data);
    const block = blocks.get(GUIDS.tdxMetadataOffset);
    if (block === undefined)
        throw invalidFirmware('no TDX metadata offset entry (GUID e47a6535-...)');
    if (block.length < 4 + ENTRY)
        throw invalidFirmware('TDX metadata offset entry too small');
    return block;
}
/** The sections of a TDVF image, accepted only where gce-tcb-verifier accepts them. */
function gceSections(fw) {
    const block = offsetBlock(fw);
    const len = fw.length;
    const offset = new DataView(block.buffer, block.byteOffset, 4).getUint32(0, true);
    if (offset > len - 16 || offset < 16)
        throw invalidFirmware(`unexpected TDX metadata offset 0x${offset.toString(16)}`);
    const at = len - offset;
    if (!METADATA.every((b, i) => fw[at - 16 + i] === b))
        throw invalidFirmware('no TDX metadata GUID (e9eaf9f3-...) before the descriptor');
    const v = new DataView(fw.buffer, fw.byteOffset, fw.byteLength);
    const count = v.getUint32(at + 12, true);
    if (count * 32 > offset - 16)
        throw invalidFirmware(`TDX metadata declares ${count} sections past the image end`);
    if (v.getUint32(at, true) !== 0x46564454)
        throw invalidFirmware('wrong TDX metadata signature (expected "TDVF")');
    if (v.getUint32(at + 8, true) !== 1)
        throw invalidFirmware('unsupported TDX metadata version');
    if (v.getUint32(at + 4, true) !== 16 + 32 * count)
        throw invalidFirmware('TDX metadata descriptor length is wrong');
    const sections = [];
    let fvSize = 0;
    let hobs = 0;
    let bfv = false;
    let total = 0n;
    for (let i = 0; i < count; i++) {
        const p = at + 16 + 32 * i;
        const s = {
            dataOffset: v.getUint32(p, true),
            rawDataSize: v.getUint32(p + 4, true),
            memoryAddress: v.getBigUint64(p + 8, true),
            memoryDataSize: v.getBigUint64(p + 16, true),
            type: v.getUint32(p + 24, true),
            attributes: v.getUint32(p + 28, true)
        };
        if (s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV) {
            bfv ||= s.type === TdvfSectionType.BFV;
            if (s.dataOffset > len ||
                s.rawDataSize === 0 ||
                len - s.dataOffset < s.rawDataSize)
                throw invalidFirmware('TDX firmware volume outside the image');
            if (s.memoryDataSize !== BigInt(s.rawDataSize))
                throw invalidFirmware('TDX firmware volume memory size differs from its raw size');
            fvSize += s.rawDataSize;
        }
        else if (s.type === TdvfSectionType.TD_HOB) {
            if (++hobs > 1)
                throw invalidFirmware('TDX metadata has several TD HOBs');
        }
        else if (s.type !== TdvfSectionType.TEMP_MEM)
            throw invalidFirmware(`section type ${s.type} is not supported on GCE`);
        sections.push(s);
    }
    if (hobs === 0)
        throw invalidFirmware('TDX metadata has no TD HOB');
    if (!bfv)
        throw invalidFirmware('TDX metadata has no boot firmware volume');
    if (fvSize !== len)
        throw invalidFirmware('TDX firmware volumes do not add up to the image');
    // Overlap as Google's pairwise intersection: empty ranges never overlap.
    const ranges = sections
        .filter((s) => s.memoryDataSize > 0n)
        .map((s) => [s.memoryAddress, s.memoryAddress + s.memoryDataSize])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let end = 0n;
    for (const [start, stop] of ranges) {
        if (start < end)
            throw invalidFirmware('TDX metadata sections overlap');
        if (stop > end)
            end = stop;
    }
    for (const s of sections) {
        if (s.memoryAddress % 4096n !== 0n || s.memoryDataSize % 4096n !== 0n)
            throw invalidFirmware('TDX section not page-aligned');
        total += s.memoryDataSize;
        if (total > MAX_SECTION_MEMORY ||
            s.memoryAddress + s.memoryDataSize > 2n ** 52n)
            throw invalidFirmware(`TDX sections describe more than ${MAX_SECTION_MEMORY >> 20n} MiB of memory`);
    }
    return sections;
}

const BASE_ATTRS = 0x7; // present | initialized | tested
const NEEDS_EARLY_ACCEPT = 0x1000_0000;
const FOUR_GIB = 2 ** 32;
/** RAM not covered by any section, bank by bank (unacceptedMemRanges). */
function unaccepted(priv, ram) {
    const sorted = (a) => a.map((r) => ({ ...r })).sort((x, y) => x.start - y.start);
    const p = sorted(priv);
    const out = [];
    let i = 0;
    for (const bank of sorted(ram)) {
        if (bank.length === 0)
            continue;
        let start = bank.start;
        const end = bank.start + bank.length;
        while (i < p.length) {
            const r = p[i];
            if (r.length === 0 || r.start + r.length <= start) {
                i++;
                continue;
            }
            if (r.start >= end)
                break;
            const iStart = Math.max(start, r.start);
            const iEnd = Math.min(end, r.start + r.length);
            if (iStart > start)
                out.push({ start, length: iStart - start });
            start = iEnd;
            if (start === end)
                break;
        }
        if (end > start)
            out.push({ start, length: end - start });
    }
    return out;
}
function u64(b, at, v) {
    b.writeUInt32LE(v % 2 ** 32, at);
    b.writeUInt32LE(Math.floor(v / 2 ** 32), at + 4);
}
/** The TD HOB bytes (the TD HOB section's size) for these sections and RAM banks. */
function tdHobGce(sections, ram) {
    const hob = sections.find((s) => s.type === TdvfSectionType.TD_HOB);
    if (hob === undefined)
        throw invalidFirmware('TDX metadata has no TD HOB');
    const priv = sections.map((s) => ({
        start: Number(s.memoryAddress),
        length: Number(s.memoryDataSize)
    }));
    const free = unaccepted(priv, ram);
    const size = 56 + 48 * (priv.length + free.length) + 8;
    const length = Number(hob.memoryDataSize);
    if (size > length)
        throw invalidFirmware(`the TD HOB (${size} bytes) overflows its section`);
    const b = Buffer.alloc(length);
    b.writeUInt16LE(1, 0);
    b.writeUInt16LE(56, 2);
    b.writeUInt32LE(9, 8);
    u64(b, 48, Number(hob.memoryAddress) + size - 8);
    let at = 56;
    const resource = (type, attrs, r) => {
        b.writeUInt16LE(3, at);
        b.writeUInt16LE(48, at + 2);
        b.writeUInt32LE(type, at + 24);
        b.writeUInt32LE(attrs, at + 28);
        u64(b, at + 32, r.start);
        u64(b, at + 40, r.length);
        at += 48;
    };
    for (const r of priv)
        resource(0, BASE_ATTRS, r);
    for (const r of free)
        resource(7, r.start + r.length <= FOUR_GIB
            ? BASE_ATTRS | NEEDS_EARLY_ACCEPT
            : BASE_ATTRS, r);
    b.writeUInt16LE(0xffff, at);
    b.writeUInt16LE(8, at + 2);
    return b;
}

/**
 * MRTD of a Google Compute Engine TDX VM, as google/gce-tcb-verifier
 * (tdx/mrtd_from_ovmf.go, ovmf/tdx_data.go, v0.3.1) computes it: with a
 * machine shape, Google's hypervisor MR.EXTENDs every metadata section,
 * including the TD HOB it builds from the shape's RAM banks and the zeroed
 * temporary memory; without one, only sections marked MR.EXTEND. The
 * metadata is read with Google's rules (gce-metadata.ts), not dstack-mr's.
 */
const GIB = 2 ** 30;
const MIB = 2 ** 20;
/** C3 shapes: memory (GiB), NUMA nodes, largest node (GiB) — gce-tcb-verifier's table. */
const GCE_SHAPES = {
    'c3-standard-4': { size: 16, nodes: 1, maxPerNode: 176 },
    'c3-standard-8': { size: 32, nodes: 1, maxPerNode: 176 },
    'c3-standard-22': { size: 88, nodes: 1, maxPerNode: 176 },
    'c3-standard-44': { size: 176, nodes: 1, maxPerNode: 176 },
    'c3-standard-88': { size: 352, nodes: 2, maxPerNode: 176 },
    'c3-standard-176': { size: 704, nodes: 4, maxPerNode: 176 }
};
/** Guest RAM banks of a shape: low 3 GiB, TDVF's top 2 MiB, then one bank per NUMA node above 4 GiB. */
function ramBanks(shape) {
    const d = GCE_SHAPES[shape];
    if (d === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', `unknown GCE machine shape ${shape}: choose one of ${Object.keys(GCE_SHAPES).join(', ')}`);
    const banks = [
        { start: 0, length: 3 * GIB },
        { start: 4 * GIB - 2 * MIB, length: 2 * MIB }
    ];
    let start = 4 * GIB;
    let size = d.size * GIB - 3 * GIB;
    let taken = 3 * GIB;
    for (let n = 0; n < d.nodes; n++) {
        const length = Math.min(d.maxPerNode * GIB - taken, size);
        banks.push({ start, length });
        start += length;
        size -= length;
        taken = 0;
    }
    return banks;
}
/** The GCE MRTD of a firmware image, for a machine shape (TD HOB measured) or none. */
function gceMrtd(fw, shape) {
    const all = shape !== undefined;
    const banks = all ? ramBanks(shape) : [];
    const sections = gceSections(fw);
    // Google builds the TD HOB even when it is not measured, and fails when it does not fit.
    const hob = tdHobGce(sections, banks);
    const regions = sections.map((s) => {
        const length = Number(s.memoryDataSize);
        const region = {
            gpa: Number(s.memoryAddress),
            pages: length / 4096,
            add: true
        };
        const fv = s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV;
        const isHob = s.type === TdvfSectionType.TD_HOB;
        if (!all && (s.attributes & ATTR_MR_EXTEND) === 0)
            return region;
        // Without a shape, temporary memory has no bytes and cannot be extended.
        if (!fv && !isHob && !all)
            throw invalidFirmware('an MR.EXTEND section without firmware bytes');
        const data = fv
            ? fw.subarray(s.dataOffset, s.dataOffset + length)
            : isHob
                ? hob
                : new Uint8Array(length);
        return { ...region, data };
    });
    return mrtdOf(regions, 'single');
}

export { GCE_SHAPES, gceMrtd, ramBanks };
