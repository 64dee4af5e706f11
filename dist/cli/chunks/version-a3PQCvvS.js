/** enclave-build's version, recorded in predicates and EIF metadata. */
const VERSION = '0.1.0';

export { VERSION as V };
