import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** The error for a file that is not a PE32+ image; `what` names the input. */
function peError(what, message) {
    return new EnclaveBuildError('INPUT_INVALID', `${what} is not a PE32+ EFI image (${message}); pass an x86-64 or aarch64 EFI binary`);
}
/** Parses the headers and section table of a PE32+ image. */
function parsePe(bytes, what = 'the image') {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const need = (at, n, field) => {
        if (at < 0 || at + n > bytes.length)
            throw peError(what, `no ${field}`);
    };
    need(0, 64, 'DOS header');
    if (dv.getUint16(0, true) !== 0x5a4d)
        throw peError(what, 'no MZ signature');
    const sig = dv.getUint32(0x3c, true);
    need(sig, 24, 'PE header');
    if (dv.getUint32(sig, true) !== 0x4550)
        throw peError(what, 'invalid PE signature');
    const coff = sig + 4;
    const machine = dv.getUint16(coff, true);
    const count = dv.getUint16(coff + 2, true);
    const sizeOfOptionalHeader = dv.getUint16(coff + 16, true);
    const optional = coff + 20;
    need(optional, 112, 'optional header');
    if (dv.getUint16(optional, true) !== 0x20b)
        throw peError(what, 'not PE32+ (optional header magic is not 0x20b)');
    const numberOfRvaAndSizes = dv.getUint32(optional + 108, true);
    if (112 + 8 * numberOfRvaAndSizes > sizeOfOptionalHeader)
        throw peError(what, 'data directories overrun the optional header');
    const certDirectory = numberOfRvaAndSizes > 4 ? optional + 112 + 32 : undefined;
    const sizeOfHeaders = dv.getUint32(optional + 60, true);
    const table = optional + sizeOfOptionalHeader;
    need(table, 40 * count, 'section table');
    if (sizeOfHeaders > bytes.length || sizeOfHeaders < table + 40 * count)
        throw peError(what, 'SizeOfHeaders out of range');
    const sections = [];
    for (let i = 0; i < count; i++) {
        const at = table + 40 * i;
        let end = at;
        while (end < at + 8 && bytes[end] !== 0)
            end++;
        sections.push({
            name: Buffer.from(bytes.subarray(at, end)).toString('latin1'),
            virtualSize: dv.getUint32(at + 8, true),
            virtualAddress: dv.getUint32(at + 12, true),
            sizeOfRawData: dv.getUint32(at + 16, true),
            pointerToRawData: dv.getUint32(at + 20, true),
            characteristics: dv.getUint32(at + 36, true),
            headerOffset: at
        });
    }
    let certTable;
    if (certDirectory !== undefined) {
        const start = dv.getUint32(certDirectory, true);
        const size = dv.getUint32(certDirectory + 4, true);
        if (start !== 0)
            certTable = { start, end: start + size };
    }
    return {
        bytes,
        coff,
        optional,
        sizeOfOptionalHeader,
        checksum: optional + 64,
        certDirectory,
        numberOfRvaAndSizes,
        sizeOfHeaders,
        sectionAlignment: dv.getUint32(optional + 32, true),
        fileAlignment: dv.getUint32(optional + 36, true),
        sizeOfImage: dv.getUint32(optional + 56, true),
        imageBase: dv.getBigUint64(optional + 24, true),
        machine,
        sections,
        certTable
    };
}
/**
 * The data of the first section named `name`, as the object crate reads it:
 * min(VirtualSize, SizeOfRawData) bytes from PointerToRawData. Undefined
 * when there is no such section.
 */
function sectionData(pe, name, what = 'the image') {
    const s = pe.sections.find((x) => x.name === name);
    if (!s)
        return undefined;
    const size = Math.min(s.virtualSize, s.sizeOfRawData);
    if (s.pointerToRawData + size > pe.bytes.length)
        throw peError(what, `section ${name} runs past the end of the file`);
    return pe.bytes.subarray(s.pointerToRawData, s.pointerToRawData + size);
}

export { parsePe as p, sectionData as s };
