import { basename } from 'node:path'
import { MEASUREMENT_PREDICATE_TYPE } from '../model/predicate.js'
import type { SummarySection } from '../model/summary.js'
import type { TargetResult } from '../model/target-result.js'
import type { AttestOptions } from './options.js'
import type { SignedBundle, SigstoreInstance } from './sign.js'

/** What the attestation stage found out, as far as the summary shows it. */
export interface AttestFacts {
  instance?: SigstoreInstance
  logIndex?: string
  attestationId?: string
  attestationUrl?: string
  bundlePath?: string
}

/** The summary sections: attestation facts and a copyable verify command. */
export function summarize(
  result: TargetResult,
  outcome: AttestFacts,
  signing: AttestOptions['signing'],
  env: NodeJS.ProcessEnv = {},
  signed?: Pick<SignedBundle, 'keyHint'>
): SummarySection[] {
  const code = (s: string): string => `<code>${s}</code>`
  const rows: [string, string][] = [
    ['Predicate type', code(MEASUREMENT_PREDICATE_TYPE)],
    ['Signing', signing + (outcome.instance ? ` (${outcome.instance})` : '')],
    ...result.measurements.map((m): [string, string] => [
      `${m.name} lookup digest`,
      code(`sha256:${m.lookupDigest}`)
    ])
  ]
  if (outcome.logIndex)
    rows.push([
      'Transparency log',
      `<a href="https://search.sigstore.dev/?logIndex=${outcome.logIndex}">Rekor entry ${outcome.logIndex}</a>`
    ])
  if (outcome.attestationUrl)
    rows.push([
      'Attestation',
      `<a href="${outcome.attestationUrl}">${outcome.attestationId ?? ''}</a>`
    ])
  if (signed?.keyHint) rows.push(['Key hint', code(signed.keyHint)])
  if (outcome.bundlePath)
    rows.push(['Bundle', code(basename(outcome.bundlePath))])
  const sections: SummarySection[] = [{ heading: 'Attestation', rows }]
  const first = result.measurements[0]
  if (first && signing !== 'none') {
    const repo = env.GITHUB_REPOSITORY ?? 'OWNER/REPO'
    const lines =
      signing === 'keyless'
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
          ]
    sections.push({ heading: 'Verify', text: lines.join('\n') })
  }
  return sections
}
