import { access, mkdtemp, writeFile, readFile, rm, mkdir, lstat, copyFile, chmod, cp, stat } from 'node:fs/promises';
import { delimiter, join, posix, basename, resolve } from 'node:path';
import { y as trackTemp, E as EnclaveBuildError, z as untrackTemp, v as readInputText, e as readInputFile, s as sha256Hex, M as MAX_MANIFEST_BYTES } from './main-BQHnxbfa.js';
import { m as measurement } from './measurement-YVwFwJAW.js';
import { writeFileSet } from './file-set-CU9XYgxJ.js';
import { g as generateSgxKeyPem } from './key-DGgXfYoe.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { p as parseSigstruct } from './sigstruct-D9yZCZrI.js';
import { finalizeManifest, signManifest } from './pipeline-CejCGnfC.js';
import { c as binaryPathProblem } from './index-Bc3F2y-W.js';
import { r as resolveInChroot, o as outerPath } from './chroot-Bv55sEuW.js';
import { parseDefines, renderTemplate } from './template-Cp4ZzvNE.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import './constants-CptRa1hx.js';
import './elf-CedCKE_Y.js';
import './manifest-BYlhqLbg.js';
import './toml-C7V3IjSn.js';
import './parse-DtD2HBJZ.js';
import './toml-writer-BbalWZ0R.js';
import './tdx-BS7SA3Ep.js';
import './limits-y7uvIm8O.js';
import './_commonjsHelpers-Bgu_3bK-.js';
import 'node:domain';
import 'node:events';
import './ldd-D21QiJn8.js';

/**
 * When Gramine's own gramine-sgx-sign is installed, the same inputs are
 * signed with it too and the MRENCLAVEs compared: an independent check of
 * our re-implementation on the very build being attested.
 */
/** Finds an executable on PATH, or undefined. */
async function which(name, env) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (dir === '')
            continue;
        const candidate = join(dir, name);
        try {
            await access(candidate, constants.X_OK);
            return candidate;
        }
        catch {
            // not here; keep looking
        }
    }
    return undefined;
}
/**
 * Runs gramine-sgx-sign and throws MEASUREMENT_MISMATCH when its MRENCLAVE
 * differs from ours. Returns its MRENCLAVE.
 */
