/** The one error class of the project. Entry points turn it into exit codes. */
class EnclaveBuildError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = 'EnclaveBuildError';
    }
}
/**
 * The code of a failed system call, by its errno name: a missing file, a
 * refused permission and a full disk each have their own, so INTERNAL is
 * left for bugs.
 */
function errnoCode(errno) {
    switch (errno) {
        case 'ENOENT':
        case 'ENOTDIR':
            return 'FILE_NOT_FOUND';
        case 'EISDIR':
            return 'FILE_NOT_REGULAR';
        case 'EACCES':
        case 'EPERM':
        case 'EROFS':
            return 'PERMISSION_DENIED';
        case 'ENOSPC':
        case 'EDQUOT':
            return 'NO_SPACE';
        case 'EFBIG':
            return 'FILE_TOO_LARGE';
        default:
            return 'IO_ERROR';
    }
}
/** A Node system-call error (fs, net): it carries `code` and `syscall`. */
function isSystemError(err) {
    return (err instanceof Error &&
        typeof err.code === 'string' &&
        typeof err.syscall === 'string');
}
/**
 * Wraps anything thrown into an EnclaveBuildError: a system-call error gets
 * the code of its errno (see {@link errnoCode}); anything else is INTERNAL,
 * a bug.
 */
function asEnclaveBuildError(err) {
    if (err instanceof EnclaveBuildError)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    if (isSystemError(err))
        return new EnclaveBuildError(errnoCode(err.code), message, { cause: err });
    return new EnclaveBuildError('INTERNAL', message, { cause: err });
}

// getBuiltinModule, not `import`: the ES facade of node:util costs ~2 ms per
// start, and every `measure` subcommand parses its arguments here.
const { parseArgs } = process.getBuiltinModule('node:util');
/**
 * Thrown by `parse` when the arguments ask for `--help` (or `-h`): the
 * dispatcher catches it and prints the help made from `options`.
 */
