import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * Binds a published artifact to a verified predicate: every layer must be
 * a file the signed predicate names (the Go binary, or one of the target's
 * artefacts) with the same sha256, and the artifact's TEE must be the
 * predicate's. Then what a user pulls is what was measured. Returns the
 * layer names checked.
 */
function checkPublishedLayers(predicate, artifact, bundleName) {
    const fail = (why) => {
        throw new EnclaveBuildError('ARTIFACT_NOT_ATTESTED', `${artifact.reference}: ${why}; the bundle ${bundleName} does not vouch for this artifact, do not deploy it`);
    };
    if (artifact.target !== predicate.target)
        fail(`it is a ${artifact.target} artifact, the attestation is for ${predicate.target}`);
    if (artifact.layers.length === 0)
        fail('it has no layers');
    for (const layer of artifact.layers) {
        const attested = layer.kind === 'binary'
            ? predicate.build.binary.name === layer.name
                ? predicate.build.binary.sha256
                : undefined
            : predicate.artifacts.find((a) => a.name === layer.name && a.kind === layer.kind)?.sha256;
        if (attested === undefined)
            fail(`layer ${layer.name} (${layer.kind}) is not a file the attestation names`);
        if (attested !== layer.sha256)
            fail(`layer ${layer.name} has sha256 ${layer.sha256}, the attestation ${attested}`);
    }
    return artifact.layers.map((l) => l.name);
}

export { checkPublishedLayers };
