// Signals during long work, and what kill -9 leaves: SIGTERM during a
// large `nitro build` ends the process promptly with no temp file left
// (the body scan gives the signal handler a turn between chunks), and the
// temp files a killed run leaves (named .enclave-build-tmp-<pid>-…) are
// removed by the next run that writes in the same directory.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const cli = resolve('src/cli/index.ts')
const register = resolve('bench/register.mjs')
const node = (args: string[]) =>
  spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      register,
      cli,
      ...args
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )

function sparse(file: string, size: number): void {
  const fd = openSync(file, 'w')
  ftruncateSync(fd, size)
  closeSync(fd)
}

const temps = (dir: string): string[] =>
  readdirSync(dir).filter((f) => f.startsWith('.enclave-build-tmp-'))

describe('SIGTERM during nitro build', () => {
  it('ends the process promptly, as the signal says, leaving no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-signal-'))
    writeFileSync(join(dir, 'k'), Buffer.alloc(20000, 7))
    sparse(join(dir, 'rd'), 512 * 2 ** 20)
    const child = node([
      'nitro',
      'build',
      '--kernel',
      join(dir, 'k'),
      '--cmdline',
      'x',
      '--ramdisk',
      join(dir, 'rd'),
      '--output',
      join(dir, 'o.eif')
    ])
    const ended = new Promise<{ code: number | null; signal: string | null }>(
      (r) => child.on('exit', (code, signal) => r({ code, signal }))
    )
    // the output's temp file shows the long work has begun
    const t0 = Date.now()
    while (temps(dir).length === 0 && Date.now() - t0 < 60_000)
      await new Promise((r) => setTimeout(r, 20))
    expect(temps(dir)).toHaveLength(1)
    const killed = Date.now()
    child.kill('SIGTERM')
    const r = await ended
    expect(r.signal).toBe('SIGTERM')
    expect(Date.now() - killed).toBeLessThan(10_000)
    expect(temps(dir)).toEqual([])
    expect(existsSync(join(dir, 'o.eif'))).toBe(false)
  }, 90_000)
})

describe('temp files a killed run left', () => {
  it('are removed by the next run writing there; a live process keeps its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-stale-'))
    // a process id that is gone: a child that has exited
    const dead = Number(
      execFileSync(process.execPath, ['-p', 'process.pid'], {
        encoding: 'utf8'
      }).trim()
    )
    const stale = `.enclave-build-tmp-${dead}-0123456789ab.o.eif.tmp`
    const live = `.enclave-build-tmp-${process.pid}-0123456789ab.o.eif.tmp`
    writeFileSync(join(dir, stale), Buffer.alloc(1 << 20))
    writeFileSync(join(dir, live), 'in use')
    writeFileSync(join(dir, 'k'), Buffer.alloc(20000, 7))
    writeFileSync(join(dir, 'rd'), 'ramdisk')
    const child = node([
      'nitro',
      'build',
      '--kernel',
      join(dir, 'k'),
      '--cmdline',
      'x',
      '--ramdisk',
      join(dir, 'rd'),
      '--output',
      join(dir, 'o.eif')
    ])
    const code = await new Promise((r) => child.on('exit', r))
    expect(code).toBe(0)
    expect(existsSync(join(dir, stale))).toBe(false)
    expect(existsSync(join(dir, live))).toBe(true)
  }, 60_000)
})
