/**
 * Architectural and Gramine constants that decide SGX measurements. Values
 * are those of Gramine v1.5-v1.9 (pal/src/host/linux-sgx/sgx_arch.h,
 * pal_linux_defs.h, pal_tcb.h), identical across those releases.
 */

export const PAGE_SIZE = 0x1000
export const SSA_FRAME_SIZE = 0x4000
export const SSA_FRAME_NUM = 2
export const TCS_SIZE = 0x1000
export const ENCLAVE_STACK_SIZE = 0x40000
export const ENCLAVE_SIG_STACK_SIZE = 0x10000
export const DEFAULT_ENCLAVE_BASE = 0
/** Gramine never adds the pages below this address (heap_min). */
export const MMAP_MIN_ADDR = 0x10000
export const STACK_PROTECTOR_CANARY_DEFAULT = 0xbadbadbadbadn
export const SGX_GPR_SIZE = 0xb8

/** SECINFO flags used in EADD records. */
export const PAGEINFO_R = 0x1
export const PAGEINFO_W = 0x2
export const PAGEINFO_X = 0x4
export const PAGEINFO_TCS = 0x100
export const PAGEINFO_REG = 0x200

/** TCS field offsets (sgx_arch_tcs_t). */
export const TCS_OSSA = 0x10
export const TCS_NSSA = 0x1c
export const TCS_OENTRY = 0x20
export const TCS_OGS_BASE = 0x38
export const TCS_OFS_LIMIT = 0x40
export const TCS_OGS_LIMIT = 0x44

/** pal_enclave_tcb field offsets (the TLS page of each thread). */
export const TLS_SELF = 0x0
export const TLS_CANARY = 0x8
export const TLS_ENCLAVE_SIZE = 0x110
export const TLS_TCS_OFFSET = 0x118
export const TLS_INITIAL_STACK_ADDR = 0x120
export const TLS_SIG_STACK_LOW = 0x130
export const TLS_SIG_STACK_HIGH = 0x138
export const TLS_SSA = 0x148
export const TLS_GPR = 0x150
export const TLS_MANIFEST_SIZE = 0x1a0
export const TLS_HEAP_MIN = 0x1a8
export const TLS_HEAP_MAX = 0x1b0

/** ATTRIBUTES.FLAGS, MISCSELECT and XFRM bits. */
export const SGX_FLAGS_DEBUG = 0x2n
export const SGX_FLAGS_MODE64BIT = 0x4n
export const SGX_FLAGS_MASK_CONST = 0xffffffffffffffffn
export const SGX_MISCSELECT_EXINFO = 0x1
export const SGX_MISCSELECT_MASK_CONST = 0xffffffff
export const SGX_XFRM_LEGACY = 0x3n
export const SGX_XFRM_AVX = 0x4n
export const SGX_XFRM_MPX = 0x18n
export const SGX_XFRM_AVX512 = 0xe4n
export const SGX_XFRM_PKRU = 0x200n
export const SGX_XFRM_AMX = 0x60000n
export const SGX_XFRM_MASK_CONST = 0xfffffffffff9ff1bn

/** RSA parameters SGX requires of the enclave signing key. */
export const SGX_RSA_KEY_BITS = 3072
export const SGX_RSA_EXPONENT = 3
