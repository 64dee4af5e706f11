import { basename } from 'node:path'
import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import type { BuildRecord } from '../model/build-record.js'
import { measurement } from '../model/measurement.js'
import {
  MEASUREMENT_PREDICATE_TYPE,
  measurementPredicateSchema,
  type MeasurementPredicate
} from '../model/predicate.js'
import {
  dedupe,
  MEASUREMENT_SUBJECT_PREFIX,
  STATEMENT_TYPE,
  type Statement,
  type Subject
} from '../model/statement.js'
import type { TargetResult } from '../model/target-result.js'

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
    const made = measurement(m.name, m.algorithm, m.value)
    // a result not made by measurement() would publish an attestation
    // nobody can find under its lookup digest: a bug in that target
    if (m.lookupDigest.toLowerCase() !== made.lookupDigest)
      throw new EnclaveBuildError(
        'INTERNAL',
        `measurement ${m.name}: lookupDigest ${m.lookupDigest} is not ${made.lookupDigest}; targets must make measurements with measurement() (src/model/measurement.ts)`
      )
    return made
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
