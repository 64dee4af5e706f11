import { n as nodeCrypto, a as guidBytesLe, E as EnclaveBuildError, G as GUIDS } from './main-BQHnxbfa.js';
import { f as footerEntries, l as leUint, p as pySlice } from './tdx-BS7SA3Ep.js';
import { M as MAX_VCPUS } from './limits-y7uvIm8O.js';

const TABLE_GUID = guidBytesLe('9438d606-4f22-4cc9-b479-a793d411fd21');
const CMDLINE_GUID = guidBytesLe('97d02dd8-bd20-4c94-aa78-e7714d36ab2a');
const INITRD_GUID = guidBytesLe('44baf731-3a2f-4bd7-9af1-41e29169781d');
const KERNEL_GUID = guidBytesLe('4de79437-abd2-427f-b835-d5b172d2045b');
const ENTRY_SIZE = 16 + 2 + 32;
const TABLE_SIZE = 16 + 2 + 3 * ENTRY_SIZE; // 168
/** The table padded to a 16-byte multiple, as QEMU places it. */
const PADDED_TABLE_SIZE = (TABLE_SIZE + 15) & -16; // 176
const sha256 = (data) => nodeCrypto().hash('sha256', data, 'buffer');
/**
 * The hashes of a direct boot: kernel file as is (QEMU does not patch the
 * setup header under SEV), initrd file or empty, cmdline with its NUL.
 */
function sevHashes(kernel, initrd, append) {
    const cmdline = Buffer.concat([
        Buffer.from(append ?? '', 'utf8'),
        Buffer.from([0])
    ]);
    return {
        kernel: sha256(kernel),
        initrd: sha256(initrd ?? new Uint8Array(0)),
        cmdline: sha256(cmdline)
    };
}
/** The 176-byte padded table. */
function hashesTable(h) {
    const out = Buffer.alloc(PADDED_TABLE_SIZE);
    out.set(TABLE_GUID, 0);
    out.writeUInt16LE(TABLE_SIZE, 16);
    const entries = [
        [CMDLINE_GUID, h.cmdline],
        [INITRD_GUID, h.initrd],
        [KERNEL_GUID, h.kernel]
    ];
    entries.forEach(([guid, digest], i) => {
        const at = 18 + i * ENTRY_SIZE;
        out.set(guid, at);
        out.writeUInt16LE(ENTRY_SIZE, at + 16);
        out.set(digest, at + 18);
    });
    return out;
}
/** A 4 KiB page holding the table at `offset` (the table GPA's offset in its page). */
function hashesPage(h, offset) {
    if (offset + PADDED_TABLE_SIZE > 4096)
        throw new EnclaveBuildError('FIRMWARE_INVALID', `the SEV hashes table at page offset 0x${offset.toString(16)} would cross its page; this firmware cannot be measured`);
    const page = new Uint8Array(4096);
    page.set(hashesTable(h), offset);
    return page;
}

/**
 * The SEV-SNP launch digest: every page the firmware's launch commands add
 * extends it as LD = SHA-384(PAGE_INFO), PAGE_INFO being the 0x70-byte
 * structure of the SNP firmware ABI (Table "PAGE_INFO"). Same chaining as
 * sev-snp-measure's gctx.py.
 */
/** PAGE_INFO page types (SNP firmware ABI). */
const PageType = {
    NORMAL: 1,
    VMSA: 2,
    ZERO: 3,
    UNMEASURED: 4,
    SECRETS: 5,
    CPUID: 6
};
const LD_SIZE = 48;
const PAGE$1 = 4096;
const PAGE_INFO_SIZE = 0x70;
const ZEROS = new Uint8Array(LD_SIZE);
/** KVM records VMSA pages at GPA (u64)-1, page-aligned with bits above 51 cleared. */
const VMSA_GPA = 0xffff_ffff_f000;
/**
 * A running launch digest. Digests travel as latin1 strings (one char per
 * byte) inside the hot loop: node's hash() returns a string several times
 * faster than a Buffer, and Buffer.write puts it back in place.
 */
