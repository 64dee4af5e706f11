import { E as EnclaveBuildError } from './main-C_5kpKAD.js';
import { n as nodeCrypto } from './files-D_XKxaoL.js';
import { g as guidBytesLe } from './guid-B6BZZYDl.js';
import { T as TdvfSectionType, i as invalidFirmware, p as parseTdvf, m as mrtdOf, d as dstackRegions } from './mrtd-vrGqRIok.js';
import './fs-BT6MZko9.js';
import './temps-ClGZhUnt.js';

/**
 * RTMR arithmetic: an RTMR starts at 48 zero bytes and each event extends
 * it as RTMR = SHA-384(RTMR ‖ digest), digests being SHA-384 of the event
 * data (TCG event log, as dstack-mr's measure_log).
 */
/** SHA-384 of bytes. */
function sha384(data) {
    return nodeCrypto().createHash('sha384').update(data).digest();
}
/** The RTMR after replaying these event digests. */
function replay(log) {
    let mr = new Uint8Array(48);
    for (const d of log)
        mr = nodeCrypto().createHash('sha384').update(mr).update(d).digest();
    return mr;
}
/** UTF-16LE of a string (JS strings are UTF-16 already, as Rust's encode_utf16). */
function utf16le(s) {
    return Buffer.from(s, 'utf16le');
}
/** Digest of an EFI variable event as OVMF logs an absent/empty variable (dstack-mr's measure_tdx_efi_variable). */
function efiVariableDigest(vendorGuid, name) {
    const head = Buffer.alloc(32);
    head.set(guidBytesLe(vendorGuid), 0);
    // Rust's str::len: the UTF-8 byte length, which is the char count for these ASCII names.
    head.writeBigUInt64LE(BigInt(Buffer.byteLength(name, 'utf8')), 16);
    return sha384(Buffer.concat([head, utf16le(name)]));
}
/** The separator event's digest (four zero bytes). */
const SEPARATOR = () => sha384(new Uint8Array(4));

/**
 * The Authenticode SHA-384 of a PE/COFF image (a bzImage's EFI stub), the
 * digest OVMF logs when it loads the kernel; computed as dstack-mr's
 * kernel.rs does: headers without CheckSum and the certificate directory
 * entry, sections by file offset, trailing bytes outside the certificate
 * table, then zero padding to a multiple of 8.
 */
function bad$1(message) {
    return new EnclaveBuildError('INPUT_INVALID', `the kernel is not a PE image OVMF can load (${message}); pass an x86-64 bzImage built with EFI_STUB`);
}
/**
 * Authenticode SHA-384 of `file` whose first `head.length` bytes read as
 * `head` (QEMU's patched setup header): a 10 MiB kernel is never copied to
 * change a few bytes.
 */
