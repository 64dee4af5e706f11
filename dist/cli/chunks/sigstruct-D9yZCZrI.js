import { createHash } from 'node:crypto';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { b as SGX_FLAGS_DEBUG, c as SGX_FLAGS_MASK_CONST, d as SGX_MISCSELECT_MASK_CONST } from './constants-CptRa1hx.js';

// Why this file is long: the one 1808-byte SIGSTRUCT: its offsets, build, parse and signing data belong together so they cannot drift apart.
/**
 * SGX SIGSTRUCT (Intel SDM vol. 3D, "Enclave Signature Structure"), as
 * Gramine v1.5+ writes it: 1808 bytes, little-endian, DATE in BCD.
 */
const SIGSTRUCT_SIZE = 1808;
const HEADER = Buffer.from('06000000e10000000000010000000000', 'hex');
const HEADER2 = Buffer.from('01010000600000006000000001000000', 'hex');
/** Field offsets (sgx_sigstruct_t). */
const OFF = {
    header: 0x0,
    vendor: 0x10,
    date: 0x14,
    header2: 0x18,
    swdefined: 0x28,
    modulus: 0x80,
    exponent: 0x200,
    signature: 0x204,
    miscSelect: 0x384,
    miscMask: 0x388,
    attributes: 0x3a0,
    attributeMask: 0x3b0,
    enclaveHash: 0x3c0,
    isvProdId: 0x400,
    isvSvn: 0x402,
    q1: 0x410,
    q2: 0x590
};
/** A to-be-signed SIGSTRUCT with Gramine's constant fields filled in. */
function newSigstruct(fields) {
    return {
        vendor: 0,
        swdefined: 0,
        modulus: new Uint8Array(384),
        exponent: 0,
        signature: new Uint8Array(384),
        miscMask: SGX_MISCSELECT_MASK_CONST,
        attributeFlagsMask: SGX_FLAGS_MASK_CONST,
        q1: new Uint8Array(384),
        q2: new Uint8Array(384),
        ...fields
    };
}
function invalid(message) {
    throw new EnclaveBuildError('SIGSTRUCT_INVALID', message);
}
/**
 * Gramine treats the decimal digits of each date part as hex digits (BCD):
 * 2026 is stored as 0x2026.
 */
