/** enclave-build's version, recorded in predicates and EIF metadata. */
export const VERSION = '0.1.0'
