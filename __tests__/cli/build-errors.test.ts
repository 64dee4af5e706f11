/**
 * `enclave-build build` refuses bad options before any Go build, as the
 * contract (/work/shared/CLI.md) says every command fails: one line
 * `error[CODE]: message` on stderr, naming the flags the user typed
 * (`--snp-ovmf`), not the action's input names.
 */
import { describe, expect, it } from '@jest/globals'
import { cli } from '../../src/cli/main.js'

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = ''
  const code = await cli(args, {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    cwd: process.cwd(),
    env: {}
  })
  return { code, err }
}

describe('build: invalid options', () => {
  it('are reported all at once, on one line, as the flags the user typed', async () => {
    const r = await run(['build', '--target', 'snp', '--snp-vcpus', '0'])
    expect(r.code).not.toBe(0)
    // one line, as the contract says
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(/^error\[INPUT_INVALID\]: invalid options: /)
    for (const text of [
      '--snp-ovmf is required for target snp',
      '--snp-ovmf-sha256 is required',
      '--snp-kernel is required for target snp',
      '--snp-kernel-sha256 is required',
      '--snp-vcpus must be a vCPU count'
    ])
      expect(r.err).toContain(text)
    expect(r.err).not.toContain('→ at')
  })

  it('name a Go flag problem by its flag', async () => {
    const r = await run(['build', '--pgo', '-x'])
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(
      /^error\[INPUT_INVALID\]: invalid options: --pgo must be off, auto or a profile path/
    )
  })
})
