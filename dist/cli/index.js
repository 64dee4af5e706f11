#!/usr/bin/env node
// Node's on-disk compile cache makes every later start of the command line
// faster (measure subcommands should take tens of milliseconds). Built-ins
// are taken with process.getBuiltinModule, not `import`: an ES import of a
// built-in builds a module facade that costs milliseconds per start.
process.getBuiltinModule('node:module').enableCompileCache?.();
// Everything else is imported dynamically: a module this entry imported
// statically would be bundled into it, and the command chunks importing it
// back from the entry would wait on the entry's own top-level await.
const [{ cli }, { processIO }, { exitWhenDone, removeTempsOnExit }] = await Promise.all([
    import('./chunks/main-BQHnxbfa.js').then(function (n) { return n.N; }),
    import('./chunks/main-BQHnxbfa.js').then(function (n) { return n.O; }),
    import('./chunks/main-BQHnxbfa.js').then(function (n) { return n.P; })
]);
/**
 * Writes to file descriptor 1 directly. Merely touching process.stdout
 * builds a stream (for a pipe, a net.Socket and its modules), which costs
 * ~5 ms, more than a whole `snp measure` digest. What a non-blocking pipe
 * refuses for now (EAGAIN) or a reader that left (EPIPE) goes through
 * process.stdout as before, after the bytes already written; a stdout that
 * cannot take the output (a full disk, a closed descriptor) is an error of
 * its own, `error[NO_SPACE]: ...` on one line, not a crash.
 */
/* istanbul ignore next */
function writeStdout(text) {
    let bytes = Buffer.from(text);
    try {
        const { writeSync } = process.getBuiltinModule('node:fs');
        while (bytes.length > 0) {
            const written = writeSync(1, bytes);
            if (written <= 0)
                throw new Error('stdout accepted no bytes');
            bytes = bytes.subarray(written);
        }
    }
    catch (err) {
        const e = err;
        if (e.syscall !== 'write' || e.code === 'EAGAIN' || e.code === 'EPIPE')
            process.stdout.write(bytes);
        // the coded error the dispatcher prints (its errno gives the code)
        else
            throw Object.assign(new Error(`cannot write to standard output: ${e.message}`), { code: e.code, syscall: e.syscall });
    }
}
// A signal or an exit removes the temp files of unfinished writes.
removeTempsOnExit();
/* istanbul ignore next */
// Object.assign, not a spread: a spread would read processIO's lazy getters.
process.exitCode = await cli(process.argv.slice(2), Object.assign(processIO(), { stdout: writeStdout })).catch((err) => {
    // what the dispatcher printed itself (usage, --version) could not be written
    process.stderr.write(`error[${err.code === 'ENOSPC' ? 'NO_SPACE' : 'IO_ERROR'}]: ${err.message}\n`);
    return 1;
});
// Ends the process even if something still holds the loop (see exit.ts).
exitWhenDone();
