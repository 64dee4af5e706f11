import { join } from 'node:path';
import { m as measurement } from './measurement-C4vOnb1P.js';
import { E as EnclaveBuildError, a as actionInputName, h as writeFileAtomic, u as sha256Hex } from '../index.js';
import { p as pinnedFile, r as readInput } from './pinned-xTDcTKw2.js';
import { a as closurePins } from './closure-BZfJDHCb.js';
import { t as targetInitrd } from './go-initrd-Cjb4ILam.js';
import { b as authenticodeDigest } from './authenticode-Dg3S2ugC.js';
import { g as guidBytesLe } from './guid-C_415n1f.js';
import 'node:crypto';
import 'node:os';
import 'node:fs';
import 'node:fs/promises';
import 'node:child_process';
import './limits-RqFrFHLa.js';
import './ldd-BvlDZ7nf.js';
import './cpio-DO4oCIU-.js';

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

const STUB_SBAT = 'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n' +
    'uki,1,UKI,uki,1,https://uapi-group.org/specifications/specs/unified_kernel_image/\n';
const MEM_READ = 0x40000000;
const CNT_CODE = 0x20;
const CNT_INITIALIZED_DATA = 0x40;
const NX_COMPAT = 0x100;
const roundUp = (x, block) => Math.ceil(x / block) * block;
const bad$2 = (message) => new EnclaveBuildError('INPUT_INVALID', message);
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
        throw bad$2('the --sbat file must start with the "sbat,1,SBAT Version,..." line');
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
        throw bad$2('the stub is signed; pass the unsigned systemd-stub (sign the UKI afterwards)');
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
            throw bad$2(`the stub has no header space left to add section ${name}`);
        if (name === '.linux' &&
            !(dllCharacteristics(input.kernel, kernelPe.optional) & NX_COMPAT)) {
            const at = pe.optional + 70;
            dv().setUint16(at, dv().getUint16(at, true) & ~NX_COMPAT, true);
        }
        const i = pe.sections.slice(0, original).findIndex((s) => s.name === name);
        if (i >= 0) {
            const s = pe.sections[i];
            if (content.length > s.sizeOfRawData)
                throw bad$2(`section ${name} does not fit into the stub's own ${name} (${s.sizeOfRawData} bytes)`);
            const next = pe.sections[i + 1];
            if (!next)
                throw bad$2(`the stub's ${name} is its last section; ukify cannot rewrite it`);
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
        throw bad$2('the stub has a zero alignment');
    // PE/COFF's bounds (FileAlignment a power of two to 64 KiB; raw data in the
    // file): a 1 GiB alignment or a 2 GiB .sbat cost minutes and 18 GB
    if ((fa & (fa - 1)) !== 0 || fa > 65536)
        throw bad$2(`the stub's FileAlignment ${fa} is not a power of two to 64 KiB`);
    for (const s of pe.sections)
        if (s.pointerToRawData + s.sizeOfRawData > data.length)
            throw bad$2(`the stub's ${s.name} section runs past the end of the file`);
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

/*
 * The certificates of a PE image's Authenticode signatures: the attribute
 * certificate table (WIN_CERTIFICATE entries, 8-byte aligned) and, in each
 * PKCS#7 SignedData, its `certificates` field. Read with the checks of the
 * `authenticode` crate 0.5 (AttributeCertificateIterator,
 * AuthenticodeSignature::from_bytes), because nitro-tpm-pcr-compute fails
 * on exactly those images and PCR7 must agree with it. Nothing here checks a
 * signature: Secure Boot does that; PCR7 only records which db entry matched.
 */
const bad$1 = (message) => new EnclaveBuildError('INPUT_INVALID', `the image's Authenticode signature cannot be read (${message}); pass the image as its signer produced it`);
/** The entries of the certificate table, or [] when the image has none. */
function attributeCertificates(pe) {
    if (!pe.certTable)
        return [];
    const { start, end } = pe.certTable;
    if (end > pe.bytes.length)
        throw bad$1('certificate table out of bounds');
    let rest = pe.bytes.subarray(start, end);
    const out = [];
    while (rest.length >= 8) {
        const dv = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
        const size = dv.getUint32(0, true);
        if (size < 8 || size > rest.length)
            throw bad$1(`an entry has the invalid size ${size}`);
        out.push({
            revision: dv.getUint16(4, true),
            type: dv.getUint16(6, true),
            data: rest.subarray(8, size)
        });
        const next = Math.ceil(size / 8) * 8;
        if (next > rest.length) {
            rest = rest.subarray(rest.length);
            break;
        }
        rest = rest.subarray(next);
    }
    if (rest.length !== 0)
        throw bad$1('the table size is not the sum of its aligned entries');
    return out;
}
/** Reads the DER element at the start of `b`. */
function tlv(b) {
    if (b.length < 2)
        throw bad$1('truncated DER');
    const tag = b[0];
    if ((tag & 0x1f) === 0x1f)
        throw bad$1('multi-byte DER tag');
    let len = b[1];
    let at = 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4 || b.length < 2 + n)
            throw bad$1('bad DER length');
        len = 0;
        for (let i = 0; i < n; i++)
            len = len * 256 + b[2 + i];
        at = 2 + n;
    }
    if (at + len > b.length)
        throw bad$1('DER element past its parent');
    return { tag, der: b.subarray(0, at + len), body: b.subarray(at, at + len) };
}
/** The elements inside a constructed element's contents. */
function children(body) {
    const out = [];
    let rest = body;
    while (rest.length > 0) {
        const t = tlv(rest);
        out.push(t);
        rest = rest.subarray(t.der.length);
    }
    return out;
}
const oid = (hex) => hex;
/** 1.2.840.113549.1.7.2 signedData and 1.3.6.1.4.1.311.2.1.4 SPC_INDIRECT_DATA. */
const SIGNED_DATA = oid('2a864886f70d010702');
const SPC_INDIRECT_DATA = oid('2b060104018237020104');
/** DER SET OF order (X.690 11.6): by encoding, the shorter padded with zeros. */
function setOrder(a, b) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}
/**
 * The DER certificates of one Authenticode signature (a WIN_CERTIFICATE of
 * revision 2.0 and type PKCS_SIGNED_DATA), in DER SET OF order as the `der`
 * crate hands them out.
 */
