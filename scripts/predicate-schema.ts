// Regenerates docs/predicate.schema.json from the zod schema of the
// measurement predicate. Run: bash bench/run-ts.sh scripts/predicate-schema.ts
// (__tests__/attest/predicate-schema.test.ts fails when the file is stale).
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { predicateJsonSchemaText } from '../src/attest/predicate-schema.js'

const out = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'docs',
  'predicate.schema.json'
)
writeFileSync(out, predicateJsonSchemaText())
console.log(`wrote ${out}`)
