import { basename, join } from 'node:path';
import { E as EnclaveBuildError, o as asEnclaveBuildError, w as writeFileAtomic, v as readInputText } from './main-BQHnxbfa.js';
import { g as githubToken } from './github-token-BeN4IbEp.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { s as signStatement, b as buildMeasurementStatement, g as githubOidcProvider, a as sigstoreEndpoints, w as writeBundle } from './statement-BsG_aGzJ.js';
import { d as dedupe, S as STATEMENT_TYPE } from './statement-DtDuZd7a.js';
import { M as MEASUREMENT_PREDICATE_TYPE } from './predicate-C5TS2huG.js';
import { a as httpJson, H as HttpError } from './http-BiRlcPi4.js';
import './index-BJu9Xu71.js';
import 'node:crypto';
import 'node:os';
import './index-eVNJ2CGZ.js';
import 'node:tty';
import 'node:util';
import 'node:http2';
import 'node:url';
import 'node:http';
import 'node:https';
import 'node:assert';
import 'node:buffer';
import 'node:events';
import 'node:stream';
import 'node:string_decoder';
import 'node:zlib';
import 'node:dns';
import './_commonjsHelpers-Bgu_3bK-.js';
import 'node:fs/promises';
import 'node:diagnostics_channel';
import 'node:fs';
import 'node:net';
import 'node:tls';
import 'node:timers/promises';
import 'node:child_process';
import './key-B3v2KLGv.js';
import './key-C_eeoC5p.js';
import './measurement-YVwFwJAW.js';
import './schemas-BeVPcTnG.js';
import './version-a3PQCvvS.js';

/** The SLSA provenance predicate type (v1.0 and v1.1 share it). */
const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
/**
 * Our buildType: "a Go program built reproducibly by enclave-build, then
 * packaged for a TEE". externalParameters are the action inputs; see
 * docs/attest.md.
 */
const BUILD_TYPE = 'https://enclave-build.dev/buildtypes/go-enclave/v1';
/** Input names that may hold secrets never go into a statement. */
const SECRET = /key|token|password|secret|credential/i;
/**
 * A SLSA provenance v1 statement for the built files (the Go binary and the
 * target's artefacts), so `gh attestation verify <file>` works with its
 * default predicate type. The builder is the calling workflow; its identity
 * is proven by the Fulcio certificate, not by these fields.
 */
