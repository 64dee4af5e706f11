import { p as parse, E as EnclaveBuildError, b as printJson } from './main-BQHnxbfa.js';
import { e as evidenceCliFlags } from './evidence-flags-4FrSm51Z.js';
import { g as githubToken } from './github-token-BeN4IbEp.js';

const USAGE = `enclave-build verify --measurement HEX (--bundle FILE|DIR|oci://REF... | --repo owner/name [--token T])
    [--trusted-root TR.json | --public-key PEM]
    [--certificate-identity ID | --certificate-identity-regexp RE]
    [--certificate-oidc-issuer URL] [--source-ref REF]
    [--evidence FILE --evidence-type nitro|nitrotpm|sgx-quote|td-quote|snp-report|cs-token [--nitro-root PEM]
     [--nitro-allow-debug]
     [--evidence-time now|document|RFC3339] [--evidence-challenge HEX]
     [--dcap-collateral FILE | --dcap-pcs URL] [--dcap-tcb-accept STATUS,...] [--dcap-allow-debug]
     [--snp-vcek FILE] [--snp-ask FILE] [--snp-policy SPEC] [--snp-crl FILE|kds] [--snp-kds URL]
     [--evidence-cache DIR] [--evidence-offline]] [--json]

Verifies that the measurement (or the enclave's evidence) was attested by a
Sigstore-signed workflow run and prints its repository, commit and workflow.
--bundle oci://REGISTRY/NAME:TAG (or @sha256:…) reads the bundles attached to
an artifact enclave-build published and checks every layer against the
attestation; --measurement may then be left out (the artifact names it).
--evidence alone (no bundle, no --repo, no --measurement) checks the
evidence to its vendor's root and prints what it attests.
Exit 0 only when verified.
`;
/** The human-readable form of a result. */
function printText(io, r) {
    const lines = [
        `verified: ${r.measurementName} ${r.measurement}`,
        `  source:   ${r.sourceRepository ?? '(repository not recorded)'} @ ${r.sourceCommit ?? '(commit not recorded)'}${r.sourceRef ? ` (${r.sourceRef})` : ''}${r.sourceFrom === 'predicate' ? ', as the key holder wrote it in the predicate' : ''}`,
        ...(r.workflow ? [`  workflow: ${r.workflow}`] : []),
        ...(r.run ? [`  run:      ${r.run}`] : []),
        `  target:   ${r.target}, ${r.build.goVersion}, binary sha256 ${r.build.binary.sha256}`,
        `  signed:   ${r.signedBy} (${r.instance}), trust root: ${r.trustRoot}, bundle: ${r.bundle}`
    ];
    if (r.artifact)
        lines.push(`  artifact: ${r.artifact.reference} (${r.artifact.layersChecked.length} layer(s) match the attestation; bundle via ${r.artifact.referrers === 'api' ? 'referrers API' : 'referrers tag schema'})`);
    if (r.evidence)
        lines.push(`  evidence: ${r.evidence.type}, signature ${r.evidence.evidenceSignature}, registers checked: ${r.evidence.registersChecked.join(', ')}`, ...(r.evidence.tcb
            ? [
                `  tcb:      ${r.evidence.tcb.status}${r.evidence.tcb.advisoryIds.length ? ` (${r.evidence.tcb.advisoryIds.join(', ')})` : ''}`
            ]
            : []), ...(r.evidence.platform
            ? [
                `  platform: ${Object.entries(r.evidence.platform)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}`
            ]
            : []));
    io.stdout(`${lines.join('\n')}\n`);
}
/** The human-readable form of evidence checked alone. */
function printEvidenceText(io, r) {
    const lines = [
        `evidence verified: ${r.type}, signature ${r.evidenceSignature}`,
        `  ${r.measurement.name}: ${r.measurement.value}`,
        ...(r.tcbStatus
            ? [
                `  tcb:      ${r.tcbStatus}${r.advisoryIds?.length ? ` (${r.advisoryIds.join(', ')})` : ''}`
            ]
            : []),
        ...Object.entries(r.registers)
            .filter(([name]) => name !== r.measurement.name)
            .map(([name, value]) => `  ${name}: ${value}`)
    ];
    io.stdout(`${lines.join('\n')}\n`);
}
/**
 * The evidence type's parser and the flags' translation, loaded only with
 * --evidence: a bundle check never compiles the quote parsers, X.509 and
 * CBOR code.
 */
