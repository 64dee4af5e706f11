import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/**
 * The OCI target's inputs checked before the Go build: one base at most
 * (the schema has already refused a registry base that is not pinned by
 * digest). The registry itself is reached only when the target runs.
 */
async function ociPreflight(o, c) {
    await Promise.resolve();
    if (o['oci-base'] !== '' &&
        o['oci-base'] !== 'scratch' &&
        o['oci-base-layout'] !== '')
        c.problem(new EnclaveBuildError('INPUT_INVALID', `give ${c.input('oci-base')} (a registry image) or ${c.input('oci-base-layout')} (a local layout), not both`));
}

export { ociPreflight };
