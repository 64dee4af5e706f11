import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { vcsTime } from '../../src/elf/vcs-time.js'

describe('vcsTime', () => {
  it('reads the vcs.time that `go version -m` prints, without running go', () => {
    const dir = makeRepo('nodeps')
    execFileSync('go', ['build', '-o', 'bin', '.'], {
      cwd: dir,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=true' }
    })
    const listed = execFileSync('go', ['version', '-m', join(dir, 'bin')], {
      encoding: 'utf8'
    })
    const want = /\tvcs\.time=(\S+)/.exec(listed)?.[1]
    expect(want).toBe('2026-01-02T03:04:05Z') // the fixture's commit date
    expect(vcsTime(readFileSync(join(dir, 'bin')))?.toISOString()).toBe(
      new Date(want!).toISOString()
    )
  }, 60_000)

  it('is undefined for a file that is not a Go binary', () => {
    expect(vcsTime(Buffer.from('\x7fELF not really'))).toBeUndefined()
    expect(vcsTime(readFileSync('/bin/sh'))).toBeUndefined()
  })
})
