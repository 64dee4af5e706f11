import { resolve, basename, join } from 'node:path';
import { r as readElfHeader } from './elf-CedCKE_Y.js';
import { E as EnclaveBuildError, e as readInputFile, w as writeFileAtomic, s as sha256Hex } from './main-BQHnxbfa.js';
import { m as measurement } from './measurement-YVwFwJAW.js';
import { i as initClosure, a as closurePins } from './closure-Dp2wMRmf.js';
import { buildImage } from './image-BoAnoc_I.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { readLayout } from './layout-D9fYSn9N.js';
import { writeLayout } from './layout-write-C1ev7Jwh.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import './ldd-D21QiJn8.js';
import 'node:fs';
import './chroot-Bv55sEuW.js';
import 'node:fs/promises';
import 'node:zlib';
import './oci-shape-CT3-rK_p.js';

/**
 * The base image: a registry image pinned by digest (pulled through the
 * pipeline's OCI client, as `oci image --base` pulls it), a local layout,
 * or none (scratch); with what provenance records as its pin.
 */
async function openBase(ctx, o, architecture) {
    const input = ctx.input ?? actionInputName;
    const remote = o['oci-base'] !== '' && o['oci-base'] !== 'scratch';
    if (remote && o['oci-base-layout'] !== '')
        throw new EnclaveBuildError('INPUT_INVALID', `give ${input('oci-base')} or ${input('oci-base-layout')}, not both`);
    if (remote) {
        if (!ctx.pullImage)
            throw new EnclaveBuildError('INTERNAL', 'the oci target was run without a registry client for oci-base');
        const image = await ctx.pullImage(o['oci-base'], input('oci-base'), architecture);
        ctx.log(`base ${image.reference}: linux/${architecture} manifest ${image.manifestDigest}, ${image.manifest.layers.length} layer(s), each checked against its digest`);
        return {
            image,
            // what the user pinned: the index digest for a multi-platform base
            pin: {
                name: 'base-image',
                path: image.reference,
                sha256: image.reference.slice(image.reference.lastIndexOf(':') + 1)
            }
        };
    }
    if (o['oci-base-layout'] === '')
        return undefined;
    const image = await readLayout(resolve(o['oci-base-layout']));
    return {
        image,
        pin: {
            name: 'base-manifest',
            path: o['oci-base-layout'],
            sha256: image.manifestDigest.slice(7)
        }
    };
}

/**
 * The OCI target: the Go binary as a reproducible single-platform image
 * (created = the commit time, so the same commit gives the same digest on
 * any runner), measured as IMAGE_DIGEST; optionally the CoCo initdata
 * (COCO_INITDATA) and the confidential ACI policy (ACI_HOST_DATA) that go
 * with it.
 */