class LaunchDigest {
    ld;
    seedLength;
    // One PAGE_INFO buffer, rewritten per update: the hot loop allocates nothing else.
    info = Buffer.alloc(PAGE_INFO_SIZE);
    view = new DataView(this.info.buffer, this.info.byteOffset);
    hash = nodeCrypto().hash;
    /** Starts from 48 zero bytes, or from a precomputed digest (`--snp-ovmf-hash`). */
    constructor(seed = ZEROS) {
        this.ld = Buffer.from(seed).toString('latin1');
        this.seedLength = seed.length;
    }
    /** The current digest. */
    digest() {
        return Buffer.from(this.ld, 'latin1');
    }
    /** True when a run of updates from `first` to `last` needs no checks. */
    safeRange(first, last) {
        return (this.seedLength === LD_SIZE &&
            Number.isSafeInteger(first) &&
            first >= 0 &&
            Number.isSafeInteger(last));
    }
    /** One PAGE_INFO update; `contents` is 48 bytes, or undefined for zeros. */
    step(pageType, gpa, contents) {
        if (this.seedLength !== LD_SIZE)
            throw new EnclaveBuildError('INPUT_INVALID', `the OVMF hash to start from has ${this.seedLength} bytes; give all 48 bytes (96 hex digits)`);
        if (!Number.isSafeInteger(gpa) || gpa < 0)
            throw new EnclaveBuildError('INPUT_INVALID', `guest physical address ${gpa} is out of range; check the image sizes and --vars-size`);
        this.chain(pageType, gpa, contents);
    }
    /** step() without its checks, for runs of pages checked as a whole. */
    chain(pageType, gpa, contents) {
        const info = this.info;
        // 'ascii' writes a string's bytes exactly as 'latin1' does (Node's
        // Buffer docs) and takes Buffer#write's shortest path.
        info.write(this.ld, 0, 'ascii');
        if (contents === undefined)
            info.fill(0, LD_SIZE, 2 * LD_SIZE);
        else
            info.write(contents, LD_SIZE, 'ascii');
        // Plain stores (a DataView for the GPA): the range-checked Buffer.write*
        // calls add up over a thousand updates.
        info[96] = PAGE_INFO_SIZE;
        info[98] = pageType;
        // IMI_PAGE, VMPL3/2/1 permissions and reserved stay zero.
        this.view.setUint32(104, gpa % 0x1_0000_0000, true);
        this.view.setUint32(108, Math.floor(gpa / 0x1_0000_0000), true);
        this.ld = this.hash('sha384', info, 'binary');
    }
    /** One PAGE_INFO update with explicit 48-byte CONTENTS. */
    update(pageType, gpa, contents) {
        this.step(pageType, gpa, Buffer.from(contents).toString('latin1'));
    }
    /** NORMAL pages: each 4 KiB page of data is measured by its SHA-384. */
    updateNormalPages(gpa, data) {
        if (data.length % PAGE$1 !== 0)
            throw new EnclaveBuildError('FIRMWARE_INVALID', `measured data of ${data.length} bytes is not a whole number of 4 KiB pages; use the exact OVMF image`);
        // Views of a plain Uint8Array: Buffer#subarray constructs a Buffer
        // subclass per page, which is slow while this code still runs cold.
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        const hash = this.hash;
        // Checked once for the whole run; otherwise page by page, so an error
        // names the first page at fault.
        const checked = this.safeRange(gpa, gpa + bytes.length);
        for (let off = 0; off < bytes.length; off += PAGE$1) {
            const contents = hash('sha384', bytes.subarray(off, off + PAGE$1), 'binary');
            if (checked)
                this.chain(PageType.NORMAL, gpa + off, contents);
            else
                this.step(PageType.NORMAL, gpa + off, contents);
        }
    }
    /** Pages whose CONTENTS are zero: ZERO and UNMEASURED ranges. */
    updateEmptyPages(pageType, gpa, length) {
        if (length % PAGE$1 !== 0)
            throw new EnclaveBuildError('FIRMWARE_INVALID', `SEV metadata section at 0x${gpa.toString(16)} has size 0x${length.toString(16)}, not a multiple of 4 KiB`);
        for (let off = 0; off < length; off += PAGE$1)
            this.step(pageType, gpa + off);
    }
    /** One VMSA page (one per vCPU). */
    updateVmsaPage(page) {
        this.step(PageType.VMSA, VMSA_GPA, this.hash('sha384', page, 'binary'));
    }
    /** The SNP secrets page or the CPUID page: measured by type and address only. */
    updateSpecialPage(pageType, gpa) {
        this.step(pageType, gpa);
    }
}

