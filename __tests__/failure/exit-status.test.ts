// The exit status is a property of the error code: whose side the failure is
// on (src/errors.ts ERROR_SIDE). The user's own mistakes exit 2; a remote
// fault, a negative verdict and this machine's fault exit 1. Checked three
// ways: the table covers every code of the union (read from the source
// text, not the table), it matches the rule written out in
// __fixtures__/exit-status.ts and the table in docs/failure.md, and the
// command line (its sources, not dist/) exits so for one failure per side.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  exitFor,
  LOCAL_CODES,
  REMOTE_CODES,
  USER_CODES,
  VERDICT_CODES
} from '../../__fixtures__/exit-status.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import {
  ERROR_SIDE,
  exitStatusOf,
  sideOf,
  type ErrorCode
} from '../../src/errors.js'
import { updateSideTable } from '../../scripts/error-sides.js'

/** The codes of the ErrorCode union, as src/errors.ts spells them. */
function unionCodes(): string[] {
  const text = readFileSync('src/errors.ts', 'utf8')
  const union = /export type ErrorCode =([^]*?)\n\n/.exec(text)?.[1] ?? ''
  return [...union.matchAll(/\|\s*'([A-Z_]+)'/g)].map((m) => m[1])
}

describe('the side table', () => {
  it('gives every code of the union a side, and names no other', () => {
    const codes = unionCodes()
    expect(codes.length).toBeGreaterThan(40)
    expect(Object.keys(ERROR_SIDE).sort()).toEqual([...codes].sort())
  })

  it('puts each code on the side the rule says', () => {
    const bySide = (side: string): string[] =>
      Object.entries(ERROR_SIDE)
        .filter(([, s]) => s === side)
        .map(([c]) => c)
        .sort()
    expect(bySide('user')).toEqual([...USER_CODES].sort())
    expect(bySide('remote')).toEqual([...REMOTE_CODES].sort())
    expect(bySide('verdict')).toEqual([...VERDICT_CODES].sort())
    expect(bySide('local')).toEqual([...LOCAL_CODES].sort())
    for (const code of unionCodes())
      expect([code, exitStatusOf(code as ErrorCode)]).toEqual([
        code,
        exitFor(code)
      ])
  })

  it('takes a code outside the union (a cast) as a bug: exit 1', () => {
    expect(sideOf('NOT_A_CODE' as ErrorCode)).toBe('local')
    expect(exitStatusOf('toString' as ErrorCode)).toBe(1)
  })

  it('is the table of docs/failure.md (bash bench/run-ts.sh scripts/error-sides.ts)', () => {
    const doc = readFileSync('docs/failure.md', 'utf8')
    expect(doc).toBe(updateSideTable(doc))
  })
})

/** Runs the command line from the sources; returns the status and stderr. */
async function run(
  argv: string[],
  over: Partial<CliIO> = {}
): Promise<{ status: number; err: string }> {
  let err = ''
  const status = await cli(argv, {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    cwd: process.cwd(),
    env: {},
    ...over
  })
  return { status, err }
}

const nitro = (name: string): string =>
  join('__fixtures__/vectors/nitro/inputs', name)

let dir: string
let server: Server
let port: number
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eb-exit-status-'))
  // a registry that answers its version check and then garbage
  server = createServer((req, res) => {
    if (req.url === '/v2/' || req.url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
      return
    }
    res.writeHead(200, {
      'content-type': 'application/vnd.oci.image.manifest.v1+json'
    })
    res.end('this is not json')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

describe('the command line exits with the side of the failure', () => {
  it('user: a malformed EIF is EIF_INVALID, exit 2', async () => {
    const eif = join(dir, 'garbage.eif')
    writeFileSync(eif, 'not an eif')
    const r = await run(['nitro', 'describe', '--eif', eif])
    expect(r.err).toMatch(/^error\[EIF_INVALID\]: /)
    expect(r.status).toBe(2)
  })

  it('user: a missing input file is FILE_NOT_FOUND, exit 2', async () => {
    const r = await run(['nitro', 'pcr', '--input', join(dir, 'nope')])
    expect(r.err).toMatch(/^error\[FILE_NOT_FOUND\]: /)
    expect(r.status).toBe(2)
  })

  it('user: a dirty work tree is GIT_DIRTY, exit 2 (before go runs)', async () => {
    const repo = makeRepo('nodeps')
    writeFileSync(join(repo, 'stray.txt'), 'x')
    const r = await run(
      ['go', 'build', '--dir', repo, '--output', join(dir, 'app')],
      { env: { PATH: process.env.PATH } }
    )
    expect(r.err).toMatch(/^error\[GIT_DIRTY\]: .*stray\.txt/)
    expect(r.status).toBe(2)
    rmSync(repo, { recursive: true, force: true })
  })

  it('remote: a registry serving garbage is HTTP_ERROR, exit 1', async () => {
    const r = await run([
      'verify',
      '--bundle',
      `oci://127.0.0.1:${port}/garbage:v1`,
      '--measurement',
      '00'.repeat(48)
    ])
    expect(r.err).toMatch(/^error\[HTTP_ERROR\]: /)
    expect(r.status).toBe(1)
  })

  it('verdict: a PCR1 that is not the expected one is MEASUREMENT_MISMATCH, exit 1', async () => {
    const r = await run([
      'nitro',
      'pcr1',
      '--kernel',
      nitro('kernel-odd.bin'),
      '--cmdline',
      'console=ttyS0',
      '--init',
      nitro('init-standin.bin'),
      '--nsm',
      nitro('nsm-standin.ko'),
      '--expect',
      '00'.repeat(48)
    ])
    expect(r.err).toMatch(/^error\[MEASUREMENT_MISMATCH\]: /)
    expect(r.status).toBe(1)
  })

  it('local: standard output on a full disk is NO_SPACE, exit 1', async () => {
    const r = await run(
      [
        'coco',
        'initdata-digest',
        '__fixtures__/vectors/coco/caa-initdata.toml',
        '--json'
      ],
      {
        stdout: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device'), {
            code: 'ENOSPC',
            syscall: 'write'
          })
        }
      }
    )
    expect(r.err).toMatch(/^error\[NO_SPACE\]: /)
    expect(r.status).toBe(1)
  })
})
