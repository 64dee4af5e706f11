import { generateKeyPairSync, createPrivateKey, sign, constants } from 'node:crypto';
import { E as EnclaveBuildError } from '../index.js';

/**
 * Architectural and Gramine constants that decide SGX measurements. Values
 * are those of Gramine v1.5-v1.9 (pal/src/host/linux-sgx/sgx_arch.h,
 * pal_linux_defs.h, pal_tcb.h), identical across those releases.
 */
const PAGE_SIZE = 0x1000;
const SSA_FRAME_SIZE = 0x4000;
const SSA_FRAME_NUM = 2;
const TCS_SIZE = 0x1000;
const ENCLAVE_STACK_SIZE = 0x40000;
const ENCLAVE_SIG_STACK_SIZE = 0x10000;
const DEFAULT_ENCLAVE_BASE = 0;
/** Gramine never adds the pages below this address (heap_min). */
const MMAP_MIN_ADDR = 0x10000;
const STACK_PROTECTOR_CANARY_DEFAULT = 0xbadbadbadbadn;
const SGX_GPR_SIZE = 0xb8;
/** SECINFO flags used in EADD records. */
const PAGEINFO_R = 0x1;
const PAGEINFO_W = 0x2;
const PAGEINFO_X = 0x4;
const PAGEINFO_TCS = 0x100;
const PAGEINFO_REG = 0x200;
/** TCS field offsets (sgx_arch_tcs_t). */
const TCS_OSSA = 0x10;
const TCS_NSSA = 0x1c;
const TCS_OENTRY = 0x20;
const TCS_OGS_BASE = 0x38;
const TCS_OFS_LIMIT = 0x40;
const TCS_OGS_LIMIT = 0x44;
/** pal_enclave_tcb field offsets (the TLS page of each thread). */
const TLS_SELF = 0x0;
const TLS_CANARY = 0x8;
const TLS_ENCLAVE_SIZE = 0x110;
const TLS_TCS_OFFSET = 0x118;
const TLS_INITIAL_STACK_ADDR = 0x120;
const TLS_SIG_STACK_LOW = 0x130;
const TLS_SIG_STACK_HIGH = 0x138;
const TLS_SSA = 0x148;
const TLS_GPR = 0x150;
const TLS_MANIFEST_SIZE = 0x1a0;
const TLS_HEAP_MIN = 0x1a8;
const TLS_HEAP_MAX = 0x1b0;
/** ATTRIBUTES.FLAGS, MISCSELECT and XFRM bits. */
const SGX_FLAGS_DEBUG = 0x2n;
const SGX_FLAGS_MODE64BIT = 0x4n;
const SGX_FLAGS_MASK_CONST = 0xffffffffffffffffn;
const SGX_MISCSELECT_EXINFO = 0x1;
const SGX_MISCSELECT_MASK_CONST = 0xffffffff;
const SGX_XFRM_LEGACY = 0x3n;
const SGX_XFRM_AVX = 0x4n;
const SGX_XFRM_MPX = 0x18n;
const SGX_XFRM_AVX512 = 0xe4n;
const SGX_XFRM_PKRU = 0x200n;
const SGX_XFRM_AMX = 0x60000n;
const SGX_XFRM_MASK_CONST = 0xfffffffffff9ff1bn;
/** RSA parameters SGX requires of the enclave signing key. */
const SGX_RSA_KEY_BITS = 3072;
const SGX_RSA_EXPONENT = 3;

