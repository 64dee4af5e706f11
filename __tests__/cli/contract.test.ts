// The command-line contract (CLI.md and docs/failure.md) where the
// reference vectors do not reach: how errors are printed, that every
// missing or impossible value is reported at once, and the flags the
// established tools spell their own way. The expected values are the
// contract's own words, not what our code happens to print.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

const dir = mkdtempSync(join(tmpdir(), 'eb-contract-'))

async function run(
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: dir,
    env: {}
  }
  const code = await cli(args, io)
  return { code, out, err }
}

/** CLI.md: "Errors go to stderr as one line `error[CODE]: message`". */
function expectOneErrorLine(err: string, code: string): string {
  expect(err).toMatch(new RegExp(`^error\\[${code}\\]: `))
  expect(err.endsWith('\n')).toBe(true)
  expect(err.slice(0, -1)).not.toContain('\n')
  return err
}

describe('errors are one line on stderr', () => {
  it('a message that lists several problems stays on one line', async () => {
    const r = await run([
      'go',
      'build',
      '--output',
      'x',
      '--ldflags',
      '-o /tmp/x'
    ])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    const line = expectOneErrorLine(r.err, 'INPUT_INVALID')
    // both problems are still there
    expect(line).toContain('-o: only -s')
    expect(line).toContain('"/tmp/x" is not one')
  })
})
