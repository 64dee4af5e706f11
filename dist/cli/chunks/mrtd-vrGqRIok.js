import { n as nodeCrypto } from './files-D_XKxaoL.js';
import { E as EnclaveBuildError } from './main-C_5kpKAD.js';
import { g as guidBytesLe } from './guid-B6BZZYDl.js';

/**
 * The TDX metadata of a TDVF (OVMF built for Intel TDX): the "TDVF"
 * descriptor that the OVMF GUIDed footer table points at, and its 32-byte
 * section records (TDX Virtual Firmware Design Guide, section 11). The walk
 * and the refusals are dstack-mr's (tdvf.rs), so the same image gives the
 * same sections or a refusal.
 */
/** Section types of the TDX metadata (design guide, table 11-3). */
const TdvfSectionType = {
    BFV: 0,
    CFV: 1,
    TD_HOB: 2,
    TEMP_MEM: 3};
/** Section attributes: MR.EXTEND the bytes; PAGE.AUG (added later, not at build). */
const ATTR_MR_EXTEND = 0x1;
const ATTR_PAGE_AUG = 0x2;
const PAGE$1 = 0x1000n;
const FOOTER_GUID = guidBytesLe('96b582de-1fb2-45f7-baea-a366c55a082d');
const OFFSET_GUID = guidBytesLe('e47a6535-984a-4798-865e-4685a7bf8ec2');
const DESCRIPTOR = 16;
const SECTION = 32;
/**
 * Most memory the sections may describe. Real TDVF images describe a few
 * MiB; a corrupt size would otherwise mean billions of records (dstack-mr
 * then runs for hours), so more is refused.
 */
const MAX_SECTION_MEMORY = 256n << 20n;
/** A coded refusal of a firmware image. */
function invalidFirmware(message) {
    return new EnclaveBuildError('FIRMWARE_INVALID', `${message}; pass the TDVF/OVMF image the TD boots (an IntelTdx or OvmfPkgX64 build with TDX metadata)`);
}
function same(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}
/** The TDX metadata offset entry of the footer table (walked from its end). */
function metadataOffsetEntry(fw) {
    const view = new DataView(fw.buffer, fw.byteOffset, fw.byteLength);
    if (fw.length < 32 + 18)
        throw invalidFirmware('TDVF firmware too small');
    const end = fw.length - 32;
    if (!same(fw.subarray(end - 16, end), FOOTER_GUID))
        throw invalidFirmware('no OVMF footer table GUID 32 bytes before the end');
    const tablesLen = view.getUint16(end - 18, true);
    if (tablesLen === 0 || tablesLen > end - 18)
        throw invalidFirmware(`invalid OVMF footer table length ${tablesLen}`);
    const tables = fw.subarray(end - 18 - tablesLen, end - 18);
    const tview = new DataView(tables.buffer, tables.byteOffset, tables.length);
    let at = tables.length;
    while (at >= 18) {
        const len = tview.getUint16(at - 18, true);
        if (len > at - 18)
            throw invalidFirmware(`invalid OVMF footer table entry length ${len}`);
        if (same(tables.subarray(at - 16, at), OFFSET_GUID))
            return tables.subarray(at - 18 - len, at - 18);
        // dstack-mr steps back by the entry length alone: a zero length is a dead end.
        if (len === 0)
            break;
        at -= len;
    }
    throw invalidFirmware('the OVMF footer table has no TDX metadata offset entry (GUID e47a6535-...)');
}
/** Parses the TDX metadata sections of a TDVF image; FIRMWARE_INVALID where dstack-mr refuses. */
function parseTdvf(fw) {
    const entry = metadataOffsetEntry(fw);
    if (entry.length < 4)
        throw invalidFirmware('TDX metadata entry too small');
    const ev = new DataView(entry.buffer, entry.byteOffset, entry.length);
    const raw = ev.getUint32(entry.length - 4, true);
    if (raw > fw.length)
        throw invalidFirmware('TDX metadata offset exceeds the firmware size');
    const start = fw.length - raw;
    if (start + DESCRIPTOR > fw.length)
        throw invalidFirmware('TDX metadata descriptor runs past the end');
    const view = new DataView(fw.buffer, fw.byteOffset, fw.byteLength);
    if (Buffer.from(fw.subarray(start, start + 4)).toString('latin1') !== 'TDVF')
        throw invalidFirmware('wrong TDX metadata signature (expected "TDVF")');
    const version = view.getUint32(start + 8, true);
    if (version !== 1)
        throw invalidFirmware(`unsupported TDX metadata version ${version}`);
    const count = view.getUint32(start + 12, true);
    const sections = [];
    let total = 0n;
    for (let i = 0; i < count; i++) {
        const at = start + DESCRIPTOR + SECTION * i;
        if (at + SECTION > fw.length)
            throw invalidFirmware(`TDX metadata declares ${count} sections but the image holds ${i}`);
        const s = {
            dataOffset: view.getUint32(at, true),
            rawDataSize: view.getUint32(at + 4, true),
            memoryAddress: view.getBigUint64(at + 8, true),
            memoryDataSize: view.getBigUint64(at + 16, true),
            type: view.getUint32(at + 24, true),
            attributes: view.getUint32(at + 28, true)
        };
        if (s.memoryAddress % PAGE$1 !== 0n)
            throw invalidFirmware(`TDX section ${i}: memory address not page-aligned`);
        if (s.memoryDataSize < BigInt(s.rawDataSize))
            throw invalidFirmware(`TDX section ${i}: memory size below raw size`);
        if (s.memoryDataSize % PAGE$1 !== 0n)
            throw invalidFirmware(`TDX section ${i}: memory size not page-aligned`);
        total += s.memoryDataSize;
        if (total > MAX_SECTION_MEMORY)
            throw invalidFirmware(`TDX sections describe more than ${MAX_SECTION_MEMORY >> 20n} MiB of memory`);
        sections.push(s);
    }
    return sections;
}

