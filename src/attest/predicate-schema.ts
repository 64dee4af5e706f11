import { z } from 'zod'
import {
  MEASUREMENT_PREDICATE_TYPE,
  measurementPredicateSchema
} from '../model/predicate.js'

/**
 * The JSON Schema (draft 2020-12) of the measurement predicate, generated
 * from the zod schema so the two cannot drift. docs/predicate.schema.json
 * is this, pretty-printed; a test checks the committed copy.
 */
export function predicateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(measurementPredicateSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any'
  })
  return {
    $schema: schema.$schema,
    $id: `${MEASUREMENT_PREDICATE_TYPE}/schema.json`,
    title: 'enclave-build measurement predicate v1',
    description: `Predicate of in-toto statements with predicateType ${MEASUREMENT_PREDICATE_TYPE}. See docs/predicate.md.`,
    ...Object.fromEntries(
      Object.entries(schema).filter(([k]) => k !== '$schema')
    )
  }
}

/** The file content: 2-space JSON with a final newline. */
export function predicateJsonSchemaText(): string {
  return `${JSON.stringify(predicateJsonSchema(), null, 2)}\n`
}
