import { l as loadPrivateKey } from './key-CLLaA7Tb.js';
import { a as actionInputName, b as asEnclaveBuildError, o as openInputFile, t as targetEntry, c as targetOptions, E as EnclaveBuildError } from '../index.js';
import { a as actionInputLimit } from './limits-RqFrFHLa.js';
import 'node:crypto';
import './key-CCjg4Us3.js';
import 'node:os';
import 'node:fs';
import 'node:path';
import 'node:fs/promises';
import 'node:child_process';

const fs = process.getBuiltinModule('node:fs');
/** Checks that collect their problems into `problems`, naming inputs as `input` does. */
function preflightChecks(problems, input = actionInputName) {
    const check = async (work) => {
        try {
            await work();
        }
        catch (err) {
            problems.push(asEnclaveBuildError(err));
        }
    };
    return {
        check,
        file: (path, name) => check(() => {
            fs.closeSync(openInputFile(path, input(name), {
                maxBytes: actionInputLimit(name) ?? Number.POSITIVE_INFINITY
            }).fd);
        }),
        input,
        problem: (err) => problems.push(err)
    };
}

const path = process.getBuiltinModule('node:path');
/**
 * The checks of the action's inputs that a schema cannot make, run before
 * any work, so that a bad key or an unreadable file is not found after the
 * Go build: the attestation key parses (type, passphrase), then the chosen
 * target's own checks from its registry entry (keys, the files it will
 * read, pins). Every problem is collected and reported at once, each
 * naming its inputs as `input` does (default: the action's spelling).
 */
async function preflight(inputs, input) {
    const problems = [];
    const c = preflightChecks(problems, input);
    // verify mode reads only its own files: each a regular file within the
    // limit of its kind (util/limits.ts), checked before any network call
    const v = inputs.verify;
    if (inputs.mode === 'verify') {
        if (v)
            for (const name of [
                'evidence',
                'trusted-root',
                'dcap-collateral',
                'snp-vcek',
                'snp-ask',
                'public-key'
            ])
                if (v[name] !== '')
                    await c.file(v[name], name);
        // each names a file unless it says where to fetch from
        if (v && v['snp-crl'] !== '' && v['snp-crl'] !== 'kds')
            await c.file(v['snp-crl'], 'snp-crl');
        if (v && v['cs-jwks'] !== '' && !/^https?:\/\//.test(v['cs-jwks']))
            await c.file(v['cs-jwks'], 'cs-jwks');
        return report(problems);
    }
    // a profile is passed to `go build -pgo`: go must not be handed a FIFO
    if (inputs.pgo !== 'off' && inputs.pgo !== 'auto')
        await c.file(path.resolve(inputs['working-directory'], inputs.pgo), 'pgo');
    const a = inputs.attest;
    if (a?.signing === 'key')
        await c.check(() => {
            const pem = a['attestation-key'];
            if (!pem)
                throw new EnclaveBuildError('INPUT_INVALID', `${c.input('signing', 'key')} needs ${c.input('attestation-key')} (a PEM private key, from a secret)`);
            loadPrivateKey(pem, a['attestation-key-password'], c.input('attestation-key-password'));
        });
    if (inputs.target !== 'none') {
        const entry = targetEntry(inputs.target);
        if (entry.preflight)
            await entry.preflight(targetOptions(inputs, inputs.target), c);
    }
    report(problems);
}
/** Throws the one problem, or all of them in one error. */
function report(problems) {
    if (problems.length === 1)
        throw problems[0];
    if (problems.length > 1)
        throw new EnclaveBuildError(problems[0].code, `${problems.length} problems with the inputs, found before any work:\n${problems.map((p) => `- [${p.code}] ${p.message}`).join('\n')}`);
}

export { preflight };