var C = /*#__PURE__*/Object.freeze({
    __proto__: null,
    DEFAULT_ENCLAVE_BASE: DEFAULT_ENCLAVE_BASE,
    ENCLAVE_SIG_STACK_SIZE: ENCLAVE_SIG_STACK_SIZE,
    ENCLAVE_STACK_SIZE: ENCLAVE_STACK_SIZE,
    MMAP_MIN_ADDR: MMAP_MIN_ADDR,
    PAGEINFO_R: PAGEINFO_R,
    PAGEINFO_REG: PAGEINFO_REG,
    PAGEINFO_TCS: PAGEINFO_TCS,
    PAGEINFO_W: PAGEINFO_W,
    PAGEINFO_X: PAGEINFO_X,
    PAGE_SIZE: PAGE_SIZE,
    SGX_FLAGS_DEBUG: SGX_FLAGS_DEBUG,
    SGX_FLAGS_MASK_CONST: SGX_FLAGS_MASK_CONST,
    SGX_FLAGS_MODE64BIT: SGX_FLAGS_MODE64BIT,
    SGX_GPR_SIZE: SGX_GPR_SIZE,
    SGX_MISCSELECT_EXINFO: SGX_MISCSELECT_EXINFO,
    SGX_MISCSELECT_MASK_CONST: SGX_MISCSELECT_MASK_CONST,
    SGX_RSA_EXPONENT: SGX_RSA_EXPONENT,
    SGX_RSA_KEY_BITS: SGX_RSA_KEY_BITS,
    SGX_XFRM_AMX: SGX_XFRM_AMX,
    SGX_XFRM_AVX: SGX_XFRM_AVX,
    SGX_XFRM_AVX512: SGX_XFRM_AVX512,
    SGX_XFRM_LEGACY: SGX_XFRM_LEGACY,
    SGX_XFRM_MASK_CONST: SGX_XFRM_MASK_CONST,
    SGX_XFRM_MPX: SGX_XFRM_MPX,
    SGX_XFRM_PKRU: SGX_XFRM_PKRU,
    SSA_FRAME_NUM: SSA_FRAME_NUM,
    SSA_FRAME_SIZE: SSA_FRAME_SIZE,
    STACK_PROTECTOR_CANARY_DEFAULT: STACK_PROTECTOR_CANARY_DEFAULT,
    TCS_NSSA: TCS_NSSA,
    TCS_OENTRY: TCS_OENTRY,
    TCS_OFS_LIMIT: TCS_OFS_LIMIT,
    TCS_OGS_BASE: TCS_OGS_BASE,
    TCS_OGS_LIMIT: TCS_OGS_LIMIT,
    TCS_OSSA: TCS_OSSA,
    TCS_SIZE: TCS_SIZE,
    TLS_CANARY: TLS_CANARY,
    TLS_ENCLAVE_SIZE: TLS_ENCLAVE_SIZE,
    TLS_GPR: TLS_GPR,
    TLS_HEAP_MAX: TLS_HEAP_MAX,
    TLS_HEAP_MIN: TLS_HEAP_MIN,
    TLS_INITIAL_STACK_ADDR: TLS_INITIAL_STACK_ADDR,
    TLS_MANIFEST_SIZE: TLS_MANIFEST_SIZE,
    TLS_SELF: TLS_SELF,
    TLS_SIG_STACK_HIGH: TLS_SIG_STACK_HIGH,
    TLS_SIG_STACK_LOW: TLS_SIG_STACK_LOW,
    TLS_SSA: TLS_SSA,
    TLS_TCS_OFFSET: TLS_TCS_OFFSET
});

function keyError(message, cause) {
    throw new EnclaveBuildError('KEY_INVALID', message, { cause });
}
function bigFromBase64url(s) {
    const bytes = Buffer.from(s, 'base64url');
    return bytes.byteLength === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}
/**
 * Loads a PEM private key and checks it is RSA-3072 with e = 3; an
 * unreadable key asks for its passphrase as `passphraseName` (the caller's
 * spelling: `gramine sign`'s flag by default).
 */
