import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

const DIR = resolve('__fixtures__/vectors/coco')
// cloud-api-adaptor provision_test.go `testCheckSum` (see SOURCE.md)
const CAA_SHA384 =
  '52af3178dd7ad4bf551e629b84b45bfd1fbe1434b980120267181ae3575ea20ca9013b8eadf31d27eed7ff2552d500ef'

function capture(cwd = process.cwd()): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {},
    stdout: (t: string) => {
      io.out += t
    },
    stderr: (t: string) => {
      io.err += t
    }
  }
  return io
}

async function json(
  args: string[],
  cwd?: string
): Promise<Record<string, unknown>> {
  const io = capture(cwd)
  const code = await cli([...args, '--json'], io)
  if (code !== 0) throw new Error(`exit ${code}: ${io.err}`)
  return JSON.parse(io.out) as Record<string, unknown>
}

describe('coco initdata-digest on the cloud-api-adaptor vector', () => {
  it('equals testCheckSum, by the document’s own algorithm (sha384)', async () => {
    const r = await json([
      'coco',
      'initdata-digest',
      join(DIR, 'caa-initdata.toml')
    ])
    expect(r).toEqual({
      algorithm: 'sha384',
      digest: CAA_SHA384,
      // SNP HOST_DATA holds 32 bytes: the sha384 cut (kata adjust_digest)
      snpHostData: CAA_SHA384.slice(0, 64),
      // MRCONFIGID holds 48: the whole sha384
      tdxMrConfigId: CAA_SHA384,
      pcr8: null
    })
  })

  it('with --algorithm sha256 hashes the same bytes; pads for TDX; PCR8 = sha256(0^32 ‖ d)', async () => {
    const bytes = readFileSync(join(DIR, 'caa-initdata.toml'))
    const d = createHash('sha256').update(bytes).digest()
    const r = await json([
      'coco',
      'initdata-digest',
      join(DIR, 'caa-initdata.toml'),
      '--algorithm',
      'sha256'
    ])
    expect(r.digest).toBe(d.toString('hex'))
    expect(r.snpHostData).toBe(d.toString('hex'))
    expect(r.tdxMrConfigId).toBe(d.toString('hex') + '00'.repeat(16))
    expect(r.pcr8).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.alloc(32), d]))
        .digest('hex')
    )
  })

  it('refuses an unknown algorithm and a document that is not initdata', async () => {
    const io = capture()
    expect(
      await cli(
        [
          'coco',
          'initdata-digest',
          join(DIR, 'caa-initdata.toml'),
          '--algorithm',
          'md5'
        ],
        io
      )
    ).toBe(2)
    const dir = mkdtempSync(join(tmpdir(), 'eb-coco-'))
    writeFileSync(join(dir, 'x.toml'), 'algorithm = "sha1"\n')
    const io2 = capture()
    expect(
      await cli(['coco', 'initdata-digest', join(dir, 'x.toml')], io2)
    ).toBe(2)
    expect(io2.err).toMatch(/INPUT_INVALID/)
  })
})

describe('coco initdata', () => {
  const files = ['aa.toml', 'cdh.toml', 'policy.rego']

  it('writes a document whose [data] reads back (smol-toml) as the files the CAA test extracts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-coco-'))
    const out = join(dir, 'initdata.toml')
    const r = await json([
      'coco',
      'initdata',
      '--output',
      out,
      // flag order must not matter: reversed here
      ...files
        .reverse()
        .flatMap((f) => ['--file', `${f}=${join(DIR, `caa-${f}`)}`])
    ])
    const doc = readFileSync(out)
    const parsed = parseToml(doc.toString('utf8')) as {
      algorithm: string
      version: string
      data: Record<string, string>
    }
    expect(parsed.algorithm).toBe('sha384')
    expect(parsed.version).toBe('0.1.0')
    expect(Object.keys(parsed.data).sort()).toEqual([...files].sort())
    for (const f of files)
      expect(parsed.data[f]).toBe(readFileSync(join(DIR, `caa-${f}`), 'utf8'))
    expect(r.digest).toBe(createHash('sha384').update(doc).digest('hex'))
    // the CAA fixture differs from ours only in its hand-written spacing
    // (`"cdh.toml"  = '''`): the same data, so the same text once that goes
    const fixture = readFileSync(join(DIR, 'caa-initdata.toml'), 'utf8')
    expect(doc.toString('utf8')).toBe(
      fixture.replace('"cdh.toml"  =', '"cdh.toml" =')
    )
  })

  it('regression: the same inputs give the same bytes in any order; awkward text falls back to escapes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-coco-'))
    writeFileSync(join(dir, 'a'), "ends with quote '")
    writeFileSync(join(dir, 'b'), "has ''' and \r\n and \u0001")
    const a = await json([
      'coco',
      'initdata',
      '-o',
      join(dir, '1.toml'),
      '--file',
      `x=${join(dir, 'a')}`,
      '--file',
      `y=${join(dir, 'b')}`,
      '--algorithm',
      'sha256'
    ])
    const b = await json([
      'coco',
      'initdata',
      '-o',
      join(dir, '2.toml'),
      '--file',
      `y=${join(dir, 'b')}`,
      '--file',
      `x=${join(dir, 'a')}`,
      '--algorithm',
      'sha256'
    ])
    expect(a.digest).toBe(b.digest)
    const parsed = parseToml(readFileSync(join(dir, '1.toml'), 'utf8')) as {
      data: Record<string, string>
    }
    expect(parsed.data).toEqual({
      x: "ends with quote '",
      y: "has ''' and \r\n and \u0001"
    })
  })

  it('refuses a bad entry name, a duplicate and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-coco-'))
    writeFileSync(join(dir, 'a'), 'x')
    for (const args of [
      ['--file', `../x=${join(dir, 'a')}`],
      ['--file', `a=${join(dir, 'a')}`, '--file', `a=${join(dir, 'a')}`],
      ['--file', `a=${join(dir, 'nope')}`],
      ['--file', 'noequals']
    ]) {
      const io = capture()
      expect(
        await cli(['coco', 'initdata', '-o', join(dir, 'o.toml'), ...args], io)
      ).not.toBe(0)
      expect(io.err).toMatch(/^error\[/)
    }
  })
})