function authenticodeSha384(file, head = new Uint8Array(0)) {
    const n = head.length;
    const pe = { length: file.length };
    const h = nodeCrypto().createHash('sha384');
    const byte = (i) => (i < n ? head[i] : file[i]);
    const u16 = (at, what) => {
        if (at < 0 || at + 2 > pe.length)
            throw bad$1(`no ${what}`);
        return byte(at) | (byte(at + 1) << 8);
    };
    const u32 = (at, what) => {
        if (at < 0 || at + 4 > pe.length)
            throw bad$1(`no ${what}`);
        return (u16(at, what) + u16(at + 2, what) * 0x10000) >>> 0;
    };
    /** Hashes file[start, end) through the patched head. */
    const update = (start, end) => {
        if (start < n)
            h.update(head.subarray(start, Math.min(end, n)));
        if (end > n)
            h.update(file.subarray(Math.max(start, n), end));
    };
    const sig = u32(0x3c, 'DOS header');
    if (u32(sig, 'PE signature') !== 0x4550)
        throw bad$1('invalid PE signature');
    const coff = sig + 4;
    const optSize = u16(coff + 16, 'COFF header');
    const opt = coff + 20;
    const plus = u16(opt, 'optional header magic') === 0x20b;
    const checksum = opt + 64;
    const certDir = opt + (plus ? 112 : 96) + 4 * 8;
    const headers = u32(opt + 60, 'SizeOfHeaders');
    if (checksum + 4 > certDir || certDir + 8 > headers || headers > pe.length)
        throw bad$1('header fields out of order or past the end');
    update(0, checksum);
    update(checksum + 4, certDir);
    update(certDir + 8, headers);
    let hashed = headers;
    const count = u16(coff + 2, 'section count');
    const sections = [];
    for (let i = 0; i < count; i++) {
        const at = opt + optSize + 40 * i;
        const size = u32(at + 16, 'SizeOfRawData');
        const ptr = u32(at + 20, 'PointerToRawData');
        if (size > 0)
            sections.push([ptr, size]);
    }
    sections.sort((a, b) => a[0] - b[0]);
    for (const [ptr, size] of sections) {
        if (ptr < pe.length)
            update(ptr, Math.min(ptr + size, pe.length));
        hashed += size;
    }
    const certAddr = u32(certDir, 'certificate table');
    const certSize = u32(certDir + 4, 'certificate table');
    if (certAddr > 0 && certSize > 0 && pe.length > hashed) {
        const trailing = pe.length - hashed;
        if (trailing > certSize)
            update(hashed, hashed + trailing - certSize);
    }
    if (pe.length % 8 !== 0)
        h.update(new Uint8Array(8 - (pe.length % 8)));
    return h.digest();
}

/**
 * RTMR1 and RTMR2 of a QEMU direct-boot TD (dstack-mr's kernel.rs and
 * machine.rs). QEMU patches the bzImage setup header before OVMF loads it
 * (hw/i386/x86.c x86_load_linux): loader type, heap end, command-line
 * address and, with an initrd, the initrd address and size, the address
 * depending on RAM below 4 GiB minus the ACPI data (0x28000 in QEMU's TDX
 * machine). RTMR1 is the patched kernel's Authenticode digest and four
 * fixed EFI events; RTMR2 the command line (UTF-16LE + NUL) and the initrd.
 */
/** ACPI data size QEMU reserves below 4 GiB for a q35 TD (dstack-mr's constant). */
const ACPI_DATA_SIZE = 0x28000;
const bad = (m) => new EnclaveBuildError('INPUT_INVALID', m);
/** Bytes of the setup header region QEMU may write (all below this offset). */
const PATCHED = 0x1000;
/** The first 4 KiB of the kernel image as QEMU leaves it in guest memory (the rest is unchanged). */
function patchKernel(kernel, initrdSize, memory, acpiDataSize = ACPI_DATA_SIZE) {
    if (kernel.length < 0x1000)
        throw bad('the kernel image is too short');
    const k = Buffer.from(kernel.subarray(0, PATCHED));
    const protocol = k.readUInt16LE(0x206);
    const [realAddr, cmdlineAddr] = protocol < 0x200 || (k[0x211] & 1) === 0
        ? [0x90000, 0x9a000]
        : [0x10000, 0x20000];
    if (protocol >= 0x200)
        k[0x210] = 0xb0;
    if (protocol >= 0x201) {
        k[0x211] |= 0x80;
        k.writeUInt32LE(Math.max(0, cmdlineAddr - realAddr - 0x200), 0x224);
    }
    if (protocol >= 0x202)
        k.writeUInt32LE(cmdlineAddr, 0x228);
    else {
        k.writeUInt16LE(0xa33f, 0x20);
        k.writeUInt16LE(cmdlineAddr - realAddr, 0x22);
    }
    if (initrdSize > 0) {
        if (protocol < 0x200)
            throw bad('the kernel image is too old for an initrd');
        let max = 0x37ffffff;
        if (protocol >= 0x20c)
            max = (k.readUInt16LE(0x236) & 0x40) !== 0 ? 0xffffffff : 0x37ffffff;
        else if (protocol >= 0x203)
            max = k.readUInt32LE(0x22c) || 0x37ffffff;
        const lowmem = memory < 0xb0000000n ? 0xb0000000n : 0x80000000n;
        // `as u32` in dstack-mr: memory below lowmem is truncated to 32 bits.
        const below4g = Number((memory >= lowmem ? lowmem : memory) & 0xffffffffn);
        if (below4g < acpiDataSize)
            throw bad(`ACPI data (${acpiDataSize}) exceeds memory below 4 GiB (${below4g})`);
        const available = below4g - acpiDataSize;
        if (max >= available)
            max = Math.max(0, available - 1);
        if (initrdSize >= max)
            throw bad('the initrd is too large for this memory size');
        k.writeUInt32LE(((max - initrdSize) & -4096) >>> 0, 0x218);
        k.writeUInt32LE(initrdSize, 0x21c);
    }
    return k;
}
/** RTMR1's event digests: the patched kernel, then OVMF's fixed boot events. */
function rtmr1Log(kernel, initrdSize, memory, acpiDataSize = ACPI_DATA_SIZE) {
    const text = (s) => sha384(Buffer.from(s, 'latin1'));
    return [
        authenticodeSha384(kernel, patchKernel(kernel, initrdSize, memory, acpiDataSize)),
        text('Calling EFI Application from Boot Option'),
        sha384(new Uint8Array(4)),
        text('Exit Boot Services Invocation'),
        text('Exit Boot Services Returned with Success')
    ];
}
/** RTMR2's event digests: the command line as OVMF logs it (UTF-16LE + NUL), then the initrd. */
function rtmr2Log(cmdline, initrd) {
    return [
        sha384(Buffer.concat([utf16le(cmdline), Buffer.alloc(2)])),
        sha384(initrd)
    ];
}

