import { EnclaveBuildError } from '../../errors.js'
import { parseTcbAccept } from '../../verify/evidence/dcap-collateral.js'
import { evidenceType } from '../../verify/evidence/index.js'
import { parseSnpPolicy } from '../../verify/evidence/snp-policy.js'
import {
  runVerify,
  type VerifyInput,
  type VerifyResult
} from '../../verify/run.js'
import { githubToken } from '../../util/github-token.js'
import { parse } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'

const USAGE = `enclave-build verify --measurement HEX (--bundle FILE|DIR|oci://REF... | --repo owner/name [--token T])
    [--trusted-root TR.json | --public-key PEM]
    [--certificate-identity ID | --certificate-identity-regexp RE]
    [--certificate-oidc-issuer URL] [--source-ref REF]
    [--evidence FILE --evidence-type nitro|sgx-quote|td-quote|snp-report [--nitro-root PEM]
     [--evidence-time now|document|RFC3339] [--evidence-challenge HEX]
     [--dcap-collateral FILE] [--dcap-tcb-accept STATUS,...] [--dcap-allow-debug]
     [--snp-vcek FILE] [--snp-ask FILE] [--snp-policy SPEC] [--snp-kds URL]
     [--evidence-cache DIR]] [--json]

Verifies that the measurement (or the enclave's evidence) was attested by a
Sigstore-signed workflow run and prints its repository, commit and workflow.
--bundle oci://REGISTRY/NAME:TAG (or @sha256:…) reads the bundles attached to
an artifact enclave-build published and checks every layer against the
attestation; --measurement may then be left out (the artifact names it).
Exit 0 only when verified.
`

/** When a Nitro chain must be valid: now, the document's time, or a date. */
function evidenceTime(value: string): Date | 'document' | undefined {
  if (value === 'now') return undefined
  if (value === 'document') return 'document'
  const t = new Date(value)
  if (Number.isNaN(t.getTime()))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--evidence-time must be now, document or an RFC 3339 time, got "${value}"`
    )
  return t
}

/** The human-readable form of a result. */
function printText(io: CliIO, r: VerifyResult): void {
  const lines = [
    `verified: ${r.measurementName} ${r.measurement}`,
    `  source:   ${r.sourceRepository ?? '(repository not recorded)'} @ ${r.sourceCommit ?? '(commit not recorded)'}${r.sourceRef ? ` (${r.sourceRef})` : ''}${r.sourceFrom === 'predicate' ? ', as the key holder wrote it in the predicate' : ''}`,
    ...(r.workflow ? [`  workflow: ${r.workflow}`] : []),
    ...(r.run ? [`  run:      ${r.run}`] : []),
    `  target:   ${r.target}, ${r.build.goVersion}, binary sha256 ${r.build.binary.sha256}`,
    `  signed:   ${r.signedBy} (${r.instance}), trust root: ${r.trustRoot}, bundle: ${r.bundle}`
  ]
  if (r.artifact)
    lines.push(
      `  artifact: ${r.artifact.reference} (${r.artifact.layersChecked.length} layer(s) match the attestation; bundle via ${r.artifact.referrers === 'api' ? 'referrers API' : 'referrers tag schema'})`
    )
  if (r.evidence)
    lines.push(
      `  evidence: ${r.evidence.type}, signature ${r.evidence.evidenceSignature}, registers checked: ${r.evidence.registersChecked.join(', ')}`,
      ...(r.evidence.tcb
        ? [
            `  tcb:      ${r.evidence.tcb.status}${r.evidence.tcb.advisoryIds.length ? ` (${r.evidence.tcb.advisoryIds.join(', ')})` : ''}`
          ]
        : []),
      ...(r.evidence.platform
        ? [
            `  platform: ${Object.entries(r.evidence.platform)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`
          ]
        : [])
    )
  io.stdout(`${lines.join('\n')}\n`)
}

/**
 * `enclave-build verify`: from a measurement, or the enclave's evidence, to
 * the verified source commit. Exit 0 only when verified.
 */
export const verify: Command = async (args, io) => {
  const { values: v } = parse(args, {
    bundle: { type: 'string', multiple: true },
    measurement: { type: 'string' },
    'trusted-root': { type: 'string' },
    'certificate-identity': { type: 'string' },
    'certificate-identity-regexp': { type: 'string' },
    'certificate-oidc-issuer': { type: 'string' },
    'source-ref': { type: 'string' },
    repo: { type: 'string' },
    token: { type: 'string' },
    evidence: { type: 'string' },
    'evidence-type': { type: 'string' },
    'evidence-time': { type: 'string', default: 'now' },
    'nitro-root': { type: 'string' },
    'evidence-challenge': { type: 'string' },
    'dcap-collateral': {
      type: 'string',
      help: "SGX/TDX: Intel's collateral, one JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for quotes."
    },
    'dcap-tcb-accept': {
      type: 'string',
      help: 'SGX/TDX: accepted TCB statuses, comma-separated (default UpToDate).'
    },
    'dcap-allow-debug': {
      type: 'boolean',
      default: false,
      help: 'SGX/TDX: accept a debug enclave or TD.'
    },
    'snp-vcek': {
      type: 'string',
      help: 'SEV-SNP: the VCEK or VLEK (PEM or DER); without it the VCEK is fetched from AMD KDS.'
    },
    'snp-ask': {
      type: 'string',
      help: "SEV-SNP: the ASK or ASVK (default: AMD's, pinned for Milan, Genoa, Turin)."
    },
    'snp-policy': {
      type: 'string',
      help: 'SEV-SNP: debug|migrate-ma|smt=allow|deny, vmpl=N, min-tcb.bootloader|tee|snp|microcode|fmc=N (default debug=deny,migrate-ma=deny,smt=allow).'
    },
    'snp-kds': {
      type: 'string',
      help: 'SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'
    },
    'evidence-cache': {
      type: 'string',
      help: 'Directory keeping VCEKs fetched from AMD KDS.'
    },
    'public-key': { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  if (v.evidence !== undefined && v['evidence-type'] === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--evidence needs --evidence-type nitro|sgx-quote|td-quote|snp-report'
    )
  const at = evidenceTime(v['evidence-time'])
  const input: VerifyInput = {
    ...(v.measurement ? { measurement: v.measurement } : {}),
    ...(v.evidence
      ? {
          evidence: {
            type: evidenceType(v['evidence-type'] ?? ''),
            path: v.evidence,
            ...(v['nitro-root'] ? { nitroRootPath: v['nitro-root'] } : {}),
            ...(at ? { at } : {}),
            ...(v['evidence-challenge'] !== undefined
              ? { challenge: v['evidence-challenge'] }
              : {}),
            snp: {
              ...(v['snp-vcek'] ? { vcekPath: v['snp-vcek'] } : {}),
              ...(v['snp-ask'] ? { askPath: v['snp-ask'] } : {}),
              policy: parseSnpPolicy(v['snp-policy'] ?? ''),
              ...(v['snp-kds'] ? { kdsUrl: v['snp-kds'] } : {}),
              ...(v['evidence-cache'] ? { cacheDir: v['evidence-cache'] } : {})
            },
            dcap: {
              ...(v['dcap-collateral']
                ? { collateralPath: v['dcap-collateral'] }
                : {}),
              acceptedStatuses: parseTcbAccept(v['dcap-tcb-accept'] ?? ''),
              debug: v['dcap-allow-debug']
            }
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
  }
  const result = await runVerify(input)
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`)
  if (v.json) printJson(io, result)
  else printText(io, result)
  return 0
}

/** Printed by `verify --help` above its flags. */
verify.about = USAGE
