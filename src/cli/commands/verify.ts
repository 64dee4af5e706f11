// Why this file is long: one command's flags, with help, for every kind of evidence and its verification material; the work itself is in verify/.
import { parseRfc3339 } from '../../util/rfc3339.js'
import { EnclaveBuildError } from '../../errors.js'
import { CS_FLAGS } from '../cs-flags.js'
import type { EvidenceReport } from '../../verify/evidence-only.js'
import type { VerifyInput, VerifyResult } from '../../verify/run.js'
import { githubToken } from '../../util/github-token.js'
import { parse } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'

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
`

/** When a Nitro chain must be valid: now, the document's time, or a date. */
function evidenceTime(value: string): Date | 'document' | undefined {
  if (value === 'now') return undefined
  if (value === 'document') return 'document'
  return parseRfc3339(value, '--evidence-time (now, document or a time)')
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

/** The human-readable form of evidence checked alone. */
function printEvidenceText(io: CliIO, r: EvidenceReport): void {
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
  ]
  io.stdout(`${lines.join('\n')}\n`)
}

/**
 * `enclave-build verify`: from a measurement, or the enclave's evidence, to
 * the verified source commit. Exit 0 only when verified.
 */
/**
 * The evidence parsers' helpers, loaded only with --evidence: a bundle
 * check never compiles the quote parsers, X.509 and CBOR code.
 */
async function evidenceHelpers(): Promise<{
  parseTcbAccept: typeof import('../../verify/evidence/tcb-status.js').parseTcbAccept
  evidenceType: typeof import('../../verify/evidence/index.js').evidenceType
  parseSnpPolicy: typeof import('../../verify/evidence/snp-policy.js').parseSnpPolicy
}> {
  const [{ parseTcbAccept }, { evidenceType }, { parseSnpPolicy }] =
    await Promise.all([
      import('../../verify/evidence/tcb-status.js'),
      import('../../verify/evidence/index.js'),
      import('../../verify/evidence/snp-policy.js')
    ])
  return { parseTcbAccept, evidenceType, parseSnpPolicy }
}

export const verify: Command = async (args, io) => {
  const { values: v } = parse(args, {
    bundle: {
      type: 'string',
      multiple: true,
      file: {
        kind: 'json',
        directory: true,
        path: (v: string) => (v.startsWith('oci://') ? undefined : v)
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
    'evidence-time': { type: 'string', default: 'now' },
    'nitro-root': { type: 'string', file: 'pem' },
    'nitro-allow-debug': {
      type: 'boolean',
      default: false,
      help: 'Nitro: accept a document from an enclave run in debug mode (all PCRs zero).'
    },
    'evidence-challenge': { type: 'string' },
    'dcap-collateral': {
      type: 'string',
      arg: 'FILE',
      file: 'json',
      help: "SGX/TDX: Intel's collateral, one JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for quotes."
    },
    'dcap-tcb-accept': {
      type: 'string',
      arg: 'STATUS,...',
      help: 'SGX/TDX: accepted TCB statuses, comma-separated (default UpToDate).'
    },
    'dcap-allow-debug': {
      type: 'boolean',
      default: false,
      help: 'SGX/TDX: accept a debug enclave or TD.'
    },
    'dcap-pcs': {
      type: 'string',
      arg: 'URL',
      help: 'SGX/TDX without --dcap-collateral: fetch the collateral from this Intel PCS (or PCCS) base URL, e.g. https://api.trustedservices.intel.com.'
    },
    'evidence-offline': {
      type: 'boolean',
      default: false,
      help: 'Fetch no collateral: read it from --evidence-cache only (filled by an earlier online run).'
    },
    'snp-vcek': {
      type: 'string',
      arg: 'FILE',
      file: 'pem',
      help: 'SEV-SNP: the VCEK or VLEK (PEM or DER); without it the VCEK is fetched from AMD KDS.'
    },
    'snp-ask': {
      type: 'string',
      arg: 'FILE',
      file: 'pem',
      help: "SEV-SNP: the ASK or ASVK (default: AMD's, pinned for Milan, Genoa, Turin)."
    },
    'snp-policy': {
      type: 'string',
      arg: 'SPEC',
      help: 'SEV-SNP: debug|migrate-ma|smt|provisional=allow|deny, vmpl=N, min-tcb.bootloader|tee|snp|microcode|fmc=N (default debug=deny,migrate-ma=deny,smt=allow).'
    },
    'snp-crl': {
      type: 'string',
      arg: 'FILE|kds',
      file: {
        kind: 'evidence',
        path: (v: string) => (v === 'kds' ? undefined : v)
      },
      help: "SEV-SNP: AMD's CRL for the ASK/ASVK, a DER file or kds to fetch it from AMD KDS (default: not checked, as go-sev-guest)."
    },
    'snp-kds': {
      type: 'string',
      arg: 'URL',
      help: 'SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'
    },
    'evidence-cache': {
      type: 'string',
      arg: 'DIR',
      help: 'Directory keeping VCEKs fetched from AMD KDS.'
    },
    'evidence-register': {
      type: 'string',
      arg: 'HOST_DATA|MRCONFIGID',
      help: 'Look the attestation up by this register of the evidence: HOST_DATA (SEV-SNP) or MRCONFIGID (TDX) for a CoCo initdata or ACI policy digest.'
    },
    ...CS_FLAGS,
    'public-key': { type: 'string', file: 'pem' },
    json: { type: 'boolean', default: false }
  })
  if (v.evidence !== undefined && v['evidence-type'] === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--evidence needs --evidence-type nitro|nitrotpm|sgx-quote|td-quote|snp-report|cs-token'
    )
  const at = evidenceTime(v['evidence-time'])
  const ev = v.evidence ? await evidenceHelpers() : undefined
  const input: VerifyInput = {
    ...(v.measurement ? { measurement: v.measurement } : {}),
    ...(v.evidence
      ? {
          evidence: {
            type: ev!.evidenceType(v['evidence-type'] ?? ''),
            path: v.evidence,
            ...(v['nitro-root'] ? { nitroRootPath: v['nitro-root'] } : {}),
            nitroAllowDebug: v['nitro-allow-debug'],
            ...(at ? { at } : {}),
            ...(v['evidence-challenge'] !== undefined
              ? { challenge: v['evidence-challenge'] }
              : {}),
            snp: {
              ...(v['snp-vcek'] ? { vcekPath: v['snp-vcek'] } : {}),
              ...(v['snp-ask'] ? { askPath: v['snp-ask'] } : {}),
              policy: ev!.parseSnpPolicy(v['snp-policy'] ?? ''),
              ...(v['snp-kds'] ? { kdsUrl: v['snp-kds'] } : {}),
              ...(v['evidence-cache'] ? { cacheDir: v['evidence-cache'] } : {}),
              ...(v['snp-crl'] ? { crl: v['snp-crl'] } : {}),
              offline: v['evidence-offline']
            },
            ...(v['evidence-register'] !== undefined
              ? { register: v['evidence-register'] }
              : {}),
            cs: {
              ...(v['cs-audience'] ? { audience: v['cs-audience'] } : {}),
              ...(v['cs-jwks'] ? { jwks: v['cs-jwks'] } : {}),
              ...(v['cs-root'] ? { rootPath: v['cs-root'] } : {}),
              ...(v['cs-support'] !== undefined
                ? {
                    support: v['cs-support'].split(',').filter((x) => x !== '')
                  }
                : {}),
              ...(v['cs-hwmodel']
                ? { hwmodels: v['cs-hwmodel'].split(',') }
                : {}),
              allowDebug: v['cs-allow-debug'],
              allowCmdOverride: v['cs-allow-cmd-override']
            },
            dcap: {
              ...(v['dcap-collateral']
                ? { collateralPath: v['dcap-collateral'] }
                : {}),
              acceptedStatuses: ev!.parseTcbAccept(v['dcap-tcb-accept'] ?? ''),
              debug: v['dcap-allow-debug'],
              ...(v['dcap-pcs'] ? { pcsUrl: v['dcap-pcs'] } : {}),
              ...(v['evidence-cache'] ? { cacheDir: v['evidence-cache'] } : {}),
              offline: v['evidence-offline']
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
  // --evidence alone: check it to its vendor root and print what it attests.
  if (input.evidence && !input.measurement && !v.bundle?.length && !v.repo) {
    const { checkEvidence, evidenceReport } =
      await import('../../verify/evidence-only.js')
    const report = evidenceReport(await checkEvidence(input.evidence, {}))
    if (v.json) printJson(io, report)
    else printEvidenceText(io, report)
    return 0
  }
  // Loaded here: checking evidence alone must not pay for the Sigstore stack.
  const { runVerify } = await import('../../verify/run.js')
  const result = await runVerify(input)
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`)
  if (v.json) printJson(io, result)
  else printText(io, result)
  return 0
}

/** Printed by `verify --help` above its flags. */
verify.about = USAGE
