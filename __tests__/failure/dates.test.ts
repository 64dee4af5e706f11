// Dates are RFC 3339 date-times (RFC 3339 section 5.6) or refused with
// INPUT_INVALID: Date.parse took "June 25 2025", bare dates and T24:00:00
// and rolled 2025-02-30 over to March 2.
import { describe, expect, it, jest } from '@jest/globals'
import { resolve } from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { cli } = await import('../../src/cli/main.js')
const { rfc3339Problem } = await import('../../src/util/rfc3339.js')

// the impossible and the not-RFC-3339 values of the probe set
const BAD = [
  '2025-02-30T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-06-25T24:00:00Z',
  '2025-06-25T23:60:00Z',
  '2025-13-01T00:00:00Z',
  '2025-06-25',
  'June 25 2025',
  '2025-06-25T12:00:00',
  '2025-06-25 12:00:00Z',
  '2025-06-25T12:00:00+24:00',
  '1750000000',
  ''
]
// RFC 3339 section 5.8's examples and leap days
const GOOD = [
  '1985-04-12T23:20:50.52Z',
  '1996-12-19T16:39:57-08:00',
  '1937-01-01T12:00:27.87+00:20',
  '2024-02-29T00:00:00Z',
  '2000-02-29T12:00:00z'
]

describe('rfc3339Problem', () => {
  it.each(BAD)('refuses %j', (v) => {
    expect(rfc3339Problem(v)).toBeDefined()
  })
  it.each(GOOD)('accepts %j', (v) => {
    expect(rfc3339Problem(v)).toBeUndefined()
  })
})

async function run(argv: string[]) {
  let stderr = ''
  const status = await cli(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {}
  })
  return { status, stderr }
}

const evidence = resolve('package.json')
describe.each([
  [
    'verify --evidence-time',
    (t: string) => [
      'verify',
      '--evidence',
      evidence,
      '--evidence-type',
      'nitro',
      `--evidence-time=${t}`
    ]
  ],
  [
    'publish --created',
    (t: string) => [
      'publish',
      'oci://127.0.0.1:1/x:y',
      '--statement',
      evidence,
      `--created=${t}`
    ]
  ],
  [
    'nitro build --build-time',
    (t: string) => [
      'nitro',
      'build',
      '--kernel',
      evidence,
      '--cmdline',
      'x',
      '--output',
      resolve('/tmp/eb-never.eif'),
      `--build-time=${t}`
    ]
  ],
  [
    'oci image --created',
    (t: string) => [
      'oci',
      'image',
      '--binary',
      evidence,
      '--output',
      resolve('/tmp/eb-never-layout'),
      `--created=${t}`
    ]
  ]
])('%s', (flag, args) => {
  it.each([
    '2025-02-30T00:00:00Z',
    '2025-06-25T24:00:00Z',
    '2025-06-25',
    'June 25 2025'
  ])('refuses %j with INPUT_INVALID, exit 2', async (t) => {
    const r = await run(args(t))
    expect(r.stderr).toMatch(/^error\[INPUT_INVALID\]/)
    expect(r.stderr).toContain(flag.split(' ').pop())
    expect(r.status).toBe(2)
    // the example is given once, not twice in the same sentence
    expect(r.stderr.match(/such as/g)?.length ?? 0).toBeLessThanOrEqual(1)
  })
})
