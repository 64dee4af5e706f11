import { readFile } from 'node:fs/promises';
import { M as MEASUREMENT_PREDICATE_TYPE } from './predicate-DHP4aFAB.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { resolveCredentials } from './auth-C9VvtHd3.js';
import { a as filesOfResult, p as publishArtifact } from './push-qb4uXIDo.js';
import { parseOciReference } from './reference-9hpgnseM.js';
import './main-BksSroD-.js';
import './version-a3PQCvvS.js';
import './measurement-DvEiAF-E.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import 'node:os';
import 'node:path';
import './index-By-D-j6C.js';
import './tdx-BAEubaF_.js';
import './limits-y7uvIm8O.js';
import './referrers-DM8iWDgr.js';
import './client-Cp6CoA4t.js';
import './http-9TQbx-4W.js';

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
        ? await (await import('./image-H8yJW036.js')).publishImage(layout, {
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