/** dstack-mr's fixed CFV digest (its OVMF's empty variable store). */
const CFV_DIGEST = Buffer.from('344bc51c980ba621aaa00da3ed7436f7d6e549197dfe699515dfa2c6583d95e6412af21c097d473155875ffd561d6790', 'hex');
/** dstack-mr's fixed Boot0000 (UiApp) digest for pre-202505 OVMF. */
const BOOT0000_DIGEST = Buffer.from('23ada07f5261f12f34a0bd8e46760962d6b4d576a416f1fea1c64bc656b1d28eacf7047ae6e967c58fd2a98bfa74c298', 'hex');
const GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c';
const IMAGE_SECURITY = 'd719b2cb-3d3a-4596-a3bc-dad00e67656f';
/** The RTMR0 event digests. */
function rtmr0Log(tdHob, acpi) {
    return [
        tdHob,
        CFV_DIGEST,
        efiVariableDigest(GLOBAL, 'SecureBoot'),
        efiVariableDigest(GLOBAL, 'PK'),
        efiVariableDigest(GLOBAL, 'KEK'),
        efiVariableDigest(IMAGE_SECURITY, 'db'),
        efiVariableDigest(IMAGE_SECURITY, 'dbx'),
        SEPARATOR(),
        acpi.loader,
        acpi.rsdp,
        acpi.tables,
        sha384(new Uint8Array(2)), // BootOrder: the raw 2 bytes of legacy OVMF
        BOOT0000_DIGEST
    ];
}

