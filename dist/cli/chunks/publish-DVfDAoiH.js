import { p as parseRfc3339 } from './rfc3339-C4d3ypch.js';
import { resolve, dirname } from 'node:path';
import { M as MEASUREMENT_PREDICATE_TYPE, p as parseMeasurementPredicate } from './predicate-C5TS2huG.js';
import { p as parse, E as EnclaveBuildError, b as printJson, v as readInputText, I as INPUT_LIMITS } from './main-BQHnxbfa.js';
import { resolveCredentials } from './auth-C9VvtHd3.js';
import { f as filesOfPredicate, p as publishArtifact } from './push-Co3HDQNt.js';
import { parseOciReference } from './reference-Dkea9zFk.js';
import { p as peekStatement } from './match-DTpfFAkJ.js';
import './version-a3PQCvvS.js';
import './measurement-YVwFwJAW.js';
import 'node:crypto';
import './schemas-BeVPcTnG.js';
import 'node:fs/promises';
import 'node:os';
import './index-Bc3F2y-W.js';
import './tdx-BS7SA3Ep.js';
import './limits-y7uvIm8O.js';
import './referrers-D_1c1Tiw.js';
import './client-DQ7-ONBg.js';
import './http-BiRlcPi4.js';
import './statement-DtDuZd7a.js';

const USAGE = `enclave-build publish oci://REGISTRY/NAME:TAG
    (--bundle NAME.sigstore.json | --statement NAME.intoto.json)
    [--dir DIR] [--created RFC3339] [--username USER] [--json]

Pushes the files the attestation names (found in DIR, default: the bundle's
folder; each must still have its attested sha256) as one OCI artifact, and
attaches the bundle to it as a referrer (referrers API, else the referrers
tag schema). The login: ENCLAVE_BUILD_REGISTRY_USERNAME/_PASSWORD, else
Docker's config.json (docker login). Prints the pinned reference.
`;
async function readJson(path, what) {
    // a regular file within the JSON limit, with the coded file errors
    const text = await readInputText(path, `the ${what}`, {
        maxBytes: INPUT_LIMITS.json
    });
    try {
        return JSON.parse(text);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `${what} ${path} is not JSON`);
    }
}
/** `enclave-build publish`: the artefacts an attestation names, to a registry. */
const publish = async (args, io) => {
    const { values: v, positionals } = parse(args, {
        bundle: {
            type: 'string',
            arg: 'FILE',
            file: 'json',
            help: 'The Sigstore bundle of the measurement; attached as a referrer.'
        },
        statement: {
            type: 'string',
            arg: 'FILE',
            file: 'json',
            help: 'An unsigned statement instead (signing: none): nothing is attached.'
        },
        dir: {
            type: 'string',
            arg: 'DIR',
            help: "Folder of the files the attestation names (default: the bundle's)."
        },
        created: {
            type: 'string',
            arg: 'RFC3339',
            help: 'org.opencontainers.image.created (RFC 3339), e.g. the commit time.'
        },
        username: {
            type: 'string',
            arg: 'USER',
            help: 'Registry login name (the password: ENCLAVE_BUILD_REGISTRY_PASSWORD).'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"reference", "digest", "tag", "layers", "bundleDigest", "referrers"}.'
        }
    }, true);
    if (positionals.length !== 1 || !v.bundle === !v.statement)
        throw new EnclaveBuildError('INPUT_INVALID', 'give one oci://REGISTRY/NAME:TAG and one of --bundle or --statement; run with --help');
    const reference = positionals[0];
    const ref = parseOciReference(reference, { needTag: true });
    if (v.created !== undefined)
        parseRfc3339(v.created, '--created');
    const source = resolve(io.cwd, (v.bundle ?? v.statement));
    const json = await readJson(source, v.bundle ? 'bundle' : 'statement');
    const statement = v.bundle
        ? peekStatement(json)
        : json;
    if (statement?.predicateType !== MEASUREMENT_PREDICATE_TYPE)
        throw new EnclaveBuildError('INPUT_INVALID', `${source} does not carry a ${MEASUREMENT_PREDICATE_TYPE} statement`);
    const predicate = parseMeasurementPredicate(statement.predicate);
    const dir = v.dir ? resolve(io.cwd, v.dir) : dirname(source);
    const { facts, files } = filesOfPredicate(predicate, dir, v.created ? new Date(v.created).toISOString() : undefined);
    const credentials = await resolveCredentials(ref.registry, io.env, {
        ...(v.username ? { username: v.username } : {})
    });
    const result = await publishArtifact({
        reference,
        facts,
        files,
        ...(v.bundle
            ? { bundle: { json, predicateType: MEASUREMENT_PREDICATE_TYPE } }
            : {})
    }, {
        ...(credentials ? { credentials } : {}),
        log: (m) => {
            if (!v.json)
                io.stderr(`${m}\n`);
        }
    });
    if (v.json)
        printJson(io, result);
    else
        io.stdout(`${result.reference}\n`);
    return 0;
};
/** Printed by `publish --help` above its flags. */
publish.about = USAGE;

export { publish };