/**
 * OVMF firmware as the SEV launch measurement sees it: the GUIDed footer
 * table, the SEV metadata section list, the SEV-ES reset block and the SEV
 * hashes-table location. The parser accepts exactly what virtee's
 * sev-snp-measure (ovmf.py) accepts and refuses what it refuses, so the
 * same firmware gives the same digest or the same refusal.
 */
/** SEV metadata section types (edk2 OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm). */
const SectionType = {
    SNP_SEC_MEM: 1,
    SNP_SECRETS: 2,
    CPUID: 3,
    SVSM_CAA: 4,
    SNP_KERNEL_HASHES: 0x10
};
const FOUR_GB = 0x1_0000_0000;
const META_HEADER = 16; // "ASEV", u32 size, u32 version, u32 num_items
const META_ITEM = 12;
function invalid(message) {
    return new EnclaveBuildError('FIRMWARE_INVALID', `${message}; pass the OVMF image the guest boots with (an AmdSev build for direct boot)`);
}
/** Walks the GUIDed table that ends 32 bytes before the end of the image, as ovmf.py does. */
function parseFooterTable(data) {
    const table = new Map();
    // Walking backwards, an earlier duplicate overwrites a later one, as in the reference.
    for (const e of footerEntries(data, 'sev-snp-measure', invalid))
        table.set(e.guid, e.data);
    return table;
}
/** Reads the "ASEV" header the SEV metadata entry points at, and its descriptors. */
function parseMetadata(data, table) {
    const entry = table.get(GUIDS.sevMetadata);
    if (entry === undefined)
        return [];
    const start = data.length - leUint(entry);
    if (start < 0 || start + META_HEADER > data.length)
        throw invalid('SEV metadata offset points outside the firmware image');
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const signature = Buffer.from(data.subarray(start, start + 4)).toString('latin1');
    if (signature !== 'ASEV')
        throw invalid('wrong SEV metadata signature (expected "ASEV")');
    const size = view.getUint32(start + 4, true);
    const version = view.getUint32(start + 8, true);
    const count = view.getUint32(start + 12, true);
    if (version !== 1)
        throw invalid(`unsupported SEV metadata version ${version}`);
    const items = pySlice(data, start + META_HEADER, start + size);
    const itemView = new DataView(items.buffer, items.byteOffset, items.byteLength);
    const sections = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
        const at = i * META_ITEM;
        if (at + META_ITEM > items.length)
            throw invalid(`SEV metadata declares ${count} sections but its header size holds ${i}`);
        const section = {
            gpa: itemView.getUint32(at, true),
            size: itemView.getUint32(at + 4, true),
            type: itemView.getUint32(at + 8, true)
        };
        // 32-bit addresses, and a page is launched once: together the sections
        // describe at most 4 GiB. Measuring is ~2 s per 4 GiB, so without this
        // a 4 MiB image listing a thousand 4 GiB sections ran for half an hour
        total += section.size;
        if (total > FOUR_GB)
            throw invalid('SEV metadata sections describe more than the 4 GiB below which they must lie');
        sections.push(section);
    }
    return sections;
}
/**
 * Parses a firmware image that ends at `endAt` (4 GiB for OVMF); throws
 * FIRMWARE_INVALID where the reference refuses it.
 */