function buildProvenanceStatement(input) {
    const { build, result, env } = input;
    const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
    const repository = env.GITHUB_REPOSITORY;
    // What was built is the build record's commit; the workflow's own
    // checkout (GITHUB_SHA) may be another one.
    const commit = build.source.commit;
    const ref = env.GITHUB_REF;
    const workflowRef = env.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/x.yml@ref
    const subject = dedupe([
        {
            name: basename(build.binary.path),
            digest: { sha256: build.binary.sha256 }
        },
        ...result.artifacts.map((a) => ({
            name: basename(a.path),
            digest: { sha256: a.sha256 }
        }))
    ]);
    const externalParameters = {
        inputs: Object.fromEntries(Object.entries(input.inputs).filter(([k]) => !SECRET.test(k)))
    };
    if (workflowRef) {
        const at = workflowRef.indexOf('@');
        const path = workflowRef.slice(0, at === -1 ? undefined : at);
        externalParameters.workflow = {
            ref: at === -1 ? ref : workflowRef.slice(at + 1),
            repository: repository ? `${server}/${repository}` : undefined,
            path: repository ? path.slice(repository.length + 1) : path
        };
    }
    const envRepo = repository ? `${server}/${repository}` : undefined;
    const sourceRepo = build.source.repository ?? envRepo;
    // The ref names the commit only when the workflow built its own checkout.
    const sourceRef = ref && sourceRepo === envRepo && env.GITHUB_SHA === commit ? `@${ref}` : '';
    const deps = [
        {
            uri: sourceRepo ? `git+${sourceRepo}${sourceRef}` : undefined,
            digest: { gitCommit: commit }
        },
        {
            name: 'go',
            uri: `https://go.dev/dl/#${build.goVersion}`,
            annotations: { goVersion: build.goVersion }
        },
        // with cgo the C compiler and C library shaped the bytes too
        ...(build.cToolchain
            ? [
                {
                    name: 'cc',
                    annotations: {
                        cc: build.cToolchain.cc,
                        version: build.cToolchain.version,
                        libc: build.cToolchain.libc
                    }
                }
            ]
            : []),
        ...(build.goSumSha256
            ? [{ name: 'go.sum', digest: { sha256: build.goSumSha256 } }]
            : []),
        ...build.buildinfo.deps.flatMap((d) => {
            const dirHash = h1ToHex(d.sum);
            return [
                {
                    uri: `pkg:golang/${d.path}@${d.version}`,
                    ...(dirHash ? { digest: { dirHash } } : {})
                }
            ];
        }),
        ...result.pinned.map((p) => ({
            name: p.name,
            digest: { sha256: p.sha256 }
        }))
    ];
    const internal = {};
    for (const [key, name] of [
        ['event_name', 'GITHUB_EVENT_NAME'],
        ['repository_id', 'GITHUB_REPOSITORY_ID'],
        ['repository_owner_id', 'GITHUB_REPOSITORY_OWNER_ID'],
        ['runner_environment', 'RUNNER_ENVIRONMENT']
    ]) {
        const v = env[name];
        if (v)
            internal[key] = v;
    }
    const metadata = {};
    if (repository && env.GITHUB_RUN_ID)
        metadata.invocationId = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
    if (input.startedOn)
        metadata.startedOn = input.startedOn.toISOString();
    if (input.finishedOn)
        metadata.finishedOn = input.finishedOn.toISOString();
    return {
        _type: STATEMENT_TYPE,
        subject,
        predicateType: SLSA_PROVENANCE_TYPE,
        predicate: {
            buildDefinition: {
                buildType: BUILD_TYPE,
                externalParameters,
                ...(Object.keys(internal).length
                    ? { internalParameters: { github: internal } }
                    : {}),
                resolvedDependencies: deps.map(dropUndefined)
            },
            runDetails: {
                builder: {
                    id: workflowRef
                        ? `${server}/${workflowRef}`
                        : 'https://enclave-build.dev/builders/local'
                },
                ...(Object.keys(metadata).length ? { metadata } : {})
            }
        }
    };
}
/** Go's `h1:<base64>` module hash as hex (in-toto's dirHash); undefined otherwise. */
function h1ToHex(sum) {
    if (!sum?.startsWith('h1:'))
        return undefined;
    const raw = Buffer.from(sum.slice(3), 'base64');
    return raw.length === 32 ? raw.toString('hex') : undefined;
}
function dropUndefined(d) {
    return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
}

/** The summary sections: attestation facts and a copyable verify command. */
function summarize(result, outcome, signing, env = {}, signed) {
    const code = (s) => `<code>${s}</code>`;
    const rows = [
        ['Predicate type', code(MEASUREMENT_PREDICATE_TYPE)],
        ['Signing', signing + (outcome.instance ? ` (${outcome.instance})` : '')],
        ...result.measurements.map((m) => [
            `${m.name} lookup digest`,
            code(`sha256:${m.lookupDigest}`)
        ])
    ];
    if (outcome.logIndex)
        rows.push([
            'Transparency log',
            `<a href="https://search.sigstore.dev/?logIndex=${outcome.logIndex}">Rekor entry ${outcome.logIndex}</a>`
        ]);
    if (outcome.attestationUrl)
        rows.push([
            'Attestation',
            `<a href="${outcome.attestationUrl}">${outcome.attestationId ?? ''}</a>`
        ]);
    if (signed?.keyHint)
        rows.push(['Key hint', code(signed.keyHint)]);
    if (outcome.bundlePath)
        rows.push(['Bundle', code(basename(outcome.bundlePath))]);
    const sections = [{ heading: 'Attestation', rows }];
    const first = result.measurements[0];
    if (first && signing !== 'none') {
        const repo = env.GITHUB_REPOSITORY ?? 'OWNER/REPO';
        const lines = signing === 'keyless'
            ? [
                `# verify the measurement your enclave reports (${first.name})`,
                `enclave-build verify --measurement ${first.value} --bundle ${basename(outcome.bundlePath ?? 'bundle.sigstore.json')} \\`,
                `  --certificate-identity-regexp '^https://github\\.com/${repo}/' \\`,
                `  --certificate-oidc-issuer https://token.actions.githubusercontent.com`,
                ...(outcome.attestationId && first.algorithm === 'sha384'
                    ? [
                        `# or with gh: ${first.name} is sha384, found by sha256 of its 48 raw bytes`,
                        `printf %s ${first.value} | xxd -r -p > ${first.name}.bin`,
                        `gh attestation verify --repo ${repo} --predicate-type ${MEASUREMENT_PREDICATE_TYPE} ${first.name}.bin`
                    ]
                    : outcome.attestationId
                        ? [
                            '# or fetch it from the attestation store by the measurement itself:',
                            `gh api repos/${repo}/attestations/sha256:${first.lookupDigest}`
                        ]
                        : [])
            ]
            : [
                `enclave-build verify --bundle ${basename(outcome.bundlePath ?? '')} --public-key attestation.pub --measurement ${first.value}`
            ];
        sections.push({ heading: 'Verify', text: lines.join('\n') });
    }
    return sections;
}

