import { resolve, basename } from 'node:path';
import { p as parse, d as required, E as EnclaveBuildError, e as readInputFile, b as printJson } from './main-BQHnxbfa.js';
import { r as readElfHeader } from './elf-CedCKE_Y.js';
import { r as rfc3339Check } from './rfc3339-C4d3ypch.js';

/** `enclave-build oci image`: a reproducible single-platform OCI image of a Go binary. */
const ARCH = { 62: 'amd64', 183: 'arm64' };
function keyValues(list, flag) {
    return (list ?? []).map((kv) => {
        const eq = kv.indexOf('=');
        if (eq <= 0)
            throw new EnclaveBuildError('INPUT_INVALID', `${flag} takes K=V, not ${JSON.stringify(kv)}`);
        return [kv.slice(0, eq), kv.slice(eq + 1)];
    });
}
/** The default creation time: SOURCE_DATE_EPOCH when set (reproducible builds' convention), else the Unix epoch. */
function defaultCreated(env) {
    const e = env.SOURCE_DATE_EPOCH;
    if (e !== undefined && e !== '') {
        if (!/^[0-9]{1,12}$/.test(e))
            throw new EnclaveBuildError('INPUT_INVALID', 'SOURCE_DATE_EPOCH must be whole seconds');
        return new Date(Number(e) * 1000).toISOString().replace('.000Z', 'Z');
    }
    return '1970-01-01T00:00:00Z';
}
const ociImage = async (args, io) => {
    const { values: v } = parse(args, {
        binary: {
            type: 'string',
            arg: 'B',
            required: true,
            help: 'the Go binary (static ELF)'
        },
        output: {
            type: 'string',
            short: 'o',
            arg: 'DIR',
            required: true,
            help: 'a new directory for the OCI image layout'
        },
        base: {
            type: 'string',
            arg: 'REF@sha256:…|scratch',
            help: 'base image pinned by digest (oci://…@sha256:…), or scratch (default)'
        },
        'base-layout': {
            type: 'string',
            arg: 'DIR',
            help: 'base image from a local OCI layout'
        },
        entrypoint: {
            type: 'string',
            arg: 'PATH',
            help: 'where the binary goes in the image and runs from (default /app/<name>)'
        },
        file: {
            type: 'string',
            multiple: true,
            arg: 'IMAGEPATH=FILE',
            file: {
                kind: 'binary',
                path: (v) => (v.includes('=') ? v.slice(v.indexOf('=') + 1) : v)
            },
            help: 'an extra file (mode 0644); repeatable'
        },
        env: {
            type: 'string',
            multiple: true,
            arg: 'K=V',
            help: 'environment variable; repeatable'
        },
        label: {
            type: 'string',
            multiple: true,
            arg: 'K=V',
            help: 'config label (e.g. tee.launch_policy.*); repeatable'
        },
        user: { type: 'string', arg: 'U', help: 'the user the entrypoint runs as' },
        created: {
            type: 'string',
            arg: 'RFC3339',
            // strictly (docs/failure.md), before any work: Date.parse would take
            // "June 25 2025" and roll 2025-02-30 over to March
            check: rfc3339Check,
            help: 'image time and layer mtimes (default SOURCE_DATE_EPOCH, else 1970)'
        },
        compression: {
            type: 'string',
            default: 'none',
            choices: ['none', 'gzip'],
            help: 'layer as plain tar, or gzip of stored blocks (byte-stable anywhere)'
        },
        tag: {
            type: 'string',
            default: 'latest',
            arg: 'TAG',
            help: 'ref.name of the image in index.json'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"digest", "manifest", "config", "layers", "diffIds"}.'
        }
    });
    const binaryPath = resolve(io.cwd, required(v.binary, '--binary'));
    const output = resolve(io.cwd, required(v.output, '--output'));
    if (v.base !== undefined && v['base-layout'] !== undefined)
        throw new EnclaveBuildError('INPUT_INVALID', 'give --base or --base-layout, not both');
    if (v.compression !== 'none' && v.compression !== 'gzip')
        throw new EnclaveBuildError('INPUT_INVALID', '--compression must be none or gzip');
    const binary = await readInputFile(binaryPath, '--binary');
    const architecture = ARCH[readElfHeader(binary).machine];
    if (!architecture)
        throw new EnclaveBuildError('INPUT_INVALID', '--binary is an ELF for neither x86-64 nor arm64');
    const files = new Map();
    for (const [p, f] of keyValues(v.file, '--file'))
        files.set(p, await readInputFile(resolve(io.cwd, f), `--file ${p}`));
    let base;
    if (v['base-layout'] !== undefined) {
        const { readLayout } = await import('./layout-D9fYSn9N.js');
        base = await readLayout(resolve(io.cwd, v['base-layout']));
    }
    else if (v.base !== undefined && v.base !== 'scratch') {
        // the same pull as the action's oci-base, so both give the same image
        const { pullImage } = await import('./pull-D0QZYGTI.js');
        base = await pullImage(v.base, {
            env: io.env,
            input: '--base',
            architecture
        });
    }
    const baseLayers = [];
    for (const d of base?.manifest.layers ?? [])
        baseLayers.push({ descriptor: d, bytes: await base.blob(d) });
    const { buildImage } = await import('./image-BoAnoc_I.js');
    const { writeLayout } = await import('./layout-write-C1ev7Jwh.js');
    const image = buildImage({
        binary,
        entrypoint: v.entrypoint ?? `/app/${basename(binaryPath)}`,
        files,
        env: keyValues(v.env, '--env').map(([k, x]) => `${k}=${x}`),
        labels: Object.fromEntries(keyValues(v.label, '--label')),
        ...(v.user !== undefined ? { user: v.user } : {}),
        created: v.created ?? defaultCreated(io.env),
        architecture,
        compression: v.compression,
        ...(base ? { base } : {})
    }, baseLayers);
    await writeLayout(output, image, v.tag);
    const out = {
        digest: image.digest,
        manifest: image.digest,
        config: image.config,
        layers: image.layers,
        diffIds: image.diffIds
    };
    if (v.json)
        printJson(io, out);
    else
        io.stdout(`${output}\ndigest: ${image.digest}\nconfig: ${image.config}\n`);
    return 0;
};
ociImage.about =
    'Writes a reproducible single-platform OCI image layout of a Go binary (uncompressed layer, fixed times and owners); the same inputs give the same digest anywhere.';

export { ociImage };
