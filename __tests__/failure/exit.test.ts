// Every failure path of the bundled action and command line ends the
// process promptly. Run as separate processes, as the
// runner runs them, each under a deadline: a process still alive at its
// deadline is killed and the test fails.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'

const actionPath = resolve('dist/main/index.js')
const cliPath = resolve('dist/cli/index.js')
const blobs = resolve('examples/nitro/blobs')

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  ms: number
  stdout: string
  stderr: string
}

/** Runs `script` with node under a deadline; a hung process is killed. */
function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  deadlineMs: number,
  cwd?: string
): Ended {
  const t0 = Date.now()
  const r = spawnSync(process.execPath, [script, ...args], {
    env,
    cwd,
    encoding: 'utf8',
    timeout: deadlineMs,
    killSignal: 'SIGKILL'
  })
  return {
    code: r.status,
    signal: r.signal,
    ms: Date.now() - t0,
    stdout: r.stdout,
    stderr: r.stderr
  }
}

/** The action's environment: INPUT_* as the runner sets them. */
function actionEnv(
  dir: string,
  inputs: Record<string, string>
): NodeJS.ProcessEnv {
  const out = mkdtempSync(join(tmpdir(), 'eb-exit-out-'))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GOPATH: process.env.GOPATH,
    GOMODCACHE: process.env.GOMODCACHE,
    GOCACHE: process.env.GOCACHE,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: out,
    GITHUB_OUTPUT: join(out, 'output'),
    GITHUB_STEP_SUMMARY: join(out, 'summary')
  }
  writeFileSync(join(out, 'output'), '')
  writeFileSync(join(out, 'summary'), '')
  const all: Record<string, string> = {
    target: 'nitro',
    cache: 'false',
    'rebuild-check': 'false',
    'show-summary': 'false',
    signing: 'none',
    'nitro-kernel': join(blobs, 'bzImage.standin'),
    'nitro-init': join(blobs, 'init.standin'),
    'nitro-nsm': join(blobs, 'nsm.ko.standin'),
    'nitro-cmdline': join(blobs, 'cmdline'),
    ...inputs
  }
  for (const [k, v] of Object.entries(all)) env[`INPUT_${k.toUpperCase()}`] = v
  return env
}

/** Fails with what the process printed when it did not end by itself. */
function expectEnded(r: Ended, code: number, error?: RegExp): void {
  if (r.signal !== null)
    throw new Error(
      `still running at the deadline (${r.ms} ms); it printed:\n${r.stdout}${r.stderr}`
    )
  expect(r.code).toBe(code)
  if (error) expect(r.stdout + r.stderr).toMatch(error)
}

describe('the bundled action with target nitro ends on every path', () => {
  const quick = 30_000
  it('not a git tree (GIT_MISSING)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-exit-nogit-'))
    const r = runNode(actionPath, [], actionEnv(dir, {}), quick, dir)
    expectEnded(r, 1, /::error::\[GIT_MISSING\]/)
  })

  it('a dirty tree (GIT_DIRTY)', () => {
    const dir = makeRepo('nodeps')
    writeFileSync(join(dir, 'main.go'), '// changed\n', { flag: 'a' })
    const r = runNode(actionPath, [], actionEnv(dir, {}), quick, dir)
    expectEnded(r, 1, /::error::\[GIT_DIRTY\]/)
  })

  it('a toolchain mismatch (TOOLCHAIN_MISMATCH)', () => {
    const dir = makeRepo('nodeps')
    const r = runNode(
      actionPath,
      [],
      actionEnv(dir, { 'go-version': '1.1.0' }),
      quick,
      dir
    )
    expectEnded(r, 1, /::error::\[TOOLCHAIN_MISMATCH\]/)
  })

  it('a bad input of the target', () => {
    const dir = makeRepo('nodeps')
    const r = runNode(
      actionPath,
      [],
      actionEnv(dir, { 'nitro-kernel': join(dir, 'no-such-kernel') }),
      120_000,
      dir
    )
    expectEnded(r, 1, /::error::\[FILE_NOT_FOUND\]/)
  })

  it('a signing certificate without its key', () => {
    const dir = makeRepo('nodeps')
    const r = runNode(
      actionPath,
      [],
      actionEnv(dir, { 'nitro-signing-certificate': 'not a certificate' }),
      120_000,
      dir
    )
    expectEnded(r, 1, /::error::\[INPUT_INVALID\]/)
  })

  it('and on success', () => {
    const dir = makeRepo('nodeps')
    const r = runNode(actionPath, [], actionEnv(dir, {}), 120_000, dir)
    expectEnded(r, 0)
    expect(r.stdout).not.toContain('::error::')
  })
})

describe('the bundled command line ends on every failure path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-exit-cli-'))
  const env = { PATH: process.env.PATH, HOME: process.env.HOME }
  const cases: [string, string[], number, RegExp][] = [
    ['unknown command', ['frobnicate'], 2, /error\[INPUT_INVALID\]/],
    [
      'nitro build with a missing kernel',
      [
        'nitro',
        'build',
        '--kernel',
        join(dir, 'none'),
        '--cmdline',
        'x',
        '--ramdisk',
        join(dir, 'none'),
        '--output',
        join(dir, 'o.eif')
      ],
      2,
      /error\[FILE_NOT_FOUND\]/
    ],
    [
      'nitro pcr of a missing file',
      ['nitro', 'pcr', '--input', join(dir, 'none')],
      2,
      /error\[FILE_NOT_FOUND\]/
    ],
    [
      'go build outside a git tree',
      ['go', 'build', '--dir', dir, '--output', join(dir, 'app')],
      2,
      /error\[GIT_MISSING\]/
    ],
    [
      'verify offline with a missing bundle',
      [
        'verify',
        '--bundle',
        join(dir, 'none.json'),
        '--measurement',
        'a'.repeat(64)
      ],
      2,
      /error\[FILE_NOT_FOUND\]/
    ]
  ]
  it.each(cases)('%s', (_name, args, code, error) => {
    const r = runNode(cliPath, args, env, 30_000, dir)
    expectEnded(r, code, error)
  })
})
