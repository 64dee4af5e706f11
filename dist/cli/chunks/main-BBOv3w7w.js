/** The one error class of the project. Entry points turn it into exit codes. */
class EnclaveBuildError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = 'EnclaveBuildError';
    }
}
/** Wraps anything thrown into an EnclaveBuildError (INTERNAL when unknown). */
function asEnclaveBuildError(err) {
    if (err instanceof EnclaveBuildError)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    return new EnclaveBuildError('INTERNAL', message, { cause: err });
}

/**
 * Subcommands, each loaded only when it runs: a `measure` must not pay for
 * loading the signing and verification stacks.
 */
const commands = {
    'go build': async () => (await import('./go-BmRpCIif.js')).goBuild,
    'gramine manifest': async () => (await import('./gramine-C12xM0xR.js')).gramineManifest,
    'gramine sign': async () => (await import('./gramine-C12xM0xR.js')).gramineSign,
    'gramine measure': async () => (await import('./gramine-C12xM0xR.js')).gramineMeasure,
    'sgx sigstruct-view': async () => (await import('./sgx-BMgKXGql.js')).sigstructView,
    'sgx gen-key': async () => (await import('./sgx-BMgKXGql.js')).genKey,
    'nitro build': async () => (await import('./nitro-BlnodFQR.js').then(function (n) { return n.n; })).nitroBuild,
    'nitro describe': async () => (await import('./nitro-BlnodFQR.js').then(function (n) { return n.n; })).nitroDescribe,
    'nitro pcr': async () => (await import('./nitro-BlnodFQR.js').then(function (n) { return n.n; })).nitroPcr,
    'snp measure': async () => (await import('./snp-BUlO1PYp.js')).snpMeasure,
    'snp initrd': async () => (await import('./snp-BUlO1PYp.js')).snpInitrd,
    'attest sign': async () => (await import('./attest-B0tPUba1.js')).attestSign,
    'attest statement': async () => (await import('./attest-B0tPUba1.js')).attestStatement,
    'attest gen-key': async () => (await import('./attest-B0tPUba1.js')).attestGenKey,
    'attest verify-key': async () => (await import('./attest-B0tPUba1.js')).attestVerifyKey,
    verify: async () => (await import('./verify-_IVW-8qX.js').then(function (n) { return n.v; })).verify
};
const usage = `Usage: enclave-build <command> [options]

Commands:
${Object.keys(commands)
    .map((c) => `  ${c}`)
    .join('\n')}

Every command takes --json. See README.md for the options of each.
`;
/** Finds the subcommand named by the first one or two words. */
function lookup(argv) {
    const two = argv.slice(0, 2).join(' ');
    if (two in commands)
        return { name: two, rest: argv.slice(2) };
    if (argv[0] !== undefined && argv[0] in commands)
        return { name: argv[0], rest: argv.slice(1) };
    return undefined;
}
/**
 * Runs the command line and returns the exit status. Errors become one line
 * `error[CODE]: message` on stderr, as the contract says.
 */
async function cli(argv, io) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
        io.stdout(usage);
        return argv.length === 0 ? 2 : 0;
    }
    try {
        const found = lookup(argv);
        if (!found)
            throw new EnclaveBuildError('INPUT_INVALID', `unknown command "${argv.slice(0, 2).join(' ')}"; run enclave-build --help`);
        const command = await commands[found.name]();
        return await command(found.rest, io);
    }
    catch (err) {
        const e = asEnclaveBuildError(err);
        io.stderr(`error[${e.code}]: ${e.message.replace(/\n/g, '\n  ')}\n`);
        return e.code === 'INPUT_INVALID' ? 2 : 1;
    }
}

var main = /*#__PURE__*/Object.freeze({
    __proto__: null,
    cli: cli
});

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

var io = /*#__PURE__*/Object.freeze({
    __proto__: null,
    printJson: printJson,
    processIO: processIO
});

// getBuiltinModule, not `import`: the ES facade of node:util costs ~2 ms per
// start, and every `measure` subcommand parses its arguments here.
const { parseArgs } = process.getBuiltinModule('node:util');
/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`.
 */
function parse(args, options, allowPositionals = false) {
    try {
        return parseArgs({ args, options, allowPositionals, strict: true });
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `${err.message}. Run with --help for usage.`);
    }
}
/** The value of a required string option, or a coded error naming the flag. */
function required(value, flag) {
    if (value === undefined || value === '')
        throw new EnclaveBuildError('INPUT_INVALID', `${flag} is required`);
    return value;
}

export { EnclaveBuildError as E, printJson as a, asEnclaveBuildError as b, io as i, main as m, parse as p, required as r };
