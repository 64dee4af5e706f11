// Partial outputs, silent overwrites and temp files left by signals: what
// belongs together appears together or not at all, and nothing is left.
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { writeFileSet } from '../../src/util/file-set.js'
import { trackedTemps } from '../../src/util/temps.js'
import { capture, codeOf, KEY, LIBPAL, vectorFile } from '../gramine/helpers.js'

const fresh = (): string => mkdtempSync(join(tmpdir(), 'eb-leftovers-'))
const temps = (dir: string): string[] =>
  readdirSync(dir).filter((f) => f.endsWith('.tmp'))

describe('writeFileSet', () => {
  it('writes nothing when one file of the set cannot be written', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'a'), 'old a')
    const code = await codeOf(() =>
      writeFileSet(
        [
          { path: join(dir, 'a'), data: 'new a' },
          { path: join(dir, 'missing', 'b'), data: 'new b' }
        ],
        { overwrite: true }
      )
    )
    expect(code).toBe('FILE_NOT_FOUND')
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a')
    expect(temps(dir)).toEqual([])
    expect(trackedTemps()).toEqual([])
  })

  it('without overwrite refuses an existing file before writing any', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'b'), 'old b')
    const code = await codeOf(() =>
      writeFileSet(
        [
          { path: join(dir, 'a'), data: 'new a' },
          { path: join(dir, 'b'), data: 'new b' }
        ],
        { overwrite: false }
      )
    )
    expect(code).toBe('INPUT_INVALID')
    expect(existsSync(join(dir, 'a'))).toBe(false)
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('old b')
    expect(temps(dir)).toEqual([])
  })

  it('writes the whole set, with each mode', async () => {
    const dir = fresh()
    await writeFileSet(
      [
        { path: join(dir, 'k'), data: 'secret', mode: 0o600 },
        { path: join(dir, 'p'), data: 'public' }
      ],
      { overwrite: false }
    )
    expect(readFileSync(join(dir, 'k'), 'utf8')).toBe('secret')
    expect(readFileSync(join(dir, 'p'), 'utf8')).toBe('public')
    expect(temps(dir)).toEqual([])
    expect(trackedTemps()).toEqual([])
  })
})

describe('gramine sign', () => {
  it('leaves no .manifest.sgx when the .sig cannot be written', async () => {
    const dir = fresh()
    const out = join(dir, 'app.manifest.sgx')
    const io = capture()
    const code = await cli(
      [
        'gramine',
        'sign',
        '-m',
        vectorFile('g1-go-256M-t4-debug', '.manifest'),
        '-o',
        out,
        '-l',
        LIBPAL,
        '-k',
        KEY,
        '--date',
        '2026-01-15',
        '-s',
        join(dir, 'no-such-dir', 'app.sig')
      ],
      io
    )
    expect(code).toBe(2) // a --sigfile in a missing directory: the user's
    expect(io.err).toMatch(/^error\[FILE_NOT_FOUND\]: cannot write .*app\.sig/)
    expect(existsSync(out)).toBe(false)
    expect(temps(dir)).toEqual([])
  })
})

describe('gen-key never replaces a key without --force', () => {
  it.each([
    ['attest', 'key.pem'],
    ['attest', 'key.pub'],
    ['sgx', 'key.pem']
  ])('%s gen-key with an existing %s', async (group, existing) => {
    const dir = fresh()
    writeFileSync(join(dir, existing), 'precious')
    const args = [group, 'gen-key', '--output', join(dir, 'key.pem')]
    const io = capture()
    expect(await cli(args, io)).toBe(2)
    expect(io.err).toMatch(/^error\[INPUT_INVALID\]: .* exists; pass --force/)
    expect(readFileSync(join(dir, existing), 'utf8')).toBe('precious')
    // nothing else written either
    expect(readdirSync(dir)).toEqual([existing])
    const forced = capture()
    expect(await cli([...args, '--force'], forced)).toBe(0)
    expect(readFileSync(join(dir, 'key.pem'), 'utf8')).toMatch(/^-----BEGIN /)
    expect(temps(dir)).toEqual([])
  })
})

describe('a signal removes the temp files of unfinished writes', () => {
  // A child that starts a write through the real modules, reports the temp
  // name, and waits; the parent then signals it. Node runs the TypeScript
  // directly (these modules import only what it can strip).
  const tempsModule = resolve('src/util/temps.ts')

  function child(dir: string) {
    const script = `
      import { removeTempsOnExit, trackTemp } from ${JSON.stringify(tempsModule)}
      import { writeFileSync } from 'node:fs'
      import { join } from 'node:path'
      removeTempsOnExit()
      const tmp = trackTemp(join(${JSON.stringify(dir)}, '.enclave.eif.0123456789ab.tmp'))
      writeFileSync(tmp, Buffer.alloc(1 << 20))
      const tmpdir = trackTemp(join(${JSON.stringify(dir)}, 'rebuild-dir'))
      writeFileSync(join(${JSON.stringify(dir)}, 'kept'), 'an output')
      import('node:fs').then(({ mkdirSync }) => {
        mkdirSync(tmpdir)
        writeFileSync(join(tmpdir, 'key.pem'), 'a copied key')
        console.log('ready')
      })
      setInterval(() => {}, 1000)
    `
    return spawn(process.execPath, ['--input-type=module', '--eval', script], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
  }

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s: temps gone, outputs kept, the process ends by the signal',
    async (signal) => {
      const dir = fresh()
      const p = child(dir)
      await new Promise<void>((done, fail) => {
        p.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) done()
        })
        p.on('exit', () => fail(new Error('child ended early')))
      })
      expect(readdirSync(dir).sort()).toEqual(
        ['.enclave.eif.0123456789ab.tmp', 'kept', 'rebuild-dir'].sort()
      )
      const ended = new Promise<NodeJS.Signals | null>((done) =>
        p.on('exit', (_code, sig) => done(sig))
      )
      p.kill(signal)
      expect(await ended).toBe(signal)
      expect(readdirSync(dir)).toEqual(['kept'])
    }
  )

  it('a process without temps keeps the default action (ends at once)', async () => {
    const script = `
      import { removeTempsOnExit } from ${JSON.stringify(tempsModule)}
      removeTempsOnExit()
      console.log('ready')
      for (;;) {} // long synchronous work: a JS listener could never run
    `
    const p = spawn(process.execPath, ['--input-type=module', '--eval', script])
    await new Promise<void>((done) =>
      p.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) done()
      })
    )
    const ended = new Promise<NodeJS.Signals | null>((done) =>
      p.on('exit', (_code, sig) => done(sig))
    )
    p.kill('SIGTERM')
    expect(await ended).toBe('SIGTERM')
  })
})