function parseFirmware(data, endAt = FOUR_GB) {
    const table = parseFooterTable(data);
    const metadata = parseMetadata(data, table);
    return { data, table, metadata, gpa: endAt - data.length };
}
/** The AP reset EIP from the SEV-ES reset block; needed by every mode with VMSAs. */
function sevEsResetEip(fw) {
    const entry = fw.table.get(GUIDS.sevEsResetBlock);
    if (entry === undefined)
        throw invalid('firmware has no SEV-ES reset block (GUID 00f771de-...) in its footer table');
    return leUint(entry);
}
/** Where OVMF expects QEMU's SEV hashes table (direct boot with kernel hashes). */
function sevHashesTableGpa(fw) {
    const entry = fw.table.get(GUIDS.sevHashTable);
    if (entry === undefined)
        throw invalid('firmware has no SEV hash table entry (GUID 7255371f-...): it cannot measure a kernel');
    return leUint(entry);
}
/** True when the firmware can check kernel/initrd/cmdline hashes (SEV, SEV-ES). */
function supportsSevHashesTable(fw) {
    return fw.table.has(GUIDS.sevHashTable) && sevHashesTableGpa(fw) !== 0;
}
/** True when the metadata lists a section of this type. */
function hasSection(fw, type) {
    return fw.metadata.some((s) => s.type === type);
}

/**
 * The SNP launch updates for the firmware's SEV metadata sections, in the
 * order the firmware lists them (sev-snp-measure's snp_update_metadata_pages).
 */
function snpSection(ld, fw, s, hashes, vmm) {
    switch (s.type) {
        case SectionType.SNP_SEC_MEM:
            // Google's hypervisor leaves the SEC memory unmeasured instead of zeroing it.
            ld.updateEmptyPages(vmm === 'gce' ? PageType.UNMEASURED : PageType.ZERO, s.gpa, s.size);
            return;
        case SectionType.SNP_SECRETS:
            ld.updateSpecialPage(PageType.SECRETS, s.gpa);
            return;
        case SectionType.CPUID:
            // EC2 adds the CPUID page after every other section.
            if (vmm !== 'ec2')
                ld.updateSpecialPage(PageType.CPUID, s.gpa);
            return;
        case SectionType.SNP_KERNEL_HASHES:
            if (hashes === undefined) {
                ld.updateEmptyPages(PageType.ZERO, s.gpa, s.size);
                return;
            }
            {
                const page = hashesPage(hashes, sevHashesTableGpa(fw) & 0xfff);
                if (s.size !== page.length)
                    throw new EnclaveBuildError('FIRMWARE_INVALID', `the kernel-hashes section has size 0x${s.size.toString(16)}, expected one 4 KiB page`);
                ld.updateNormalPages(s.gpa, page);
            }
            return;
        case SectionType.SVSM_CAA:
            ld.updateEmptyPages(PageType.ZERO, s.gpa, s.size);
            return;
        default:
            throw new EnclaveBuildError('FIRMWARE_INVALID', `unknown SEV metadata section type 0x${s.type.toString(16)}; this firmware is not supported`);
    }
}
/**
 * Measures every metadata section of `fw` (OVMF, or an SVSM image), then
 * refuses a kernel when the firmware cannot check its hashes.
 */
function snpMetadataPages(ld, fw, hashes, vmm) {
    for (const s of fw.metadata)
        snpSection(ld, fw, s, hashes, vmm);
    if (vmm === 'ec2')
        for (const s of fw.metadata)
            if (s.type === SectionType.CPUID)
                ld.updateSpecialPage(PageType.CPUID, s.gpa);
    if (hashes !== undefined && !hasSection(fw, SectionType.SNP_KERNEL_HASHES))
        throw new EnclaveBuildError('FIRMWARE_INVALID', 'a kernel was given but the firmware has no SNP_KERNEL_HASHES section: direct boot needs an OVMF AmdSev build');
}

/**
 * The initial VMSA page of a vCPU (the VMCB save area of the AMD APM vol. 2
 * table B-4, as Linux's struct sev_es_save_area lays it out): what KVM
 * encrypts and measures for each vCPU at launch. The register values are
 * the reset state each hypervisor sets, as sev-snp-measure's vmsa.py has them.
 */
