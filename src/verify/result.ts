import type { MeasurementPredicate } from '../model/predicate.js'
import { MEASUREMENT_PREDICATE_TYPE } from '../model/predicate.js'
import type { VerifiedBundle } from './bundle.js'
import type { Evidence, EvidenceType } from './evidence/index.js'
import type { WantedMeasurement } from './match.js'
import { repositoryName, type IdentityPolicy } from './policy.js'

/** The answer of a successful verification (the CLI's JSON). */
export interface VerifyResult {
  verified: true
  measurement: string
  measurementName: string
  algorithm: 'sha256' | 'sha384'
  lookupDigest: string
  sourceRepository?: string
  sourceCommit?: string
  sourceRef?: string
  workflow?: string
  predicateType: string
  /** "certificate": repository and commit are Fulcio's; "predicate": self-asserted (key-signed). */
  sourceFrom: 'certificate' | 'predicate'
  certificateIdentity?: string
  issuer?: string
  runnerEnvironment?: string
  run?: string
  trigger?: string
  signedBy: 'certificate' | 'public-key'
  instance: string
  trustRoot: string
  tlogEntries: number
  rfc3161Timestamps: number
  /**
   * pinned: a certificate identity or the source was checked against the
   * user's policy; issuer-only: only the OIDC issuer was (keyless, nothing
   * pinned); public-key: the trusted key is the identity, nothing else pinned.
   */
  identityPolicy: 'pinned' | 'issuer-only' | 'public-key'
  bundle: string
  target: string
  build: MeasurementPredicate['build']
  pinned: MeasurementPredicate['pinned']
  artifacts: MeasurementPredicate['artifacts']
  parameters: MeasurementPredicate['parameters']
  enclaveSigner?: MeasurementPredicate['signer']
  tool: MeasurementPredicate['tool']
  evidence?: {
    type: EvidenceType
    evidenceSignature: Evidence['evidenceSignature']
    registersChecked: string[]
    /** The vendor's TCB rating of the platform (SGX/TDX status, SNP TCB check). */
    tcb?: Evidence['tcb']
    /** FMSPC and PCE ID (SGX/TDX), product and chip id (SNP). */
    platform?: Evidence['platform']
    fields: Record<string, unknown>
  }
  /** The OCI artifact the bundle was found on, and its layers checked against the predicate. */
  artifact?: {
    reference: string
    digest: string
    referrers: 'api' | 'tag-schema'
    layersChecked: string[]
  }
  warnings: string[]
}

/** The path of a URL without its leading slash ("owner/repo/.github/..."). */
function urlPath(uri: string | undefined): string | undefined {
  if (!uri) return undefined
  try {
    return decodeURIComponent(new URL(uri).pathname.replace(/^\/+/, ''))
  } catch {
    return uri
  }
}

/** Assembles the output from what was verified. */
export function resultOf(r: {
  wanted: WantedMeasurement
  measurementName: string
  predicate: MeasurementPredicate
  verified: VerifiedBundle
  policy: IdentityPolicy
  trustRoot: string
  bundle: string
  evidence?: Evidence
  registersChecked: string[]
  warnings: string[]
}): VerifyResult {
  const { predicate, verified } = r
  const s = verified.signer
  const fromCert = s !== undefined
  const opt = <K extends string, V>(
    k: K,
    v: V | undefined
  ): Partial<Record<K, V>> =>
    v === undefined ? {} : ({ [k]: v } as Record<K, V>)
  return {
    verified: true,
    measurement: r.wanted.value,
    measurementName: r.measurementName,
    algorithm: r.wanted.algorithm,
    lookupDigest: r.wanted.lookupDigest,
    ...opt(
      'sourceRepository',
      repositoryName(
        fromCert ? s.sourceRepositoryUri : predicate.source.repository
      )
    ),
    ...opt(
      'sourceCommit',
      fromCert ? s.sourceRepositoryDigest : predicate.source.commit
    ),
    ...opt(
      'sourceRef',
      fromCert ? s.sourceRepositoryRef : predicate.source.ref
    ),
    ...opt('workflow', urlPath(s?.subjectAlternativeName)),
    predicateType: MEASUREMENT_PREDICATE_TYPE,
    sourceFrom: fromCert ? 'certificate' : 'predicate',
    ...opt('certificateIdentity', s?.subjectAlternativeName),
    ...opt('issuer', s?.issuer),
    ...opt('runnerEnvironment', s?.runnerEnvironment),
    ...opt('run', s?.runInvocationUri),
    ...opt('trigger', s?.buildTrigger),
    signedBy: verified.signedBy,
    instance: verified.instance,
    trustRoot: r.trustRoot,
    tlogEntries: verified.tlogEntries,
    rfc3161Timestamps: verified.rfc3161Timestamps,
    identityPolicy: fromCert
      ? r.policy.pinned
        ? 'pinned'
        : 'issuer-only'
      : r.policy.repository || r.policy.sourceRef
        ? 'pinned'
        : 'public-key',
    bundle: r.bundle,
    target: predicate.target,
    build: predicate.build,
    pinned: predicate.pinned,
    artifacts: predicate.artifacts,
    parameters: predicate.parameters,
    ...opt('enclaveSigner', predicate.signer),
    tool: predicate.tool,
    ...(r.evidence
      ? {
          evidence: {
            type: r.evidence.type,
            evidenceSignature: r.evidence.evidenceSignature,
            registersChecked: r.registersChecked,
            ...(r.evidence.tcb ? { tcb: r.evidence.tcb } : {}),
            ...(r.evidence.platform ? { platform: r.evidence.platform } : {}),
            fields: r.evidence.fields
          }
        }
      : {}),
    warnings: r.warnings
  }
}