function signatureCertificates(cert) {
    if (cert.revision !== 0x0200)
        throw bad$1(`attribute certificate revision ${cert.revision.toString(16)}`);
    if (cert.type !== 0x0002)
        throw bad$1(`attribute certificate type ${cert.type.toString(16)}`);
    const info = tlv(cert.data);
    const [type, content] = info.tag === 0x30 ? children(info.body) : [];
    if (type?.tag !== 0x06 ||
        Buffer.from(type.body).toString('hex') !== SIGNED_DATA)
        throw bad$1('not a PKCS#7 SignedData');
    if (content?.tag !== 0xa0)
        throw bad$1('no SignedData content');
    const sd = tlv(content.body);
    const f = sd.tag === 0x30 ? children(sd.body) : [];
    if (f[0]?.tag !== 0x02 || f[0].body.length !== 1 || f[0].body[0] !== 1)
        throw bad$1('SignedData version is not 1');
    if (f[1]?.tag !== 0x31 || children(f[1].body).length !== 1)
        throw bad$1('not exactly one digest algorithm');
    const encap = f[2]?.tag === 0x30 ? children(f[2].body) : [];
    if (Buffer.from(encap[0]?.body ?? []).toString('hex') !== SPC_INDIRECT_DATA)
        throw bad$1('the signed content is not SPC_INDIRECT_DATA');
    if (encap[1]?.tag !== 0xa0)
        throw bad$1('empty encapsulated content');
    const certs = f.find((x) => x.tag === 0xa0 && x !== f[2]);
    const signers = f[f.length - 1];
    if (signers?.tag !== 0x31 || children(signers.body).length !== 1)
        throw bad$1('not exactly one signer');
    if (!certs)
        throw bad$1('no certificates');
    return children(certs.body)
        .filter((c) => c.tag === 0x30)
        .map((c) => c.der)
        .sort(setOrder);
}

/** EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, little-endian as stored. */
const EFI_CERT_X509 = guidBytesLe('a5c059a1-94e4-4aa7-87b5-ab155c2bf072');
const bad = () => new EnclaveBuildError('INPUT_INVALID', 'the --db file is not an EFI signature list nitro-tpm-pcr-compute can read; pass the db variable contents (one EFI_SIGNATURE_LIST, e.g. from efi-readvar or cert-to-efi-sig-list)');
/** Parses a signature database as esl.rs does (see the file comment). */
function parseSignatureLists(data) {
    const lists = [];
    let rest = data;
    while (rest.length > 0) {
        if (rest.length < 28)
            throw bad();
        const dv = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
        const type = rest.subarray(0, 16);
        const listSize = dv.getUint32(16, true);
        const headerSize = dv.getUint32(20, true);
        const size = dv.getUint32(24, true);
        if (28 + headerSize > rest.length)
            throw bad();
        // esl.rs computes a signature count with unchecked u32 arithmetic (and
        // then does not use it); a list that would underflow or divide by zero
        // makes the tool fail, so it fails here too.
        if (size === 0 || listSize < 28 + headerSize)
            throw bad();
        rest = rest.subarray(28 + headerSize);
        const signatures = [];
        while (rest.length > 0) {
            if (size < 16 || rest.length < size)
                throw bad();
            signatures.push({
                owner: rest.subarray(0, 16),
                data: rest.subarray(16, size)
            });
            rest = rest.subarray(size);
        }
        lists.push({ type, signatures });
    }
    return lists;
}

/*
 * NitroTPM PCR4, PCR7 and PCR12 (SHA-384) of EFI images booted by an AWS
 * instance's UEFI, as aws nitro-tpm-pcr-compute 1.1.2 computes them
 * (TCG PC Client Platform Firmware Profile §3.3.4.5 and §3.3.4.8):
 *  PCR4: EV_EFI_ACTION "Calling EFI Application from Boot Option", the
 *        separator, then per image its Authenticode digest and, for a UKI,
 *        the digest of the kernel in .linux unless the stub loads it without
 *        the firmware's help (systemd-stub ≥ 258, or ≥ 252 under Secure Boot);
 *  PCR7: the SecureBoot, PK, KEK, db and dbx variables, the separator, then
 *        under Secure Boot each distinct db certificate that appears in an
 *        image's signature;
 *  PCR12: no events (all zero), which pins an empty command-line addon set.
 */
const ALG = 'sha384';
const crypto = () => process.getBuiltinModule('node:crypto');
const digest = (data) => crypto().createHash(ALG).update(data).digest();
/** A PCR of the SHA-384 bank, starting from zero. */
class Pcr {
    value = Buffer.alloc(48);
    extend(measurement) {
        this.value = digest(Buffer.concat([this.value, measurement]));
    }
}
const EFI_GLOBAL_VARIABLE = guidBytesLe('8be4df61-93ca-11d2-aa0d-00e098032b8c');
const IMAGE_SECURITY_DATABASE = guidBytesLe('d719b2cb-3d3a-4596-a3bc-dad00e67656f');
/** UEFI_VARIABLE_DATA: GUID, u64 name length (characters), u64 data length, UTF-16LE name, data. */
function variableData(guid, name, data) {
    const lengths = Buffer.alloc(16);
    lengths.writeBigUInt64LE(BigInt(name.length), 0);
    lengths.writeBigUInt64LE(BigInt(data.length), 8);
    return Buffer.concat([guid, lengths, Buffer.from(name, 'utf16le'), data]);
}
const SEPARATOR = new Uint8Array(4);
/**
 * The systemd-stub major version of a UKI, from .sdmagic
 * ("#### LoaderInfo: systemd-stub 257.13-1~deb13u1 ####"); Amazon Linux 2023
 * UKIs without .sdmagic count as 252, as the tool assumes.
 */