/** VMM type names as sev-snp-measure spells them. */
const VMM_TYPES = ['QEMU', 'ec2', 'gce'];
/** The reset vector of the bootstrap processor. */
const BSP_EIP = 0xfffffff0;
const PAGE = 4096;
/** Register offsets in the save area. */
const OFF = {
    es: 0x00,
    cs: 0x10,
    ss: 0x20,
    ds: 0x30,
    fs: 0x40,
    gs: 0x50,
    gdtr: 0x60,
    ldtr: 0x70,
    idtr: 0x80,
    tr: 0x90,
    efer: 0xd0,
    cr4: 0x148,
    cr0: 0x158,
    dr7: 0x160,
    dr6: 0x168,
    rflags: 0x170,
    rip: 0x178,
    gPat: 0x268,
    rdx: 0x310,
    sevFeatures: 0x3b0,
    xcr0: 0x3e8,
    mxcsr: 0x408,
    x87Fcw: 0x410
};
const u64 = (v) => BigInt.asUintN(64, v);
/** What differs between the hypervisors' reset states. */
function vmmState(vmm, eip, vcpuSig) {
    const gPat = 0x0007040600070406n; // PAT reset value, AMD APM vol. 2 §A.3
    switch (vmm) {
        case 'QEMU':
            return {
                cs: 0x9b,
                ss: 0x93,
                tr: 0x8b,
                rdx: vcpuSig,
                mxcsr: 0x1f80,
                fcw: 0x37f,
                gPat
            };
        case 'ec2':
            // EC2 marks the BSP's code segment as not yet accessed.
            return {
                cs: eip === BSP_EIP ? 0x9a : 0x9b,
                ss: 0x92,
                tr: 0x83,
                rdx: 0x600n,
                mxcsr: 0,
                fcw: 0,
                gPat
            };
        case 'gce':
            return {
                cs: 0x9b,
                ss: 0x93,
                tr: 0x8b,
                rdx: 0x600n,
                mxcsr: 0,
                fcw: 0,
                gPat: 0x00070106n
            };
    }
}
/** Writes one VMCB segment {u16 selector, u16 attrib, u32 limit, u64 base}. */
function segment(p, at, sel, attrib, limit, base) {
    p.writeUInt16LE(sel, at);
    p.writeUInt16LE(attrib, at + 2);
    p.writeUInt32LE(limit, at + 4);
    p.writeBigUInt64LE(BigInt(base), at + 8);
}
/**
 * One 4 KiB VMSA page for a vCPU starting at `eip` (the BSP at the reset
 * vector, APs at the firmware's SEV-ES reset block address).
 */
function vmsaPage(eip, sevFeatures, vcpuSig, vmm) {
    const s = vmmState(vmm, eip, vcpuSig);
    const p = Buffer.alloc(PAGE);
    for (const seg of [OFF.es, OFF.ds, OFF.fs, OFF.gs])
        segment(p, seg, 0, 0x93, 0xffff, 0);
    segment(p, OFF.cs, 0xf000, s.cs, 0xffff, (eip & 0xffff0000) >>> 0);
    segment(p, OFF.ss, 0, s.ss, 0xffff, 0);
    segment(p, OFF.gdtr, 0, 0, 0xffff, 0);
    segment(p, OFF.idtr, 0, 0, 0xffff, 0);
    segment(p, OFF.ldtr, 0, 0x82, 0xffff, 0);
    segment(p, OFF.tr, 0, s.tr, 0xffff, 0);
    p.writeBigUInt64LE(0x1000n, OFF.efer); // KVM sets EFER.SVME
    p.writeBigUInt64LE(0x40n, OFF.cr4); // KVM sets CR4.MCE
    p.writeBigUInt64LE(0x10n, OFF.cr0);
    p.writeBigUInt64LE(0x400n, OFF.dr7);
    p.writeBigUInt64LE(0xffff0ff0n, OFF.dr6);
    p.writeBigUInt64LE(0x2n, OFF.rflags);
    p.writeBigUInt64LE(BigInt(eip & 0xffff), OFF.rip);
    p.writeBigUInt64LE(s.gPat, OFF.gPat);
    p.writeBigUInt64LE(u64(s.rdx), OFF.rdx);
    p.writeBigUInt64LE(u64(sevFeatures), OFF.sevFeatures);
    p.writeBigUInt64LE(0x1n, OFF.xcr0);
    p.writeUInt32LE(s.mxcsr, OFF.mxcsr);
    p.writeUInt16LE(s.fcw, OFF.x87Fcw);
    return p;
}
/**
 * The VMSA page of every vCPU of a COCONUT-SVSM guest (sev-snp-measure's
 * VMSA_SVSM): 32-bit flat segments, protected mode, RIP at the SVSM entry,
 * SEV_FEATURES fixed to SNPActive. x87 FCW stays 0 even for QEMU: the
 * reference sets a misspelt field, and the digest follows the reference.
 */
