import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** p_type of a loadable segment. */
const PT_LOAD = 1;
/** p_flags bits. */
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const PN_XNUM = 0xffff;
function bad(message) {
    throw new EnclaveBuildError('ELF_INVALID', `${message}; is this an ELF64 file?`);
}
/** Reads a u64 as a number, refusing values JavaScript cannot hold exactly. */
function u64(view, offset, what) {
    const v = view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
        bad(`${what} is too large (${v})`);
    return Number(v);
}
function viewOf(buf) {
    return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}
/** Checks that [offset, offset + size) lies inside the buffer. */
function inBounds(buf, offset, size) {
    return offset >= 0 && size >= 0 && offset + size <= buf.byteLength;
}
/**
 * Parses the ELF64 little-endian file header. Other classes and byte orders
 * are refused (every TEE binary here is x86-64 or aarch64 little-endian).
 */
function readElfHeader(buf) {
    if (buf.byteLength < EHDR_SIZE)
        bad('file is shorter than an ELF header');
    if (buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46)
        bad('no ELF magic');
    if (buf[4] !== 2)
        bad('not a 64-bit ELF (EI_CLASS)');
    if (buf[5] !== 1)
        bad('not a little-endian ELF (EI_DATA)');
    const v = viewOf(buf);
    const header = {
        type: v.getUint16(16, true),
        machine: v.getUint16(18, true),
        entry: u64(v, 24, 'e_entry'),
        phoff: u64(v, 32, 'e_phoff'),
        shoff: u64(v, 40, 'e_shoff'),
        phentsize: v.getUint16(54, true),
        phnum: v.getUint16(56, true),
        shentsize: v.getUint16(58, true),
        shnum: v.getUint16(60, true),
        shstrndx: v.getUint16(62, true)
    };
    // With more than 0xfffe segments the real count lives in section 0's sh_info.
    if (header.phnum === PN_XNUM) {
        if (!inBounds(buf, header.shoff, SHDR_SIZE))
            bad('e_phnum is PN_XNUM but section header 0 is outside the file');
        header.phnum = v.getUint32(header.shoff + 44, true);
    }
    return header;
}
/** Parses every program header, in file order. */
function readProgramHeaders(buf, header = readElfHeader(buf)) {
    if (header.phnum === 0)
        return [];
    if (header.phentsize < PHDR_SIZE)
        bad(`e_phentsize ${header.phentsize} is smaller than ${PHDR_SIZE}`);
    if (!inBounds(buf, header.phoff, header.phentsize * header.phnum))
        bad('program header table lies outside the file');
    const v = viewOf(buf);
    const out = [];
    for (let i = 0; i < header.phnum; i++) {
        const o = header.phoff + i * header.phentsize;
        out.push({
            type: v.getUint32(o, true),
            flags: v.getUint32(o + 4, true),
            offset: u64(v, o + 8, 'p_offset'),
            vaddr: u64(v, o + 16, 'p_vaddr'),
            paddr: u64(v, o + 24, 'p_paddr'),
            filesz: u64(v, o + 32, 'p_filesz'),
            memsz: u64(v, o + 40, 'p_memsz'),
            align: u64(v, o + 48, 'p_align')
        });
    }
    return out;
}
/** The PT_LOAD program headers, in program-header order. */
function loadSegments(buf) {
    return readProgramHeaders(buf).filter((p) => p.type === PT_LOAD);
}

export { PF_R as P, readProgramHeaders as a, PF_W as b, PF_X as c, loadSegments as l, readElfHeader as r };