function loadSgxKey(pem, passphrase, passphraseName = '--passphrase') {
    let key;
    try {
        key = createPrivateKey({
            key: typeof pem === 'string' ? pem : Buffer.from(pem),
            format: 'pem',
            ...(passphrase !== undefined ? { passphrase } : {})
        });
    }
    catch (err) {
        const why = err.code ?? 'unreadable';
        keyError(`cannot read the signing key as a PEM private key (${why}); give an RSA-3072 key with exponent 3 (PKCS#1 or PKCS#8, with ${passphraseName} if it is encrypted)`, err);
    }
    if (key.asymmetricKeyType !== 'rsa')
        keyError(`the signing key is ${key.asymmetricKeyType ?? 'unknown'}, SGX needs an RSA-3072 key with exponent 3`);
    const details = key.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== SGX_RSA_KEY_BITS)
        keyError(`the signing key has ${details.modulusLength ?? '?'} bits, SGX needs ${SGX_RSA_KEY_BITS}; make one with "enclave-build sgx gen-key"`);
    if (details.publicExponent !== BigInt(SGX_RSA_EXPONENT))
        keyError(`the signing key's public exponent is ${details.publicExponent ?? '?'}, SGX needs ${SGX_RSA_EXPONENT}; make one with "enclave-build sgx gen-key"`);
    const jwk = key.export({ format: 'jwk' });
    if (typeof jwk.n !== 'string')
        keyError('the signing key has no modulus');
    return { key, modulus: bigFromBase64url(jwk.n) };
}
/** RSASSA-PKCS1-v1_5 with SHA-256; deterministic, so a fixed key and input give a fixed .sig. */
function signPkcs1Sha256(key, data) {
    const sig = sign('sha256', data, {
        key: key.key,
        padding: constants.RSA_PKCS1_PADDING
    });
    return BigInt(`0x${sig.toString('hex')}`);
}
/** A new development key as PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), like gramine-sgx-gen-private-key. */
function generateSgxKeyPem() {
    const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: SGX_RSA_KEY_BITS,
        publicExponent: SGX_RSA_EXPONENT
    });
    return privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
}
/** An unsigned big integer as `size` little-endian bytes. */
function toLittleEndian(value, size) {
    const out = new Uint8Array(size);
    let v = value;
    for (let i = 0; i < size; i++) {
        out[i] = Number(v & 0xffn);
        v >>= 8n;
    }
    if (v !== 0n)
        throw new EnclaveBuildError('INTERNAL', `integer does not fit in ${size} bytes`);
    return out;
}

export { STACK_PROTECTOR_CANARY_DEFAULT as A, TLS_CANARY as B, C, DEFAULT_ENCLAVE_BASE as D, ENCLAVE_STACK_SIZE as E, TLS_ENCLAVE_SIZE as F, TLS_SSA as G, SGX_GPR_SIZE as H, TLS_GPR as I, SGX_MISCSELECT_EXINFO as J, SGX_FLAGS_MODE64BIT as K, SGX_XFRM_MASK_CONST as L, MMAP_MIN_ADDR as M, SGX_XFRM_LEGACY as N, SGX_FLAGS_DEBUG as O, PAGE_SIZE as P, SGX_XFRM_AVX as Q, SGX_XFRM_AVX512 as R, SGX_FLAGS_MASK_CONST as S, TCS_SIZE as T, SGX_XFRM_AMX as U, SGX_XFRM_MPX as V, SGX_XFRM_PKRU as W, loadSgxKey as X, generateSgxKeyPem as Y, SGX_MISCSELECT_MASK_CONST as a, SGX_RSA_EXPONENT as b, SSA_FRAME_SIZE as c, PAGEINFO_REG as d, PAGEINFO_R as e, SSA_FRAME_NUM as f, PAGEINFO_TCS as g, ENCLAVE_SIG_STACK_SIZE as h, TCS_NSSA as i, TCS_OENTRY as j, TCS_OGS_BASE as k, TCS_OFS_LIMIT as l, TCS_OGS_LIMIT as m, TLS_SELF as n, TLS_TCS_OFFSET as o, TLS_INITIAL_STACK_ADDR as p, TLS_SIG_STACK_LOW as q, TLS_SIG_STACK_HIGH as r, signPkcs1Sha256 as s, toLittleEndian as t, TLS_MANIFEST_SIZE as u, TLS_HEAP_MIN as v, TLS_HEAP_MAX as w, PAGEINFO_W as x, PAGEINFO_X as y, TCS_OSSA as z };