function vmsaSvsmPage(eip, vcpuSig) {
    const p = Buffer.alloc(PAGE);
    for (const seg of [OFF.es, OFF.ss, OFF.ds, OFF.fs])
        segment(p, seg, 16, 0xc93, 0xffffffff, 0);
    segment(p, OFF.cs, 8, 0xc9b, 0xffffffff, 0);
    segment(p, OFF.gs, 0, 0x93, 0xffff, 0);
    segment(p, OFF.gdtr, 0, 0, 0xffff, 0);
    segment(p, OFF.idtr, 0, 0, 0xffff, 0);
    segment(p, OFF.ldtr, 0, 0x82, 0xffff, 0);
    segment(p, OFF.tr, 0, 0x8b, 0xffff, 0);
    p.writeBigUInt64LE(0x1000n, OFF.efer);
    p.writeBigUInt64LE(0x40n, OFF.cr4);
    p.writeBigUInt64LE(0x11n, OFF.cr0); // protected mode
    p.writeBigUInt64LE(0x400n, OFF.dr7);
    p.writeBigUInt64LE(0xffff0ff0n, OFF.dr6);
    p.writeBigUInt64LE(0x2n, OFF.rflags);
    p.writeBigUInt64LE(u64(BigInt(eip)), OFF.rip);
    p.writeBigUInt64LE(0x0007040600070406n, OFF.gPat);
    p.writeBigUInt64LE(u64(vcpuSig), OFF.rdx);
    p.writeBigUInt64LE(1n, OFF.sevFeatures);
    p.writeBigUInt64LE(0x1n, OFF.xcr0);
    p.writeUInt32LE(0x1f80, OFF.mxcsr);
    return p;
}

/**
 * SEV-SNP with a COCONUT-SVSM (mode snp:svsm, QEMU only): OVMF pages, then
 * the SVSM image placed just below OVMF and its varstore, the SVSM's own
 * metadata sections, and one SVSM VMSA per vCPU (sev-snp-measure's
 * svsm_calc_launch_digest).
 */
/** The SVSM_INFO footer entry: the entry point, as an offset in the image. */
const SVSM_INFO = 'a789a612-0597-4c4b-a49f-cbb1fe9d1ddd';
/** The launch digest of an SVSM guest. */
function svsmDigest(ovmf, svsmImage, p) {
    const svsm = parseFirmware(svsmImage, ovmf.gpa - p.varsSize);
    const info = svsm.table.get(SVSM_INFO);
    if (info === undefined)
        throw new EnclaveBuildError('FIRMWARE_INVALID', 'the SVSM image has no SVSM_INFO entry (GUID a789a612-...) in its footer table; pass a COCONUT-SVSM binary');
    const eip = leUint(info) + svsm.gpa;
    const ld = new LaunchDigest();
    ld.updateNormalPages(ovmf.gpa, ovmf.data);
    ld.updateNormalPages(svsm.gpa, svsm.data);
    snpMetadataPages(ld, svsm, undefined, 'QEMU');
    if (p.vcpus > MAX_VCPUS)
        throw new EnclaveBuildError('INPUT_INVALID', `--vcpus ${p.vcpus} is more than ${MAX_VCPUS}`);
    if (p.vcpus > 0) {
        const page = vmsaSvsmPage(eip, p.vcpuSig);
        for (let i = 0; i < p.vcpus; i++) {
            ld.updateVmsaPage(page);
            p.onVmsaPage?.(page, i);
        }
    }
    return ld.digest();
}

