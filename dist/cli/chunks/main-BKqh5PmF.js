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
    'go build': async () => (await import('./go--z4u3Ngh.js')).goBuild,
    'gramine manifest': async () => (await import('./gramine-DStH7spR.js')).gramineManifest,
    'gramine sign': async () => (await import('./gramine-DStH7spR.js')).gramineSign,
    'gramine measure': async () => (await import('./gramine-DStH7spR.js')).gramineMeasure,
    'sgx sigstruct-view': async () => (await import('./sgx-CZCDzh5v.js')).sigstructView,
    'sgx gen-key': async () => (await import('./sgx-CZCDzh5v.js')).genKey,
    'nitro build': async () => (await import('./nitro-BEgTyk0E.js')).nitroBuild,
    'nitro describe': async () => (await import('./nitro-BEgTyk0E.js')).nitroDescribe,
    'nitro pcr': async () => (await import('./nitro-BEgTyk0E.js')).nitroPcr,
    'snp measure': async () => (await import('./snp-C2vRgkkt.js')).snpMeasure,
    'snp initrd': async () => (await import('./snp-C2vRgkkt.js')).snpInitrd,
    'attest sign': async () => (await import('./attest-DjQlwZhN.js')).attestSign,
    'attest statement': async () => (await import('./attest-DjQlwZhN.js')).attestStatement,
    'attest gen-key': async () => (await import('./attest-DjQlwZhN.js')).attestGenKey,
    'attest verify-key': async () => (await import('./attest-DjQlwZhN.js')).attestVerifyKey,
    verify: async () => (await import('./verify-DCe2YCz5.js').then(function (n) { return n.v; })).verify
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

export { EnclaveBuildError as E, asEnclaveBuildError as a, main as m };