function stubMajorVersion(pe, what) {
    const osrel = sectionData(pe, '.osrel', what);
    const text = osrel ? Buffer.from(osrel).toString('utf8') : '';
    const al2023 = text.includes('NAME="Amazon Linux"') && text.includes('VERSION="2023"');
    const magic = sectionData(pe, '.sdmagic', what);
    if (!magic) {
        if (al2023)
            return 252;
        throw new EnclaveBuildError('INPUT_INVALID', `${what} has a .linux section but no .sdmagic: build the UKI with systemd-stub, which names its version there`);
    }
    const m = /^#### LoaderInfo: systemd-stub ([0-9]+)[^]* ####$/.exec(Buffer.from(magic).toString('utf8').replace(/\0+$/, ''));
    if (!m) {
        if (al2023)
            return 252;
        throw new EnclaveBuildError('INPUT_INVALID', `${what}'s .sdmagic section is not "#### LoaderInfo: systemd-stub VERSION ####"`);
    }
    return Number(m[1]);
}
function pcr4(images, secureBoot) {
    const pcr = new Pcr();
    pcr.extend(digest(Buffer.from('Calling EFI Application from Boot Option')));
    pcr.extend(digest(SEPARATOR));
    images.forEach((pe, i) => {
        const what = `--image ${i + 1}`;
        pcr.extend(authenticodeDigest(pe.bytes, { algorithm: ALG }));
        const linux = sectionData(pe, '.linux', what);
        if (!linux)
            return;
        const major = stubMajorVersion(pe, what);
        // systemd 258 runs the kernel itself (systemd PR 37372); from 252 on
        // it bypasses the firmware's security protocol under Secure Boot (PR
        // 24777): in both cases the firmware never measures the kernel.
        if (major >= 258 || (major >= 252 && secureBoot))
            return;
        const kernel = parsePe(linux, `${what}'s .linux kernel`);
        pcr.extend(authenticodeDigest(kernel.bytes, { algorithm: ALG }));
    });
    return pcr.value;
}
function pcr7(images, input) {
    const pcr = new Pcr();
    const none = new Uint8Array(0);
    const secureBoot = input.pk !== undefined;
    const db = input.db ?? none;
    pcr.extend(digest(variableData(EFI_GLOBAL_VARIABLE, 'SecureBoot', Uint8Array.of(secureBoot ? 1 : 0))));
    pcr.extend(digest(variableData(EFI_GLOBAL_VARIABLE, 'PK', input.pk ?? none)));
    pcr.extend(digest(variableData(EFI_GLOBAL_VARIABLE, 'KEK', input.kek ?? none)));
    pcr.extend(digest(variableData(IMAGE_SECURITY_DATABASE, 'db', db)));
    pcr.extend(digest(variableData(IMAGE_SECURITY_DATABASE, 'dbx', input.dbx ?? none)));
    pcr.extend(digest(SEPARATOR));
    if (!secureBoot)
        return pcr.value;
    const x509 = parseSignatureLists(db)
        .filter((l) => Buffer.from(l.type).equals(EFI_CERT_X509))
        .flatMap((l) => l.signatures);
    const seen = new Set();
    for (const pe of images) {
        // The first signature with a certificate in db decides, and in it the
        // first certificate (in DER SET order) that db holds.
        let match;
        for (const ac of attributeCertificates(pe)) {
            for (const cert of signatureCertificates(ac)) {
                match = x509.find((s) => Buffer.from(s.data).equals(cert));
                if (match)
                    break;
            }
            if (match)
                break;
        }
        if (!match)
            continue;
        const key = Buffer.concat([match.owner, match.data]).toString('hex');
        if (seen.has(key))
            continue;
        seen.add(key);
        pcr.extend(digest(variableData(IMAGE_SECURITY_DATABASE, 'db', Buffer.concat([match.owner, match.data]))));
    }
    return pcr.value;
}
/** PCR4, PCR7 and PCR12 of the images, in nitro-tpm-pcr-compute's JSON shape. */
function nitroTpmPcrs(input) {
    if (input.images.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'pass at least one --image');
    const images = input.images.map((b, i) => parsePe(b, `--image ${i + 1}`));
    const secureBoot = input.pk !== undefined;
    return {
        Measurements: {
            HashAlgorithm: 'SHA384',
            PCR4: pcr4(images, secureBoot).toString('hex'),
            PCR7: pcr7(images, input).toString('hex'),
            PCR12: Buffer.alloc(48).toString('hex')
        }
    };
}