function vmsaPages(fw, vcpus, sevFeatures, vcpuSig, vmm) {
    const apEip = sevEsResetEip(fw);
    if (vcpus > MAX_VCPUS)
        throw new EnclaveBuildError('INPUT_INVALID', `--vcpus ${vcpus} is more than ${MAX_VCPUS}`);
    if (vcpus <= 0)
        return [];
    const bsp = vmsaPage(BSP_EIP, sevFeatures, vcpuSig, vmm);
    if (vcpus === 1)
        return [bsp];
    // An AP reset address of 0 means the firmware cannot start application processors.
    if (apEip === 0)
        throw new EnclaveBuildError('FIRMWARE_INVALID', 'the firmware SEV-ES reset block gives AP reset address 0; it supports one vCPU only');
    const ap = vmsaPage(apEip, sevFeatures, vcpuSig, vmm);
    return [bsp, ...Array(vcpus - 1).fill(ap)];
}
/** The OVMF-only SNP digest (mode snp:ovmf-hash): the firmware pages alone. */
function snpOvmfHash(fw) {
    const ld = new LaunchDigest();
    ld.updateNormalPages(fw.gpa, fw.data);
    return ld.digest();
}
function snpDigest(fw, input) {
    const vmm = input.vmmType ?? 'QEMU';
    let ld;
    if (input.ovmfHash !== undefined && input.ovmfHash.length > 0) {
        ld = new LaunchDigest(input.ovmfHash);
    }
    else {
        ld = new LaunchDigest();
        ld.updateNormalPages(fw.gpa, fw.data);
    }
    snpMetadataPages(ld, fw, input.hashes, vmm);
    const pages = vmsaPages(fw, input.vcpus ?? 0, input.guestFeatures ?? 1n, input.vcpuSig ?? 0n, vmm);
    for (const [i, page] of pages.entries()) {
        ld.updateVmsaPage(page);
        input.onVmsaPage?.(page, i);
    }
    return ld.digest();
}
/** SEV and SEV-ES: one SHA-256 over firmware ‖ hashes table (‖ VMSA pages). */
function sevDigest(fw, input, withVmsa) {
    const h = nodeCrypto().createHash('sha256').update(fw.data);
    if (input.hashes !== undefined) {
        if (!supportsSevHashesTable(fw))
            throw new EnclaveBuildError('FIRMWARE_INVALID', 'a kernel was given but the firmware has no SEV hashes table: use an OVMF build that measures the kernel');
        h.update(hashesTable(input.hashes));
    }
    if (withVmsa) {
        // SEV-ES VMSAs carry no SEV features.
        const pages = vmsaPages(fw, input.vcpus ?? 0, 0n, input.vcpuSig ?? 0n, input.vmmType ?? 'QEMU');
        for (const [i, page] of pages.entries()) {
            h.update(page);
            input.onVmsaPage?.(page, i);
        }
    }
    return h.digest();
}
/** The launch digest (48 bytes for SNP, 32 for SEV and SEV-ES). */
function launchDigest(input) {
    const seeded = input.ovmfHash !== undefined && input.ovmfHash.length > 0;
    // snp:ovmf-hash ignores a given hash, as the reference's early return does.
    if (seeded && input.mode !== 'snp' && input.mode !== 'snp:ovmf-hash')
        throw new EnclaveBuildError('INPUT_INVALID', '--snp-ovmf-hash works only with --mode snp');
    const fw = parseFirmware(input.firmware);
    switch (input.mode) {
        case 'snp:ovmf-hash':
            return snpOvmfHash(fw);
        case 'snp':
            return snpDigest(fw, input);
        case 'seves':
            return sevDigest(fw, input, true);
        case 'sev':
            return sevDigest(fw, input, false);
        case 'snp:svsm':
            return svsmDigest(fw, input.svsm ?? new Uint8Array(0), {
                varsSize: input.varsSize ?? 0,
                vcpus: Math.min(input.vcpus ?? 0, MAX_VCPUS + 1),
                vcpuSig: input.vcpuSig ?? 0n,
                onVmsaPage: input.onVmsaPage
            });
    }
}

/**
 * Integer flags parsed exactly as sev-snp-measure's argparse does: Python's
 * `int(s)` for counts and `int(s, 0)` for values like `0x21`. Accepting the
 * same spellings keeps scripts written for the reference working.
 */
