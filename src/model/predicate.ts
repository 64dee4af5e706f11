import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import { VERSION } from '../version.js'
import { hexString, measurementSchema } from './measurement.js'

/**
 * The predicate type of the measurement attestation. The trailing `/v1` is
 * the version of the predicate shape: a change that removes or re-means a
 * field gets `/v2`; adding an optional field keeps `/v1`. Verifiers pin it
 * (`cosign --type`, `gh attestation verify --predicate-type`).
 */
export const MEASUREMENT_PREDICATE_TYPE =
  'https://enclave-build.dev/measurement/v1'

/** The version of enclave-build recorded in predicates (src/version.ts). */
export const TOOL_VERSION = VERSION

const sha256Hex = hexString(64)

/** The Go build, as recorded by src/go (paths reduced to file names). */
export const goBuildSchema = z
  .object({
    goVersion: z.string().describe('`go version` of the toolchain'),
    goos: z.string(),
    goarch: z.string(),
    goamd64: z.string(),
    package: z.string().describe('Main package as given to go build'),
    env: z
      .record(z.string(), z.string())
      .describe('Environment variables set explicitly'),
    args: z.array(z.string()).describe('Arguments after `go`'),
    ldflags: z.string(),
    tags: z.array(z.string()),
    cgo: z.boolean(),
    goSumSha256: sha256Hex
      .nullable()
      .describe('sha256 of go.sum; null without dependencies'),
    binary: z
      .object({ name: z.string(), sha256: sha256Hex, size: z.number().int() })
      .strict(),
    buildinfo: z
      .object({
        goVersion: z.string(),
        path: z.string(),
        main: z
          .object({
            path: z.string(),
            version: z.string(),
            sum: z.string().optional()
          })
          .strict(),
        deps: z.array(
          z
            .object({
              path: z.string(),
              version: z.string(),
              sum: z.string().optional()
            })
            .strict()
        ),
        settings: z.record(z.string(), z.string())
      })
      .strict()
      .describe('`go version -m` of the binary'),
    reproducible: z
      .boolean()
      .nullable()
      .describe('Result of the rebuild check; null when none ran')
  })
  .strict()

/**
 * The predicate of {@link MEASUREMENT_PREDICATE_TYPE}. `source` is
 * informational: a verifier trusts the repository and commit in the Fulcio
 * certificate, never these copies.
 */
export const measurementPredicateSchema = z
  .object({
    target: z.string().min(1).describe('TEE target, e.g. gramine, nitro, snp'),
    measurements: z.array(measurementSchema).min(1),
    signer: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'Enclave signer identity (MRSIGNER, PCR8 certificate digest...)'
      ),
    pinned: z
      .array(z.object({ name: z.string(), sha256: sha256Hex }).strict())
      .describe('Platform inputs the measurement depends on'),
    artifacts: z
      .array(
        z
          .object({ kind: z.string(), name: z.string(), sha256: sha256Hex })
          .strict()
      )
      .describe('Files the target produced'),
    parameters: z
      .record(z.string(), z.unknown())
      .describe('Target-specific facts (vcpus, cmdline...)'),
    build: goBuildSchema,
    source: z
      .object({
        repository: z.string().optional(),
        commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/),
        ref: z.string().optional()
      })
      .strict()
      .describe('For information only; trust the certificate'),
    tool: z
      .object({ name: z.literal('enclave-build'), version: z.string() })
      .strict()
  })
  .strict()

/** The measurement predicate, as TypeScript. */
export type MeasurementPredicate = z.infer<typeof measurementPredicateSchema>

/** Parses an untrusted predicate; a mismatch is an INPUT_INVALID error. */
export function parseMeasurementPredicate(
  value: unknown
): MeasurementPredicate {
  const result = measurementPredicateSchema.safeParse(value)
  if (!result.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `not a ${MEASUREMENT_PREDICATE_TYPE} predicate: ${z.prettifyError(result.error)}`
    )
  return result.data
}
