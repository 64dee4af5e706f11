import { basename } from 'node:path'
import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import type { BuildRecord } from '../go/record.js'
import type { TargetResult } from '../targets/target.js'
import { lookupDigest, normalizeHex } from './digest.js'
import {
  MEASUREMENT_PREDICATE_TYPE,
  measurementPredicateSchema,
  type MeasurementPredicate
} from './predicate.js'

/** `_type` of an in-toto Statement v1. */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'

/** DSSE payloadType of an in-toto statement. */
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'

/** Subject names of measurements start with this, e.g. `measurement:PCR0`. */
export const MEASUREMENT_SUBJECT_PREFIX = 'measurement:'

/** An in-toto ResourceDescriptor as used for subjects. */
export const subjectSchema = z.object({
  name: z.string(),
  digest: z.record(z.string(), z.string().regex(/^[0-9a-f]+$/))
})

/** An in-toto Statement v1 with any predicate. */
export const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.string().min(1),
  predicate: z.record(z.string(), z.unknown())
})

/** One subject of a statement. */
export type Subject = z.infer<typeof subjectSchema>

/** An in-toto Statement v1 with a predicate of type `P`. */
export interface Statement<P = Record<string, unknown>> {
  _type: typeof STATEMENT_TYPE
  subject: Subject[]
  predicateType: string
  predicate: P
}

/** Where the source came from; only informational in the predicate. */
export interface SourceInfo {
  repository?: string
  commit?: string
  ref?: string
}

/** What the measurement statement is built from. */
export interface StatementInput {
  result: TargetResult
  build: BuildRecord
  source?: SourceInfo
  /** Version of enclave-build, recorded in the predicate. */
  toolVersion: string
}

/**
 * Builds the measurement statement. Subjects, in this order: the Go binary
 * (by file name), each artefact (by file name), then each measurement as
 * `measurement:<NAME>` with its sha256 lookup digest. Duplicates (same name
 * and digest) are listed once. The lookup digest given by the target is
 * recomputed and must agree, so a target bug cannot publish an attestation
 * that nobody can find.
 */
export function buildMeasurementStatement(
  input: StatementInput
): Statement<MeasurementPredicate> {
  const { result, build } = input
  const measurements = result.measurements.map((m) => {
    const value = normalizeHex(m.algorithm, m.value)
    const expected = lookupDigest(m.algorithm, value)
    if (m.lookupDigest.toLowerCase() !== expected)
      throw new EnclaveBuildError(
        'INTERNAL',
        `measurement ${m.name}: lookupDigest ${m.lookupDigest} is not ${expected} (see docs/predicate.md)`
      )
    return {
      name: m.name,
      algorithm: m.algorithm,
      value,
      lookupDigest: expected
    }
  })
  const binaryName = basename(build.binary.path)
  const subjects: Subject[] = [
    { name: binaryName, digest: { sha256: build.binary.sha256 } },
    ...result.artifacts.map((a) => ({
      name: basename(a.path),
      digest: { sha256: a.sha256 }
    })),
    ...measurements.map((m) => ({
      name: `${MEASUREMENT_SUBJECT_PREFIX}${m.name}`,
      digest: { sha256: m.lookupDigest }
    }))
  ]
  const predicate: MeasurementPredicate = {
    target: result.target,
    measurements,
    ...(result.signer ? { signer: result.signer } : {}),
    pinned: result.pinned.map((p) => ({ name: p.name, sha256: p.sha256 })),
    artifacts: result.artifacts.map((a) => ({
      kind: a.kind,
      name: basename(a.path),
      sha256: a.sha256
    })),
    parameters: result.parameters,
    build: {
      goVersion: build.goVersion,
      goos: build.goos,
      goarch: build.goarch,
      goamd64: build.goamd64,
      package: build.package,
      env: build.env,
      args: build.args,
      ldflags: build.ldflags,
      tags: build.tags,
      cgo: build.cgo,
      goSumSha256: build.goSumSha256,
      binary: {
        name: binaryName,
        sha256: build.binary.sha256,
        size: build.binary.size
      },
      buildinfo: build.buildinfo,
      reproducible: build.reproducible
    },
    source: {
      ...((input.source?.repository ?? build.source.repository)
        ? { repository: input.source?.repository ?? build.source.repository }
        : {}),
      commit: input.source?.commit ?? build.source.commit,
      ...(input.source?.ref ? { ref: input.source.ref } : {})
    },
    tool: { name: 'enclave-build', version: input.toolVersion }
  }
  // Validate what we are about to sign: a malformed predicate must fail
  // here, not in a verifier months later.
  const checked = measurementPredicateSchema.safeParse(predicate)
  if (!checked.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `cannot attest: the measurement predicate is invalid: ${z.prettifyError(checked.error)}`
    )
  return {
    _type: STATEMENT_TYPE,
    subject: dedupe(subjects),
    predicateType: MEASUREMENT_PREDICATE_TYPE,
    predicate: checked.data
  }
}

/** Keeps the first of subjects that share name and digest. */
export function dedupe(subjects: Subject[]): Subject[] {
  const seen = new Set<string>()
  return subjects.filter((s) => {
    const key = JSON.stringify([s.name, s.digest])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Parses an untrusted statement (e.g. a DSSE payload); INPUT_INVALID on mismatch. */
export function parseStatement(value: unknown): Statement {
  const result = statementSchema.safeParse(value)
  if (!result.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `not an in-toto Statement v1: ${z.prettifyError(result.error)}`
    )
  return result.data
}

/** The exact bytes that get signed: compact JSON. */
export function statementPayload(statement: Statement<unknown>): Buffer {
  return Buffer.from(JSON.stringify(statement), 'utf8')
}