const DIGITS = {
    2: /^[01](_?[01])*$/,
    8: /^[0-7](_?[0-7])*$/,
    10: /^[0-9](_?[0-9])*$/,
    16: /^[0-9a-f](_?[0-9a-f])*$/i
};
function digitsValue(digits, base) {
    const clean = digits.replace(/_/g, '');
    const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base] ?? '';
    return BigInt(prefix + clean);
}
function sign(s) {
    const t = s.trim();
    if (t.startsWith('-'))
        return { negative: true, body: t.slice(1) };
    if (t.startsWith('+'))
        return { negative: false, body: t.slice(1) };
    return { negative: false, body: t };
}
/** Python `int(s)`: decimal, optional sign, underscores between digits; undefined if invalid. */
function parsePyInt(s) {
    const { negative, body } = sign(s);
    if (!DIGITS[10].test(body))
        return undefined;
    const v = digitsValue(body, 10);
    return negative ? -v : v;
}
/**
 * Python `int(s, 0)`: 0x/0o/0b prefixes (an underscore may follow the
 * prefix), decimal without leading zeros except for zero itself.
 */
function parsePyIntAuto(s) {
    const { negative, body } = sign(s);
    const m = /^0([xob])_?(.*)$/i.exec(body);
    let v;
    if (m) {
        const base = { x: 16, o: 8, b: 2 }[m[1].toLowerCase()];
        if (!DIGITS[base].test(m[2]))
            return undefined;
        v = digitsValue(m[2], base);
    }
    else {
        if (!DIGITS[10].test(body))
            return undefined;
        // A leading zero is allowed only when every digit is zero ("0", "00", "0_0").
        if (/^0/.test(body) && /[1-9]/.test(body))
            return undefined;
        v = digitsValue(body, 10);
    }
    return negative ? -v : v;
}

/**
 * vCPU signatures: CPUID Fn0000_0001_EAX from family, model and stepping
 * (AMD CPUID specification #25481), and the QEMU CPU model names that
 * sev-snp-measure knows. QEMU puts the signature in RDX of the VMSA.
 */
/** The 32-bit signature; arithmetic as the reference's, on arbitrary integers. */
function cpuSig(family, model, stepping) {
    let familyLow = family;
    let familyHigh = 0n;
    if (family > 0xfn) {
        familyLow = 0xfn;
        familyHigh = (family - 0xfn) & 0xffn;
    }
    const modelLow = model & 0xfn;
    const modelHigh = (model >> 4n) & 0xfn;
    const steppingLow = stepping & 0xfn;
    return ((familyHigh << 20n) |
        (modelHigh << 16n) |
        (familyLow << 8n) |
        (modelLow << 4n) |
        steppingLow);
}
const EPYC = cpuSig(23n, 1n, 2n);
const ROME = cpuSig(23n, 49n, 0n);
const MILAN = cpuSig(25n, 1n, 1n);
const GENOA = cpuSig(25n, 17n, 0n);
/** QEMU builtin_x86_defs names → signature (names are case-sensitive, as in QEMU). */
const CPU_SIGS = {
    EPYC: EPYC,
    'EPYC-v1': EPYC,
    'EPYC-v2': EPYC,
    'EPYC-IBPB': EPYC,
    'EPYC-v3': EPYC,
    'EPYC-v4': EPYC,
    'EPYC-Rome': ROME,
    'EPYC-Rome-v1': ROME,
    'EPYC-Rome-v2': ROME,
    'EPYC-Rome-v3': ROME,
    'EPYC-Milan': MILAN,
    'EPYC-Milan-v1': MILAN,
    'EPYC-Milan-v2': MILAN,
    'EPYC-Genoa': GENOA,
    'EPYC-Genoa-v1': GENOA,
    'EPYC-Turin': cpuSig(26n, 0n, 0n)
};
/** The signature of a named vCPU type, or undefined for an unknown name. */
function vcpuSigOf(name) {
    return Object.hasOwn(CPU_SIGS, name) ? CPU_SIGS[name] : undefined;
}

export { CPU_SIGS as C, VMM_TYPES as V, parsePyIntAuto as a, cpuSig as c, launchDigest as l, parsePyInt as p, sevHashes as s, vcpuSigOf as v };
