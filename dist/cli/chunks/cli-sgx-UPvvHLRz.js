import { resolve } from 'node:path';
import { p as parse, d as required, b as printJson, E as EnclaveBuildError, e as readInputFile, i as MAX_SIGSTRUCT_BYTES } from './main-BQHnxbfa.js';
import { g as generateSgxKeyPem, l as loadSgxKey, t as toLittleEndian } from './key-DGgXfYoe.js';
import { m as mrsigner, v as viewSigstruct, p as parseSigstruct } from './sigstruct-D9yZCZrI.js';
import { refuseOverwrite, writeFileSet } from './file-set-CU9XYgxJ.js';
import 'node:crypto';
import './constants-CptRa1hx.js';

/**
 * `enclave-build sgx sigstruct-view|gen-key`: SGX-generic tools
 * (gramine-sgx-sigstruct-view and gramine-sgx-gen-private-key).
 */
/** `sgx sigstruct-view F.sig`: the fields of a SIGSTRUCT, as gramine-sgx-sigstruct-view --verbose. */
const sigstructView = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        json: { type: 'boolean', default: false },
        'output-format': {
            type: 'string',
            default: 'text',
            choices: ['text', 'toml', 'json']
        },
        verbose: { type: 'boolean', short: 'v', default: true }
    }, { positionals: 'F.sig', positionalFiles: ['sigstruct'] });
    if (positionals.length !== 1)
        throw new EnclaveBuildError('INPUT_INVALID', 'give exactly one .sig file: enclave-build sgx sigstruct-view F.sig');
    const format = v.json ? 'json' : v['output-format'];
    if (format !== 'text' && format !== 'json' && format !== 'toml')
        throw new EnclaveBuildError('INPUT_INVALID', `--output-format must be text, toml or json, not ${format}`);
    const view = viewSigstruct(parseSigstruct(await readInputFile(resolve(io.cwd, positionals[0]), 'sigfile', {
        maxBytes: MAX_SIGSTRUCT_BYTES
    })));
    if (v.json)
        printJson(io, view);
    // gramine-sgx-sigstruct-view's own bytes: json.dump(indent=4), no newline
    else if (format === 'json')
        io.stdout(JSON.stringify(view, null, 4));
    else if (format === 'toml') {
        const { writeToml } = await import('./toml-writer-BbalWZ0R.js');
        const table = new Map(Object.entries(view).map(([k, x]) => [
            k,
            typeof x === 'number' ? BigInt(x) : x
        ]));
        io.stdout(writeToml(table));
    }
    else
        io.stdout(`Attributes:\n${Object.entries(view)
            .map(([k, x]) => `    ${k}: ${String(x)}`)
            .join('\n')}\n`);
    return 0;
};
/** `sgx gen-key --output KEY.pem`: a new RSA-3072 e=3 development key (PKCS#1 PEM, mode 0600). */
const genKey = async (args, io) => {
    const { values: v } = parse(args, {
        output: { type: 'string', short: 'o', required: true },
        force: { type: 'boolean', short: 'f', default: false },
        json: { type: 'boolean', default: false }
    });
    const output = resolve(io.cwd, required(v.output, '--output'));
    refuseOverwrite([output], v.force);
    const pem = generateSgxKeyPem();
    const key = loadSgxKey(pem);
    await writeFileSet([{ path: output, data: pem, mode: 0o600 }], {
        overwrite: v.force
    });
    const signer = mrsigner(toLittleEndian(key.modulus, 384));
    if (v.json)
        printJson(io, { path: output, mrsigner: signer });
    else
        io.stdout(`${output}\nmrsigner: ${signer}\n`);
    return 0;
};

export { genKey, sigstructView };
