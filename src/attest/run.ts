// Why this file is long (a little over 250 lines): the attestation stage
// reads best as one function in its order (statements, signing options per
// mode, then what becomes public, recorded by published.ts as it happens).
import { basename, join } from 'node:path'
import type { IdentityProvider } from '@sigstore/sign'
import { EnclaveBuildError } from '../errors.js'
import type { BuildRecord } from '../model/build-record.js'
import type { SummarySection } from '../model/summary.js'
import type { OutputName } from '../outputs.js'
import { githubToken } from '../util/github-token.js'
import type { TargetResult } from '../model/target-result.js'
import { readInputText, writeFileAtomic } from '../util/fs.js'
import type { FetchFn } from '../util/http.js'
import { actionInputName, type InputName } from '../util/input-name.js'
import { githubOidcProvider } from './oidc.js'
import type { AttestOptions } from './options.js'
import { buildProvenanceStatement } from './provenance.js'
import { summarize } from './summary.js'
import {
  sigstoreEndpoints,
  writeBundle,
  type SigstoreEndpoints,
  type SigstoreInstance,
  type SignOptions
} from './sign.js'
import type { Statement } from '../model/statement.js'
import { buildMeasurementStatement, type SourceInfo } from './statement.js'
import { PublishedRecord, signBoth, storeBoth } from './published.js'

/** The outside world of the attestation stage, injectable for tests. */
export interface AttestDeps {
  env: NodeJS.ProcessEnv
  /** Where the statements and bundles are written. */
  outDir: string
  /** enclave-build's version, recorded in the predicate. */
  toolVersion: string
  fetch?: FetchFn
  sleep?: (ms: number) => Promise<void>
  /** Overrides the OIDC token source (tests). */
  identityProvider?: IdentityProvider
  /** Overrides the Sigstore endpoints of the instance (tests). */
  endpoints?: SigstoreEndpoints
  /** Repository visibility if known (else read from GITHUB_EVENT_PATH). */
  visibility?: string
  /** Action inputs recorded as the provenance's externalParameters. */
  inputs?: Record<string, unknown>
  startedOn?: Date
  log?: (message: string) => void
  /**
   * Sets an action output the moment what it names is published (a Rekor
   * entry, a stored attestation), so a later failure does not hide it.
   */
  setOutput?: (name: string, value: string) => void
  /** How messages name the inputs (default: the action's spelling). */
  input?: InputName
}

/** What the attestation stage produced. */
export interface AttestOutcome {
  statementPath: string
  provenanceStatementPath: string
  /** Absent when signing is none. */
  bundlePath?: string
  provenanceBundlePath?: string
  attestationId?: string
  attestationUrl?: string
  provenanceAttestationId?: string
  provenanceAttestationUrl?: string
  /** Rekor log index (public-good keyless). */
  logIndex?: string
  instance?: SigstoreInstance
  summary: SummarySection[]
  /** Action outputs, by output name. */
  outputs: Partial<Record<OutputName, string>>
}

/** Everything {@link attestResult} needs. */
export interface AttestRequest {
  result: TargetResult
  build: BuildRecord
  source?: SourceInfo
  options: AttestOptions
  deps: AttestDeps
}

/**
 * The attestation stage of the action: builds the measurement statement and
 * the SLSA provenance, writes both, signs them (keyless, key or not at
 * all), stores them on GitHub when asked, and returns the paths, ids and
 * a summary. Nothing here logs the key or the token.
 */
