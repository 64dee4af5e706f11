import { open, rm, rename, readFile } from 'node:fs/promises';
import { join, dirname, basename, resolve } from 'node:path';
import { E as EnclaveBuildError } from './main-BKqh5PmF.js';
import { p as parse, r as required } from './args-CoL5EKrB.js';
import { printJson } from './io-BF2gzVkC.js';
import { crc32 } from 'node:zlib';
import { createHash, webcrypto, X509Certificate, verify, createPublicKey, sign, createPrivateKey, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { d as decode, E as Encoder } from './node-index-Cc57uaKN.js';
import 'node:util';
import 'stream';
import 'module';

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
function invalid$2(message) {
    return new EnclaveBuildError('EIF_INVALID', message);
}
/** Decodes and sanity-checks the header (magic, size, section count). */
function decodeHeader(bytes) {
    if (bytes.length < EIF_HEADER_SIZE)
        throw invalid$2(`the file is ${bytes.length} bytes, shorter than the ${EIF_HEADER_SIZE}-byte EIF header; is it an EIF?`);
    if (!EIF_MAGIC.every((b, i) => bytes[i] === b))
        throw invalid$2('bad magic (expected ".eif"); the file is not an EIF');
    const v = new DataView(bytes.buffer, bytes.byteOffset, EIF_HEADER_SIZE);
    const numSections = v.getUint16(26);
    if (numSections > MAX_SECTIONS)
        throw invalid$2(`header claims ${numSections} sections; at most ${MAX_SECTIONS} exist`);
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
        throw invalid$2(`section header at byte ${at} runs past the end of the file`);
    const v = new DataView(bytes.buffer, bytes.byteOffset + at, SECTION_HEADER_SIZE);
    const code = v.getUint16(0);
    const type = NAMES[code];
    if (type === undefined)
        throw invalid$2(`invalid section type ${code} at byte ${at}`);
    return { type, flags: v.getUint16(2), size: v.getBigUint64(4) };
}

/** What nitro-cli writes when it cannot read a kernel config. */
const DEFAULT_OS = 'Generic Linux';
const DEFAULT_KERNEL_VERSION = 'Unknown version';
/**
 * Serialises like serde_json::to_vec: compact, struct field order. For
 * strings JSON.stringify escapes exactly as serde_json does (", \\, \b \f
 * \n \r \t, other controls as lower-case \u00xx, nothing else).
 */
function encodeMetadata(m) {
    const value = {
        ImageName: m.imageName,
        ImageVersion: m.imageVersion,
        BuildMetadata: {
            BuildTime: m.buildTime,
            BuildTool: m.buildTool,
            BuildToolVersion: m.buildToolVersion,
            OperatingSystem: m.operatingSystem,
            KernelVersion: m.kernelVersion
        },
        DockerInfo: m.dockerInfo ?? null,
        CustomMetadata: m.customMetadata ?? null
    };
    return new TextEncoder().encode(JSON.stringify(value));
}
/** Parses a metadata section; malformed JSON is EIF_INVALID. */
function decodeMetadata(bytes) {
    let parsed;
    try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch {
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not valid UTF-8 JSON; the EIF is corrupt');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not a JSON object; the EIF is corrupt');
    return parsed;
}
/**
 * An RFC 3339 build time from a date, the way chrono's to_rfc3339 prints
 * a UTC time without fractional seconds: "1970-01-01T00:00:00+00:00".
 */
function formatBuildTime(date) {
    if (Number.isNaN(date.getTime()))
        throw new EnclaveBuildError('INPUT_INVALID', 'build time is not a valid date');
    return `${date.toISOString().slice(0, 19)}+00:00`;
}
/**
 * What AWS's eif_build writes when given no --build-tool flags (its crate
 * name and the release the test vectors were made with). `nitro build`
 * defaults to these so that, like eif_build, it reproduces eif_build's
 * bytes from the same kernel, cmdline, ramdisks, name, version and time.
 */
const EIF_BUILD_TOOL = 'eif_build';
const EIF_BUILD_TOOL_VERSION = '0.3.1';

const ZERO_PCR = new Uint8Array(48);
/** Extends a zeroed SHA-384 register with `digest`. */
function extendPcr(digest) {
    return createHash('sha384').update(ZERO_PCR).update(digest).digest('hex');
}
/** The PCR of a byte string (like `nitro-cli pcr --input`). */
function pcrOfBytes(bytes) {
    return extendPcr(createHash('sha384').update(bytes).digest());
}
/** The PCR of a file, streamed. */
async function pcrOfFile(path) {
    const hash = createHash('sha384');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    return extendPcr(hash.digest());
}
function feed(hash, chunks) {
    for (const c of chunks)
        hash.update(c);
}
function concat(chunks) {
    if (chunks.length === 1)
        return chunks[0];
    return Buffer.concat(chunks);
}
/**
 * PCR0/1/2(/8) in one pass over the inputs. PCR0 and PCR1 share one
 * hasher: it is cloned after the first ramdisk (PCR1 is a prefix of PCR0's
 * stream). PCR2 needs its own pass over the later ramdisks, which holds the
 * big customer ramdisk; it runs on libuv's thread pool (WebCrypto digest is
 * asynchronous there) while this thread hashes PCR0, so on two cores the
 * whole costs about one SHA-384 pass.
 */
async function measureSections(s) {
    const later = s.ramdisks.slice(1).flat();
    const pcr2Digest = later.length === 0
        ? Promise.resolve(createHash('sha384').digest())
        : webcrypto.subtle.digest('SHA-384', concat(later));
    // Yield once so the caller can queue more thread-pool work (disk writes)
    // before this thread is busy hashing.
    await Promise.resolve();
    const image = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    feed(image, later);
    const pcr0 = extendPcr(image.digest());
    const pcrs = {
        PCR0: pcr0,
        PCR1: pcr1,
        PCR2: extendPcr(new Uint8Array(await pcr2Digest))
    };
    if (s.certificateDer)
        pcrs.PCR8 = pcrOfBytes(s.certificateDer);
    return pcrs;
}
/** The same values, synchronously, for small inputs and readers. */
function measureSectionsSync(s) {
    const image = createHash('sha384');
    const app = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    for (const rd of s.ramdisks.slice(1)) {
        feed(image, rd);
        feed(app, rd);
    }
    const pcrs = {
        PCR0: extendPcr(image.digest()),
        PCR1: pcr1,
        PCR2: extendPcr(app.digest())
    };
    if (s.certificateDer)
        pcrs.PCR8 = pcrOfBytes(s.certificateDer);
    return pcrs;
}
/**
 * Trims a kernel command line as nitro-cli does (`cmdline.trim()` in Rust):
 * Unicode White_Space at both ends. Not String.prototype.trim, which also
 * strips U+FEFF and keeps U+0085.
 */
function trimCmdline(cmdline) {
    const ws = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
    return cmdline.replace(new RegExp(`^${ws}+|${ws}+$`, 'gu'), '');
}

/**
 * The EIF signature section (type 4) and its COSE_Sign1, in the exact CBOR
 * form AWS writes: serde_cbor of `Vec<PcrSignature>`, where serde encodes
 * every `Vec<u8>` as an array of small integers (not a byte string), and a
 * COSE_Sign1 from aws-nitro-enclaves-cose `as_bytes(false)` (untagged):
 * [bstr {1: alg}, {}, bstr payload, bstr r||s], payload = serde_cbor of
 * `PcrInfo { register_index: 0, register_value: PCR0 }`.
 */
// tagUint8Array: false, or cbor-x tags Uint8Arrays (tag 64) where COSE wants a
// plain byte string.
const cbor = new Encoder({
    useRecords: false,
    variableMapSize: true,
    tagUint8Array: false
});
/**
 * COSE algorithm and digest per curve (aws-nitro-enclaves-cose
 * openssl_pkey.rs), with the protected header {1: alg} already encoded: a
 * CBOR map with an integer key, written by hand because cbor-x tags JS Maps.
 */
const CURVES = {
    prime256v1: {
        alg: -7,
        hash: 'sha256',
        header: Uint8Array.of(0xa1, 0x01, 0x26)
    },
    secp384r1: {
        alg: -35,
        hash: 'sha384',
        header: Uint8Array.of(0xa1, 0x01, 0x38, 0x22)
    },
    secp521r1: {
        alg: -36,
        hash: 'sha512',
        header: Uint8Array.of(0xa1, 0x01, 0x38, 0x23)
    }
};
const ALGS = {
    [-7]: 'sha256',
    [-35]: 'sha384',
    [-36]: 'sha512'
};
/** A serde `Vec<u8>`: an array of integers. */
const intArray = (b) => Array.from(b);
function keyInvalid(message) {
    return new EnclaveBuildError('KEY_INVALID', message);
}
/** The first certificate of a PEM text (what OpenSSL's X509::from_pem reads). */
function parseCertificate(pem) {
    try {
        return new X509Certificate(pem);
    }
    catch {
        throw keyInvalid('the signing certificate is not a PEM X.509 certificate; pass the certificate file (-----BEGIN CERTIFICATE-----)');
    }
}
function loadKey(pem) {
    try {
        return createPrivateKey(pem);
    }
    catch {
        throw keyInvalid('the signing key is not a PEM private key; pass an EC P-256, P-384 or P-521 key (PKCS#8 or SEC1 PEM)');
    }
}
/** The bytes ECDSA signs: the COSE Sig_structure for Signature1. */
function sigStructure(protectedHdr, payload) {
    return cbor.encode(['Signature1', protectedHdr, new Uint8Array(0), payload]);
}
/** Builds the signature section that signs PCR0 with this key and certificate. */
function signPcr0(pcr0Hex, certificatePem, privateKeyPem) {
    const cert = parseCertificate(certificatePem);
    const key = loadKey(privateKeyPem);
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const algo = key.asymmetricKeyType === 'ec' ? CURVES[curve] : undefined;
    if (!algo)
        throw keyInvalid(`the signing key must be an EC key on P-256, P-384 or P-521 (got ${key.asymmetricKeyType ?? 'unknown'} ${curve})`);
    const certKey = cert.publicKey.export({ format: 'der', type: 'spki' });
    const ownKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
    if (!Buffer.from(certKey).equals(Buffer.from(ownKey)))
        throw keyInvalid('the signing key does not belong to the signing certificate; pass the matching pair');
    const payload = pcr0Payload(pcr0Hex);
    const signature = sign(algo.hash, sigStructure(algo.header, payload), {
        key,
        dsaEncoding: 'ieee-p1363'
    });
    return encodeSignatureSection(certificatePem, algo.header, payload, signature);
}
/** serde_cbor of `PcrInfo { register_index: 0, register_value: PCR0 }`. */
function pcr0Payload(pcr0Hex) {
    return cbor.encode({
        register_index: 0,
        register_value: intArray(Buffer.from(pcr0Hex, 'hex'))
    });
}
/**
 * The section bytes around a finished ECDSA signature (r||s): the untagged
 * COSE_Sign1, wrapped in serde_cbor's `[{signing_certificate, signature}]`.
 */
function encodeSignatureSection(certificatePem, protectedHeader, payload, signature) {
    const coseSign1 = cbor.encode([protectedHeader, {}, payload, signature]);
    return cbor.encode([
        {
            signing_certificate: intArray(new TextEncoder().encode(certificatePem)),
            signature: intArray(coseSign1)
        }
    ]);
}
function invalid$1(message) {
    return new EnclaveBuildError('EIF_INVALID', `signature section: ${message}`);
}
/**
 * A CBOR byte string as a Uint8Array. Checked with isView, not instanceof,
 * because cbor-x may build it in another realm (e.g. under Jest's vm).
 */
function asBytes(v) {
    if (!ArrayBuffer.isView(v) || v instanceof DataView)
        return undefined;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
function bytesOf(v, what) {
    const b = asBytes(v);
    if (b)
        return b;
    if (Array.isArray(v) &&
        v.every((x) => Number.isInteger(x) && x >= 0 && x < 256))
        return Uint8Array.from(v);
    throw invalid$1(`${what} is not a byte vector`);
}
function safeDecode(bytes, what) {
    try {
        return decode(bytes);
    }
    catch {
        throw invalid$1(`${what} is not valid CBOR`);
    }
}
/** Parses a signature section; only the first entry matters (AWS signs PCR0 only). */
function parseSignatureSection(section) {
    const list = safeDecode(section, 'the section');
    if (!Array.isArray(list) || list.length === 0)
        throw invalid$1('expected a non-empty array of PCR signatures');
    const first = list[0];
    if (first === null || typeof first !== 'object')
        throw invalid$1('the first entry is not a map');
    const pemBytes = bytesOf(first.signing_certificate, 'signing_certificate');
    const coseSign1 = bytesOf(first.signature, 'signature');
    const certificatePem = new TextDecoder().decode(pemBytes);
    let certificate;
    try {
        certificate = new X509Certificate(certificatePem);
    }
    catch {
        throw invalid$1('signing_certificate is not a PEM certificate');
    }
    return {
        certificatePem,
        certificate,
        certificateDer: certificate.raw,
        coseSign1
    };
}
/**
 * Checks a COSE_Sign1 as nitro-cli's describe-eif does: the signature verifies
 * with the certificate's key and the payload names PCR0 with this value.
 */
function verifyPcr0Signature(sig, pcr0Hex) {
    const cose = safeDecode(sig.coseSign1, 'COSE_Sign1');
    if (!Array.isArray(cose) || cose.length !== 4)
        return false;
    const [protectedHdr, payload, signature] = [0, 2, 3].map((i) => asBytes(cose[i]));
    if (!protectedHdr || !payload || !signature)
        return false;
    const header = safeDecode(protectedHdr, 'COSE protected header');
    const alg = header && typeof header === 'object' ? header['1'] : undefined;
    const hash = typeof alg === 'number' ? ALGS[alg] : undefined;
    if (!hash)
        return false;
    const info = safeDecode(payload, 'COSE payload');
    if (!info || typeof info !== 'object' || info.register_index !== 0)
        return false;
    let value;
    try {
        value = bytesOf(info.register_value, 'register_value');
    }
    catch {
        return false;
    }
    if (Buffer.from(value).toString('hex') !== pcr0Hex)
        return false;
    try {
        return verify(hash, sigStructure(protectedHdr, payload), {
            key: sig.certificate.publicKey,
            dsaEncoding: 'ieee-p1363'
        }, signature);
    }
    catch {
        return false;
    }
}

function invalid(message) {
    return new EnclaveBuildError('EIF_INVALID', message);
}
/** Walks the sections and checks them against the header's table. */
function walk(bytes, header) {
    const sections = [];
    let at = EIF_HEADER_SIZE;
    while (at < bytes.length) {
        const s = decodeSectionHeader(bytes, at);
        const start = at + SECTION_HEADER_SIZE;
        if (s.size > BigInt(bytes.length - start))
            throw invalid(`${s.type} section at byte ${at} claims ${s.size} bytes but the file ends first; the EIF is truncated`);
        if (s.flags !== 0)
            throw invalid(`${s.type} section at byte ${at} has flags ${s.flags}; must be 0`);
        const size = Number(s.size);
        const i = sections.length;
        if (i >= header.numSections)
            throw invalid(`more sections in the file than the ${header.numSections} the header declares`);
        if (header.sectionOffsets[i] !== BigInt(at) ||
            header.sectionSizes[i] !== s.size)
            throw invalid(`section ${i} (${s.type}) is at byte ${at} with ${size} bytes, but the header table says ${header.sectionOffsets[i]} / ${header.sectionSizes[i]}`);
        sections.push({
            type: s.type,
            offset: at,
            size,
            data: bytes.subarray(start, start + size)
        });
        at = start + size;
    }
    if (sections.length !== header.numSections)
        throw invalid(`the header declares ${header.numSections} sections but the file holds ${sections.length}; the EIF is truncated`);
    return sections;
}
function only(sections, type) {
    const found = sections.filter((s) => s.type === type);
    if (found.length > 1)
        throw invalid(`the EIF has ${found.length} ${type} sections; at most one is allowed`);
    return found[0];
}
/** Parses and checks an EIF held in memory. */
function readEif(bytes) {
    const header = decodeHeader(bytes);
    if (header.version < 1 || header.version > EIF_VERSION)
        throw invalid(`EIF version ${header.version} is not supported (1 to ${EIF_VERSION})`);
    const sections = walk(bytes, header);
    const kernel = only(sections, 'Kernel');
    const cmdline = only(sections, 'Cmdline');
    if (!kernel || !cmdline)
        throw invalid('the EIF lacks a kernel or a cmdline section');
    const ramdisks = sections.filter((s) => s.type === 'Ramdisk');
    if (ramdisks.length === 0)
        throw invalid('the EIF has no ramdisk section');
    const meta = only(sections, 'Metadata');
    const sig = only(sections, 'Signature');
    const signature = sig ? parseSignatureSection(sig.data) : undefined;
    const pcrs = measureSectionsSync({
        kernel: [kernel.data],
        cmdline: cmdline.data,
        ramdisks: ramdisks.map((r) => [r.data]),
        certificateDer: signature?.certificateDer
    });
    const computedCrc32 = crc32(bytes.subarray(CRC_OFFSET + 4), crc32(bytes.subarray(0, CRC_OFFSET)));
    return {
        header,
        sections,
        pcrs,
        computedCrc32,
        crcOk: computedCrc32 === header.crc32,
        metadata: meta ? decodeMetadata(meta.data) : undefined,
        signature,
        signatureOk: signature
            ? verifyPcr0Signature(signature, pcrs.PCR0)
            : undefined
    };
}

async function writeAll(fh, data, at) {
    let off = 0;
    while (off < data.length) {
        const { bytesWritten } = await fh.write(data, off, data.length - off, at + off);
        off += bytesWritten;
    }
}
/** Opens a temp file beside `path`. */
async function openAtomic(path, mode = 0o644) {
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'w', mode).catch((err) => {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot write ${path}: ${err.message}; does its directory exist and is it writable?`, { cause: err });
    });
    let closed = false;
    const close = async () => {
        if (!closed) {
            closed = true;
            await fh.close();
        }
    };
    return {
        writeAt: (at, data) => writeAll(fh, data, at),
        async commit() {
            try {
                await fh.chmod(mode);
                await close();
                await rename(tmp, path);
            }
            catch (err) {
                await close().catch(() => undefined);
                await rm(tmp, { force: true });
                throw err;
            }
        },
        async abort() {
            await close().catch(() => undefined);
            await rm(tmp, { force: true });
        }
    };
}
/**
 * Starts writing consecutive pieces from byte `start` (small neighbours are
 * grouped to save system calls). The returned promise never rejects: it
 * resolves to the first error, if any, so it can be awaited late.
 */
function writePieces(file, pieces, start = 0) {
    const writes = [];
    let at = start;
    let group = [];
    let groupAt = at;
    const flush = () => {
        if (group.length > 0)
            writes.push(file.writeAt(groupAt, group.length === 1 ? group[0] : Buffer.concat(group)));
        group = [];
    };
    for (const p of pieces) {
        if (p.length >= 1 << 16) {
            flush();
            writes.push(file.writeAt(at, p));
        }
        else {
            if (group.length === 0)
                groupAt = at;
            group.push(p);
        }
        at += p.length;
    }
    flush();
    return Promise.allSettled(writes).then((rs) => {
        const failed = rs.find((r) => r.status === 'rejected');
        if (!failed)
            return undefined;
        const reason = failed.reason;
        return reason instanceof Error ? reason : new Error(String(reason));
    });
}
/** Writes a file given as pieces, atomically. */
async function writeChunksAtomic(path, chunks, mode = 0o644) {
    const file = await openAtomic(path, mode);
    const err = await writePieces(file, chunks);
    if (err !== undefined) {
        await file.abort();
        throw err;
    }
    await file.commit();
}

const total = (chunks) => chunks.reduce((n, c) => n + c.length, 0);
/** The header for sections of these types and sizes, with CRC 0. */
function layout(sections, flags) {
    const sectionOffsets = [];
    const sectionSizes = [];
    let at = EIF_HEADER_SIZE;
    for (const s of sections) {
        sectionOffsets.push(BigInt(at));
        sectionSizes.push(BigInt(s.size));
        at += SECTION_HEADER_SIZE + s.size;
    }
    return {
        version: EIF_VERSION,
        flags,
        defaultMem: DEFAULT_MEM,
        defaultCpus: DEFAULT_CPUS,
        numSections: sections.length,
        sectionOffsets,
        sectionSizes,
        crc32: 0
    };
}
/** Validates the spec and lays out the sections before the signature. */
function plan(spec) {
    if (spec.ramdisks.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'an EIF needs at least one ramdisk');
    if (spec.cmdline.includes('\0'))
        throw new EnclaveBuildError('INPUT_INVALID', 'the kernel command line must not contain NUL');
    const extra = spec.signing ? 1 : 0;
    if (3 + spec.ramdisks.length + extra > MAX_SECTIONS)
        throw new EnclaveBuildError('INPUT_INVALID', `an EIF holds at most ${MAX_SECTIONS - 3 - extra} ramdisks`);
    const cmdline = new TextEncoder().encode(spec.cmdline);
    return {
        sections: [
            { type: 'Kernel', data: spec.kernel },
            { type: 'Cmdline', data: [cmdline] },
            { type: 'Metadata', data: [encodeMetadata(spec.metadata)] },
            ...spec.ramdisks.map((data) => ({ type: 'Ramdisk', data }))
        ],
        measured: {
            kernel: spec.kernel,
            cmdline,
            ramdisks: spec.ramdisks,
            certificateDer: spec.signing
                ? parseCertificate(spec.signing.certificatePem).raw
                : undefined
        },
        flags: spec.arch === 'aarch64' ? FLAG_ARM64 : 0
    };
}
/** The header (CRC 0) and the body pieces after it. */
function assemble(p) {
    const header = layout(p.sections.map((s) => ({ type: s.type, size: total(s.data) })), p.flags);
    const body = [];
    for (const s of p.sections)
        body.push(encodeSectionHeader(s.type, total(s.data)), ...s.data);
    return { header, body };
}
/** CRC-32 of header bytes [0, 544) followed by the body. */
function crcOf(header, body) {
    let crc = crc32(encodeHeader(header).subarray(0, CRC_OFFSET));
    for (const c of body)
        crc = crc32(c, crc);
    return crc;
}
/** Signs PCR0 and appends the signature section. */
function addSignature(p, spec, pcrs) {
    if (!spec.signing)
        return;
    const { certificatePem, privateKeyPem } = spec.signing;
    const sig = signPcr0(pcrs.PCR0, certificatePem, privateKeyPem);
    p.sections.push({ type: 'Signature', data: [sig] });
}
/** Builds the EIF and its PCRs in memory. */
async function buildEif(spec) {
    const p = plan(spec);
    const pcrs = await measureSections(p.measured);
    addSignature(p, spec, pcrs);
    const { header, body } = assemble(p);
    header.crc32 = crcOf(header, body);
    const head = encodeHeader(header);
    return {
        chunks: [head, ...body],
        size: head.length + total(body),
        header,
        pcrs
    };
}
/**
 * Builds the EIF straight into `path` (atomically). When unsigned, the
 * layout is known before the PCRs, so the body goes to disk on libuv's
 * threads while this thread hashes PCR0 and the CRC, and the header, which
 * holds the CRC, is written last. Signed images need PCR0 first.
 */
async function writeEif(path, spec) {
    if (spec.signing) {
        const built = await buildEif(spec);
        await writeChunksAtomic(path, built.chunks);
        return built;
    }
    const p = plan(spec);
    const { header, body } = assemble(p);
    const file = await openAtomic(path);
    try {
        // PCR2 starts on the thread pool first, then the body writes; PCR0/PCR1
        // and the CRC run on this thread meanwhile.
        const pcrsPromise = measureSections(p.measured);
        const bodyWritten = writePieces(file, body, EIF_HEADER_SIZE);
        header.crc32 = crcOf(header, body);
        const head = encodeHeader(header);
        const [pcrs, err] = await Promise.all([
            pcrsPromise,
            bodyWritten,
            file.writeAt(0, head)
        ]).then(([pcrs, err]) => [pcrs, err]);
        if (err !== undefined)
            throw err;
        await file.commit();
        return {
            chunks: [head, ...body],
            size: head.length + total(body),
            header,
            pcrs
        };
    }
    catch (err) {
        await file.abort();
        throw err;
    }
}

// `nitro build/describe/pcr` follow eif_build and nitro-cli: same flags,
// same JSON keys, so their users and scripts feel at home.
/** nitro-cli's Measurements object (HashAlgorithm is Rust Debug text). */
function measurements(pcrs) {
    return { HashAlgorithm: 'Sha384 { ... }', ...pcrs };
}
async function readInput(io, path, what) {
    try {
        return await readFile(resolve(io.cwd, path));
    }
    catch (err) {
        throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot read the ${what} ${path}: ${err.message}`, { cause: err });
    }
}
function printPcrs(io, pcrs) {
    for (const [k, v] of Object.entries(pcrs))
        io.stdout(`${k}  ${v}\n`);
}
/** The build time when none is given: SOURCE_DATE_EPOCH, else the epoch; never now. */
function defaultBuildTime(io) {
    const sde = io.env.SOURCE_DATE_EPOCH;
    if (sde === undefined || sde === '')
        return formatBuildTime(new Date(0));
    if (!/^\d+$/.test(sde))
        throw new EnclaveBuildError('INPUT_INVALID', 'SOURCE_DATE_EPOCH must be whole seconds since the epoch');
    return formatBuildTime(new Date(Number(sde) * 1000));
}
const buildOptions = {
    kernel: { type: 'string' },
    cmdline: { type: 'string' },
    ramdisk: { type: 'string', multiple: true },
    output: { type: 'string' },
    'signing-certificate': { type: 'string' },
    'private-key': { type: 'string' },
    arch: { type: 'string', default: 'x86_64' },
    name: { type: 'string' },
    version: { type: 'string', default: '1.0' },
    'build-time': { type: 'string' },
    'build-tool': { type: 'string', default: EIF_BUILD_TOOL },
    'build-tool-version': { type: 'string', default: EIF_BUILD_TOOL_VERSION },
    'img-os': { type: 'string', default: DEFAULT_OS },
    'img-kernel': { type: 'string', default: DEFAULT_KERNEL_VERSION },
    json: { type: 'boolean', default: false }
};
/** `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build. */
const nitroBuild = async (args, io) => {
    const { values: v } = parse(args, buildOptions);
    const kernelPath = required(v.kernel, '--kernel');
    if (v.cmdline === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--cmdline is required');
    const output = resolve(io.cwd, required(v.output, '--output'));
    const ramdiskPaths = v.ramdisk ?? [];
    if (ramdiskPaths.length === 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'give at least one --ramdisk');
    if (v.arch !== 'x86_64' && v.arch !== 'aarch64')
        throw new EnclaveBuildError('INPUT_INVALID', '--arch must be x86_64 or aarch64');
    const cert = v['signing-certificate'];
    const key = v['private-key'];
    if ((cert === undefined) !== (key === undefined))
        throw new EnclaveBuildError('INPUT_INVALID', '--signing-certificate and --private-key go together');
    const kernel = await readInput(io, kernelPath, 'kernel');
    const ramdisks = await Promise.all(ramdiskPaths.map((p) => readInput(io, p, 'ramdisk')));
    const signing = cert !== undefined && key !== undefined
        ? {
            certificatePem: (await readInput(io, cert, 'signing certificate')).toString(),
            privateKeyPem: (await readInput(io, key, 'private key')).toString()
        }
        : undefined;
    const built = await writeEif(output, {
        kernel: [kernel],
        cmdline: trimCmdline(v.cmdline),
        ramdisks: ramdisks.map((r) => [r]),
        arch: v.arch,
        metadata: {
            // eif_build names the image after the kernel file by default
            imageName: v.name ?? basename(kernelPath),
            imageVersion: v.version,
            buildTime: v['build-time'] ?? defaultBuildTime(io),
            buildTool: v['build-tool'],
            buildToolVersion: v['build-tool-version'],
            operatingSystem: v['img-os'],
            kernelVersion: v['img-kernel']
        },
        signing
    });
    if (!v.json) {
        io.stdout(`Output file: ${output}\n`);
        printPcrs(io, built.pcrs);
        return 0;
    }
    printJson(io, { Measurements: measurements(built.pcrs) });
    return 0;
};
/** `nitro describe`: like nitro-cli describe-eif, from the file alone. */
const nitroDescribe = async (args, io) => {
    const { values: v } = parse(args, {
        eif: { type: 'string' },
        'eif-path': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    const path = required(v.eif ?? v['eif-path'], '--eif');
    const info = readEif(await readInput(io, path, 'EIF'));
    const meta = info.metadata;
    const out = {
        EifVersion: info.header.version,
        Measurements: measurements(info.pcrs),
        IsSigned: info.signature !== undefined,
        CheckCRC: info.crcOk
    };
    if (info.signature) {
        const c = info.signature.certificate;
        out.SignatureCheck = info.signatureOk;
        out.SigningCertificate = {
            Subject: c.subject,
            Issuer: c.issuer,
            NotBefore: c.validFrom,
            NotAfter: c.validTo,
            Fingerprint256: c.fingerprint256
        };
    }
    if (meta) {
        out.ImageName = meta.ImageName;
        out.ImageVersion = meta.ImageVersion;
        out.Metadata = meta;
    }
    out.Crc32 = info.header.crc32.toString(16).padStart(8, '0');
    out.Flags = info.header.flags;
    out.Arch = info.header.flags & 1 ? 'aarch64' : 'x86_64';
    out.NumSections = info.header.numSections;
    out.SectionOffsets = info.sections.map((s) => s.offset);
    out.SectionSizes = info.sections.map((s) => s.size);
    out.SectionTypes = info.sections.map((s) => s.type);
    if (v.json)
        printJson(io, out);
    else {
        io.stdout(`EIF version ${info.header.version}, ${out.Arch}, CRC ${info.crcOk ? 'ok' : 'MISMATCH'}${info.signature ? `, signed (signature ${info.signatureOk ? 'ok' : 'INVALID'})` : ''}\n`);
        printPcrs(io, info.pcrs);
    }
    return 0;
};
/** `nitro pcr`: the PCR of one file, or PCR8 of a certificate, like nitro-cli pcr. */
const nitroPcr = async (args, io) => {
    const { values: v } = parse(args, {
        input: { type: 'string' },
        'signing-certificate': { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    let result;
    if (v['signing-certificate'] !== undefined) {
        if (v.input !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', 'give either --input or --signing-certificate');
        const pem = await readInput(io, v['signing-certificate'], 'signing certificate');
        result = { PCR8: pcrOfBytes(parseCertificate(pem.toString()).raw) };
    }
    else {
        const input = required(v.input, '--input');
        // streamed: an input may be a whole EIF or a big ramdisk
        const pcr = await pcrOfFile(resolve(io.cwd, input)).catch((err) => {
            throw new EnclaveBuildError('FILE_NOT_FOUND', `cannot read the input ${input}: ${err.message}`, { cause: err });
        });
        result = { PCR: pcr };
    }
    if (v.json)
        printJson(io, result);
    else
        io.stdout(`${Object.values(result)[0]}\n`);
    return 0;
};

export { nitroBuild, nitroDescribe, nitroPcr };
