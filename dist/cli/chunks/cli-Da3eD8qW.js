import { resolve } from 'node:path';
import { p as parse, d as required, e as readInputFile, b as printJson, E as EnclaveBuildError, f as lastOf, w as writeFileAtomic, s as sha256Hex, M as MAX_MANIFEST_BYTES, h as MAX_PEM_BYTES } from './main-BQHnxbfa.js';

/**
 * Progress of long synchronous work (a big enclave's MRENCLAVE), shown only
 * in a terminal: logs and pipes get nothing, so outputs stay exactly as the
 * contract says.
 */
/** Work shorter than this shows nothing. */
const QUIET_MS = 1000;
/** At most one redraw per this many milliseconds. */
const REDRAW_MS = 200;
const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(0)} GiB`;
/**
 * A progress line on `stream` (`label: 37% of 1024 GiB`), redrawn in place,
 * shown only after a second of work and cleared when done; undefined when
 * `stream` is not a terminal.
 */
function terminalProgress(label, stream = process.stderr, now = Date.now) {
    if (stream.isTTY !== true)
        return undefined;
    const start = now();
    let last = 0;
    let shown = false;
    return (done, total) => {
        const t = now();
        if (done >= total) {
            if (shown)
                stream.write('\r\x1b[K');
            shown = false;
            return;
        }
        if (t - start < QUIET_MS || t - last < REDRAW_MS)
            return;
        last = t;
        shown = true;
        const pct = Math.floor((done / total) * 100);
        stream.write(`\r${label}: ${pct}% of ${gib(total)}\x1b[K`);
    };
}

/** Manifests and templates are text of KBs (util/limits). */
const MANIFEST = { maxBytes: MAX_MANIFEST_BYTES };
/**
 * `enclave-build gramine manifest|sign|measure`: Gramine v1.9's
 * gramine-manifest and gramine-sgx-sign, same flags and same bytes. The
 * heavy modules load inside each command, so `measure` stays light.
 * It runs over 250 lines because the verbs share flag tables and helpers.
 */
const DEFAULT_PKGLIBDIR = '/usr/lib/x86_64-linux-gnu/gramine';
function abs(io, p) {
    return p === undefined ? undefined : resolve(io.cwd, p);
}
const manifestOptions = {
    template: {
        type: 'string',
        arg: 'FILE',
        file: 'manifest',
        help: 'The manifest template (or give it as the first positional, like gramine-manifest).'
    },
    string: {
        type: 'string',
        short: 'c',
        arg: 'TEMPLATE',
        help: 'The template text itself, instead of a file (gramine-manifest -c).'
    },
    output: {
        type: 'string',
        short: 'o',
        arg: 'FILE',
        help: 'Where to write the manifest (or the second positional); none or "-": standard output.'
    },
    define: {
        type: 'string',
        short: 'D',
        multiple: true,
        default: [],
        arg: 'KEY=VALUE',
        help: 'A template variable; without "=VALUE" it is True (gramine-manifest --define).'
    },
    chroot: {
        type: 'string',
        arg: 'DIR',
        help: 'Hash trusted files at DIR + their absolute path; URIs stay as written.'
    },
    pkglibdir: {
        type: 'string',
        default: DEFAULT_PKGLIBDIR,
        arg: 'DIR',
        help: "Gramine's library directory, as gramine.libos/runtimedir() see it."
    },
    'ldd-skip-missing': {
        type: 'boolean',
        default: false,
        help: 'ldd() leaves a library missing from --chroot out of its list, as gramine-manifest does, instead of failing.'
    },
    check: {
        type: 'boolean',
        help: 'Check the manifest against the builtin schema (the default; the last of --check/--no-check wins).'
    },
    'no-check': { type: 'boolean', help: 'Skip the schema check.' },
    json: {
        type: 'boolean',
        default: false,
        help: 'Print {"manifest", "sha256"} (needs an output file).'
    }
};
/**
 * `gramine manifest`: like gramine-manifest (render, defaults, check,
 * expand, hash), with its INFILE [OUTFILE] positionals, -c, -D and
 * --check/--no-check; also `--template`/`--output`.
 */
const gramineManifest = async (args, io) => {
    const { values: v, positionals, tokens } = parse(args, manifestOptions, {
        positionals: '[INFILE [OUTFILE]]',
        positionalFiles: ['manifest']
    });
    if (positionals.length > 2)
        throw new EnclaveBuildError('INPUT_INVALID', 'give at most a template and an output path');
    // As click does, the first positional is always INFILE, with -c too.
    const infile = v.template ?? positionals[0];
    if (v.template !== undefined && positionals.length > 0)
        throw new EnclaveBuildError('INPUT_INVALID', 'give the template once: --template FILE or INFILE (then the output is --output or the second positional)');
    if (Boolean(v.string) === Boolean(infile))
        throw new EnclaveBuildError('INPUT_INVALID', 'specify exactly one of (infile, -c): a template file (--template or INFILE) or the template text with -c/--string');
    const outArg = v.output ?? positionals[1];
    const output = outArg === undefined || outArg === '-' ? undefined : abs(io, outArg);
    if (output === undefined && v.json)
        throw new EnclaveBuildError('INPUT_INVALID', '--json prints a summary on standard output: give --output FILE for the manifest');
    const check = lastOf(tokens, 'check', 'no-check', true);
    const { parseDefines, renderTemplate } = await import('./template-Cp4ZzvNE.js');
    const { finalizeManifest } = await import('./pipeline-CejCGnfC.js');
    const template = v.string ??
        (await readInputFile(abs(io, infile), '--template', MANIFEST)).toString('utf8');
    const rendered = renderTemplate(template, {
        variables: parseDefines(v.define),
        env: io.env,
        pkglibdir: v.pkglibdir,
        chroot: abs(io, v.chroot),
        lddSkipMissing: v['ldd-skip-missing']
    });
    const text = await finalizeManifest(rendered, {
        chroot: abs(io, v.chroot),
        pkglibdir: v.pkglibdir,
        check,
        warn: (m) => io.stderr(`warning: ${m}\n`)
    });
    if (output === undefined) {
        io.stdout(text);
        return 0;
    }
    await writeFileAtomic(output, text);
    if (v.json)
        printJson(io, { manifest: output, sha256: sha256Hex(text) });
    else
        io.stdout(`${output}\n`);
    return 0;
};
/** The default --sigfile of gramine-sgx-sign: the manifest name without .manifest, plus .sig. */
function defaultSigfile(manifest) {
    return `${manifest.endsWith('.manifest') ? manifest.slice(0, -'.manifest'.length) : manifest}.sig`;
}
/** `gramine sign`: like gramine-sgx-sign with the built-in file plugin. */
const gramineSign = async (args, io) => {
    const home = io.env.HOME ?? '';
    const { values: v } = parse(args, {
        manifest: { type: 'string', short: 'm', file: 'manifest', required: true },
        output: { type: 'string', short: 'o', required: true },
        libpal: { type: 'string', short: 'l', file: 'blob' },
        key: { type: 'string', short: 'k', file: 'pem' },
        passphrase: { type: 'string', short: 'p' },
        date: { type: 'string', short: 'd', default: 'today' },
        sigfile: { type: 'string', short: 's' },
        chroot: { type: 'string' },
        pkglibdir: { type: 'string', default: DEFAULT_PKGLIBDIR },
        json: { type: 'boolean', default: false }
    });
    const manifestArg = required(v.manifest, '--manifest');
    const output = abs(io, required(v.output, '--output'));
    const libpal = abs(io, v.libpal ?? `${v.pkglibdir}/sgx/libpal.so`);
    const configHome = io.env.XDG_CONFIG_HOME ?? `${home}/.config`;
    const keyPath = abs(io, v.key ?? `${configHome}/gramine/enclave-key.pem`);
    const sigfile = abs(io, v.sigfile ?? defaultSigfile(manifestArg));
    const { parseSigDate, signManifest } = await import('./pipeline-CejCGnfC.js');
    const date = parseSigDate(v.date);
    const result = await signManifest({
        manifest: (await readInputFile(abs(io, manifestArg), '--manifest', MANIFEST)).toString('utf8'),
        libpal: await readInputFile(libpal, '--libpal'),
        keyPem: await readInputFile(keyPath, '--key', { maxBytes: MAX_PEM_BYTES }),
        passphrase: v.passphrase,
        date,
        chroot: abs(io, v.chroot),
        pkglibdir: v.pkglibdir,
        progress: measuringProgress(io),
        warn: (m) => io.stderr(`warning: ${m}\n`)
    });
    // both or neither: a .manifest.sgx without its .sig is a trap
    const { writeFileSet } = await import('./file-set-CU9XYgxJ.js');
    await writeFileSet([
        { path: output, data: result.manifestSgx },
        { path: sigfile, data: result.sig }
    ], { overwrite: true });
    const summary = {
        mrenclave: result.mrenclave,
        mrsigner: result.mrsigner,
        isvprodid: result.isvprodid,
        isvsvn: result.isvsvn,
        debug: result.debug
    };
    if (v.json)
        printJson(io, summary);
    else
        io.stdout(Object.entries(summary)
            .map(([k, x]) => `${k}: ${String(x)}`)
            .join('\n') + '\n');
    return 0;
};
/** A progress line for measuring a big enclave, when stderr is a terminal. */
function measuringProgress(io) {
    return io.stderrIsTTY === true
        ? terminalProgress('measuring MRENCLAVE', { isTTY: true, write: io.stderr })
        : undefined;
}
/** `gramine measure`: MRENCLAVE of a .manifest.sgx and a libpal, without signing. */
const gramineMeasure = async (args, io) => {
    const { values: v } = parse(args, {
        'manifest-sgx': { type: 'string', file: 'manifest', required: true },
        libpal: {
            type: 'string',
            default: `${DEFAULT_PKGLIBDIR}/sgx/libpal.so`,
            file: 'blob'
        },
        json: { type: 'boolean', default: false }
    });
    const manifestSgx = abs(io, required(v['manifest-sgx'], '--manifest-sgx'));
    const { measureManifestSgx } = await import('./pipeline-CejCGnfC.js');
    const mrenclave = measureManifestSgx(await readInputFile(manifestSgx, '--manifest-sgx', MANIFEST), await readInputFile(abs(io, v.libpal), '--libpal'), measuringProgress(io));
    if (v.json)
        printJson(io, { mrenclave });
    else
        io.stdout(`${mrenclave}\n`);
    return 0;
};

export { gramineManifest, gramineMeasure, gramineSign };
