import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

const SHT_NOBITS = 8;
function bad(why) {
    throw new EnclaveBuildError('ELF_INVALID', `not a readable ELF64 file: ${why}`);
}
/**
 * Reads the section table of a 64-bit little-endian ELF file (what Go
 * builds for linux/amd64 and linux/arm64).
 */
function readSections(elf) {
    if (elf.length < 64)
        bad('shorter than an ELF header');
    if (elf[0] !== 0x7f || elf[1] !== 0x45 || elf[2] !== 0x4c || elf[3] !== 0x46)
        bad('bad magic');
    if (elf[4] !== 2 || elf[5] !== 1)
        bad('only 64-bit little-endian is supported');
    const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
    const shoff = Number(v.getBigUint64(0x28, true));
    const shentsize = v.getUint16(0x3a, true);
    const shnum = v.getUint16(0x3c, true);
    const shstrndx = v.getUint16(0x3e, true);
    if (shnum === 0)
        return [];
    if (shentsize < 64 || shoff + shnum * shentsize > elf.length)
        bad('section table out of bounds');
    const raw = Array.from({ length: shnum }, (_, i) => {
        const at = shoff + i * shentsize;
        return {
            nameOff: v.getUint32(at, true),
            type: v.getUint32(at + 4, true),
            offset: Number(v.getBigUint64(at + 0x18, true)),
            size: Number(v.getBigUint64(at + 0x20, true))
        };
    });
    const strtab = raw[shstrndx] ?? bad('no section name table');
    const nameAt = (off) => {
        const start = strtab.offset + off;
        let end = start;
        while (end < elf.length && elf[end] !== 0)
            end++;
        return Buffer.from(elf.subarray(start, end)).toString('latin1');
    };
    return raw.map((s) => {
        if (s.type !== SHT_NOBITS && s.offset + s.size > elf.length)
            bad('section data out of bounds');
        return {
            name: nameAt(s.nameOff),
            type: s.type,
            offset: s.offset,
            size: s.size
        };
    });
}
/** Runs of differing bytes between two equal-length buffers, at most `max`. */
function diffRuns(a, b, max) {
    const runs = [];
    let i = 0;
    while (i < a.length && runs.length < max) {
        if (a[i] === b[i]) {
            i++;
            continue;
        }
        const start = i;
        while (i < a.length && a[i] !== b[i])
            i++;
        runs.push({ at: start, length: i - start });
    }
    return runs;
}
/**
 * Compares two ELF files section by section, so a person can see which part
 * of the program differs (.rodata: a string such as a path; .note.go.buildid:
 * the build ID; .go.buildinfo: the recorded settings).
 */
function diffSections(a, b) {
    const sb = new Map(readSections(b).map((s) => [s.name, s]));
    const out = [];
    for (const s of readSections(a)) {
        const t = sb.get(s.name);
        sb.delete(s.name);
        if (!t) {
            out.push({ name: s.name, change: 'only-in-first' });
            continue;
        }
        if (s.size !== t.size) {
            out.push({ name: s.name, change: 'size', sizes: [s.size, t.size] });
            continue;
        }
        if (s.type === SHT_NOBITS)
            continue;
        const runs = diffRuns(a.subarray(s.offset, s.offset + s.size), b.subarray(t.offset, t.offset + t.size), 8);
        if (runs.length > 0)
            out.push({
                name: s.name,
                change: 'content',
                firstOffset: s.offset + runs[0].at,
                ranges: runs
            });
    }
    for (const name of sb.keys())
        out.push({ name, change: 'only-in-second' });
    return out;
}

export { diffSections as d, readSections as r };