export async function attestResult(req: AttestRequest): Promise<AttestOutcome> {
  const { result, build, options, deps } = req
  const log = deps.log ?? ((): void => undefined)
  const input = deps.input ?? actionInputName
  const env = deps.env
  // The build record knows what was built; the workflow's env is only a
  // fallback (a job may build a checkout other than GITHUB_SHA).
  const source: SourceInfo = {
    repository:
      req.source?.repository ??
      build.source.repository ??
      (env.GITHUB_REPOSITORY
        ? `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`
        : undefined),
    commit: req.source?.commit ?? build.source.commit,
    ref: req.source?.ref ?? env.GITHUB_REF
  }
  const measurement = buildMeasurementStatement({
    result,
    build,
    source,
    toolVersion: deps.toolVersion
  })
  const provenance = buildProvenanceStatement({
    result,
    build,
    env,
    inputs: deps.inputs ?? {},
    startedOn: deps.startedOn,
    finishedOn: new Date()
  })
  const base = join(deps.outDir, basename(build.binary.path))
  const statementPath = `${base}.intoto.json`
  const provenanceStatementPath = `${base}.provenance.intoto.json`
  await writeFileAtomic(
    statementPath,
    `${JSON.stringify(measurement, null, 2)}\n`
  )
  await writeFileAtomic(
    provenanceStatementPath,
    `${JSON.stringify(provenance, null, 2)}\n`
  )
  const outcome: AttestOutcome = {
    statementPath,
    provenanceStatementPath,
    summary: [],
    outputs: { 'statement-path': statementPath }
  }
  if (options.signing === 'none') {
    log(`statements written unsigned (${input('signing', 'none')})`)
    outcome.summary = summarize(result, outcome, 'none')
    return outcome
  }

  let signOptions: SignOptions
  if (options.signing === 'key') {
    const pem = options['attestation-key']
    if (!pem)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${input('signing', 'key')} needs ${input('attestation-key')} (a PEM private key, from a secret: ${input('attestation-key', '${{ secrets.ATTESTATION_KEY }}')})`
      )
    signOptions = {
      mode: 'key',
      privateKeyPem: pem,
      password: options['attestation-key-password'],
      passwordName: input('attestation-key-password')
    }
  } else {
    const instance = options.sigstore ?? (await defaultInstance(deps, log))
    outcome.instance = instance
    signOptions = {
      mode: 'keyless',
      endpoints:
        deps.endpoints ?? sigstoreEndpoints(instance, env.GITHUB_SERVER_URL),
      identityProvider:
        deps.identityProvider ??
        githubOidcProvider({
          env,
          fetch: deps.fetch,
          sleep: deps.sleep,
          input
        })
    }
    log(`signing keyless with the ${instance} Sigstore instance`)
  }
  // Checked before anything is signed: a keyless signature is public.
  const store = options.store ?? options.signing === 'keyless'
  const repository = env.GITHUB_REPOSITORY
  if (store && !repository)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${input('store', 'true')} needs GITHUB_REPOSITORY (run inside GitHub Actions) or ${input('store', 'false')}`
    )
  // From here on things become public one by one: each is logged and
  // output as it happens, and a later failure lists them.
  const published = new PublishedRecord(log, deps.setOutput)
  const { signed, signedProvenance } = await signBoth(
    measurement,
    provenance,
    signOptions,
    published
  )
  outcome.bundlePath = await published.guard(
    writeBundle(`${base}.sigstore.json`, signed.bundle)
  )
  outcome.provenanceBundlePath = await published.guard(
    writeBundle(`${base}.provenance.sigstore.json`, signedProvenance.bundle)
  )
  if (signed.logIndex) outcome.logIndex = signed.logIndex

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
    }
    const stored = await storeBoth(
      signed.bundle,
      signedProvenance.bundle,
      common,
      published
    )
    outcome.attestationId = stored.measurement.id
    outcome.attestationUrl = stored.measurement.url
    outcome.provenanceAttestationId = stored.provenance.id
    outcome.provenanceAttestationUrl = stored.provenance.url
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
  }
  outcome.summary = summarize(result, outcome, options.signing, env, signed)
  return outcome
}

/**
 * public-good only for a repository known to be public, github otherwise, as
 * actions/attest decides: the public Rekor log records the repository, the
 * workflow and the commit, so it is never a guess. An event file that is
 * named but cannot be read is an error that names the `sigstore` input.
 */
async function defaultInstance(
  deps: AttestDeps,
  log: (message: string) => void
): Promise<SigstoreInstance> {
  const input = deps.input ?? actionInputName
  const visibility = deps.visibility ?? (await eventVisibility(deps.env, input))
  if (visibility === 'public') return 'public-good'
  if (visibility === undefined)
    log(
      `the repository's visibility is unknown, so the signature goes to GitHub's Sigstore instance, not the public log; set ${input('sigstore', 'public-good')} for a public repository`
    )
  return 'github'
}

/** repository.visibility from the workflow's event file, if it has one. */
async function eventVisibility(
  env: NodeJS.ProcessEnv,
  input: InputName
): Promise<string | undefined> {
  const path = env.GITHUB_EVENT_PATH
  if (!path) return undefined
  let event: { repository?: { visibility?: unknown } } | null
  try {
    event = JSON.parse(
      await readInputText(path, 'the event', { maxBytes: 64 * 2 ** 20 })
    ) as typeof event
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `cannot read the repository's visibility from GITHUB_EVENT_PATH (${err instanceof Error ? err.message : String(err)}): set ${input('sigstore', 'public-good')} or ${input('sigstore', 'github')}`,
      { cause: err }
    )
  }
  const v = event?.repository?.visibility
  return typeof v === 'string' ? v : undefined
}

/** Re-exported for callers that only import the stage. */
export type { Statement }