async function crossCheck(input, deps) {
    // holds a copy of the signing key: tracked so a signal cannot leave it
    const dir = trackTemp(await mkdtemp(join(tmpdir(), 'enclave-build-gramine-')));
    try {
        const keyPath = join(dir, 'key.pem');
        await writeFile(keyPath, input.keyPem, { mode: 0o600 });
        const sig = join(dir, 'check.sig');
        const args = [
            '--manifest',
            input.manifestPath,
            '--output',
            join(dir, 'check.manifest.sgx'),
            '--libpal',
            input.libpal,
            '--key',
            keyPath,
            '--date',
            input.date,
            '--sigfile',
            sig,
            '--chroot',
            input.chroot
        ];
        if (input.passphrase)
            args.push('--passphrase', input.passphrase);
        const r = await deps.exec(input.tool, args, { env: deps.env });
        if (r.code !== 0)
            throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `could not cross-check with ${input.tool} (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
        const sigBytes = await readFile(sig).catch((err) => {
            throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `${input.tool} exited 0 but wrote no .sig to cross-check`, { cause: err });
        });
        const theirs = Buffer.from(parseSigstruct(sigBytes).enclaveHash).toString('hex');
        if (theirs !== input.expectedMrenclave)
            throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `${input.tool} computes MRENCLAVE ${theirs}, enclave-build computes ${input.expectedMrenclave}; the Gramine version or tomli-w on this runner may differ from v1.9 — do not ship until they agree`);
        return theirs;
    }
    finally {
        await rm(dir, { recursive: true, force: true });
        untrackTemp(dir);
    }
}

/**
 * Where the built binary goes in the enclave staging root. The path comes
 * from an input, so it is checked as a string before anything is written
 * (`/../../tmp/x` used to be copied to /tmp/x, and only
 * then refused), and placed through the staged tree without following a
 * symlink out of it.
 */
/** Throws the coded error for a bad gramine-binary-path, named as `name` does. */
function checkBinaryPath(path, name = actionInputName) {
    const problem = binaryPathProblem(path);
    if (problem === undefined)
        return;
    throw new EnclaveBuildError(problem.includes('..') ? 'PATH_ESCAPES_ROOT' : 'INPUT_INVALID', 
    // the problem opens with the input's action name
    problem.replace(/^gramine-binary-path/, name('gramine-binary-path')));
}
/**
 * Copies `binary` to the enclave path `inner` under `root` (mode 0755).
 * Directories on the way are created; symlinks already in the staged tree
 * are followed only inside it (resolveInChroot refuses escapes); the file
 * itself must not be a symlink or a directory there. Messages name the
 * inputs as `input` does.
 */
async function placeBinary(binary, root, inner, input = actionInputName) {
    checkBinaryPath(inner, input);
    const parts = inner.split('/').filter((p) => p !== '' && p !== '.');
    const name = parts.pop();
    let dir = '/';
    for (const part of parts) {
        dir = await resolveInChroot(posix.join(dir, part), root);
        await mkdir(outerPath(root, dir), { recursive: true });
    }
    const dest = outerPath(root, posix.join(dir, name));
    const info = await lstat(dest).catch(() => undefined);
    if (info && !info.isFile())
        throw new EnclaveBuildError('INPUT_INVALID', `${input('gramine-binary-path')} ${inner} is ${info.isSymbolicLink() ? 'a symlink' : 'not a regular file'} in the staged root (from ${input('gramine-root')}); the binary is not written through it`);
    await copyFile(binary, dest);
    await chmod(dest, 0o755);
}

/**
 * The Gramine target of the action: stages the built binary in an enclave
 * root, renders and finalises the manifest, signs it (date = commit date,
 * so a rebuild of the same commit gives the same .sig), and cross-checks
 * with gramine-sgx-sign when it is installed.
 */
async function exists(p) {
    return stat(p).then(() => true, () => false);
}
/** gramine-vars: one key=value per line; blank lines and # comments ignored. */
function parseVars(text) {
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
}
/** The commit date as YYYY-MM-DD in UTC: the SIGSTRUCT DATE. */
function commitDate(t) {
    return t.toISOString().slice(0, 10);
}
async function stageRoot(ctx, o, binaryPath) {
    const root = join(ctx.outDir, 'gramine-root');
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const copy = { recursive: true, verbatimSymlinks: true };
    const pkglib = o['gramine-pkglibdir'];
    if (o['gramine-root'] !== '')
        await cp(o['gramine-root'], root, copy);
    else if (await exists(pkglib))
        await cp(pkglib, join(root, pkglib), copy);
    await placeBinary(ctx.binaryPath, root, binaryPath, ctx.input ?? actionInputName);
    return root;
}
async function pickLibpal(o, root, name) {
    if (o.libpal !== '')
        return resolve(o.libpal);
    const rel = `${o['gramine-pkglibdir']}/sgx/libpal.so`;
    const staged = join(root, rel);
    if (await exists(staged))
        return staged;
    if (await exists(rel))
        return rel;
    throw new EnclaveBuildError('FILE_NOT_FOUND', `no libpal.so at ${rel}: install Gramine, set ${name('gramine-root')} to pinned Gramine files, or set ${name('libpal')}`);
}
/** The Gramine target; the outside world (exec, env) comes with the context. */
const gramineTarget = {
    name: 'gramine',
    async run(ctx, o) {
        const deps = { exec: ctx.exec, env: ctx.env };
        const input = ctx.input ?? actionInputName;
        const binaryPath = o['gramine-binary-path'] || `/app/${basename(ctx.binaryPath)}`;
        // checked before the staging root is touched
        checkBinaryPath(binaryPath, input);
        const root = await stageRoot(ctx, o, binaryPath);
        const variables = {
            entrypoint: binaryPath,
            arch_libdir: '/lib/x86_64-linux-gnu',
            ...parseDefines(parseVars(o['gramine-vars']))
        };
        const template = await readInputText(o['manifest-template'], input('manifest-template'), { maxBytes: MAX_MANIFEST_BYTES });
        // The runner's environment is not offered to the template: it would
        // make the measurement depend on the machine.
        const rendered = renderTemplate(template, {
            variables,
            env: {},
            pkglibdir: o['gramine-pkglibdir'],
            chroot: root, // ldd() reads the staged enclave root
            lddSkipMissing: o['gramine-ldd-skip-missing'],
            lddSkipInput: input('gramine-ldd-skip-missing', 'true')
        });
        for (const p of [
            deps.env.GITHUB_WORKSPACE,
            deps.env.RUNNER_TEMP,
            ctx.outDir
        ])
            if (p && rendered.includes(p))
                ctx.warn(`the rendered manifest contains the runner path ${p}: MRENCLAVE will depend on where the build ran; use paths inside the enclave`);
        const fsOpts = {
            chroot: root,
            pkglibdir: o['gramine-pkglibdir'],
            warn: ctx.warn
        };
        const manifest = await finalizeManifest(rendered, fsOpts);
        const name = basename(o['manifest-template']).replace(/(\.manifest)?\.template$/, '');
        const manifestPath = join(ctx.outDir, `${name}.manifest`);
        let keyPem = o['signing-key'];
        if (keyPem.trim() === '') {
            ctx.warn(`no ${input('signing-key')} given: signing with a throw-away key, so MRSIGNER identifies nothing; pass a key from a secret for releases`);
            keyPem = generateSgxKeyPem();
        }
        const libpal = await pickLibpal(o, root, input);
        const libpalBytes = await readInputFile(libpal, input('libpal'));
        const date = commitDate(ctx.commitTime);
        const [y, m, d] = date.split('-').map(Number);
        const passphrase = o['signing-key-passphrase'] || undefined;
        const signed = await signManifest({
            manifest,
            libpal: libpalBytes,
            keyPem,
            passphrase,
            date: { year: y, month: m, day: d },
            ...fsOpts
        });
        const sgxPath = join(ctx.outDir, `${name}.manifest.sgx`);
        const sigPath = join(ctx.outDir, `${name}.sig`);
        // the three appear together or not at all
        await writeFileSet([
            { path: manifestPath, data: manifest },
            { path: sgxPath, data: signed.manifestSgx },
            { path: sigPath, data: signed.sig }
        ], { overwrite: true });
        ctx.log(`gramine: MRENCLAVE ${signed.mrenclave}, MRSIGNER ${signed.mrsigner}`);
        const tool = await which('gramine-sgx-sign', deps.env);
        if (tool) {
            ctx.log(`gramine: cross-checking with ${tool}`);
            await crossCheck({
                tool,
                manifestPath,
                libpal,
                keyPem,
                passphrase,
                date,
                chroot: root,
                expectedMrenclave: signed.mrenclave
            }, deps);
        }
        const libpalSha = sha256Hex(libpalBytes);
        return {
            target: 'gramine',
            artifacts: [
                { kind: 'manifest', path: manifestPath, sha256: sha256Hex(manifest) },
                {
                    kind: 'manifest-sgx',
                    path: sgxPath,
                    sha256: sha256Hex(signed.manifestSgx)
                },
                { kind: 'sigstruct', path: sigPath, sha256: sha256Hex(signed.sig) }
            ],
            measurements: [measurement('MRENCLAVE', 'sha256', signed.mrenclave)],
            signer: { mrsigner: signed.mrsigner },
            pinned: [{ name: 'libpal', path: libpal, sha256: libpalSha }],
            outputs: {
                mrenclave: signed.mrenclave,
                mrsigner: signed.mrsigner,
                isvprodid: String(signed.isvprodid),
                isvsvn: String(signed.isvsvn),
                debug: String(signed.debug),
                'manifest-sgx': sgxPath,
                sig: sigPath
            },
            parameters: {
                gramineVersion: 'v1.9',
                binaryPath,
                templateVariables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
                pkglibdir: o['gramine-pkglibdir'],
                sigstructDate: date,
                crossCheckedWith: tool ?? null
            }
        };
    }
};

export { commitDate, gramineTarget, parseVars };
