import { a as guidFromBytesLe, g as guidBytesLe, G as GUIDS } from './guid-C_415n1f.js';

/**
 * Python's slicing and int.from_bytes, for following sev-snp-measure (a
 * Python tool) where it indexes with unchecked sizes read from an image.
 */
/**
 * Python slice semantics (`a[start:end]`, negative indices counted from the
 * end, then clamped): the reference indexes with unchecked sizes read from
 * the image, and must be followed even when those are nonsense.
 */
function pySlice(a, start, end = a.length) {
    const norm = (i) => i < 0 ? Math.max(0, a.length + i) : Math.min(i, a.length);
    const s = norm(start);
    const e = norm(end);
    return e > s ? a.subarray(s, e) : a.subarray(0, 0);
}
/** Little-endian unsigned value of up to 4 bytes (fewer bytes read as less, like int.from_bytes). */
function leUint(bytes, count = 4) {
    let v = 0;
    const n = Math.min(count, bytes.length);
    for (let i = n - 1; i >= 0; i--)
        v = v * 256 + bytes[i];
    return v;
}

const HEADER = 18; // u16 size + 16-byte GUID
const TAIL = 32; // the footer entry ends this far before the end
const FOOTER_GUID = guidBytesLe(GUIDS.footerTable);
function same(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}
const u16 = (b, at) => b[at] | (b[at + 1] << 8);
/**
 * The table's entries, from the last in the image to the first, as `walk`
 * reads them; throws `invalid(...)` where that tool refuses the table. Lazy:
 * dstack-mr stops at the entry it looks for and never reads what lies
 * before it, so a caller that stops there sees no later refusal either.
 */
function footerEntries(image, walk, invalid) {
    if (walk === 'sev-snp-measure')
        return sevSnpMeasure(image, invalid);
    if (walk === 'dstack-mr')
        return dstackMr(image, invalid);
    return gceTcbVerifier(image, invalid);
}
/** ovmf.py: Python slices with unchecked sizes, clamped and wrapped as Python does. */
function* sevSnpMeasure(data, invalid) {
    const start = data.length - TAIL - HEADER;
    const footer = pySlice(data, start);
    if (footer.length < HEADER)
        throw invalid(`firmware of ${data.length} bytes is too small for an OVMF footer table`);
    // No footer GUID: a firmware without the table (sev-snp-measure goes on with none).
    if (!same(footer.subarray(2, 18), FOOTER_GUID))
        return;
    const tableSize = leUint(footer, 2) - HEADER;
    if (tableSize < 0)
        return;
    let rest = pySlice(data, start - tableSize, start);
    while (rest.length >= HEADER) {
        const header = rest.subarray(rest.length - HEADER);
        const size = leUint(header, 2);
        if (size < HEADER)
            throw invalid(`OVMF footer table entry has invalid size ${size}`);
        yield {
            guid: guidFromBytesLe(header.subarray(2, 18)),
            data: pySlice(rest, -size, -HEADER)
        };
        rest = pySlice(rest, 0, -size);
    }
}
/** tdvf.rs: the footer's size taken as the region below its header; steps back by each size. */
function* dstackMr(fw, invalid) {
    if (fw.length < TAIL + HEADER)
        throw invalid('TDVF firmware too small');
    const end = fw.length - TAIL;
    if (!same(fw.subarray(end - 16, end), FOOTER_GUID))
        throw invalid('no OVMF footer table GUID 32 bytes before the end');
    const tablesLen = u16(fw, end - HEADER);
    if (tablesLen === 0 || tablesLen > end - HEADER)
        throw invalid(`invalid OVMF footer table length ${tablesLen}`);
    const tables = fw.subarray(end - HEADER - tablesLen, end - HEADER);
    let at = tables.length;
    while (at >= HEADER) {
        const len = u16(tables, at - HEADER);
        if (len > at - HEADER)
            throw invalid(`invalid OVMF footer table entry length ${len}`);
        yield {
            guid: guidFromBytesLe(tables.subarray(at - 16, at)),
            data: tables.subarray(at - HEADER - len, at - HEADER)
        };
        // dstack-mr steps back by the entry length alone: a zero length is a dead end.
        if (len === 0)
            return;
        at -= len;
    }
}
/** GetFwGUIDTable: the whole table must walk cleanly, each GUID once. */
function* gceTcbVerifier(fw, invalid) {
    const len = fw.length;
    if (len < TAIL + HEADER)
        throw invalid('firmware too small');
    if (!same(fw.subarray(len - 48, len - TAIL), FOOTER_GUID))
        throw invalid('no OVMF footer table GUID 32 bytes before the end');
    const size = u16(fw, len - 50);
    if (size < HEADER || len < size + TAIL)
        throw invalid(`invalid OVMF footer table size ${size}`);
    const table = fw.subarray(len - TAIL - size, len - 50);
    const seen = new Set();
    let rest = table.length;
    while (rest > 0) {
        if (rest < HEADER)
            throw invalid('OVMF footer table is corrupted');
        const n = u16(table, rest - HEADER);
        if (rest < n || n < HEADER)
            throw invalid('OVMF footer table entries are corrupted');
        const guid = guidFromBytesLe(table.subarray(rest - 16, rest));
        if (seen.has(guid))
            throw invalid(`duplicate GUID ${guid}`);
        seen.add(guid);
        yield { guid, data: table.subarray(rest - n, rest) };
        rest -= n;
    }
}

export { footerEntries as f, leUint as l, pySlice as p };