/**
 * Stores a bundle with POST /repos/{owner}/{repo}/attestations so that
 * GET /repos/{owner}/{repo}/attestations/sha256:<digest> finds it by any
 * subject digest. Retries on 408/429/5xx come from httpRequest.
 */
async function storeAttestation(bundle, options) {
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repository);
    if (!match)
        throw new EnclaveBuildError('INPUT_INVALID', `repository must be "owner/name", got "${options.repository}"`);
    const input = options.input ?? actionInputName;
    if (!options.token)
        throw new EnclaveBuildError('INPUT_INVALID', `storing the attestation needs a token: set ${input('github-token')} (the default \${{ github.token }} works with \`permissions: attestations: write\`), or ${input('store', 'false')}`);
    const [, owner, repo] = match;
    const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    const server = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    let response;
    try {
        response = await httpJson(`${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/attestations`, {
            what: 'storing the attestation on GitHub',
            method: 'POST',
            headers: {
                Accept: 'application/vnd.github+json',
                Authorization: `Bearer ${options.token}`,
                'Content-Type': 'application/json',
                'X-GitHub-Api-Version': '2022-11-28',
                'User-Agent': 'enclave-build'
            },
            body: JSON.stringify({ bundle }),
            fetch: options.fetch,
            sleep: options.sleep,
            onWait: options.onWait,
            retries: options.retries,
            timeoutMs: options.timeoutMs
        });
    }
    catch (err) {
        if (err instanceof HttpError)
            throw new EnclaveBuildError('STORAGE_FAILED', `${err.message}${/user-owned private/i.test(err.message) ? ` (GitHub stores attestations of private repositories only on Enterprise Cloud: set ${input('store', 'false')} and publish the .sigstore.json as a release asset)` : ''}`, { cause: err });
        throw err;
    }
    if ((typeof response.id !== 'number' && typeof response.id !== 'string') ||
        String(response.id) === '')
        throw new EnclaveBuildError('STORAGE_FAILED', `GitHub stored the attestation but answered without an id (${JSON.stringify(response).slice(0, 200)}); check the repository's attestations page`);
    const id = String(response.id);
    return { id, url: `${server}/${owner}/${repo}/attestations/${id}` };
}

/**
 * What has already been made public during one attestation stage: a Rekor
 * entry cannot be taken back and a stored attestation stays until someone
 * deletes it. When a later step fails, the job must say what is out there
 * (the measurement attestation was stored, the
 * provenance failed, and nothing recorded the first). Each item is logged
 * and its action outputs set the moment it happens; a failure's message
 * then lists them all.
 */
class PublishedRecord {
    log;
    setOutput;
    items = [];
    constructor(log, setOutput) {
        this.log = log;
        this.setOutput = setOutput;
    }
    /** Records (and logs, and outputs) one thing that is now public. */
    add(what, outputs = {}) {
        this.items.push(what);
        this.log(`published: ${what}`);
        for (const [name, value] of Object.entries(outputs))
            this.setOutput?.(name, value);
    }
    /** `work`, whose failure is explained with what was published before it. */
    async guard(work) {
        try {
            return await work;
        }
        catch (err) {
            throw this.explain(err);
        }
    }
    /** What was published, in order. */
    list() {
        return this.items;
    }
    /**
     * `err` as a coded error whose message ends with what was already
     * published (unchanged when nothing was).
     */
    explain(err) {
        const e = asEnclaveBuildError(err);
        if (this.items.length === 0)
            return e;
        return new EnclaveBuildError(e.code, `${e.message}\nAlready published before this failure (not undone; a re-run publishes again):\n${this.items.map((i) => `- ${i}`).join('\n')}`, { cause: err });
    }
}
/**
 * Stores the measurement attestation, then the provenance, recording each
 * (with its outputs) the moment it is stored; a failure of the second says
 * that the first is already out.
 */
