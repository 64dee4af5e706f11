import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildEif } from '../../src/targets/nitro/eif-writer.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import { trimCmdline } from '../../src/targets/nitro/pcr.js'

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const input = (name: string): Buffer => readFileSync(join(root, 'inputs', name))

interface Vector {
  cmdline: string
  kernel: string
  ramdisks: string[]
  signingCertificate: string | null
  privateKey: string | null
  arch: 'x86_64' | 'aarch64'
  name: string
  version: string
  buildTime: string
  Measurements: Record<string, string>
  eifSha256: string
  eifSigned: boolean
  CheckCRC: boolean
  Crc32: string
  EifVersion: number
  Flags: number
  NumSections: number
  SectionOffsets: number[]
  SectionSizes: number[]
  Metadata: { BuildMetadata: Record<string, string> } & Record<string, unknown>
}

const vectors = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'inputs')
  .map((d) => d.name)
  .sort()
const load = (name: string): Vector =>
  JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Vector

const sha256 = (chunks: Uint8Array[]): string => {
  const h = createHash('sha256')
  for (const c of chunks) h.update(c)
  return h.digest('hex')
}

describe('nitro vectors (AWS EifBuilder/EifReader, QEMU)', () => {
  it('has all six vectors', () => {
    expect(vectors).toHaveLength(6)
  })

  it.each(vectors)(
    '%s: our builder gives the same PCRs and bytes',
    async (name) => {
      const v = load(name)
      const bm = v.Metadata.BuildMetadata
      const built = await buildEif({
        kernel: [input(v.kernel)],
        cmdline: trimCmdline(v.cmdline),
        ramdisks: v.ramdisks.map((r) => [input(r)]),
        arch: v.arch,
        metadata: {
          imageName: v.name,
          imageVersion: v.version,
          buildTime: v.buildTime,
          buildTool: bm.BuildTool,
          buildToolVersion: bm.BuildToolVersion,
          operatingSystem: bm.OperatingSystem,
          kernelVersion: bm.KernelVersion
        },
        signing:
          v.signingCertificate && v.privateKey
            ? {
                certificatePem: input(v.signingCertificate).toString(),
                privateKeyPem: input(v.privateKey).toString()
              }
            : undefined
      })
      expect(built.pcrs).toEqual(v.Measurements)
      expect(built.header.numSections).toBe(v.NumSections)
      expect(built.header.sectionOffsets.map(Number)).toEqual(v.SectionOffsets)
      if (!v.eifSigned) {
        expect(sha256(built.chunks)).toBe(v.eifSha256)
        expect(built.header.crc32.toString(16).padStart(8, '0')).toBe(v.Crc32)
      } else {
        // ECDSA is randomised: same PCRs and layout up to the signature, and
        // our reader accepts the signature
        expect(built.header.sectionSizes.map(Number).slice(0, -1)).toEqual(
          v.SectionSizes.slice(0, -1)
        )
        const info = readEif(Buffer.concat(built.chunks))
        expect(info.crcOk).toBe(true)
        expect(info.signatureOk).toBe(true)
        expect(info.pcrs).toEqual(v.Measurements)
      }
    }
  )

  it.each(vectors)("%s: our reader on AWS's EIF", (name) => {
    const v = load(name)
    const bytes = readFileSync(join(root, name, 'image.eif'))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(v.eifSha256)
    const info = readEif(bytes)
    expect(info.pcrs).toEqual(v.Measurements)
    expect(info.crcOk).toBe(v.CheckCRC)
    expect(info.computedCrc32.toString(16).padStart(8, '0')).toBe(v.Crc32)
    expect(info.header.version).toBe(v.EifVersion)
    expect(info.header.flags).toBe(v.Flags)
    expect(info.sections.map((s) => s.offset)).toEqual(v.SectionOffsets)
    expect(info.sections.map((s) => s.size)).toEqual(v.SectionSizes)
    expect(info.metadata).toEqual(v.Metadata)
    expect(info.signature !== undefined).toBe(v.eifSigned)
    if (v.eifSigned) expect(info.signatureOk).toBe(true)
  })
})

describe('a signed EIF with any byte changed', () => {
  it('is refused with EIF_INVALID or reports a failed CRC/signature', () => {
    const eif = readFileSync(join(root, 'd4-signed/image.eif'))
    // every byte from the ramdisks on (signature section included), xor 0x41
    for (let i = 1881; i < eif.length; i++) {
      const bad = Buffer.from(eif)
      bad[i] ^= 0x41
      try {
        const info = readEif(bad)
        expect(info.crcOk).toBe(false)
      } catch (err) {
        expect((err as { code?: string }).code).toBe('EIF_INVALID')
      }
    }
  })
})
