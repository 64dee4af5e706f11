import { describe, expect, it } from '@jest/globals'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    env: {},
    stdout: (t: string) => {
      io.out += t
    },
    stderr: (t: string) => {
      io.err += t
    }
  }
  return io
}

describe('cli', () => {
  it('refuses an unknown command with INPUT_INVALID', async () => {
    const io = capture()
    expect(await cli(['frobnicate'], io)).toBe(2)
    expect(io.err).toMatch(/^error\[INPUT_INVALID\]: unknown command/)
  })

  it('prints usage for --help', async () => {
    const io = capture()
    expect(await cli(['--help'], io)).toBe(0)
    expect(io.out).toContain('go build')
  })
})
