import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { p as parsePe } from './pe-CMa41Mkz.js';

const STUB_SBAT = 'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n' +
    'uki,1,UKI,uki,1,https://uapi-group.org/specifications/specs/unified_kernel_image/\n';
const MEM_READ = 0x40000000;
const CNT_CODE = 0x20;
const CNT_INITIALIZED_DATA = 0x40;
const NX_COMPAT = 0x100;
const roundUp = (x, block) => Math.ceil(x / block) * block;
const bad = (message) => new EnclaveBuildError('INPUT_INVALID', message);
/** The SBAT lines after the "sbat," header line of a PE's .sbat section (none if it has none). */
function sbatLines(pe, what) {
    // ukify reads the whole raw section and strips trailing NULs.
    const s = parsePe(pe, what).sections.find((x) => x.name === '.sbat');
    if (!s)
        return [];
    const raw = pe.subarray(s.pointerToRawData, s.pointerToRawData + s.sizeOfRawData);
    const lines = splitLines(Buffer.from(raw).toString('utf8').replace(/\0+$/, ''));
    return lines[0]?.startsWith('sbat,') ? lines.slice(1) : [];
}
/** Python's str.splitlines for the separators SBAT text can hold. */
function splitLines(text) {
    // \x1c-\x1e are line breaks to Python too (file/group/record separators)
    // eslint-disable-next-line no-control-regex
    const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
/** ukify's merge_sbat: one header line, then the stub's, the kernel's and the given lines. */
function mergeSbat(stub, kernel, text = STUB_SBAT) {
    const given = splitLines(text);
    if (!given[0]?.startsWith('sbat,'))
        throw bad('the --sbat file must start with the "sbat,1,SBAT Version,..." line');
    const lines = [
        ...sbatLines(stub, '--stub'),
        ...sbatLines(kernel, '--kernel'),
        ...given.slice(1)
    ];
    return `sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n${lines.join('\n')}\n\0`;
}
/** Builds the UKI bytes. */
function buildUki(input) {
    const kernelPe = parsePe(input.kernel, '--kernel');
    let data = prepareStub(input.stub);
    let pe = parsePe(data, '--stub');
    if (pe.certTable)
        throw bad('the stub is signed; pass the unsigned systemd-stub (sign the UKI afterwards)');
    const utf8 = (s) => Buffer.from(s, 'utf8');
    const cmdline = (input.cmdline ?? '').split(/\s+/).filter(Boolean).join(' ');
    const sections = [
        ['.osrel', input.osRelease],
        ['.cmdline', cmdline ? utf8(cmdline) : undefined],
        ['.uname', input.uname ? utf8(input.uname) : undefined],
        ['.linux', input.kernel],
        ['.initrd', input.initrd],
        ['.sbat', utf8(mergeSbat(input.stub, input.kernel, input.sbat))]
    ];
    const original = pe.sections.length;
    const { fileAlignment: fa, sectionAlignment: sa } = pe;
    const dv = () => new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (const [name, content] of sections) {
        if (content === undefined)
            continue;
        const last = pe.sections[pe.sections.length - 1];
        const offset = last.headerOffset + 40;
        if (offset + 40 > pe.sizeOfHeaders)
            throw bad(`the stub has no header space left to add section ${name}`);
        if (name === '.linux' &&
            !(dllCharacteristics(input.kernel, kernelPe.optional) & NX_COMPAT)) {
            const at = pe.optional + 70;
            dv().setUint16(at, dv().getUint16(at, true) & ~NX_COMPAT, true);
        }
        const i = pe.sections.slice(0, original).findIndex((s) => s.name === name);
        if (i >= 0) {
            const s = pe.sections[i];
            if (content.length > s.sizeOfRawData)
                throw bad(`section ${name} does not fit into the stub's own ${name} (${s.sizeOfRawData} bytes)`);
            const next = pe.sections[i + 1];
            if (!next)
                throw bad(`the stub's ${name} is its last section; ukify cannot rewrite it`);
            data = concat([
                data.subarray(0, s.pointerToRawData),
                content,
                new Uint8Array(s.sizeOfRawData - content.length),
                data.subarray(next.pointerToRawData)
            ]);
            dv().setUint32(s.headerOffset + 8, content.length, true);
        }
        else {
            const ptr = roundUp(data.length, fa);
            const raw = roundUp(content.length, fa);
            const va = roundUp(last.virtualAddress + last.virtualSize, sa);
            data = concat([
                data,
                new Uint8Array(ptr - data.length),
                content,
                new Uint8Array(raw - content.length)
            ]);
            const h = dv();
            data.set(Buffer.from(name.padEnd(8, '\0'), 'latin1'), offset);
            h.setUint32(offset + 8, content.length, true);
            h.setUint32(offset + 12, va, true);
            h.setUint32(offset + 16, raw, true);
            h.setUint32(offset + 20, ptr, true);
            h.setUint32(offset + 36, MEM_READ | (name === '.linux' ? CNT_CODE : CNT_INITIALIZED_DATA), true);
            h.setUint16(pe.coff + 2, h.getUint16(pe.coff + 2, true) + 1, true);
            const init = pe.optional + 8;
            h.setUint32(init, (h.getUint32(init, true) + content.length) >>> 0, true);
        }
        pe = parsePe(data, 'the UKI');
    }
    const h = dv();
    const last = pe.sections[pe.sections.length - 1];
    h.setUint32(pe.checksum, 0, true);
    h.setUint32(pe.optional + 56, roundUp(last.virtualAddress + last.virtualSize, sa), true);
    return data;
}
function dllCharacteristics(bytes, optional) {
    return bytes[optional + 70] | (bytes[optional + 71] << 8);
}
function concat(parts) {
    return new Uint8Array(Buffer.concat(parts));
}
/** Step 1 of the file comment, on a copy of the stub. */
function prepareStub(stub) {
    let data = new Uint8Array(stub);
    let pe = parsePe(data, '--stub');
    let h = new DataView(data.buffer);
    const symtab = h.getUint32(pe.coff + 8, true);
    if (symtab !== 0) {
        let size = 18 * h.getUint32(pe.coff + 12, true);
        if (symtab + size + 4 <= data.length)
            size += h.getUint32(symtab + size, true);
        if (symtab + size === data.length) {
            data = data.slice(0, symtab);
            h = new DataView(data.buffer);
            h.setUint32(pe.coff + 8, 0, true);
            h.setUint32(pe.coff + 12, 0, true);
            // ukify also sets pefile's IMAGE_FILE_LOCAL_SYMS_STRIPPED attribute, but
            // pefile does not write flag attributes back: Characteristics stays as is.
            pe = parsePe(data, '--stub');
        }
    }
    const fa = pe.fileAlignment;
    if (fa === 0 || pe.sectionAlignment === 0)
        throw bad('the stub has a zero alignment');
    // PE/COFF's bounds (FileAlignment a power of two to 64 KiB; raw data in the
    // file): a 1 GiB alignment or a 2 GiB .sbat cost minutes and 18 GB
    if ((fa & (fa - 1)) !== 0 || fa > 65536)
        throw bad(`the stub's FileAlignment ${fa} is not a power of two to 64 KiB`);
    for (const s of pe.sections)
        if (s.pointerToRawData + s.sizeOfRawData > data.length)
            throw bad(`the stub's ${s.name} section runs past the end of the file`);
    const sections = pe.sections.map((s) => ({ ...s }));
    for (let i = 0; i < sections.length; i++) {
        const s = sections[i];
        const oldp = s.pointerToRawData;
        const oldsz = s.sizeOfRawData;
        const padp = roundUp(oldp, fa) - oldp;
        const padsz = roundUp(oldsz, fa) - oldsz;
        s.pointerToRawData = oldp + padp;
        s.sizeOfRawData = oldsz + padsz;
        for (const later of sections.slice(i + 1))
            later.pointerToRawData += padp + padsz;
        if (padp || padsz)
            data = concat([
                data.subarray(0, oldp),
                new Uint8Array(padp),
                data.subarray(oldp, oldp + oldsz),
                new Uint8Array(padsz),
                data.subarray(oldp + oldsz)
            ]);
    }
    h = new DataView(data.buffer);
    for (const s of sections) {
        h.setUint32(s.headerOffset + 16, s.sizeOfRawData, true);
        h.setUint32(s.headerOffset + 20, s.pointerToRawData, true);
    }
    h.setUint32(pe.optional + 60, roundUp(pe.sizeOfHeaders, fa), true);
    return data;
}

export { buildUki, mergeSbat };
