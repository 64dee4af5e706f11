import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import {
  writeCpio,
  writeCpioWithSlots,
  type CpioEntry
} from '../../src/archive/cpio.js'
import {
  customerRamdisk,
  customerRamdiskFromFile
} from '../../src/targets/nitro/ramdisk.js'
import { openSized, readInto, readWhole } from '../../src/util/read.js'
import { scanBody, type BodyPiece } from '../../src/targets/nitro/scan.js'
import {
  stopDigestWorker,
  warmDigestWorker
} from '../../src/util/digest-worker.js'

// The speed paths (binary read into its slot, one-pass CRC + PCR0 scan)
// must give exactly the bytes and digests of the plain paths.

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const inputPath = (name: string): string => join(root, 'inputs', name)
const dir = mkdtempSync(join(tmpdir(), 'nitro-fast-'))

describe('customer ramdisk read in place', () => {
  it('equals dev-customer.cpio (the vector)', async () => {
    const rd = await customerRamdiskFromFile(
      { mtime: 1 },
      inputPath('app-standin.bin')
    )
    expect(Buffer.from(rd)).toEqual(
      readFileSync(inputPath('dev-customer.cpio'))
    )
  })

  it('equals the copying builder for any binary, name, cmd and env', async () => {
    const line = fc.string({ maxLength: 12 }).filter((s) => !/[\n\0]/.test(s))
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/),
        fc.option(fc.array(line, { minLength: 1, maxLength: 3 }), {
          nil: undefined
        }),
        fc.array(line, { maxLength: 3 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        async (binary, name, cmd, env, mtime) => {
          if (['dev', 'proc', 'run', 'sys', 'tmp', 'var'].includes(name)) return
          const path = join(dir, 'bin')
          writeFileSync(path, binary)
          const spec = { binaryName: name, cmd, env, mtime }
          expect(
            Buffer.from(await customerRamdiskFromFile(spec, path))
          ).toEqual(Buffer.from(customerRamdisk({ ...spec, binary })))
        }
      ),
      { numRuns: 40 }
    )
  })

  it('is in shared memory when the digest worker is up, with the same bytes', async () => {
    await warmDigestWorker()
    try {
      const rd = await customerRamdiskFromFile(
        { mtime: 1 },
        inputPath('app-standin.bin')
      )
      expect(rd.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect(Buffer.from(rd)).toEqual(
        readFileSync(inputPath('dev-customer.cpio'))
      )
    } finally {
      await stopDigestWorker()
    }
  })

  it('refuses a missing binary with a coded error', async () => {
    await expect(
      customerRamdiskFromFile({ mtime: 0 }, join(dir, 'nope'))
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
    await expect(readWhole(dir, 'ramdisk')).rejects.toMatchObject({
      code: 'FILE_NOT_REGULAR'
    })
  })
})

describe('whole-file reads (parallel ranges for big files)', () => {
  it('reads every byte of files around the range sizes', async () => {
    const big = createHash('sha512').update('x').digest()
    for (const size of [0, 1, 65535, 4 << 20, (4 << 20) + 1, 17_000_003]) {
      const bytes = Buffer.alloc(size)
      for (let at = 0; at < size; at += big.length) big.copy(bytes, at)
      if (size >= 4) bytes.writeUInt32LE(size, size - 4)
      const path = join(dir, `r${size}`)
      writeFileSync(path, bytes)
      expect((await readWhole(path, 'ramdisk')).equals(bytes)).toBe(true)
    }
  })

  it('refuses a file that shrinks after it was sized', async () => {
    const path = join(dir, 'shrinks')
    writeFileSync(path, Buffer.alloc(9 << 20, 1))
    const opened = await openSized(path, 'ramdisk')
    truncateSync(path, 5 << 20)
    await expect(
      readInto(opened, new Uint8Array(opened.size), path, 'ramdisk')
    ).rejects.toMatchObject({ code: 'IO_ERROR' })
  })
})

describe('cpio slots', () => {
  it('filling the slots gives the bytes of writeCpio with the data', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            path: fc.stringMatching(/^[a-z]{1,6}$/),
            data: fc.uint8Array({ maxLength: 40 }),
            reserve: fc.boolean()
          }),
          { selector: (e) => e.path, maxLength: 6 }
        ),
        (files) => {
          const full: CpioEntry[] = files.map((f) => ({
            path: f.path,
            type: 'file',
            mode: 0o644,
            data: f.data
          }))
          const slotted: CpioEntry[] = files.map((f) => ({
            path: f.path,
            type: 'file',
            mode: 0o644,
            ...(f.reserve ? { size: f.data.length } : { data: f.data })
          }))
          const { archive, slots } = writeCpioWithSlots(slotted, { mtime: 5 })
          for (const f of files.filter((x) => x.reserve)) {
            const slot = slots.get(f.path)
            expect(slot?.size).toBe(f.data.length)
            archive.set(f.data, slot?.offset)
          }
          expect(archive).toEqual(writeCpio(full, { mtime: 5 }))
        }
      )
    )
  })

  it('refuses data and a size together', () => {
    let code = 'none'
    try {
      writeCpio([
        {
          path: 'a',
          type: 'file',
          mode: 0o644,
          data: Uint8Array.of(1),
          size: 1
        }
      ])
    } catch (err) {
      code = (err as { code?: string }).code ?? 'uncoded'
    }
    expect(code).toBe('INPUT_INVALID')
  })
})

describe('scanBody', () => {
  const sha384 = (parts: Uint8Array[]): Buffer => {
    const h = createHash('sha384')
    for (const p of parts) h.update(p)
    return h.digest()
  }

  it('gives the CRC of everything and the SHA-384 of the measured pieces', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(
          fc.record({
            bytes: fc.oneof(
              fc.uint8Array({ maxLength: 100 }),
              // larger than one slice, to cross slice boundaries
              fc
                .integer({ min: 256 * 1024 - 3, max: 600 * 1024 })
                .map((n) => new Uint8Array(n).fill(n & 0xff))
            ),
            measured: fc.boolean()
          }),
          { maxLength: 6 }
        ),
        fc.nat(7),
        (prefix, pieces: BodyPiece[], cut) => {
          const scan = scanBody(prefix, pieces, cut)
          const all = [prefix, ...pieces.map((p) => p.bytes)]
          expect(scan.crc32).toBe(crc32(Buffer.concat(all)))
          const measured = pieces.filter((p) => p.measured).map((p) => p.bytes)
          expect(Buffer.from(scan.imageDigest)).toEqual(sha384(measured))
          const boot = pieces
            .slice(0, cut + 1)
            .filter((p) => p.measured)
            .map((p) => p.bytes)
          expect(Buffer.from(scan.bootDigest)).toEqual(sha384(boot))
        }
      ),
      { numRuns: 30 }
    )
  })
})
