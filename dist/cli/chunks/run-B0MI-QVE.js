import { readFile } from 'node:fs/promises';
import { M as MEASUREMENT_PREDICATE_TYPE } from './predicate-C5TS2huG.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { resolveCredentials } from './auth-C9VvtHd3.js';
import { a as filesOfResult, p as publishArtifact } from './push-Co3HDQNt.js';
import { parseOciReference } from './reference-Dkea9zFk.js';
import './main-BQHnxbfa.js';
import './version-a3PQCvvS.js';
import './measurement-YVwFwJAW.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import 'node:os';
import 'node:path';
import './index-Bc3F2y-W.js';
import './tdx-BS7SA3Ep.js';
import './limits-y7uvIm8O.js';
import './referrers-D_1c1Tiw.js';
import './client-DQ7-ONBg.js';
import './http-BiRlcPi4.js';

/**
 * The action's publish stage: pushes the build's artefacts to the
 * `publish` reference and attaches the bundle; returns the outputs.
 */
async function publishForAction(req) {
    const { options, env } = req;
    const ref = parseOciReference(options.publish, { needTag: true });
    const password = options['registry-password'] ||
        (ref.registry === 'ghcr.io' ? (req.githubToken ?? '') : '');
    const credentials = await resolveCredentials(ref.registry, env, {
        ...(options['registry-username']
            ? { username: options['registry-username'] }
            : {}),
        password
    });
    const { facts, files } = filesOfResult(req.result, req.build, env);
    if (!req.bundlePath)
        req.warn(`publishing without an attestation (${(req.input ?? actionInputName)('signing', 'none')}): verify cannot check this artifact`);
    const bundle = req.bundlePath
        ? {
            json: JSON.parse(await readFile(req.bundlePath, 'utf8')),
            predicateType: MEASUREMENT_PREDICATE_TYPE
        }
        : undefined;
    const deps = {
        log: req.log,
        ...(credentials ? { credentials } : {}),
        ...(req.fetch ? { fetch: req.fetch } : {})
    };
    // the oci target's image goes up as the image itself, so the registry
    // serves the attested digest; other targets' files as one artifact
    const layout = req.result.outputs['image-layout'];
    const result = req.result.target === 'oci' && layout
        ? await (await import('./image-Dj02Y7zo.js')).publishImage(layout, {
            reference: options.publish,
            ...(bundle ? { bundle } : {}),
            created: facts.created
        }, deps)
        : await publishArtifact({
            reference: options.publish,
            facts,
            files,
            ...(bundle ? { bundle } : {})
        }, deps);
    return {
        outputs: {
            'oci-reference': result.reference,
            'oci-digest': result.digest
        },
        result
    };
}

export { publishForAction };
