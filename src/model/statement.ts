import { z } from 'zod'
import { EnclaveBuildError } from '../errors.js'

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
