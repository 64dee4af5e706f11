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

describe('flag values that start with a dash', () => {
  it('--ldflags "-X main.v=1" is the value of --ldflags, as the README writes it', async () => {
    const { parse } = await import('../../src/cli/args.js')
    const opts = {
      ldflags: { type: 'string' },
      cgo: { type: 'boolean' },
      output: { type: 'string', short: 'o' }
    } as const
    const { values } = parse(['--ldflags', '-X main.v=1', '--cgo'], opts)
    expect(values).toEqual({ ldflags: '-X main.v=1', cgo: true })
    // a known flag after a string option is still a flag (and an error)
    expect(() => parse(['--ldflags', '--cgo'], opts)).toThrow(/ambiguous/)
    expect(() => parse(['--ldflags', '-o'], opts)).toThrow(/ambiguous/)
    expect(parse(['--ldflags=-s -w'], opts).values.ldflags).toBe('-s -w')
  })
})
