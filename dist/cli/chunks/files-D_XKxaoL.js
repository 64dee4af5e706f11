import { openInputFile, fileError, readInputFile } from './fs-BT6MZko9.js';

/**
 * The Node built-ins the SEV-SNP measurement path uses, taken with
 * process.getBuiltinModule rather than `import`. An ES import of a built-in
 * makes Node build a module facade over all of its exports, which costs
 * milliseconds per built-in at every start; `snp measure` is meant to start
 * in tens of milliseconds, so it takes the CommonJS exports object directly.
 */
/** node:fs (whole-file reads and stat); already loaded by Node itself, so free. */
const nodeFs = process.getBuiltinModule('node:fs');
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
 * Starts reading a whole regular file on libuv's thread pool and returns at
 * once: the kernel's copy into fresh memory (~1 ms per MiB, mostly page
 * faults) then runs on another core while the caller loads node:crypto and
 * checks its flags. Resolves to the same bytes as readInput, and rejects
 * with the same coded errors, but only when awaited: a read nobody waits for
 * (a flag was refused first) never surfaces as an unhandled rejection.
 */
function readInputSoon(path, what, options = {}) {
    const bytes = new Promise((resolve, reject) => {
        let fd;
        let size;
        try {
            ;
            ({ fd, size } = openInputFile(path, what, options));
        }
        catch (err) {
            reject(fileError(err, path, what));
            return;
        }
        // a file that reports no size (/proc) is read to its end by readInput
        if (size === 0) {
            nodeFs.closeSync(fd);
            resolve(readInput(path, what, options));
            return;
        }
        const buffer = Buffer.allocUnsafeSlow(size);
        const readFrom = (offset) => 
        // at most 1 GiB per read: Node refuses 2 GiB and more in one call
        nodeFs.read(fd, buffer, offset, Math.min(size - offset, 2 ** 30), offset, (err, n) => {
            if (err || n === 0 || offset + n >= size) {
                nodeFs.closeSync(fd);
                if (err)
                    reject(fileError(err, path, what));
                else
                    resolve(n === 0 ? buffer.subarray(0, offset) : buffer);
            }
            else
                readFrom(offset + n);
        });
        readFrom(0);
    });
    bytes.catch(() => undefined);
    return bytes;
}

export { readInputSoon as a, nodeFs as b, nodeCrypto as n, readInput as r };
