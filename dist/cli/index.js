#!/usr/bin/env node
import * as nodeModule from 'node:module';

// Node's on-disk compile cache makes every later start of the command line
// faster (measure subcommands should take tens of milliseconds).
nodeModule.enableCompileCache?.();
// Everything else is imported dynamically: a module this entry imported
// statically would be bundled into it, and the command chunks importing it
// back from the entry would wait on the entry's own top-level await.
const [{ cli }, { processIO }] = await Promise.all([
    import('./chunks/main-BKqh5PmF.js').then(function (n) { return n.m; }),
    import('./chunks/io-BF2gzVkC.js')
]);
/* istanbul ignore next */
process.exitCode = await cli(process.argv.slice(2), processIO());
