import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'

const cliPath = resolve('dist/cli/index.js')

/** Runs the bundled command line as a user would. */
function enclaveBuild(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '' }
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('enclave-build go build (the bundled CLI)', () => {
  it('builds a clean module, checks it and prints the contract JSON', () => {
    const dir = makeRepo('nodeps')
    const out = join(dir, '..', `${dir.split('/').pop()}-cli.bin`)
    const r = enclaveBuild(
      'go',
      'build',
      '--dir',
      dir,
      '--output',
      out,
      '--rebuild-check',
      '--json'
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(json).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      goVersion: expect.stringMatching(/^go1\./) as unknown,
      reproducible: true,
      buildinfo: expect.objectContaining({
        path: 'example.com/nodeps'
      }) as unknown
    })
    expect(existsSync(out)).toBe(true)
  })

  it('prints reproducible: null without a rebuild check', () => {
    const dir = makeRepo('nodeps')
    const r = enclaveBuild(
      'go',
      'build',
      '--dir',
      dir,
      '--output',
      `${dir}.bin`,
      '--json'
    )
    expect(r.code).toBe(0)
    expect(
      (JSON.parse(r.stdout) as { reproducible: unknown }).reproducible
    ).toBeNull()
  })

  it('exits non-zero with BUILD_NOT_REPRODUCIBLE and the explanation', () => {
    const dir = makeRepo('nonrepro')
    const out = `${dir}.bin`
    const r = enclaveBuild(
      'go',
      'build',
      '--dir',
      dir,
      '--output',
      out,
      '--cgo',
      '--rebuild-check',
      '--json'
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error\[BUILD_NOT_REPRODUCIBLE\]: /)
    expect(r.stderr).toContain('ELF sections that differ')
    expect(r.stderr).toContain(dir)
    expect(existsSync(out)).toBe(false)
  })

  it.each([
    [['go', 'build'], 'INPUT_INVALID', /--output is required/],
    [
      ['go', 'build', '--output', 'x', '--goamd64', 'v7'],
      'INPUT_INVALID',
      /--goamd64/
    ],
    [['go', 'build', '--bogus'], 'INPUT_INVALID', /bogus/],
    [
      ['go', 'build', '--dir', '/nonexistent/dir', '--output', 'x'],
      'INPUT_INVALID',
      /does not exist/
    ]
  ])('refuses %j with %s', (args, code, message) => {
    const r = enclaveBuild(...args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `))
    expect(r.stderr).toMatch(message)
  })
})
