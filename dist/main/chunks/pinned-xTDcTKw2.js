import { q as readInputFile, a as actionInputName, u as sha256Hex, E as EnclaveBuildError } from '../index.js';
import { a as actionInputLimit } from './limits-RqFrFHLa.js';

/**
 * The Node built-ins the SEV-SNP measurement path uses, taken with
 * process.getBuiltinModule rather than `import`. An ES import of a built-in
 * makes Node build a module facade over all of its exports, which costs
 * milliseconds per built-in at every start; `snp measure` is meant to start
 * in tens of milliseconds, so it takes the CommonJS exports object directly.
 */
/** node:fs (whole-file reads and stat); already loaded by Node itself, so free. */
process.getBuiltinModule('node:fs');
let crypto;
/**
 * node:crypto, loaded on first use: loading it takes ~5 ms, which `snp
 * measure` spends while its input files are still being read in the
 * background (see readInputSoon).
 */
function nodeCrypto() {
    crypto ??= process.getBuiltinModule('node:crypto');
    return crypto;
}

/**
 * Reads a whole input file with the coded errors of util/fs (regular files
 * only, size-limited), naming the flag. One synchronous read: the async API
 * reads 512 KiB at a time through the thread pool, with a trip through the
 * event loop between reads.
 */
function readInput(path, what, options = {}) {
    return readInputFile(path, what, options);
}

/**
 * Reads a pinned file and checks its sha256; a file above the limit of its
 * input's kind (util/limits.ts) is refused before it is read. `input` is
 * the action's name of the file's input (its pin is `input`-sha256);
 * messages name both as `options.name` does (default: the action's).
 */
async function pinnedFile(path, sha256, input, options = {}) {
    const name = options.name ?? actionInputName;
    const data = await readInput(path, name(input), {
        maxBytes: options.maxBytes ?? actionInputLimit(input)
    });
    const actual = sha256Hex(data);
    if (actual !== sha256.toLowerCase())
        throw new EnclaveBuildError('PIN_MISMATCH', `${name(input)} ${path} has sha256 ${actual}, but ${name(`${input}-sha256`)} says ${sha256.toLowerCase()}; update the pin or restore the file`);
    return data;
}

export { nodeCrypto as n, pinnedFile as p, readInput as r };