/*
 * PCR 11 as the UKI's own systemd-stub extends it before starting the
 * kernel (systemd docs/TPM2_PCR_MEASUREMENTS.md, src/fundamental/uki.h):
 * for each UKI section the stub knows, in its canonical order (not the file
 * order), and only when the section is not empty, one extend with the hash
 * of the section name plus a NUL, then one with the hash of its data; then
 * systemd-pcrphase's boot phase strings ("enter-initrd", ...) without NUL.
 * Which sections the stub knows depends on its version (uki.h grew):
 *  - 252: .linux .osrel .cmdline .initrd .splash .dtb .pcrpkey
 *  - 254: + .uname .sbat after .dtb
 *  - 256: + .ucode after .initrd
 *  - 257: + .profile at the end
 * .pcrsig is never measured (it signs the result). systemd-measure from
 * the same release as the stub computes the same value; a newer ukify that
 * calls an older systemd-measure (or the reverse) disagrees with the stub
 * (systemd issues 28587 and 35820), which is why the version is read from
 * the stub's .sdmagic here.
 */
/** The sections a stub of `major` version measures, in canonical order. */
function measuredSections(major) {
    const s = ['.linux', '.osrel', '.cmdline', '.initrd'];
    if (major >= 256)
        s.push('.ucode');
    s.push('.splash', '.dtb');
    if (major >= 254)
        s.push('.uname', '.sbat');
    s.push('.pcrpkey');
    if (major >= 257)
        s.push('.profile');
    return s;
}
/** The most zeros a measured section may have beyond its raw data. */
const MAX_ZERO_FILL = 16 * 2 ** 20;
/** The section contents as the stub sees them in memory: VirtualSize bytes, zero past the raw data. */
function loaded(pe, name) {
    const s = pe.sections.find((x) => x.name === name);
    if (!s || s.virtualSize === 0)
        return undefined;
    const raw = Math.min(s.virtualSize, s.sizeOfRawData);
    if (s.pointerToRawData + raw > pe.bytes.length)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI's ${name} section runs past the end of the file`);
    // ukify writes VirtualSize = the data's length, never above the raw
    // size: a few header bytes claiming gigabytes of zeros would cost that
    // much memory and hashing (and RangeError at 2 GiB)
    if (s.virtualSize - raw > MAX_ZERO_FILL)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI's ${name} section claims ${s.virtualSize} bytes in memory but holds ${raw} in the file; rebuild the UKI (ukify writes no such section)`);
    const out = new Uint8Array(s.virtualSize);
    out.set(pe.bytes.subarray(s.pointerToRawData, s.pointerToRawData + raw));
    return out;
}
/** PCR 11 of a UKI in each bank, hex. */
function pcr11(uki, options = {}) {
    const pe = parsePe(uki, '--image');
    const major = options.stubVersion ?? stubMajorVersion(pe, '--image');
    // A .dtbauto/.hwids UKI measures the devicetree the machine selects
    // (uapi-group/specifications#182), and a multi-profile UKI the profile
    // the boot menu picked: neither is a property of the file alone.
    const names = pe.sections.map((s) => s.name);
    const unsupported = names.filter((n) => n === '.dtbauto' || n === '.hwids');
    if (unsupported.length > 0 ||
        names.filter((n) => n === '.profile').length > 1)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI has ${unsupported.length ? unsupported.join(' and ') : 'several .profile'} sections: its PCR 11 depends on the machine or the chosen profile, not on the file; build it without them`);
    const events = [];
    for (const name of measuredSections(major)) {
        const data = loaded(pe, name);
        if (!data)
            continue;
        events.push(Buffer.from(`${name}\0`, 'latin1'), data);
    }
    for (const phase of options.phases ?? [])
        events.push(Buffer.from(phase));
    const crypto = process.getBuiltinModule('node:crypto');
    const out = {};
    for (const bank of options.banks ?? ['sha256', 'sha384']) {
        let pcr = Buffer.alloc(bank === 'sha256' ? 32 : 48);
        for (const e of events) {
            const d = crypto.createHash(bank).update(e).digest();
            pcr = crypto.createHash(bank).update(pcr).update(d).digest();
        }
        out[bank] = pcr.toString('hex');
    }
    return out;
}

/**
 * The UKI target of the action: the Go binary as /init of the same
 * deterministic initrd as SNP's and TDX's, in a unified kernel image laid
 * out as ukify lays it out, and the PCRs it yields: NitroTPM PCR4/7/12 as
 * aws nitro-tpm-pcr-compute computes them, PCR11 as systemd-stub extends it.
 * Attested: PCR4 (the lookup key of a NitroTPM document), PCR12, PCR11
 * (SHA-384 bank, what the document reports), and PCR7 when the Secure Boot
 * variables are given (without them PCR7 depends on the instance's
 * variable store, so it is only an output).
 */
async function runUki(ctx, o) {
    const name = ctx.input ?? actionInputName;
    const stub = await pinnedFile(o['uki-stub'], o['uki-stub-sha256'], 'uki-stub', {
        name
    });
    const kernel = await pinnedFile(o['uki-kernel'], o['uki-kernel-sha256'], 'uki-kernel', { name });
    const optional = async (path, what) => path === undefined ? undefined : readInput(path, name(what));
    const osRelease = await optional(o['uki-os-release'], 'uki-os-release');
    const sbat = await optional(o['uki-sbat'], 'uki-sbat');
    const pk = await optional(o['uki-secure-boot-pk'], 'uki-secure-boot-pk');
    const secureBoot = {
        pk,
        kek: await optional(o['uki-secure-boot-kek'], 'uki-secure-boot-kek'),
        db: await optional(o['uki-secure-boot-db'], 'uki-secure-boot-db'),
        dbx: await optional(o['uki-secure-boot-dbx'], 'uki-secure-boot-dbx')
    };
    // a cgo binary brings its loader and libraries (or is refused, coded):
    // the same initrd for snp, tdx and uki
    const { initrd, closure, initrdPath } = await targetInitrd(ctx);
    const uki = buildUki({
        stub,
        kernel,
        initrd,
        cmdline: o['uki-cmdline'],
        osRelease,
        uname: o['uki-uname'],
        sbat: sbat?.toString('utf8')
    });
    const ukiPath = join(ctx.outDir, 'uki.efi');
    await writeFileAtomic(ukiPath, uki);
    const nitro = nitroTpmPcrs({ images: [uki], ...secureBoot }).Measurements;
    const p11 = pcr11(uki);
    const measurements = [
        measurement('PCR4', 'sha384', nitro.PCR4),
        measurement('PCR11', 'sha384', p11.sha384),
        measurement('PCR12', 'sha384', nitro.PCR12)
    ];
    if (pk)
        measurements.push(measurement('PCR7', 'sha384', nitro.PCR7));
    else
        ctx.warn('no uki-secure-boot-* inputs: PCR7 is computed for Secure Boot off with empty variables and not attested; pin PCR4 and PCR12 (AWS docs)');
    ctx.log(`UKI NitroTPM PCR4: ${nitro.PCR4}`);
    const pinned = [
        {
            name: 'stub',
            path: o['uki-stub'],
            sha256: o['uki-stub-sha256'].toLowerCase()
        },
        {
            name: 'kernel',
            path: o['uki-kernel'],
            sha256: o['uki-kernel-sha256'].toLowerCase()
        },
        ...closurePins(closure, ctx.cgoSysroot ?? '')
    ];
    return {
        target: 'uki',
        artifacts: [
            { kind: 'uki', path: ukiPath, sha256: sha256Hex(uki) },
            { kind: 'initrd', path: initrdPath, sha256: sha256Hex(initrd) }
        ],
        measurements,
        pinned,
        outputs: {
            'uki-path': ukiPath,
            pcr4: nitro.PCR4,
            pcr7: nitro.PCR7,
            pcr12: nitro.PCR12,
            'pcr11-sha256': p11.sha256,
            'pcr11-sha384': p11.sha384,
            'initrd-path': initrdPath
        },
        parameters: {
            cmdline: o['uki-cmdline'],
            uname: o['uki-uname'] ?? null,
            osReleaseSha256: osRelease ? sha256Hex(osRelease) : null,
            sbatSha256: sbat ? sha256Hex(sbat) : null,
            secureBoot: pk !== undefined,
            secureBootSha256: Object.fromEntries(Object.entries(secureBoot).map(([k, v]) => [k, v ? sha256Hex(v) : null])),
            pcr7: nitro.PCR7,
            pcr11Sha256: p11.sha256,
            referenceTools: 'ukify 257 (layout), nitro-tpm-pcr-compute 1.1.2 (PCR4/7/12), systemd-measure (PCR11)'
        }
    };
}
/** The UKI target. */
const ukiTarget = {
    name: 'uki',
    run: runUki
};

export { runUki, ukiTarget };