function accept(spans, start, end) {
    if (start >= end)
        return spans;
    const out = [];
    for (const r of spans) {
        if (r.accepted || r.end <= start || r.start >= end)
            out.push(r);
        else {
            if (r.start < start)
                out.push({ accepted: false, start: r.start, end: start });
            if (r.end > end)
                out.push({ accepted: false, start: end, end: r.end });
        }
    }
    out.push({ accepted: true, start, end });
    // A stable sort by start, as Rust's sort_by_key.
    return out.sort((a, b) => a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
}
const U64 = 2n ** 64n;
/** SHA-384 of the TD HOB for this firmware's sections and RAM size. */
function tdHobHash(sections, memory) {
    let spans = [{ accepted: false, start: 0n, end: memory }];
    let base = 0x809000n;
    for (const s of sections) {
        if (s.type === TdvfSectionType.TD_HOB ||
            s.type === TdvfSectionType.TEMP_MEM)
            spans = accept(spans, s.memoryAddress, s.memoryAddress + s.memoryDataSize);
        if (s.type === TdvfSectionType.TD_HOB)
            base = s.memoryAddress;
    }
    const parts = [];
    const phit = Buffer.alloc(56);
    phit.writeUInt16LE(1, 0);
    phit.writeUInt16LE(56, 2);
    phit.writeUInt32LE(9, 8);
    parts.push(phit);
    const resource = (type, start, length) => {
        if (length < 0n || length >= U64 || start >= U64)
            throw invalidFirmware('TD HOB memory range out of range');
        const r = Buffer.alloc(48);
        r.writeUInt16LE(3, 0);
        r.writeUInt16LE(48, 2);
        r[24] = type;
        r.writeUInt32LE(7, 28);
        r.writeBigUInt64LE(start, 32);
        r.writeBigUInt64LE(length, 40);
        parts.push(r);
    };
    const last = spans.pop();
    for (const r of spans) {
        if (r.end < r.start)
            throw invalidFirmware('invalid TD HOB memory range');
        resource(r.accepted ? 0x00 : 0x07, r.start, r.end - r.start);
    }
    if (last.end < last.start)
        throw invalidFirmware('invalid TD HOB memory range');
    if (memory >= 0xb0000000n) {
        if (last.start < 0x80000000n)
            resource(0x07, last.start, 0x80000000n - last.start);
        if (last.end > 0x80000000n)
            resource(0x07, 0x100000000n, last.end - 0x80000000n);
    }
    else
        resource(0x07, last.start, last.end - last.start);
    const hob = Buffer.concat(parts);
    phit.writeBigUInt64LE((base + BigInt(hob.length) + 8n) % U64, 48);
    hob.set(phit, 0);
    return nodeCrypto().createHash('sha384').update(hob).digest();
}

const hex = (b) => Buffer.from(b).toString('hex');
/** The QEMU page-add order for a QEMU version "MAJOR.MINOR.PATCH", as dstack-mr decides it. */
function orderForQemu(version) {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (m === null)
        throw new EnclaveBuildError('INPUT_INVALID', `QEMU version ${JSON.stringify(version)} must be MAJOR.MINOR.PATCH`);
    const major = Number(m[1]);
    if (major < 8)
        throw new EnclaveBuildError('INPUT_INVALID', `QEMU ${version} is not supported (TDX needs 8.0.0 or later)`);
    return major === 8 ? 'two-pass' : 'single';
}
/** Measures a direct-boot TD. */
function measureTdx(input) {
    const sections = parseTdvf(input.firmware);
    const out = {
        mrtd: hex(mrtdOf(dstackRegions(input.firmware, sections), input.order))
    };
    if (input.acpi !== undefined)
        out.rtmr0 = hex(replay(rtmr0Log(tdHobHash(sections, input.memory), input.acpi)));
    if (input.kernel !== undefined) {
        // dstack-mr's event layout has an initrd event; a boot without one logs differently.
        const initrd = input.initrd;
        if (initrd === undefined || initrd.length === 0)
            throw new EnclaveBuildError('INPUT_INVALID', 'RTMR1 and RTMR2 are computed for a boot with an initrd: pass --initrd');
        out.rtmr1 = hex(replay(rtmr1Log(input.kernel, initrd.length, input.memory, input.acpiDataSize ?? ACPI_DATA_SIZE)));
        out.rtmr2 = hex(replay(rtmr2Log(input.cmdline ?? '', initrd)));
    }
    return out;
}
/** ACPI digests from QEMU's three fw_cfg files (etc/table-loader, etc/acpi/rsdp, etc/acpi/tables). */
function acpiDigests(loader, rsdp, tables) {
    return { loader: sha384(loader), rsdp: sha384(rsdp), tables: sha384(tables) };
}

export { acpiDigests, measureTdx, orderForQemu };
