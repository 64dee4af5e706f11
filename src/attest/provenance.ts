import { basename } from 'node:path'
import type { BuildRecord } from '../model/build-record.js'
import type { TargetResult } from '../model/target-result.js'
import {
  dedupe,
  STATEMENT_TYPE,
  type Statement,
  type Subject
} from '../model/statement.js'

/** The SLSA provenance predicate type (v1.0 and v1.1 share it). */
export const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1'

/**
 * Our buildType: "a Go program built reproducibly by enclave-build, then
 * packaged for a TEE". externalParameters are the action inputs; see
 * docs/attest.md.
 */
export const BUILD_TYPE = 'https://enclave-build.dev/buildtypes/go-enclave/v1'

/** An in-toto ResourceDescriptor. */
export interface ResourceDescriptor {
  uri?: string
  name?: string
  digest?: Record<string, string>
  annotations?: Record<string, unknown>
}

/** The SLSA v1 provenance predicate (the fields we fill). */
export interface ProvenancePredicate {
  buildDefinition: {
    buildType: string
    externalParameters: Record<string, unknown>
    internalParameters?: Record<string, unknown>
    resolvedDependencies: ResourceDescriptor[]
  }
  runDetails: {
    builder: { id: string }
    metadata?: {
      invocationId?: string
      startedOn?: string
      finishedOn?: string
    }
  }
}

/** What the provenance is built from. */
export interface ProvenanceInput {
  result: TargetResult
  build: BuildRecord
  /** The action inputs that shaped the output (secrets are dropped anyway). */
  inputs: Record<string, unknown>
  /** GitHub Actions environment (GITHUB_*, RUNNER_ENVIRONMENT). */
  env: NodeJS.ProcessEnv
  startedOn?: Date
  finishedOn?: Date
}

/** Input names that may hold secrets never go into a statement. */
const SECRET = /key|token|password|secret|credential/i

/**
 * A SLSA provenance v1 statement for the built files (the Go binary and the
 * target's artefacts), so `gh attestation verify <file>` works with its
 * default predicate type. The builder is the calling workflow; its identity
 * is proven by the Fulcio certificate, not by these fields.
 */
export function buildProvenanceStatement(
  input: ProvenanceInput
): Statement<ProvenancePredicate> {
  const { build, result, env } = input
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(
    /\/+$/,
    ''
  )
  const repository = env.GITHUB_REPOSITORY
  // What was built is the build record's commit; the workflow's own
  // checkout (GITHUB_SHA) may be another one.
  const commit = build.source.commit
  const ref = env.GITHUB_REF
  const workflowRef = env.GITHUB_WORKFLOW_REF // owner/repo/.github/workflows/x.yml@ref
  const subject: Subject[] = dedupe([
    {
      name: basename(build.binary.path),
      digest: { sha256: build.binary.sha256 }
    },
    ...result.artifacts.map((a) => ({
      name: basename(a.path),
      digest: { sha256: a.sha256 }
    }))
  ])
  const externalParameters: Record<string, unknown> = {
    inputs: Object.fromEntries(
      Object.entries(input.inputs).filter(([k]) => !SECRET.test(k))
    )
  }
  if (workflowRef) {
    const at = workflowRef.indexOf('@')
    const path = workflowRef.slice(0, at === -1 ? undefined : at)
    externalParameters.workflow = {
      ref: at === -1 ? ref : workflowRef.slice(at + 1),
      repository: repository ? `${server}/${repository}` : undefined,
      path: repository ? path.slice(repository.length + 1) : path
    }
  }
  const envRepo = repository ? `${server}/${repository}` : undefined
  const sourceRepo = build.source.repository ?? envRepo
  // The ref names the commit only when the workflow built its own checkout.
  const sourceRef =
    ref && sourceRepo === envRepo && env.GITHUB_SHA === commit ? `@${ref}` : ''
  const deps: ResourceDescriptor[] = [
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
      const dirHash = h1ToHex(d.sum)
      return [
        {
          uri: `pkg:golang/${d.path}@${d.version}`,
          ...(dirHash ? { digest: { dirHash } } : {})
        }
      ]
    }),
    ...result.pinned.map((p) => ({
      name: p.name,
      digest: { sha256: p.sha256 }
    }))
  ]
  const internal: Record<string, string> = {}
  for (const [key, name] of [
    ['event_name', 'GITHUB_EVENT_NAME'],
    ['repository_id', 'GITHUB_REPOSITORY_ID'],
    ['repository_owner_id', 'GITHUB_REPOSITORY_OWNER_ID'],
    ['runner_environment', 'RUNNER_ENVIRONMENT']
  ] as const) {
    const v = env[name]
    if (v) internal[key] = v
  }
  const metadata: NonNullable<ProvenancePredicate['runDetails']['metadata']> =
    {}
  if (repository && env.GITHUB_RUN_ID)
    metadata.invocationId = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`
  if (input.startedOn) metadata.startedOn = input.startedOn.toISOString()
  if (input.finishedOn) metadata.finishedOn = input.finishedOn.toISOString()
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
  }
}

/** Go's `h1:<base64>` module hash as hex (in-toto's dirHash); undefined otherwise. */
export function h1ToHex(sum: string | undefined): string | undefined {
  if (!sum?.startsWith('h1:')) return undefined
  const raw = Buffer.from(sum.slice(3), 'base64')
  return raw.length === 32 ? raw.toString('hex') : undefined
}

function dropUndefined(d: ResourceDescriptor): ResourceDescriptor {
  return Object.fromEntries(
    Object.entries(d).filter(([, v]) => v !== undefined)
  )
}
