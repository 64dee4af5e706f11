import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import type { BuildRecord } from '../go/record.js'
import type { TargetResult } from '../targets/target.js'

/**
 * Reading the JSON files the command line passes between steps (the
 * `go build --record` file, a saved TargetResult, a statement) with coded
 * errors: a user's file is untrusted input.
 */

const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/)
const dep = z.looseObject({
  path: z.string(),
  version: z.string(),
  sum: z.string().optional()
})

/** The BuildRecord written by `enclave-build go build --record`. */
export const buildRecordSchema = z.looseObject({
  schemaVersion: z.literal(1),
  goVersion: z.string(),
  goos: z.string(),
  goarch: z.string(),
  package: z.string(),
  env: z.record(z.string(), z.string()),
  args: z.array(z.string()),
  ldflags: z.string(),
  tags: z.array(z.string()),
  cgo: z.boolean(),
  goamd64: z.string(),
  goSumSha256: sha256.nullable(),
  binary: z.looseObject({ path: z.string(), sha256, size: z.number() }),
  buildinfo: z.looseObject({
    goVersion: z.string(),
    path: z.string(),
    main: dep,
    deps: z.array(dep),
    settings: z.record(z.string(), z.string())
  }),
  source: z.looseObject({
    commit: z.string(),
    commitTime: z.string(),
    repository: z.string().optional()
  }),
  reproducible: z.boolean().nullable()
})

/** A TargetResult saved as JSON. */
export const targetResultSchema = z.looseObject({
  target: z.string().min(1),
  artifacts: z.array(
    z.looseObject({ kind: z.string(), path: z.string(), sha256 })
  ),
  measurements: z.array(
    z.looseObject({
      name: z.string().min(1),
      algorithm: z.enum(['sha256', 'sha384']),
      value: z.string(),
      lookupDigest: sha256
    })
  ),
  signer: z.record(z.string(), z.string()).optional(),
  pinned: z.array(
    z.looseObject({ name: z.string(), path: z.string(), sha256 })
  ),
  outputs: z.record(z.string(), z.string()).default({}),
  parameters: z.record(z.string(), z.unknown()).default({})
})

/** Reads and parses a JSON file; FILE_NOT_FOUND / INPUT_INVALID otherwise. */
export async function readJsonFile(
  path: string,
  what: string
): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new EnclaveBuildError(
      'FILE_NOT_FOUND',
      `cannot read the ${what} ${path}: ${(err as Error).message}`
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the ${what} ${path} is not JSON: ${(err as Error).message}`
    )
  }
}

/** Validates `value` against `schema`; INPUT_INVALID naming the file otherwise. */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string
): T {
  const result = schema.safeParse(value)
  if (!result.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the ${what} is not valid: ${z.prettifyError(result.error)}`
    )
  return result.data
}

/** A build record file. */
export async function readBuildRecord(path: string): Promise<BuildRecord> {
  return validate(
    buildRecordSchema,
    await readJsonFile(path, 'build record'),
    `build record ${path}`
  )
}

/** A saved TargetResult file. */
export async function readTargetResult(path: string): Promise<TargetResult> {
  return validate(
    targetResultSchema,
    await readJsonFile(path, 'target result'),
    `target result ${path}`
  )
}
