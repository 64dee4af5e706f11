import { E as EnclaveBuildError, a as guidBytesLe } from './main-BQHnxbfa.js';
import { a as authenticodeDigest } from './tdx-BS7SA3Ep.js';
import { p as parsePe, s as sectionData } from './pe-CMa41Mkz.js';

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

export { nitroTpmPcrs, stubMajorVersion, variableData };