class HelpRequest extends Error {
    options;
    meta;
    constructor(options, meta) {
        super('help requested');
        this.options = options;
        this.meta = meta;
        this.name = 'HelpRequest';
    }
}
/** True when `--help`/`-h` is an option of `args` (not the value of another). */
function asksForHelp(args, options, allow) {
    if (!args.includes('--help') && !args.includes('-h'))
        return false;
    const { tokens } = parseArgs({
        args,
        options: { ...options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: allow,
        strict: false,
        tokens: true
    });
    return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}
/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`. `--help`
 * anywhere among the options throws a HelpRequest instead. `tokens` keeps
 * the order of the flags (for pairs where the last one wins).
 */
function parse(args, options, meta = false) {
    const m = typeof meta === 'boolean' ? {} : meta;
    const allowPositionals = meta === true ||
        (typeof meta === 'object' && meta.positionals !== undefined);
    if (meta === true)
        m.positionals = '[ARGS]';
    if (asksForHelp(args, options, allowPositionals))
        throw new HelpRequest(options, m);
    try {
        return parseArgs({
            args,
            options,
            allowPositionals,
            strict: true,
            tokens: true
        });
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
/** Of two opposite boolean flags (`--check`/`--no-check`), the last one given wins. */
function lastOf(tokens, yes, no, fallback) {
    let value = fallback;
    for (const t of tokens)
        if (t.kind === 'option' && t.name === yes)
            value = true;
        else if (t.kind === 'option' && t.name === no)
            value = false;
    return value;
}

/**
 * The version of enclave-build (package.json's; a test keeps them equal).
 * A constant rather than a JSON import, so the dispatcher chunk stays small.
 */
const VERSION = '0.1.0';

/**
 * Subcommands, each loaded only when it runs: a `measure` must not pay for
 * loading the signing and verification stacks.
 */
const commands = {
    'go build': async () => (await import('./go-DwsmU-gP.js')).goBuild,
    'gramine manifest': async () => (await import('./gramine-BMniQxrK.js')).gramineManifest,
    'gramine sign': async () => (await import('./gramine-BMniQxrK.js')).gramineSign,
    'gramine measure': async () => (await import('./gramine-BMniQxrK.js')).gramineMeasure,
    'sgx sigstruct-view': async () => (await import('./sgx-BpZi_VXw.js')).sigstructView,
    'sgx gen-key': async () => (await import('./sgx-BpZi_VXw.js')).genKey,
    // one module per nitro subcommand: `nitro pcr` does not load the EIF writer
    'nitro build': async () => (await import('./build-DKKhweJs.js')).nitroBuild,
    'nitro describe': async () => (await import('./describe-CUzVsELh.js')).nitroDescribe,
    'nitro pcr': async () => (await import('./pcr-vbc6qqx7.js')).nitroPcr,
    'nitro pcr1': async () => (await import('./pcr1-VBWr6VSd.js')).nitroPcr1,
    'snp measure': async () => (await import('./snp-BNQS1zyb.js')).snpMeasure,
    'snp initrd': async () => (await import('./snp-BNQS1zyb.js')).snpInitrd,
    'tdx measure': async () => (await import('./tdx-DlZcZLwH.js')).tdxMeasure,
    'attest sign': async () => (await import('./attest-DAxicjWY.js')).attestSign,
    'attest statement': async () => (await import('./attest-DAxicjWY.js')).attestStatement,
    'attest gen-key': async () => (await import('./attest-DAxicjWY.js')).attestGenKey,
    'attest verify-key': async () => (await import('./attest-DAxicjWY.js')).attestVerifyKey,
    verify: async () => (await import('./verify-yiSiuOJp.js').then(function (n) { return n.v; })).verify,
    publish: async () => (await import('./publish-CNPWOhY7.js')).publish
};
const usage = `Usage: enclave-build <command> [options]

Commands:
${Object.keys(commands)
    .map((c) => `  ${c}`)
    .join('\n')}

Every command takes --json; enclave-build <command> --help lists its options.
enclave-build --version prints the version.
`;
/** The subcommands the dispatcher knows, as typed on the command line. */
const COMMAND_NAMES = Object.keys(commands);
/** The commands of a group (`nitro` → nitro build, nitro describe, ...). */
function groupUsage(group) {
    const names = COMMAND_NAMES.filter((c) => c.startsWith(`${group} `));
    if (names.length === 0)
        return undefined;
    return `Usage: enclave-build ${group} <command> [options]\n\nCommands:\n${names
        .map((c) => `  ${c}`)
        .join('\n')}\n\nRun enclave-build ${group} <command> --help for its options.\n`;
}
/** The help of one subcommand, made from the flags its parser reads. */
async function printHelp(name, req, about, io) {
    const { formatHelp } = await import('./help-BKZq7nkq.js');
    io.stdout(formatHelp(name, req.options, { about, ...req.meta }));
}
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
    if (argv.length === 0 ||
        argv[0] === '--help' ||
        argv[0] === '-h' ||
        argv[0] === 'help') {
        io.stdout(usage);
        return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === '--version') {
        io.stdout(`enclave-build ${VERSION}\n`);
        return 0;
    }
    const found = lookup(argv);
    let command;
    try {
        if (!found) {
            const group = groupUsage(argv[0]);
            if (group !== undefined &&
                (argv.length === 1 || /^(-h|--help)$/.test(argv[1]))) {
                io.stdout(group);
                return argv.length === 1 ? 2 : 0;
            }
            throw new EnclaveBuildError('INPUT_INVALID', `unknown command "${argv.slice(0, 2).join(' ')}"; run enclave-build --help`);
        }
        command = await commands[found.name]();
        return await command(found.rest, io);
    }
    catch (err) {
        if (err instanceof HelpRequest && found) {
            await printHelp(found.name, err, command?.about, io);
            return 0;
        }
        const e = asEnclaveBuildError(err);
        io.stderr(`error[${e.code}]: ${e.message.replace(/\n/g, '\n  ')}\n`);
        return e.code === 'INPUT_INVALID' ? 2 : 1;
    }
}

var main = /*#__PURE__*/Object.freeze({
    __proto__: null,
    COMMAND_NAMES: COMMAND_NAMES,
    cli: cli
});

/** The real process streams. */
function processIO() {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        cwd: process.cwd(),
        env: process.env,
        // isatty, not process.stderr.isTTY: that would build the stream at start
        stderrIsTTY: process.getBuiltinModule('node:tty').isatty(2)
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

export { EnclaveBuildError as E, VERSION as V, printJson as a, asEnclaveBuildError as b, errnoCode as e, io as i, lastOf as l, main as m, parse as p, required as r };
