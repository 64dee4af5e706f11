// No secret in any message: the userinfo of an oci:// reference, tokens
// and Authorization values are redacted wherever the CLI and the action
// print an error or a log line.
import { describe, expect, it, jest } from '@jest/globals'
import { resolve } from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { cli } = await import('../../src/cli/main.js')
const { redact } = await import('../../src/util/redact.js')

const PASSWORD = 'hunter2-Very-Secret'

async function run(argv: string[]) {
  let stderr = ''
  let stdout = ''
  const status = await cli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {}
  })
  return { status, stderr, stdout }
}

describe('the command line', () => {
  it.each([
    [
      'publish',
      [
        'publish',
        `oci://user:${PASSWORD}@127.0.0.1:1/x:y`,
        '--statement',
        resolve('package.json')
      ]
    ],
    [
      'verify --bundle',
      [
        'verify',
        '--bundle',
        `oci://user:${PASSWORD}@127.0.0.1:1/x:y`,
        '--measurement',
        '00'.repeat(32)
      ]
    ]
  ])('%s: a password in the reference is not printed', async (_n, argv) => {
    const r = await run(argv)
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/^error\[/)
    expect(r.stderr + r.stdout).not.toContain(PASSWORD)
    expect(r.stderr).toContain('[redacted]@')
  })
})

describe('redact', () => {
  it.each([
    [`oci://u:${PASSWORD}@ghcr.io/a/b:1`, 'oci://[redacted]@ghcr.io/a/b:1'],
    [`https://x:${PASSWORD}@example.com/`, 'https://[redacted]@example.com/'],
    [
      'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlcw rejected',
      'token [redacted token] rejected'
    ],
    [
      'ghp_0123456789abcdefghijABCDEFGHIJ012345 leaked',
      '[redacted token] leaked'
    ],
    [
      'Authorization: Bearer abcdefgh12345678',
      'Authorization: Bearer [redacted]'
    ]
  ])('%s', (text, want) => {
    expect(redact(text)).toBe(want)
  })

  it('leaves digests, plain references and paths alone', () => {
    for (const t of [
      'oci://ghcr.io/acme/app@sha256:' + 'ab'.repeat(32),
      'oci://127.0.0.1:5000/x:y',
      '/home/u@host/file',
      'user@example.com'
    ])
      expect(redact(t)).toBe(t)
  })

  it('removes a secret it is told about', () => {
    expect(redact('bad token plain-secret here', ['plain-secret'])).toBe(
      'bad token [redacted] here'
    )
  })
})
