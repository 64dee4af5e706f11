import { describe, expect, it } from '@jest/globals'
import { readFileSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { loadSgxKey } from '../../src/targets/sgx/key.js'
import {
  capture,
  expected,
  KEY,
  LIBPAL,
  ROOTFS,
  tempDir,
  vectorFile
} from './helpers.js'

const G1 = 'g1-go-256M-t4-debug'

describe('gramine and sgx commands', () => {
  it('gen-key writes a 0600 RSA-3072 e=3 key and refuses to overwrite it', async () => {
    const dir = await tempDir()
    const out = join(dir, 'k.pem')
    const io = capture()
    expect(await cli(['sgx', 'gen-key', '--output', out, '--json'], io)).toBe(0)
    const j = JSON.parse(io.out) as { path: string; mrsigner: string }
    expect(j.path).toBe(out)
    expect(j.mrsigner).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(loadSgxKey(readFileSync(out, 'utf8')).modulus).toBeGreaterThan(0n)
    const again = capture()
    expect(await cli(['sgx', 'gen-key', '--output', out], again)).toBe(2)
    expect(again.err).toMatch(/^error\[INPUT_INVALID\]/)
  })

  it('sign defaults --sigfile to the manifest name and --date to today', async () => {
    const dir = await tempDir()
    const manifest = join(dir, 'app.manifest')
    await writeFile(manifest, readFileSync(vectorFile(G1, '.manifest')))
    const io = capture()
    const args = [
      'gramine',
      'sign',
      '-m',
      manifest,
      '-o',
      join(dir, 'app.manifest.sgx'),
      '-l',
      LIBPAL,
      '-k',
      KEY,
      '--chroot',
      ROOTFS
    ]
    expect(await cli(args, io)).toBe(0)
    expect(io.out).toContain(`mrenclave: ${expected(G1).mrenclave}`)
    const view = capture()
    expect(
      await cli(['sgx', 'sigstruct-view', join(dir, 'app.sig')], view)
    ).toBe(0)
    const now = new Date()
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
    expect(view.out).toContain(`    date: ${today}`)
    expect(view.out).toMatch(/^Attributes:\n {4}mr_signer: /)
  })

  it('reports missing flags, files and bad dates as coded one-line errors, writing nothing', async () => {
    const dir = await tempDir()
    const cases: [string[], string][] = [
      [['gramine', 'measure', '--libpal', LIBPAL], 'INPUT_INVALID'],
      [
        ['gramine', 'measure', '--manifest-sgx', '/nope', '--libpal', LIBPAL],
        'FILE_NOT_FOUND'
      ],
      [
        [
          'gramine',
          'measure',
          '--manifest-sgx',
          vectorFile(G1, '.manifest.sgx'),
          '--libpal',
          KEY
        ],
        'ELF_INVALID'
      ],
      [
        [
          'gramine',
          'sign',
          '--manifest',
          vectorFile(G1, '.manifest'),
          '--output',
          join(dir, 'x'),
          '--libpal',
          LIBPAL,
          '--key',
          KEY,
          '--date',
          '15-01-2026'
        ],
        'INPUT_INVALID'
      ],
      [
        [
          'gramine',
          'sign',
          '--manifest',
          vectorFile(G1, '.manifest'),
          '--output',
          join(dir, 'x'),
          '--libpal',
          LIBPAL,
          '--key',
          LIBPAL
        ],
        'KEY_INVALID'
      ],
      [
        ['gramine', 'manifest', '--template', KEY, '--output', join(dir, 'y')],
        'TOML_INVALID'
      ],
      [
        [
          'gramine',
          'manifest',
          '--template',
          vectorFile(G1, '.manifest.template'),
          '--output',
          join(dir, 'y')
        ],
        'TEMPLATE_INVALID'
      ],
      [['sgx', 'sigstruct-view', KEY], 'SIGSTRUCT_INVALID'],
      [['sgx', 'sigstruct-view'], 'INPUT_INVALID']
    ]
    for (const [args, code] of cases) {
      const io = capture()
      expect(await cli(args, io)).not.toBe(0)
      expect(io.err).toMatch(new RegExp(`^error\\[${code}\\]: [^\\n]+\\n$`))
    }
    expect(() => statSync(join(dir, 'x'))).toThrow()
    expect(() => statSync(join(dir, 'y'))).toThrow()
  })

  it('refuses a manifest whose trusted file escapes the chroot', async () => {
    const dir = await tempDir()
    const t = join(dir, 't.manifest.template')
    await writeFile(
      t,
      'libos.entrypoint = "/a"\nfs.mounts = []\nsgx.trusted_files = ["file:/../etc/passwd"]\n'
    )
    const io = capture()
    expect(
      await cli(
        [
          'gramine',
          'manifest',
          '--template',
          t,
          '--output',
          join(dir, 'o'),
          '--chroot',
          ROOTFS
        ],
        io
      )
    ).toBe(2)
    expect(io.err).toMatch(/^error\[PATH_ESCAPES_ROOT\]/)
  })
})

describe('sigstruct-view formats and --date', () => {
  it('prints TOML like gramine-sgx-sigstruct-view --output-format toml', async () => {
    const io = capture()
    const sig = vectorFile('g2-go-1G-t16-release', '.sig')
    expect(
      await cli(['sgx', 'sigstruct-view', '--output-format', 'toml', sig], io)
    ).toBe(0)
    expect(io.out).toContain('isv_prod_id = 7\nisv_svn = 3\n')
    expect(io.out).toContain('debug_enclave = false\n')
  })

  it("prints the bytes of gramine-sgx-sigstruct-view --verbose --output-format json (the vectors' sigstruct.json)", async () => {
    for (const name of ['g1-go-256M-t4-debug', 'g2-go-1G-t16-release']) {
      const io = capture()
      const sig = vectorFile(name, '.sig')
      expect(
        await cli(['sgx', 'sigstruct-view', '--output-format', 'json', sig], io)
      ).toBe(0)
      expect(io.out).toBe(
        readFileSync(sig.replace(/[^/]+\.sig$/, 'sigstruct.json'), 'utf8')
      )
    }
  })

  it('accepts the reproducible-build date 0000-00-00 and "today" in any case', async () => {
    const { parseSigDate } =
      await import('../../src/targets/gramine/pipeline.js')
    expect(parseSigDate('0000-00-00')).toEqual({ year: 0, month: 0, day: 0 })
    expect(parseSigDate('TODAY', new Date(2026, 0, 5))).toEqual({
      year: 2026,
      month: 1,
      day: 5
    })
    const dir = await tempDir()
    const io = capture()
    const args = [
      'gramine',
      'sign',
      '--manifest',
      vectorFile(G1, '.manifest'),
      '--output',
      join(dir, 'a.manifest.sgx'),
      '--libpal',
      LIBPAL,
      '--key',
      KEY,
      '--chroot',
      ROOTFS,
      '--date',
      '0000-00-00',
      '--sigfile',
      join(dir, 'a.sig')
    ]
    expect(await cli(args, io)).toBe(0)
    expect(
      readFileSync(join(dir, 'a.sig')).subarray(0x14, 0x18).toString('hex')
    ).toBe('00000000')
  })
})

describe('gramine manifest positionals', () => {
  it('accepts INFILE OUTFILE like gramine-manifest', async () => {
    const dir = await tempDir()
    const out = join(dir, 'p.manifest')
    const io = capture()
    const args = [
      'gramine',
      'manifest',
      '-Dlog_level=error',
      '--chroot',
      ROOTFS,
      vectorFile(G1, '.manifest.template'),
      out
    ]
    expect(await cli(args, io)).toBe(0)
    expect(readFileSync(out)).toEqual(readFileSync(vectorFile(G1, '.manifest')))
  })
})

describe("gramine manifest: gramine-manifest's -c, -D and --check/--no-check", () => {
  const template = (): string =>
    readFileSync(vectorFile(G1, '.manifest.template'), 'utf8')
  const defines = (): string[] => expected(G1).defines.map((d) => `-D${d}`)

  it('-c TEMPLATE renders the text itself; without an output the manifest goes to stdout', async () => {
    const io = capture()
    const args = [
      'gramine',
      'manifest',
      ...defines(),
      '--chroot',
      ROOTFS,
      '-c',
      template()
    ]
    expect(await cli(args, io)).toBe(0)
    expect(io.err).toBe('')
    expect(io.out).toBe(readFileSync(vectorFile(G1, '.manifest'), 'utf8'))
    // "-" as the output is stdout too, and --string is -c
    const dash = capture()
    const long = ['gramine', 'manifest', ...defines(), '--chroot', ROOTFS]
    expect(
      await cli([...long, '--string', template(), '--output', '-'], dash)
    ).toBe(0)
    expect(dash.out).toBe(io.out)
  })

  it('-c with an output file, and -D KEY without a value is True', async () => {
    const dir = await tempDir()
    const out = join(dir, 'c.manifest')
    const io = capture()
    const text = 'libos.entrypoint = "/{{ flag }}"\nfs.mounts = []\n'
    expect(
      await cli(
        [
          'gramine',
          'manifest',
          '-c',
          text,
          '-Dflag',
          '-o',
          out,
          '--chroot',
          ROOTFS
        ],
        io
      )
    ).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain('entrypoint = "/True"')
  })

  it('refuses both or neither of a template file and -c, like gramine-manifest', async () => {
    const dir = await tempDir()
    const t = vectorFile(G1, '.manifest.template')
    for (const args of [
      ['-c', 'x = 1', t],
      ['-c', 'x = 1', '--template', t],
      ['-c', ''],
      [],
      ['--template', t, t]
    ]) {
      const io = capture()
      expect(
        await cli(['gramine', 'manifest', ...args, '-o', join(dir, 'o')], io)
      ).toBe(2)
      expect(io.err).toMatch(
        /^error\[INPUT_INVALID\]: (specify exactly one|give the template once)/
      )
    }
    const json = capture()
    expect(
      await cli(['gramine', 'manifest', '-c', 'x = 1', '--json'], json)
    ).toBe(2)
    expect(json.err).toMatch(/^error\[INPUT_INVALID\]: --json/)
    expect(() => statSync(join(dir, 'o'))).toThrow()
  })

  it('--check/--no-check: the schema check is on by default and the last flag wins', async () => {
    const dir = await tempDir()
    // no fs.mounts: gramine-manifest's schema refuses it, --no-check lets it through
    const text = 'libos.entrypoint = "/app"\n'
    const run = async (
      flags: string[]
    ): Promise<{ code: number; err: string }> => {
      const io = capture()
      const code = await cli(
        [
          'gramine',
          'manifest',
          '-c',
          text,
          ...flags,
          '-o',
          join(dir, 'm'),
          '--chroot',
          ROOTFS
        ],
        io
      )
      return { code, err: io.err }
    }
    const refused = {
      code: 2,
      err: expect.stringMatching(
        /^error\[MANIFEST_INVALID\]: required key fs.mounts/
      ) as unknown
    }
    expect(await run([])).toEqual(refused)
    expect(await run(['--check'])).toEqual(refused)
    expect(await run(['--check', '--no-check'])).toEqual({ code: 0, err: '' })
    expect(await run(['--no-check'])).toEqual({ code: 0, err: '' })
    expect(await run(['--no-check', '--check'])).toEqual(refused)
  })
})