async function storeBoth(measurement, provenance, options, published) {
    const m = await published.guard(storeAttestation(measurement, options));
    published.add(`the measurement attestation, stored on GitHub: ${m.url} (id ${m.id})`, { 'attestation-id': m.id, 'attestation-url': m.url });
    const p = await published.guard(storeAttestation(provenance, options));
    published.add(`the provenance attestation, stored on GitHub: ${p.url} (id ${p.id})`, { 'provenance-attestation-id': p.id, 'provenance-attestation-url': p.url });
    return { measurement: m, provenance: p };
}
/**
 * Signs the measurement statement, then the provenance; a keyless
 * signature on the public-good instance is a Rekor entry, recorded (with
 * the log-index output) as soon as it exists.
 */
async function signBoth(measurement, provenance, options, published) {
    const signed = await signStatement(measurement, options);
    if (signed.logIndex)
        published.add(`the measurement statement's signature, Rekor log index ${signed.logIndex}`, { 'log-index': signed.logIndex });
    const signedProvenance = await published.guard(signStatement(provenance, options));
    if (signedProvenance.logIndex)
        published.add(`the provenance statement's signature, Rekor log index ${signedProvenance.logIndex}`);
    return { signed, signedProvenance };
}

// Why this file is long (a little over 250 lines): the attestation stage
// reads best as one function in its order (statements, signing options per
// mode, then what becomes public, recorded by published.ts as it happens).
/**
 * The attestation stage of the action: builds the measurement statement and
 * the SLSA provenance, writes both, signs them (keyless, key or not at
 * all), stores them on GitHub when asked, and returns the paths, ids and
 * a summary. Nothing here logs the key or the token.
 */
