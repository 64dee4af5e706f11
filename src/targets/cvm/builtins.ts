/**
 * The Node built-ins the SEV-SNP measurement path uses, taken with
 * process.getBuiltinModule rather than `import`. An ES import of a built-in
 * makes Node build a module facade over all of its exports, which costs
 * milliseconds per built-in at every start; `snp measure` is meant to start
 * in tens of milliseconds, so it takes the CommonJS exports object directly.
 */

/** node:fs (whole-file reads and stat); already loaded by Node itself, so free. */
export const nodeFs = process.getBuiltinModule('node:fs')

let crypto: typeof import('node:crypto') | undefined

/**
 * node:crypto, loaded on first use: loading it takes ~5 ms, which `snp
 * measure` spends while its input files are still being read in the
 * background (see readInputSoon).
 */
export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= process.getBuiltinModule('node:crypto')
  return crypto
}