async function evidenceHelpers() {
    const [{ evidenceType }, { evidenceRequest }] = await Promise.all([
        import('./evidence-BwT8D7N6.js'),
        import('./evidence-request-By1bRMoE.js')
    ]);
    return { evidenceType, evidenceRequest };
}
/**
 * `enclave-build verify`: from a measurement, or the enclave's evidence, to
 * the verified source commit. Exit 0 only when verified.
 */
const verify = async (args, io) => {
    const { values: v } = parse(args, {
        bundle: {
            type: 'string',
            multiple: true,
            file: {
                kind: 'json',
                directory: true,
                path: (v) => (v.startsWith('oci://') ? undefined : v)
            }
        },
        measurement: { type: 'string' },
        'trusted-root': { type: 'string', file: 'json' },
        'certificate-identity': { type: 'string' },
        'certificate-identity-regexp': { type: 'string' },
        'certificate-oidc-issuer': { type: 'string' },
        'source-ref': { type: 'string' },
        repo: { type: 'string' },
        token: { type: 'string' },
        evidence: { type: 'string', file: 'evidence' },
        'evidence-type': { type: 'string' },
        ...evidenceCliFlags(),
        'public-key': { type: 'string', file: 'pem' },
        json: { type: 'boolean', default: false }
    });
    if (v.evidence !== undefined && v['evidence-type'] === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--evidence needs --evidence-type nitro|nitrotpm|sgx-quote|td-quote|snp-report|cs-token');
    const ev = v.evidence ? await evidenceHelpers() : undefined;
    const input = {
        ...(v.measurement ? { measurement: v.measurement } : {}),
        ...(v.evidence
            ? {
                evidence: {
                    type: ev.evidenceType(v['evidence-type'] ?? ''),
                    path: v.evidence,
                    ...ev.evidenceRequest(v)
                }
            }
            : {}),
        ...(v.bundle ? { bundles: v.bundle } : {}),
        // With bundles at hand --repo pins the source; only without them does it
        // also say where to look the attestation up (the one network call).
        ...(v.repo && !v.bundle?.length
            ? {
                lookup: {
                    repository: v.repo,
                    token: githubToken(v.token, io.env),
                    ...(io.env.GITHUB_API_URL ? { apiUrl: io.env.GITHUB_API_URL } : {})
                }
            }
            : {}),
        ...(v['trusted-root'] ? { trustedRootPath: v['trusted-root'] } : {}),
        ...(v['public-key'] ? { publicKeyPath: v['public-key'] } : {}),
        policy: {
            certificateIdentity: v['certificate-identity'],
            certificateIdentityRegexp: v['certificate-identity-regexp'],
            certificateOidcIssuer: v['certificate-oidc-issuer'],
            sourceRef: v['source-ref'],
            ...(v.repo ? { repository: v.repo } : {})
        }
    };
    // --evidence alone: check it to its vendor root and print what it attests.
    if (input.evidence && !input.measurement && !v.bundle?.length && !v.repo) {
        const { checkEvidence, evidenceReport } = await import('./evidence-only-CsGTS9u1.js');
        const report = evidenceReport(await checkEvidence(input.evidence, {}));
        if (v.json)
            printJson(io, report);
        else
            printEvidenceText(io, report);
        return 0;
    }
    // Loaded here: checking evidence alone must not pay for the Sigstore stack.
    const { runVerify } = await import('./run-8NPL82rM.js');
    const result = await runVerify(input);
    for (const w of result.warnings)
        io.stderr(`warning: ${w}\n`);
    if (v.json)
        printJson(io, withContractKeys(result));
    else
        printText(io, result);
    return 0;
};
/** Printed by `verify --help` above its flags. */
verify.about = USAGE;
/**
 * The result with every key CLI.md names present: null where the bundle
 * cannot say (a key-signed bundle has no certificate naming a workflow), so
 * a script reading `workflow` finds the key either way.
 */
function withContractKeys(r) {
    return {
        ...r,
        sourceRepository: r.sourceRepository ?? null,
        sourceCommit: r.sourceCommit ?? null,
        workflow: r.workflow ?? null
    };
}

export { verify };
