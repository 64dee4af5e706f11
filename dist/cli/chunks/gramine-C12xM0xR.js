import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { p as parse, r as required, a as printJson, E as EnclaveBuildError } from './main-BBOv3w7w.js';
import { writeFileAtomic, sha256Hex } from './fs-BsRZ9bMu.js';
import 'node:crypto';
import 'node:fs';

/**
 * `enclave-build gramine manifest|sign|measure`: Gramine v1.9's
 * gramine-manifest and gramine-sgx-sign, same flags and same bytes. The
 * heavy modules load inside each command, so `measure` stays light.
 */
const DEFAULT_PKGLIBDIR = '/usr/lib/x86_64-linux-gnu/gramine';
/** Reads an input file, turning ENOENT into FILE_NOT_FOUND naming the flag. */
async function readInput(path, flag) {
    try {
        return await readFile(path);
    }
    catch (err) {
        const code = err.code;
        throw new EnclaveBuildError('FILE_NOT_FOUND', `${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`, { cause: err });
    }
}
function abs(io, p) {
    return p === undefined ? undefined : resolve(io.cwd, p);
}
/** `gramine manifest`: like gramine-manifest (render, defaults, check, expand, hash); also `gramine manifest [-D k=v] IN OUT`. */
const gramineManifest = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        template: { type: 'string' },
        output: { type: 'string', short: 'o' },
        define: { type: 'string', short: 'D', multiple: true, default: [] },
        chroot: { type: 'string' },
        pkglibdir: { type: 'string', default: DEFAULT_PKGLIBDIR },
        'no-check': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false }
    }, true);
    // gramine-manifest takes INFILE [OUTFILE] as positionals; accept both forms.
    if (positionals.length > 2)
        throw new EnclaveBuildError('INPUT_INVALID', 'give at most a template and an output path');
    const templatePath = abs(io, required(v.template ?? positionals[0], '--template'));
    const output = abs(io, required(v.output ?? positionals[1], '--output'));
    const { parseDefines, renderTemplate } = await import('./template-BGMunY1Y.js');
    const { finalizeManifest } = await import('./pipeline-DKlu-cmd.js');
    const template = (await readInput(templatePath, '--template')).toString('utf8');
    const rendered = renderTemplate(template, {
        variables: parseDefines(v.define),
        env: io.env,
        pkglibdir: v.pkglibdir
    });
    const text = await finalizeManifest(rendered, {
        chroot: abs(io, v.chroot),
        pkglibdir: v.pkglibdir,
        check: !v['no-check']
    });
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
        manifest: { type: 'string', short: 'm' },
        output: { type: 'string', short: 'o' },
        libpal: { type: 'string', short: 'l' },
        key: { type: 'string', short: 'k' },
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
    const { parseSigDate, signManifest } = await import('./pipeline-DKlu-cmd.js');
    const date = parseSigDate(v.date);
    const result = await signManifest({
        manifest: (await readInput(abs(io, manifestArg), '--manifest')).toString('utf8'),
        libpal: await readInput(libpal, '--libpal'),
        keyPem: await readInput(keyPath, '--key'),
        passphrase: v.passphrase,
        date,
        chroot: abs(io, v.chroot),
        pkglibdir: v.pkglibdir
    });
    await writeFileAtomic(output, result.manifestSgx);
    await writeFileAtomic(sigfile, result.sig);
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
/** `gramine measure`: MRENCLAVE of a .manifest.sgx and a libpal, without signing. */
const gramineMeasure = async (args, io) => {
    const { values: v } = parse(args, {
        'manifest-sgx': { type: 'string' },
        libpal: { type: 'string', default: `${DEFAULT_PKGLIBDIR}/sgx/libpal.so` },
        json: { type: 'boolean', default: false }
    });
    const manifestSgx = abs(io, required(v['manifest-sgx'], '--manifest-sgx'));
    const { measureManifestSgx } = await import('./pipeline-DKlu-cmd.js');
    const mrenclave = measureManifestSgx(await readInput(manifestSgx, '--manifest-sgx'), await readInput(abs(io, v.libpal), '--libpal'));
    if (v.json)
        printJson(io, { mrenclave });
    else
        io.stdout(`${mrenclave}\n`);
    return 0;
};

export { gramineManifest, gramineMeasure, gramineSign, readInput };