async function attestResult(req) {
    const { result, build, options, deps } = req;
    const log = deps.log ?? (() => undefined);
    const input = deps.input ?? actionInputName;
    const env = deps.env;
    // The build record knows what was built; the workflow's env is only a
    // fallback (a job may build a checkout other than GITHUB_SHA).
    const source = {
        repository: req.source?.repository ??
            build.source.repository ??
            (env.GITHUB_REPOSITORY
                ? `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`
                : undefined),
        commit: req.source?.commit ?? build.source.commit,
        ref: req.source?.ref ?? env.GITHUB_REF
    };
    const measurement = buildMeasurementStatement({
        result,
        build,
        source,
        toolVersion: deps.toolVersion
    });
    const provenance = buildProvenanceStatement({
        result,
        build,
        env,
        inputs: deps.inputs ?? {},
        startedOn: deps.startedOn,
        finishedOn: new Date()
    });
    const base = join(deps.outDir, basename(build.binary.path));
    const statementPath = `${base}.intoto.json`;
    const provenanceStatementPath = `${base}.provenance.intoto.json`;
    await writeFileAtomic(statementPath, `${JSON.stringify(measurement, null, 2)}\n`);
    await writeFileAtomic(provenanceStatementPath, `${JSON.stringify(provenance, null, 2)}\n`);
    const outcome = {
        statementPath,
        provenanceStatementPath,
        summary: [],
        outputs: { 'statement-path': statementPath }
    };
    if (options.signing === 'none') {
        log(`statements written unsigned (${input('signing', 'none')})`);
        outcome.summary = summarize(result, outcome, 'none');
        return outcome;
    }
    let signOptions;
    if (options.signing === 'key') {
        const pem = options['attestation-key'];
        if (!pem)
            throw new EnclaveBuildError('INPUT_INVALID', `${input('signing', 'key')} needs ${input('attestation-key')} (a PEM private key, from a secret: ${input('attestation-key', '${{ secrets.ATTESTATION_KEY }}')})`);
        signOptions = {
            mode: 'key',
            privateKeyPem: pem,
            password: options['attestation-key-password'],
            passwordName: input('attestation-key-password')
        };
    }
    else {
        const instance = options.sigstore ?? (await defaultInstance(deps, log));
        outcome.instance = instance;
        signOptions = {
            mode: 'keyless',
            endpoints: deps.endpoints ?? sigstoreEndpoints(instance, env.GITHUB_SERVER_URL),
            identityProvider: deps.identityProvider ??
                githubOidcProvider({
                    env,
                    fetch: deps.fetch,
                    sleep: deps.sleep,
                    input
                })
        };
        log(`signing keyless with the ${instance} Sigstore instance`);
    }
    // Checked before anything is signed: a keyless signature is public.
    const store = options.store ?? options.signing === 'keyless';
    const repository = env.GITHUB_REPOSITORY;
    if (store && !repository)
        throw new EnclaveBuildError('INPUT_INVALID', `${input('store', 'true')} needs GITHUB_REPOSITORY (run inside GitHub Actions) or ${input('store', 'false')}`);
    // From here on things become public one by one: each is logged and
    // output as it happens, and a later failure lists them.
    const published = new PublishedRecord(log, deps.setOutput);
    const { signed, signedProvenance } = await signBoth(measurement, provenance, signOptions, published);
    outcome.bundlePath = await published.guard(writeBundle(`${base}.sigstore.json`, signed.bundle));
    outcome.provenanceBundlePath = await published.guard(writeBundle(`${base}.provenance.sigstore.json`, signedProvenance.bundle));
    if (signed.logIndex)
        outcome.logIndex = signed.logIndex;
    if (store && repository) {
        const common = {
            repository,
            token: githubToken(options['github-token'], env) ?? '',
            apiUrl: env.GITHUB_API_URL,
            serverUrl: env.GITHUB_SERVER_URL,
            fetch: deps.fetch,
            sleep: deps.sleep,
            onWait: log,
            input
        };
        const stored = await storeBoth(signed.bundle, signedProvenance.bundle, common, published);
        outcome.attestationId = stored.measurement.id;
        outcome.attestationUrl = stored.measurement.url;
        outcome.provenanceAttestationId = stored.provenance.id;
        outcome.provenanceAttestationUrl = stored.provenance.url;
    }
    outcome.outputs = {
        'statement-path': statementPath,
        'bundle-path': outcome.bundlePath,
        'provenance-bundle-path': outcome.provenanceBundlePath,
        ...(outcome.attestationId
            ? {
                'attestation-id': outcome.attestationId,
                'attestation-url': outcome.attestationUrl ?? ''
            }
            : {}),
        ...(outcome.provenanceAttestationId
            ? {
                'provenance-attestation-id': outcome.provenanceAttestationId,
                'provenance-attestation-url': outcome.provenanceAttestationUrl ?? ''
            }
            : {}),
        ...(outcome.logIndex ? { 'log-index': outcome.logIndex } : {})
    };
    outcome.summary = summarize(result, outcome, options.signing, env, signed);
    return outcome;
}
/**
 * public-good only for a repository known to be public, github otherwise, as
 * actions/attest decides: the public Rekor log records the repository, the
 * workflow and the commit, so it is never a guess. An event file that is
 * named but cannot be read is an error that names the `sigstore` input.
 */
async function defaultInstance(deps, log) {
    const input = deps.input ?? actionInputName;
    const visibility = deps.visibility ?? (await eventVisibility(deps.env, input));
    if (visibility === 'public')
        return 'public-good';
    if (visibility === undefined)
        log(`the repository's visibility is unknown, so the signature goes to GitHub's Sigstore instance, not the public log; set ${input('sigstore', 'public-good')} for a public repository`);
    return 'github';
}
/** repository.visibility from the workflow's event file, if it has one. */
async function eventVisibility(env, input) {
    const path = env.GITHUB_EVENT_PATH;
    if (!path)
        return undefined;
    let event;
    try {
        event = JSON.parse(await readInputText(path, 'the event', { maxBytes: 64 * 2 ** 20 }));
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `cannot read the repository's visibility from GITHUB_EVENT_PATH (${err instanceof Error ? err.message : String(err)}): set ${input('sigstore', 'public-good')} or ${input('sigstore', 'github')}`, { cause: err });
    }
    const v = event?.repository?.visibility;
    return typeof v === 'string' ? v : undefined;
}

export { attestResult };
