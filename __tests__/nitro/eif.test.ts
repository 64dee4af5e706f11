import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import {
  buildEif,
  writeEif,
  type EifSpec
} from '../../src/targets/nitro/eif-writer.js'
import {
  measureSections,
  measureSectionsSync,
  pcrOfBytes,
  trimCmdline
} from '../../src/targets/nitro/pcr.js'
import {
  allocForDigest,
  stopDigestWorker,
  warmDigestWorker
} from '../../src/util/digest-worker.js'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
  return 'none'
}

const text = fc.string({ maxLength: 20 })
const specArb: fc.Arbitrary<EifSpec> = fc.record({
  kernel: fc.array(fc.uint8Array({ maxLength: 300 }), {
    minLength: 1,
    maxLength: 3
  }),
  cmdline: fc.string({ maxLength: 60 }).filter((s) => !s.includes('\0')),
  ramdisks: fc.array(
    fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 3 }),
    { minLength: 1, maxLength: 5 }
  ),
  arch: fc.constantFrom('x86_64' as const, 'aarch64' as const),
  metadata: fc.record({
    imageName: text,
    imageVersion: text,
    buildTime: text,
    buildTool: text,
    buildToolVersion: text,
    operatingSystem: text,
    kernelVersion: text
  })
})

const join = (chunks: readonly Uint8Array[]): Buffer => Buffer.concat(chunks)

describe('EIF writer and reader', () => {
  it('reader(writer(x)) gives the sections, PCRs and metadata back', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const built = await buildEif(spec)
        const file = join(built.chunks)
        expect(file.length).toBe(built.size)
        const info = readEif(file)
        expect(info.crcOk).toBe(true)
        expect(info.pcrs).toEqual(built.pcrs)
        expect(info.header.flags).toBe(spec.arch === 'aarch64' ? 1 : 0)
        expect(info.sections.map((s) => s.type)).toEqual([
          'Kernel',
          'Cmdline',
          'Metadata',
          ...spec.ramdisks.map(() => 'Ramdisk')
        ])
        expect(Buffer.from(info.sections[0].data)).toEqual(join(spec.kernel))
        expect(Buffer.from(info.sections[1].data).toString()).toBe(spec.cmdline)
        spec.ramdisks.forEach((rd, i) =>
          expect(Buffer.from(info.sections[3 + i].data)).toEqual(join(rd))
        )
        expect(info.metadata?.ImageName).toBe(spec.metadata.imageName)
        expect(
          (info.metadata?.BuildMetadata as Record<string, string>).BuildTime
        ).toBe(spec.metadata.buildTime)
      }),
      { numRuns: 60 }
    )
  })

  it('the parallel and the plain measurement agree', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const s = {
          kernel: spec.kernel,
          cmdline: Buffer.from(spec.cmdline),
          ramdisks: spec.ramdisks
        }
        const sync = measureSectionsSync(s)
        expect(await measureSections(s)).toEqual(sync)
        // PCR0 is the PCR of everything measured, concatenated
        expect(sync.PCR0).toBe(
          pcrOfBytes(join([...s.kernel, s.cmdline, ...s.ramdisks.flat()]))
        )
        expect(sync.PCR2).toBe(pcrOfBytes(join(s.ramdisks.slice(1).flat())))
      }),
      { numRuns: 40 }
    )
  })

  it('every truncation is EIF_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, fc.nat(), async (spec, cut) => {
        const file = join((await buildEif(spec)).chunks)
        expect(codeOf(() => readEif(file.subarray(0, cut % file.length)))).toBe(
          'EIF_INVALID'
        )
      }),
      { numRuns: 100 }
    )
  })

  it('a changed byte is refused or fails the CRC, never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        specArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (spec, pos, xor) => {
          const file = join((await buildEif(spec)).chunks)
          file[pos % file.length] ^= xor
          let crcOk: boolean | undefined
          const code = codeOf(() => {
            crcOk = readEif(file).crcOk
          })
          if (code === 'none') expect(crcOk).toBe(false)
          else expect(code).toBe('EIF_INVALID')
        }
      ),
      { numRuns: 200 }
    )
  })

  it('random bytes never crash the reader', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        expect(codeOf(() => readEif(bytes))).toBe('EIF_INVALID')
        const withMagic = Buffer.concat([Buffer.from('.eif'), bytes])
        expect(codeOf(() => readEif(withMagic))).toBe('EIF_INVALID')
      })
    )
  })

  it('refuses inputs eif_build would refuse', async () => {
    const base = fc.sample(specArb, 1)[0]
    await expect(buildEif({ ...base, ramdisks: [] })).rejects.toMatchObject({
      code: 'INPUT_INVALID'
    })
    await expect(buildEif({ ...base, cmdline: 'a\0b' })).rejects.toMatchObject({
      code: 'INPUT_INVALID'
    })
    await expect(
      buildEif({
        ...base,
        ramdisks: Array.from({ length: 30 }, () => [Uint8Array.of(1)])
      })
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })
})

describe('writeEif (body written while hashing)', () => {
  it('writes exactly the bytes buildEif builds, and leaves no temp files', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'nitro-eif-'))
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const path = joinPath(dir, 'out.eif')
        const written = await writeEif(path, spec)
        const built = await buildEif(spec)
        expect(readFileSync(path)).toEqual(join(built.chunks))
        expect(written.pcrs).toEqual(built.pcrs)
        expect(readdirSync(dir)).toEqual(['out.eif'])
      }),
      { numRuns: 25 }
    )
  })

  it('leaves nothing behind on error', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'nitro-eif-'))
    const spec = fc.sample(specArb, 1)[0]
    await expect(
      writeEif(joinPath(dir, 'x.eif'), { ...spec, cmdline: '\0' })
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    await expect(
      writeEif(joinPath(dir, 'missing-dir', 'x.eif'), spec)
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('writeEif with the digest worker up (the action)', () => {
  afterAll(stopDigestWorker)

  /** Each ramdisk as one piece of shared memory, as the action has it. */
  function shared(spec: EifSpec): EifSpec {
    return {
      ...spec,
      ramdisks: spec.ramdisks.map((pieces) => {
        const one = allocForDigest(pieces.reduce((n, p) => n + p.length, 0))
        one.set(Buffer.concat(pieces))
        return [one]
      })
    }
  }

  it('writes the same bytes and PCRs as without it', async () => {
    await warmDigestWorker()
    const dir = mkdtempSync(joinPath(tmpdir(), 'nitro-eif-'))
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const path = joinPath(dir, 'out.eif')
        const s = shared(spec)
        expect(s.ramdisks[0][0].buffer).toBeInstanceOf(SharedArrayBuffer)
        const written = await writeEif(path, s)
        const built = await buildEif(spec)
        expect(readFileSync(path)).toEqual(join(built.chunks))
        expect(written.pcrs).toEqual(built.pcrs)
      }),
      { numRuns: 25 }
    )
  })
})

describe('trimCmdline', () => {
  it('trims like Rust str::trim (Unicode White_Space)', () => {
    expect(trimCmdline(' \t console=ttyS0 quiet\n')).toBe('console=ttyS0 quiet')
    expect(trimCmdline('\u0085a b\u3000')).toBe('a b')
    // U+FEFF is not White_Space in Rust (String.prototype.trim strips it)
    expect(trimCmdline('\ufeffa\ufeff')).toBe('\ufeffa\ufeff')
  })
})
