import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * The fixed binary layout of an Enclave Image File (EIF), as defined by
 * aws-nitro-enclaves-image-format (`EifHeader`, `EifSectionHeader`). All
 * integers are big-endian. Only layout lives here; writing and reading are
 * in eif-writer.ts and eif-reader.ts.
 */
/** `.eif` */
const EIF_MAGIC = Uint8Array.of(0x2e, 0x65, 0x69, 0x66);
/** The version AWS's EifBuilder writes (V4 added the metadata section). */
const EIF_VERSION = 4;
const EIF_HEADER_SIZE = 548;
const SECTION_HEADER_SIZE = 12;
const MAX_SECTIONS = 32;
/** Offset of the CRC field; the CRC covers everything except these 4 bytes. */
const CRC_OFFSET = 544;
/** Header flag bit 0: the image is for aarch64. */
const FLAG_ARM64 = 1;
/** What EifBuilder hard-codes; not measured, but part of the file bytes. */
const DEFAULT_MEM = 1024n * 1024n * 1024n;
const DEFAULT_CPUS = 2n;
/** Section types (`EifSectionType`, repr u16). */
const SectionType = {
    Invalid: 0,
    Kernel: 1,
    Cmdline: 2,
    Ramdisk: 3,
    Signature: 4,
    Metadata: 5
};
const NAMES = {
    1: 'Kernel',
    2: 'Cmdline',
    3: 'Ramdisk',
    4: 'Signature',
    5: 'Metadata'
};
/** Encodes the header; `sectionOffsets`/`sectionSizes` may be shorter than 32. */
function encodeHeader(h) {
    if (h.sectionOffsets.length > MAX_SECTIONS)
        throw new EnclaveBuildError('INPUT_INVALID', `an EIF holds at most ${MAX_SECTIONS} sections; use fewer ramdisks`);
    const out = new Uint8Array(EIF_HEADER_SIZE);
    const v = new DataView(out.buffer);
    out.set(EIF_MAGIC, 0);
    v.setUint16(4, h.version);
    v.setUint16(6, h.flags);
    v.setBigUint64(8, h.defaultMem);
    v.setBigUint64(16, h.defaultCpus);
    v.setUint16(24, 0);
    v.setUint16(26, h.numSections);
    h.sectionOffsets.forEach((o, i) => v.setBigUint64(28 + 8 * i, o));
    h.sectionSizes.forEach((s, i) => v.setBigUint64(284 + 8 * i, s));
    v.setUint32(540, 0);
    v.setUint32(CRC_OFFSET, h.crc32);
    return out;
}
function invalid(message) {
    return new EnclaveBuildError('EIF_INVALID', message);
}
/** Decodes and sanity-checks the header (magic, size, section count). */
function decodeHeader(bytes) {
    if (bytes.length < EIF_HEADER_SIZE)
        throw invalid(`the file is ${bytes.length} bytes, shorter than the ${EIF_HEADER_SIZE}-byte EIF header; is it an EIF?`);
    if (!EIF_MAGIC.every((b, i) => bytes[i] === b))
        throw invalid('bad magic (expected ".eif"); the file is not an EIF');
    const v = new DataView(bytes.buffer, bytes.byteOffset, EIF_HEADER_SIZE);
    const numSections = v.getUint16(26);
    if (numSections > MAX_SECTIONS)
        throw invalid(`header claims ${numSections} sections; at most ${MAX_SECTIONS} exist`);
    const sectionOffsets = [];
    const sectionSizes = [];
    for (let i = 0; i < MAX_SECTIONS; i++) {
        sectionOffsets.push(v.getBigUint64(28 + 8 * i));
        sectionSizes.push(v.getBigUint64(284 + 8 * i));
    }
    return {
        version: v.getUint16(4),
        flags: v.getUint16(6),
        defaultMem: v.getBigUint64(8),
        defaultCpus: v.getBigUint64(16),
        numSections,
        sectionOffsets,
        sectionSizes,
        crc32: v.getUint32(CRC_OFFSET)
    };
}
/** Encodes a 12-byte section header: type, flags (0), payload size. */
function encodeSectionHeader(type, size) {
    const out = new Uint8Array(SECTION_HEADER_SIZE);
    const v = new DataView(out.buffer);
    v.setUint16(0, SectionType[type]);
    v.setUint16(2, 0);
    v.setBigUint64(4, BigInt(size));
    return out;
}
/** Decodes a section header at `at`; unknown types are EIF_INVALID. */
function decodeSectionHeader(bytes, at) {
    if (at + SECTION_HEADER_SIZE > bytes.length)
        throw invalid(`section header at byte ${at} runs past the end of the file`);
    const v = new DataView(bytes.buffer, bytes.byteOffset + at, SECTION_HEADER_SIZE);
    const code = v.getUint16(0);
    const type = NAMES[code];
    if (type === undefined)
        throw invalid(`invalid section type ${code} at byte ${at}`);
    return { type, flags: v.getUint16(2), size: v.getBigUint64(4) };
}

export { CRC_OFFSET as C, DEFAULT_CPUS as D, EIF_HEADER_SIZE as E, FLAG_ARM64 as F, MAX_SECTIONS as M, SECTION_HEADER_SIZE as S, encodeSectionHeader as a, DEFAULT_MEM as b, EIF_VERSION as c, decodeHeader as d, encodeHeader as e, decodeSectionHeader as f };
