import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeInputs } from './fwgen.js'
import { FIXTURES, loadVectors, resolveArgs, runCli } from './helpers.js'

// Every vector sev-snp-measure produced (the team's dev.json and our extra.json),
// reproduced through the command line, in-process.

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-vectors-'))
  writeInputs(dir)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('the TypeScript generator writes the same inputs as gen_firmware.py and gen_extra.py', () => {
  const sums = JSON.parse(
    readFileSync(join(FIXTURES, 'inputs.sha256.json'), 'utf8')
  ) as Record<string, string>
  expect(Object.keys(sums).length).toBeGreaterThanOrEqual(26)
  for (const [name, sum] of Object.entries(sums)) {
    const actual = createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex')
    expect({ name, sum: actual }).toEqual({ name, sum })
  }
})

describe.each(['dev.json', 'extra.json'])('%s', (file) => {
  const vectors = loadVectors(file)
  test('has vectors', () => expect(vectors.length).toBeGreaterThan(5))
  test.each(vectors.map((v) => [v.name, v] as const))(
    '%s',
    async (_name, v) => {
      const r = await runCli([
        'snp',
        'measure',
        ...resolveArgs(v.args, dir),
        '--output-format',
        'hex'
      ])
      if (v.refusedBy !== undefined) {
        expect(r.stderr).toMatch(/^error\[INPUT_INVALID\]: /)
        expect(r.stdout).toBe('')
        expect(r.code).toBe(2)
      } else if (v.expectError) {
        expect(r.code).not.toBe(0)
        expect(r.stdout).toBe('')
        expect(r.stderr).toMatch(/^error\[[A-Z_]+\]: /)
      } else {
        expect(r.stderr).toBe('')
        expect(r.stdout).toBe(`${v.expected}\n`)
        expect(r.code).toBe(0)
      }
    }
  )
})