const PAGE = 4096;
const CHUNK = 256;
const RECORD = 128;
const BATCH = 1 << 20;
const ADD = Buffer.from('MEM.PAGE.ADD', 'latin1');
const EXTEND = Buffer.from('MR.EXTEND', 'latin1');
const MAX_GPA = 2 ** 52;
/** The regions dstack-mr measures: its own reading of the attributes. */
function dstackRegions(fw, sections) {
    return sections.map((s, i) => {
        const size = s.memoryDataSize;
        const gpa = s.memoryAddress;
        if (gpa + size > BigInt(MAX_GPA))
            throw invalidFirmware(`TDX section ${i} lies above 2^52`);
        const region = {
            gpa: Number(gpa),
            pages: Number(size) / PAGE,
            add: (s.attributes & ATTR_PAGE_AUG) === 0
        };
        if ((s.attributes & ATTR_MR_EXTEND) === 0)
            return region;
        const end = s.dataOffset + Number(size);
        if (end > fw.length)
            throw invalidFirmware(`TDX section ${i} extends bytes ${s.dataOffset}..${end} past the image end`);
        return { ...region, data: fw.subarray(s.dataOffset, end) };
    });
}
/** Writes records into a reusable batch buffer and hashes it when full. */
class RecordHasher {
    h = nodeCrypto().createHash('sha384');
    buf = Buffer.alloc(BATCH);
    at = 0;
    room(n) {
        if (this.at + n <= BATCH)
            return;
        this.h.update(this.buf.subarray(0, this.at));
        this.at = 0;
    }
    header(tag, gpa) {
        this.room(RECORD + CHUNK);
        const b = this.buf;
        b.fill(0, this.at, this.at + RECORD);
        tag.copy(b, this.at);
        b.writeUInt32LE(gpa % 2 ** 32, this.at + 16);
        b.writeUInt32LE(Math.floor(gpa / 2 ** 32), this.at + 20);
        this.at += RECORD;
    }
    pageAdd(gpa) {
        this.header(ADD, gpa);
    }
    extendPage(gpa, page) {
        for (let c = 0; c < PAGE; c += CHUNK) {
            this.header(EXTEND, gpa + c);
            this.buf.set(page.subarray(c, c + CHUNK), this.at);
            this.at += CHUNK;
        }
    }
    digest() {
        this.h.update(this.buf.subarray(0, this.at));
        return this.h.digest();
    }
}
/** MRTD over the regions in order. */
function mrtdOf(regions, order = 'single') {
    const r = new RecordHasher();
    for (const { gpa, pages, add, data } of regions) {
        const page = (p) => data.subarray(p * PAGE, (p + 1) * PAGE);
        if (order === 'two-pass') {
            if (add)
                for (let p = 0; p < pages; p++)
                    r.pageAdd(gpa + p * PAGE);
            if (data)
                for (let p = 0; p < pages; p++)
                    r.extendPage(gpa + p * PAGE, page(p));
        }
        else {
            for (let p = 0; p < pages; p++) {
                if (add)
                    r.pageAdd(gpa + p * PAGE);
                if (data)
                    r.extendPage(gpa + p * PAGE, page(p));
            }
        }
    }
    return r.digest();
}

export { ATTR_MR_EXTEND as A, MAX_SECTION_MEMORY as M, TdvfSectionType as T, dstackRegions as d, invalidFirmware as i, mrtdOf as m, parseTdvf as p };
