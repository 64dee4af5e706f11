import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'
import { readInputText } from '../util/fs.js'
import { buildRecordSchema, type BuildRecord } from '../model/build-record.js'
import {
  targetResultSchema,
  type TargetResult
} from '../model/target-result.js'

/**
 * Reading the JSON files the command line passes between steps (the
 * `go build --record` file, a saved TargetResult, a statement) with coded
 * errors: a user's file is untrusted input.
 */

/** A record, result, statement or bundle bigger than this is not one. */
const MAX_JSON_FILE = 256 * 2 ** 20

/** Reads and parses a JSON file; FILE_NOT_FOUND / INPUT_INVALID otherwise. */
export async function readJsonFile(
  path: string,
  what: string
): Promise<unknown> {
  const text = await readInputText(path, `the ${what}`, {
    maxBytes: MAX_JSON_FILE
  })
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
