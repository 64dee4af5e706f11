/** The real process streams. */
function processIO() {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        cwd: process.cwd(),
        env: process.env
    };
}
/** Prints exactly one JSON object followed by a newline. */
function printJson(io, value) {
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export { printJson, processIO };