function toBcd(value, max, what) {
    if (!Number.isInteger(value) || value < 0 || value > max)
        invalid(`date ${what} ${value} cannot be stored in BCD`);
    return parseInt(String(value), 16);
}
function fromBcd(raw, what) {
    const digits = raw.toString(16);
    if (!/^[0-9]+$/.test(digits))
        invalid(`misencoded ${what} 0x${digits} in SIGSTRUCT DATE (not BCD); sign the enclave again`);
    return parseInt(digits, 10);
}
function putBytes(out, offset, b, size) {
    if (b.byteLength !== size)
        invalid(`field at 0x${offset.toString(16)} must be ${size} bytes`);
    out.set(b, offset);
}
/** Serialises a SIGSTRUCT to its 1808 bytes; out-of-range fields are refused. */
function buildSigstruct(s) {
    try {
        return build(s);
    }
    catch (err) {
        // Compare by name: under test runners the error may come from another realm.
        const e = err;
        if (e?.name === 'RangeError')
            invalid(`SIGSTRUCT field out of range: ${e.message}`);
        throw err;
    }
}
function build(s) {
    const out = Buffer.alloc(SIGSTRUCT_SIZE);
    HEADER.copy(out, OFF.header);
    out.writeUInt32LE(s.vendor, OFF.vendor);
    out.writeUInt8(toBcd(s.date.day, 99, 'day'), OFF.date);
    out.writeUInt8(toBcd(s.date.month, 99, 'month'), OFF.date + 1);
    out.writeUInt16LE(toBcd(s.date.year, 9999, 'year'), OFF.date + 2);
    HEADER2.copy(out, OFF.header2);
    out.writeUInt32LE(s.swdefined, OFF.swdefined);
    putBytes(out, OFF.modulus, s.modulus, 384);
    out.writeUInt32LE(s.exponent, OFF.exponent);
    putBytes(out, OFF.signature, s.signature, 384);
    out.writeUInt32LE(s.miscSelect, OFF.miscSelect);
    out.writeUInt32LE(s.miscMask, OFF.miscMask);
    out.writeBigUInt64LE(s.attributeFlags, OFF.attributes);
    out.writeBigUInt64LE(s.attributeXfrms, OFF.attributes + 8);
    out.writeBigUInt64LE(s.attributeFlagsMask, OFF.attributeMask);
    out.writeBigUInt64LE(s.attributeXfrmMask, OFF.attributeMask + 8);
    putBytes(out, OFF.enclaveHash, s.enclaveHash, 32);
    out.writeUInt16LE(s.isvProdId, OFF.isvProdId);
    out.writeUInt16LE(s.isvSvn, OFF.isvSvn);
    putBytes(out, OFF.q1, s.q1, 384);
    putBytes(out, OFF.q2, s.q2, 384);
    return out;
}
/** Parses 1808 SIGSTRUCT bytes; refuses wrong sizes, headers and dates. */
function parseSigstruct(bytes) {
    if (bytes.byteLength !== SIGSTRUCT_SIZE)
        invalid(`a SIGSTRUCT is ${SIGSTRUCT_SIZE} bytes, this file has ${bytes.byteLength}`);
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!b.subarray(0, 16).equals(HEADER))
        invalid('SIGSTRUCT HEADER does not match');
    if (!b.subarray(0x18, 0x28).equals(HEADER2))
        invalid('SIGSTRUCT HEADER2 does not match');
    const slice = (o, n) => new Uint8Array(b.subarray(o, o + n));
    return {
        vendor: b.readUInt32LE(OFF.vendor),
        date: {
            year: fromBcd(b.readUInt16LE(OFF.date + 2), 'year'),
            month: fromBcd(b.readUInt8(OFF.date + 1), 'month'),
            day: fromBcd(b.readUInt8(OFF.date), 'day')
        },
        swdefined: b.readUInt32LE(OFF.swdefined),
        modulus: slice(OFF.modulus, 384),
        exponent: b.readUInt32LE(OFF.exponent),
        signature: slice(OFF.signature, 384),
        miscSelect: b.readUInt32LE(OFF.miscSelect),
        miscMask: b.readUInt32LE(OFF.miscMask),
        attributeFlags: b.readBigUInt64LE(OFF.attributes),
        attributeXfrms: b.readBigUInt64LE(OFF.attributes + 8),
        attributeFlagsMask: b.readBigUInt64LE(OFF.attributeMask),
        attributeXfrmMask: b.readBigUInt64LE(OFF.attributeMask + 8),
        enclaveHash: slice(OFF.enclaveHash, 32),
        isvProdId: b.readUInt16LE(OFF.isvProdId),
        isvSvn: b.readUInt16LE(OFF.isvSvn),
        q1: slice(OFF.q1, 384),
        q2: slice(OFF.q2, 384)
    };
}
/** The bytes covered by the signature: [0, 128) and [0x384, 0x404). */
function signingData(sigstruct) {
    const b = Buffer.from(sigstruct.buffer, sigstruct.byteOffset, sigstruct.byteLength);
    return Buffer.concat([b.subarray(0, 128), b.subarray(0x384, 0x404)]);
}
/** MRSIGNER: sha256 over the 384-byte little-endian modulus as stored. */
function mrsigner(modulusLe) {
    return createHash('sha256').update(modulusLe).digest('hex');
}
const hex = (v) => `0x${v.toString(16)}`;
const pad = (v, n) => String(v).padStart(n, '0');
/** The readable view gramine-sgx-sigstruct-view prints. */
function viewSigstruct(s) {
    return {
        mr_signer: mrsigner(s.modulus),
        mr_enclave: Buffer.from(s.enclaveHash).toString('hex'),
        isv_prod_id: s.isvProdId,
        isv_svn: s.isvSvn,
        attribute_flags: hex(s.attributeFlags),
        attribute_xfrms: hex(s.attributeXfrms),
        misc_select: hex(s.miscSelect),
        attribute_flags_mask: hex(s.attributeFlagsMask),
        attribute_xfrm_mask: hex(s.attributeXfrmMask),
        misc_mask: hex(s.miscMask),
        date: `${pad(s.date.year, 4)}-${pad(s.date.month, 2)}-${pad(s.date.day, 2)}`,
        debug_enclave: (s.attributeFlags & SGX_FLAGS_DEBUG) !== 0n
    };
}

export { buildSigstruct as b, mrsigner as m, newSigstruct as n, parseSigstruct as p, signingData as s, viewSigstruct as v };
