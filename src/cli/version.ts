/**
 * The version of enclave-build (package.json's; a test keeps them equal).
 * A constant rather than a JSON import, so the dispatcher chunk stays small.
 */
export const VERSION = '0.1.0'
