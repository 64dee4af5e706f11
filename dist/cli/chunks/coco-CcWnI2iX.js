import { resolve } from 'node:path';
import { p as parse, E as EnclaveBuildError, e as readInputFile, d as required, w as writeFileAtomic, b as printJson } from './main-BQHnxbfa.js';
import { initdataAlgorithm, declaredAlgorithm, initdataDigest, writeInitdata, INITDATA_ALGORITHMS } from './initdata-C2FkPmDf.js';
import 'node:crypto';
import './parse-DtD2HBJZ.js';

/**
 * `enclave-build coco initdata|initdata-digest`: the Confidential
 * Containers initdata document and the values a TEE reports for it.
 */
/** Largest initdata document or entry read (the pod annotation is far smaller). */
const MAX_INITDATA_BYTES = 1 << 20;
function printDigest(io, d, json, extra = {}) {
    if (json)
        printJson(io, { ...extra, ...d });
    else
        io.stdout(`${Object.entries({ ...extra, ...d })
            .map(([k, v]) => `${k}: ${v ?? '-'}`)
            .join('\n')}\n`);
}
/** `coco initdata --output F.toml [--algorithm A] [--file NAME=PATH]...` */
const cocoInitdata = async (args, io) => {
    const { values: v } = parse(args, {
        output: {
            type: 'string',
            short: 'o',
            arg: 'F.toml',
            required: true,
            help: 'where to write the initdata TOML'
        },
        algorithm: {
            type: 'string',
            default: 'sha384',
            choices: INITDATA_ALGORITHMS,
            help: 'sha256, sha384 (default) or sha512'
        },
        file: {
            type: 'string',
            multiple: true,
            arg: 'NAME=PATH',
            file: {
                kind: 'text',
                path: (v) => (v.includes('=') ? v.slice(v.indexOf('=') + 1) : v)
            },
            help: 'a [data] entry (policy.rego, aa.toml, cdh.toml, ...); repeatable'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"path", "algorithm", "digest", "snpHostData", "tdxMrConfigId", "pcr8"}.'
        }
    });
    const output = resolve(io.cwd, required(v.output, '--output'));
    const algorithm = initdataAlgorithm(v.algorithm);
    const files = new Map();
    for (const spec of v.file ?? []) {
        const eq = spec.indexOf('=');
        if (eq <= 0 || eq === spec.length - 1)
            throw new EnclaveBuildError('INPUT_INVALID', `--file takes NAME=PATH, not ${JSON.stringify(spec)}`);
        const name = spec.slice(0, eq);
        if (files.has(name))
            throw new EnclaveBuildError('INPUT_INVALID', `--file ${name} is given twice`);
        const bytes = await readInputFile(resolve(io.cwd, spec.slice(eq + 1)), `--file ${name}`, {
            maxBytes: MAX_INITDATA_BYTES
        });
        let text;
        try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        }
        catch {
            throw new EnclaveBuildError('INPUT_INVALID', `--file ${name} is not UTF-8 text; initdata entries are TOML strings`);
        }
        files.set(name, text);
    }
    const doc = writeInitdata(files, algorithm);
    await writeFileAtomic(output, doc);
    printDigest(io, initdataDigest(Buffer.from(doc, 'utf8'), algorithm), v.json, {
        path: output
    });
    return 0;
};
cocoInitdata.about =
    'Writes a Confidential Containers initdata TOML (entries sorted by name) and prints its digest.';
/** `coco initdata-digest F.toml [--algorithm A]` */
const cocoInitdataDigest = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        algorithm: {
            type: 'string',
            choices: INITDATA_ALGORITHMS,
            help: "hash with this instead of the document's own `algorithm`"
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"algorithm", "digest", "snpHostData", "tdxMrConfigId", "pcr8"}.'
        }
    }, { positionals: 'F.toml' });
    if (positionals.length !== 1)
        throw new EnclaveBuildError('INPUT_INVALID', 'give exactly one initdata file: enclave-build coco initdata-digest F.toml');
    const doc = await readInputFile(resolve(io.cwd, positionals[0]), 'the initdata document', {
        maxBytes: MAX_INITDATA_BYTES
    });
    const algorithm = v.algorithm !== undefined
        ? initdataAlgorithm(v.algorithm)
        : declaredAlgorithm(doc);
    printDigest(io, initdataDigest(doc, algorithm), v.json);
    return 0;
};
cocoInitdataDigest.about =
    'The digest of the exact bytes of an initdata document (by its own `algorithm` unless --algorithm), as SNP HOST_DATA, TDX MRCONFIGID and PCR 8.';

export { cocoInitdata, cocoInitdataDigest };
