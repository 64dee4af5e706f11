import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asEnclaveBuildError } from '../../src/errors.js'
import {
  fileError,
  hashFile,
  readInputFile,
  readInputFileSync,
  writeFileAtomic
} from '../../src/util/fs.js'

const dir = mkdtempSync(join(tmpdir(), 'util-fs-'))

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

describe('readInputFile', () => {
  it('reads a regular file whole, and a file that reports size 0 to its end', async () => {
    const file = join(dir, 'data')
    const bytes = Buffer.from(Array.from({ length: 200_003 }, (_, i) => i))
    writeFileSync(file, bytes)
    expect((await readInputFile(file, 'the data')).equals(bytes)).toBe(true)
    expect(readInputFileSync('/proc/self/status', 'status').toString()).toMatch(
      /^Name:/
    )
  })

  it('refuses a FIFO without blocking, and a device and a directory', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    expect(await codeOf(readInputFile(fifo, '--ovmf'))).toBe('FILE_NOT_REGULAR')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await codeOf(readInputFile('/dev/zero', 'x'))).toBe(
      'FILE_NOT_REGULAR'
    )
    expect(await codeOf(readInputFile(dir, 'x'))).toBe('FILE_NOT_REGULAR')
  })

  it('refuses a file over the limit before reading it, and names a missing one', async () => {
    const file = join(dir, 'big')
    writeFileSync(file, Buffer.alloc(1025))
    await expect(
      readInputFile(file, 'the key', { maxBytes: 1024 })
    ).rejects.toThrow(`the key ${file} is 1025 bytes, more than the 1024`)
    expect(() =>
      readInputFileSync('/proc/self/status', 'status', { maxBytes: 16 })
    ).toThrow(/more than the 16 bytes/)
    await expect(
      readInputFile(join(dir, 'missing'), '--kernel')
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `--kernel ${join(dir, 'missing')} does not exist; check the path`
    })
  })

  it('gives a refused read its own code, naming the file and the cause', () => {
    const eacces = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      syscall: 'open'
    })
    const e = fileError(eacces, '/x/key.pem', 'the key')
    expect(e.code).toBe('PERMISSION_DENIED')
    expect(e.message).toBe(
      "cannot read the key /x/key.pem: permission denied (EACCES); check the file's mode and owner"
    )
  })
})

describe('hashFile', () => {
  it('streams a digest of a regular file and refuses a FIFO', async () => {
    const file = join(dir, 'h')
    writeFileSync(file, 'abc')
    expect(await hashFile(file, 'sha384')).toBe(
      createHash('sha384').update('abc').digest('hex')
    )
    const fifo = join(dir, 'hfifo')
    execFileSync('mkfifo', [fifo])
    expect(await codeOf(hashFile(fifo))).toBe('FILE_NOT_REGULAR')
  })
})

describe('writeFileAtomic', () => {
  it('replaces a file so that a reader always finds one, old or new', async () => {
    const file = join(dir, 'out.json')
    writeFileSync(file, 'old')
    let missing = 0
    let writing = true
    const reader = (async () => {
      while (writing) {
        if (!existsSync(file)) missing++
        await new Promise((r) => setImmediate(r))
      }
    })()
    for (let i = 0; i < 300; i++) await writeFileAtomic(file, `new ${i}`)
    writing = false
    await reader
    expect(missing).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe('new 299')
  })

  it('fails with a coded error and leaves nothing behind', async () => {
    const sub = join(dir, 'sub')
    mkdirSync(sub)
    expect(await codeOf(writeFileAtomic(join(sub, 'no', 'x'), 'x'))).toBe(
      'FILE_NOT_FOUND'
    )
    expect(readdirSync(sub)).toEqual([])
  })
})

describe('asEnclaveBuildError', () => {
  it('codes system-call errors by errno and keeps INTERNAL for bugs', () => {
    const sys = (code: string) =>
      Object.assign(new Error(`${code}: oops`), { code, syscall: 'write' })
    expect(asEnclaveBuildError(sys('ENOSPC')).code).toBe('NO_SPACE')
    expect(asEnclaveBuildError(sys('EACCES')).code).toBe('PERMISSION_DENIED')
    expect(asEnclaveBuildError(sys('EIO')).code).toBe('IO_ERROR')
    expect(asEnclaveBuildError(new TypeError('x is undefined')).code).toBe(
      'INTERNAL'
    )
  })
})
