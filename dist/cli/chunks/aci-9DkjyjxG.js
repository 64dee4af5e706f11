import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { p as parse, E as EnclaveBuildError, b as printJson, e as readInputFile, I as INPUT_LIMITS } from './main-BQHnxbfa.js';
import { layerRootHash, layerToExt4, dmVerityRootHash } from './layer-hash-CZsj3EC6.js';
import 'node:crypto';

/**
 * `enclave-build aci layer-hash|policy`: what Azure Container Instances'
 * confidential containers measure (dm-verity roots of layers; the CCE
 * policy whose SHA-256 is HOST_DATA).
 */
/** Largest layer tar, read or inflated from gzip, in memory. */
const MAX_LAYER_BYTES = INPUT_LIMITS.layer;
/** The layer's tar bytes; a gzip layer (as registries store them) is inflated first. */
function layerTar(bytes) {
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            return gunzipSync(bytes, { maxOutputLength: MAX_LAYER_BYTES });
        }
        catch (err) {
            throw new EnclaveBuildError('INPUT_INVALID', `the layer looks gzip-compressed but does not inflate: ${err.message}`);
        }
    }
    return bytes;
}
/** `aci layer-hash LAYER.tar`: the layer's dm-verity root hash as hcsshim computes it. */
const aciLayerHash = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        'ext4-output': {
            type: 'string',
            arg: 'FILE',
            help: 'also write the ext4 image the root hash is computed over'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"rootHash": hex}.'
        }
    }, { positionals: 'LAYER.tar', positionalFiles: ['layer'] });
    if (positionals.length !== 1)
        throw new EnclaveBuildError('INPUT_INVALID', 'give exactly one layer tar: enclave-build aci layer-hash LAYER.tar');
    const tar = layerTar(await readInputFile(resolve(io.cwd, positionals[0]), 'the layer tar', {
        maxBytes: MAX_LAYER_BYTES
    }));
    let rootHash;
    if (v['ext4-output'] !== undefined) {
        const image = layerToExt4(tar);
        const { writeFileAtomic } = await import('./main-BQHnxbfa.js').then(function (n) { return n.L; });
        await writeFileAtomic(resolve(io.cwd, v['ext4-output']), image);
        rootHash = dmVerityRootHash(image);
    }
    else
        rootHash = layerRootHash(tar);
    if (v.json)
        printJson(io, { rootHash });
    else
        io.stdout(`${rootHash}\n`);
    return 0;
};
aciLayerHash.about =
    'The dm-verity root hash of a layer tar (gzip accepted) as hcsshim tar2ext4 + dm-verity compute it for ACI confidential containers.';
/** `aci policy --image DIR|oci://… --output POLICY.rego`: the CCE policy and its HOST_DATA. */
const aciPolicy = async (args, io) => {
    const { values: v } = parse(args, {
        image: {
            type: 'string',
            arg: 'DIR|oci://REF',
            required: true,
            help: 'an OCI image layout directory or an oci:// reference'
        },
        output: {
            type: 'string',
            short: 'o',
            arg: 'POLICY.rego',
            required: true,
            help: 'where to write the policy text'
        },
        name: {
            type: 'string',
            arg: 'NAME',
            help: 'the container name in the deployment (default container1)'
        },
        reference: {
            type: 'string',
            arg: 'REF',
            help: "the image reference the deployment names (the policy's id)"
        },
        'minimum-svn': {
            type: 'string',
            arg: 'N',
            help: "lowest SVN of ACI's infrastructure fragment (default 1)"
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"hostData": hex, "layers": [hex]}.'
        }
    });
    if (v.image === undefined || v.image === '')
        throw new EnclaveBuildError('INPUT_INVALID', '--image is required');
    if (v.output === undefined || v.output === '')
        throw new EnclaveBuildError('INPUT_INVALID', '--output is required');
    if (v['minimum-svn'] !== undefined && !/^[0-9]{1,9}$/.test(v['minimum-svn']))
        throw new EnclaveBuildError('INPUT_INVALID', '--minimum-svn must be a number');
    const { openImage } = await import('./image-source-yKMcD43Y.js');
    const { acePolicy } = await import('./policy-CGJtTrHA.js');
    const { writeFileAtomic } = await import('./main-BQHnxbfa.js').then(function (n) { return n.L; });
    const image = await openImage(v.image, io.cwd, io.env);
    // a manifest may list one blob many times: each is read and hashed once
    const byDigest = new Map();
    const layers = [];
    for (const d of image.manifest.layers) {
        let hash = byDigest.get(d.digest);
        if (hash === undefined) {
            hash = layerRootHash(layerTar(await image.blob(d)));
            byDigest.set(d.digest, hash);
        }
        layers.push(hash);
    }
    const { text, hostData } = acePolicy({
        id: v.reference ?? image.reference,
        config: image.config,
        layers,
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v['minimum-svn'] !== undefined ? { minimumSvn: v['minimum-svn'] } : {})
    });
    await writeFileAtomic(resolve(io.cwd, v.output), text);
    if (v.json)
        printJson(io, { hostData, layers });
    else
        io.stdout(`hostData: ${hostData}\n${layers.map((l, i) => `layer ${i}: ${l}`).join('\n')}\n`);
    return 0;
};
aciPolicy.about =
    "Writes the confidential ACI security policy (confcom's shape) for an image; HOST_DATA is SHA-256 of its text.";

export { aciLayerHash, aciPolicy, layerTar };