const ARCH = { 62: 'amd64', 183: 'arm64' };
function lines(v) {
    return v
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}
async function runOci(ctx, o) {
    const binary = await readInputFile(ctx.binaryPath, 'the Go binary');
    const architecture = ARCH[readElfHeader(binary).machine];
    if (!architecture)
        throw new EnclaveBuildError('INPUT_INVALID', 'the Go binary is neither x86-64 nor arm64');
    const base = await openBase(ctx, o, architecture);
    // a cgo binary's loader and libraries: from cgo-sysroot, or refused on
    // scratch where nothing else brings them (a base image may hold them)
    const sysroot = ctx.cgoSysroot ?? '';
    const closure = base === undefined || sysroot !== ''
        ? await initClosure(binary, sysroot, ctx.input ?? actionInputName)
        : [];
    const baseLayers = [];
    for (const d of base?.image.manifest.layers ?? [])
        baseLayers.push({ descriptor: d, bytes: await base.image.blob(d) });
    const image = buildImage({
        binary,
        closure: new Map(closure.map((f) => [f.path, f.data])),
        entrypoint: o['oci-entrypoint'] !== ''
            ? o['oci-entrypoint']
            : `/app/${basename(ctx.binaryPath)}`,
        env: lines(o['oci-env']).map(([k, v]) => `${k}=${v}`),
        labels: Object.fromEntries(lines(o['oci-labels'])),
        ...(o['oci-user'] !== '' ? { user: o['oci-user'] } : {}),
        created: new Date(Math.floor(ctx.commitTime.getTime() / 1000) * 1000)
            .toISOString()
            .replace('.000Z', 'Z'),
        architecture,
        compression: o['oci-compression'],
        ...(base ? { base: base.image } : {})
    }, baseLayers);
    const layout = join(ctx.outDir, 'oci-image');
    await writeLayout(layout, image);
    // what a Confidential Space token for this image must say (Google's token
    // claims): image_digest for a single-platform push, image_id = the config
    // digest, and the launch policy the launcher enforces from the labels
    const labels = Object.fromEntries(lines(o['oci-labels']));
    const claims = {
        'submods.container.image_digest': image.digest,
        'submods.container.image_id': image.config,
        launch_policy: Object.fromEntries(Object.entries(labels).filter(([k]) => k.startsWith('tee.launch_policy.'))),
        note: 'image_digest is the manifest digest when this image is pushed as is; pushed inside an index, the token carries the index digest instead'
    };
    const claimsPath = join(ctx.outDir, 'cs-expected-claims.json');
    await writeFileAtomic(claimsPath, `${JSON.stringify(claims, null, 2)}\n`);
    ctx.log(`OCI image ${image.digest} at ${layout}`);
    const hex = image.digest.slice(7);
    const result = {
        target: 'oci',
        artifacts: [
            {
                kind: 'oci-manifest',
                path: join(layout, 'blobs', 'sha256', hex),
                sha256: hex
            },
            {
                kind: 'cs-expected-claims',
                path: claimsPath,
                sha256: sha256Hex(`${JSON.stringify(claims, null, 2)}\n`)
            }
        ],
        measurements: [measurement('IMAGE_DIGEST', 'sha256', hex)],
        pinned: [...(base ? [base.pin] : []), ...closurePins(closure, sysroot)],
        outputs: {
            'image-layout': layout,
            'image-digest': image.digest,
            'config-digest': image.config,
            'diff-ids': image.diffIds.join(','),
            'initdata-digest': '',
            'aci-host-data': ''
        },
        parameters: {
            mode: 'oci',
            architecture,
            compression: o['oci-compression'],
            diffIds: image.diffIds,
            config: image.config
        }
    };
    const initFiles = lines(o['oci-initdata-files']);
    if (initFiles.length > 0) {
        const { writeInitdata, initdataDigest } = await import('./initdata-C2FkPmDf.js');
        const files = new Map();
        for (const [name, path] of initFiles)
            files.set(name, (await readInputFile(resolve(path), `initdata ${name}`, {
                maxBytes: 1 << 20
            })).toString('utf8'));
        const doc = writeInitdata(files, o['oci-initdata-algorithm']);
        const path = join(ctx.outDir, 'initdata.toml');
        await writeFileAtomic(path, doc);
        const d = initdataDigest(Buffer.from(doc), o['oci-initdata-algorithm']);
        result.artifacts.push({
            kind: 'coco-initdata',
            path,
            sha256: sha256Hex(doc)
        });
        result.measurements.push(measurement('COCO_INITDATA', o['oci-initdata-algorithm'], d.digest), 
        // as TDX reports it (MRCONFIGID, 48 bytes) and, unless an ACI policy
        // takes the field, as SEV-SNP reports it (HOST_DATA, 32 bytes)
        measurement('MRCONFIGID', 'sha384', d.tdxMrConfigId));
        if (o['oci-aci-policy'] !== 'true')
            result.measurements.push(measurement('HOST_DATA', 'sha256', d.snpHostData));
        result.outputs['initdata-digest'] = d.digest;
    }
    if (o['oci-aci-policy'] === 'true') {
        const { layerRootHash } = await import('./layer-hash-CZsj3EC6.js');
        const { acePolicy } = await import('./policy-CGJtTrHA.js');
        const { gunzipSync } = await import('node:zlib');
        const layers = [
            ...baseLayers.map((l) => l.bytes),
            image.blobs.get(image.layers[image.layers.length - 1])
        ].map((b) => layerRootHash(b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b));
        const { text, hostData } = acePolicy({
            id: `@${image.digest}`,
            config: JSON.parse(image.blobs.get(image.config).toString()),
            layers
        });
        const path = join(ctx.outDir, 'aci-policy.rego');
        await writeFileAtomic(path, text);
        result.artifacts.push({ kind: 'aci-policy', path, sha256: hostData });
        result.measurements.push(measurement('ACI_HOST_DATA', 'sha256', hostData), measurement('HOST_DATA', 'sha256', hostData));
        result.outputs['aci-host-data'] = hostData;
    }
    return result;
}
/** The OCI image target. */
const ociTarget = {
    name: 'oci',
    run: runOci
};

export { ociTarget };
