import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

const root = join(import.meta.dirname, '../../__fixtures__/vectors/nitro')
const inputs = join(root, 'inputs')

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: inputs,
    env
  }
  const code = await cli(args, io)
  return { code, out, err }
}

interface Vector {
  cmdline: string
  kernel: string
  ramdisks: string[]
  signingCertificate: string | null
  privateKey: string | null
  arch: string
  name: string
  version: string
  buildTime: string
  Measurements: Record<string, string>
  eifSha256: string
  eifSigned: boolean
  Crc32: string
  Metadata: { BuildMetadata: Record<string, string> }
}
const vectors = readdirSync(root).filter((d) => d.startsWith('d'))
const load = (name: string): Vector =>
  JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Vector

function buildArgs(v: Vector, output: string): string[] {
  const bm = v.Metadata.BuildMetadata
  const args = ['nitro', 'build', '--kernel', v.kernel, '--cmdline', v.cmdline]
  for (const r of v.ramdisks) args.push('--ramdisk', r)
  if (v.signingCertificate && v.privateKey)
    args.push(
      '--signing-certificate',
      v.signingCertificate,
      '--private-key',
      v.privateKey
    )
  args.push(
    '--output',
    output,
    '--arch',
    v.arch,
    '--name',
    v.name,
    '--version',
    v.version,
    '--build-time',
    v.buildTime,
    '--build-tool',
    bm.BuildTool,
    '--build-tool-version',
    bm.BuildToolVersion,
    '--img-os',
    bm.OperatingSystem,
    '--img-kernel',
    bm.KernelVersion,
    '--json'
  )
  return args
}

describe('enclave-build nitro (CLI contract)', () => {
  it.each(vectors)(
    '%s: build gives the PCRs (and bytes when unsigned)',
    async (name) => {
      const v = load(name)
      const dir = mkdtempSync(join(tmpdir(), 'nitro-cli-'))
      const output = join(dir, 'out.eif')
      const r = await run(buildArgs(v, output))
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      const json = JSON.parse(r.out) as { Measurements: Record<string, string> }
      expect(json.Measurements).toEqual({
        HashAlgorithm: 'Sha384 { ... }',
        ...v.Measurements
      })
      const sha = createHash('sha256')
        .update(readFileSync(output))
        .digest('hex')
      if (!v.eifSigned) expect(sha).toBe(v.eifSha256)
      // describe on our own output
      const d = await run(['nitro', 'describe', '--eif', output, '--json'])
      const dj = JSON.parse(d.out) as Record<string, unknown>
      expect(dj.Measurements).toEqual(json.Measurements)
      expect(dj.CheckCRC).toBe(true)
      if (v.eifSigned) expect(dj.SignatureCheck).toBe(true)
    }
  )

  it.each(vectors)("%s: describe reads AWS's EIF", async (name) => {
    const v = load(name)
    const r = await run([
      'nitro',
      'describe',
      '--eif',
      join(root, name, 'image.eif'),
      '--json'
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as Record<string, unknown>
    expect(j).toMatchObject({
      EifVersion: 4,
      Measurements: { HashAlgorithm: 'Sha384 { ... }', ...v.Measurements },
      IsSigned: v.eifSigned,
      CheckCRC: true,
      Crc32: v.Crc32,
      Metadata: v.Metadata
    })
  })

  it('pcr of a file and of a certificate (PCR8)', async () => {
    const r = await run(['nitro', 'pcr', '--input', 'ramdisk-a.bin', '--json'])
    expect(JSON.parse(r.out)).toEqual({
      // one ramdisk: PCR1 of d3 is kernel+cmdline+ramdisk, so check by hand
      PCR: createHash('sha384')
        .update(Buffer.alloc(48))
        .update(
          createHash('sha384')
            .update(readFileSync(join(inputs, 'ramdisk-a.bin')))
            .digest()
        )
        .digest('hex')
    })
    const c = await run([
      'nitro',
      'pcr',
      '--signing-certificate',
      'signer1-cert.pem',
      '--json'
    ])
    expect(JSON.parse(c.out)).toEqual({
      PCR8: load('d4-signed').Measurements.PCR8
    })
  })

  it('trims the cmdline like nitro-cli and never uses now for BuildTime', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-cli-'))
    const a = join(dir, 'a.eif')
    const b = join(dir, 'b.eif')
    const base = [
      'nitro',
      'build',
      '--kernel',
      'kernel-tiny.bin',
      '--ramdisk',
      'ramdisk-a.bin',
      '--ramdisk',
      'ramdisk-b.bin',
      '--json'
    ]
    await run([...base, '--cmdline', 'console=ttyS0', '--output', a])
    await run([...base, '--cmdline', ' console=ttyS0\n', '--output', b])
    expect(readFileSync(a)).toEqual(readFileSync(b))
    const d = JSON.parse(
      (await run(['nitro', 'describe', '--eif', a, '--json'])).out
    ) as {
      Measurements: Record<string, string>
      Metadata: { BuildMetadata: { BuildTime: string } }
    }
    expect(d.Measurements.PCR0).toBe(load('d1-two-ramdisks').Measurements.PCR0)
    expect(d.Metadata.BuildMetadata.BuildTime).toBe('1970-01-01T00:00:00+00:00')
    const c = join(dir, 'c.eif')
    await run([...base, '--cmdline', 'console=ttyS0', '--output', c], {
      SOURCE_DATE_EPOCH: '1700000000'
    })
    const dc = JSON.parse(
      (await run(['nitro', 'describe', '--eif', c, '--json'])).out
    ) as typeof d
    expect(dc.Metadata.BuildMetadata.BuildTime).toBe(
      '2023-11-14T22:13:20+00:00'
    )
  })

  it('errors are coded and leave no output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-cli-'))
    const out = join(dir, 'x.eif')
    const missing = await run([
      'nitro',
      'build',
      '--cmdline',
      'x',
      '--output',
      out
    ])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/^error\[INPUT_INVALID\]: --kernel is required/)
    const badKey = await run([
      'nitro',
      'build',
      '--kernel',
      'kernel-tiny.bin',
      '--cmdline',
      'x',
      '--ramdisk',
      'ramdisk-a.bin',
      '--signing-certificate',
      'signer1-cert.pem',
      '--private-key',
      'ramdisk-a.bin',
      '--output',
      out
    ])
    expect(badKey.err).toMatch(/^error\[KEY_INVALID\]/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
    const garbage = join(dir, 'g.eif')
    writeFileSync(garbage, 'not an eif')
    const d = await run(['nitro', 'describe', '--eif', garbage, '--json'])
    expect(d.code).toBe(2)
    expect(d.out).toBe('')
    expect(d.err).toMatch(/^error\[EIF_INVALID\]/)
    const nf = await run(['nitro', 'pcr', '--input', join(dir, 'nope')])
    expect(nf.err).toMatch(/^error\[FILE_NOT_FOUND\]/)
  })
})
