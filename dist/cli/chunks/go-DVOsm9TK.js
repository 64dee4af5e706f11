import { p as parse, E as EnclaveBuildError, d as required, w as writeFileAtomic, b as printJson } from './main-BQHnxbfa.js';
import { b as buildReproducibly } from './reproducible-CeITk19f.js';
import { e as exec } from './exec-E6cQ8Vnk.js';
import { flagInputName } from './input-name-slbb3zbm.js';
import 'node:fs';
import 'node:fs/promises';
import 'node:path';
import 'node:crypto';
import 'node:os';
import './sections-DZojHsOo.js';
import 'node:child_process';

const GOAMD64 = /^v[1-4]$/;
/**
 * `enclave-build go build`: a reproducible Go build, optionally checked by
 * a second build elsewhere (--rebuild-check).
 */
const goBuild = async (args, io) => {
    const { values: v } = parse(args, {
        dir: { type: 'string', default: '.' },
        package: { type: 'string', default: '.' },
        output: { type: 'string', required: true },
        'rebuild-check': { type: 'boolean', default: false },
        ldflags: { type: 'string', default: '' },
        tags: { type: 'string', default: '' },
        cgo: { type: 'boolean', default: false },
        goamd64: { type: 'string', default: 'v1' },
        goarch: { type: 'string', default: 'amd64' },
        pgo: {
            type: 'string',
            default: 'off',
            file: {
                kind: 'profile',
                path: (v) => (v === 'off' || v === 'auto' ? undefined : v)
            }
        },
        'go-version': { type: 'string', default: '' },
        record: { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    if (!GOAMD64.test(v.goamd64))
        throw new EnclaveBuildError('INPUT_INVALID', `--goamd64 must be v1, v2, v3 or v4, not "${v.goamd64}"`);
    const record = await buildReproducibly({
        dir: v.dir,
        package: v.package,
        output: required(v.output, '--output'),
        ldflags: v.ldflags,
        tags: v.tags.split(/[,\s]+/).filter((t) => t !== ''),
        cgo: v.cgo,
        goamd64: v.goamd64,
        goarch: v.goarch,
        pgo: v.pgo,
        goVersion: v['go-version'],
        rebuildCheck: v['rebuild-check']
    }, {
        exec,
        env: io.env,
        log: v.json ? undefined : (m) => io.stderr(`${m}\n`),
        // messages name this command's flags (the work tree is --dir)
        input: (name, value) => name === 'working-directory' ? '--dir' : flagInputName()(name, value)
    });
    if (v.record !== undefined)
        await writeFileAtomic(v.record, `${JSON.stringify(record, null, 2)}\n`);
    if (v.json)
        printJson(io, {
            sha256: record.binary.sha256,
            goVersion: record.goVersion,
            reproducible: record.reproducible,
            buildinfo: record.buildinfo,
            binary: record.binary.path,
            record
        });
    else
        io.stdout(`${record.binary.sha256}  ${record.binary.path}\n` +
            `go ${record.goVersion}, reproducible: ${String(record.reproducible)}\n`);
    return 0;
};

export { goBuild };
