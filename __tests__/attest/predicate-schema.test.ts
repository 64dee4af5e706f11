import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { predicateJsonSchema } from '../../src/attest/predicate-schema.js'

describe('docs/predicate.schema.json', () => {
  it('equals the schema generated from zod (run scripts/predicate-schema.ts)', async () => {
    const committed = await readFile(
      join(process.cwd(), 'docs', 'predicate.schema.json'),
      'utf8'
    )
    // Compared as JSON: prettier may re-wrap the committed file.
    expect(JSON.parse(committed)).toEqual(predicateJsonSchema())
  })
})
