import { resolve } from 'node:path';
import { r as readWhole } from './read-D5SN6HEp.js';

// What every `nitro` subcommand shares: reading an input file named on the
// command line, and printing PCRs the way nitro-cli does, so that its users
// and scripts feel at home.
/** nitro-cli's Measurements object (HashAlgorithm is Rust Debug text). */
function measurements(pcrs) {
    return { HashAlgorithm: 'Sha384 { ... }', ...pcrs };
}
/** Reads an input file whole, in one read (coded error if unreadable). */
async function readInput(io, path, what) {
    return readWhole(resolve(io.cwd, path), what);
}
/** The PCRs as text, one `PCRn  hex` line each, like nitro-cli. */
function printPcrs(io, pcrs) {
    for (const [k, v] of Object.entries(pcrs))
        io.stdout(`${k}  ${v}\n`);
}

export { measurements as m, printPcrs as p, readInput as r };
