import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import fc from 'fast-check'
import { readCpio } from '../../src/archive/cpio.js'
import { firmware, STD, stdEntries } from './fwgen.js'
import { ROOT, runCli } from './helpers.js'

// Flags, output formats and refusals of `snp measure` and `snp initrd`.

let dir: string
let fw: string
const D1 = ['--mode', 'snp', '--vcpus', '2', '--vcpu-type', 'EPYC-v4']
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-cli-'))
  fw = join(dir, 'fw.fd')
  writeFileSync(
    fw,
    firmware({
      size: 128 * 1024,
      seed: 'cli',
      sections: STD,
      entries: stdEntries()
    })
  )
  writeFileSync(join(dir, 'k'), 'kernel')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('snp measure', () => {
  test('hex, base64, verbose and --json print the same digest', async () => {
    const hex = (
      await runCli(['snp', 'measure', ...D1, '--ovmf', fw])
    ).stdout.trim()
    expect(hex).toMatch(/^[0-9a-f]{96}$/)
    const b64 = await runCli([
      'snp',
      'measure',
      ...D1,
      '--ovmf',
      fw,
      '--output-format',
      'base64'
    ])
    expect(Buffer.from(b64.stdout.trim(), 'base64').toString('hex')).toBe(hex)
    const verbose = await runCli(['snp', 'measure', ...D1, '--ovmf', fw, '-v'])
    expect(verbose.stdout).toBe(
      `Calculated SEV_SNP guest measurement: ${hex}\n`
    )
    const json = await runCli(['snp', 'measure', ...D1, '--ovmf', fw, '--json'])
    expect(JSON.parse(json.stdout)).toEqual({ measurement: hex })
  })
  test('--vmm-type is case-insensitive', async () => {
    const a = await runCli([
      'snp',
      'measure',
      ...D1,
      '--ovmf',
      fw,
      '--vmm-type',
      'EC2'
    ])
    const b = await runCli([
      'snp',
      'measure',
      ...D1,
      '--ovmf',
      fw,
      '--vmm-type',
      'ec2'
    ])
    const c = await runCli([
      'snp',
      'measure',
      ...D1,
      '--ovmf',
      fw,
      '--vmm-type',
      'qemu'
    ])
    const d = await runCli(['snp', 'measure', ...D1, '--ovmf', fw])
    expect(a.stdout).toBe(b.stdout)
    expect(c.stdout).toBe(d.stdout)
    expect(a.stdout).not.toBe(d.stdout)
  })
  test('snp:ovmf-hash prints hex whatever the format', async () => {
    const r = await runCli([
      'snp',
      'measure',
      '--mode',
      'snp:ovmf-hash',
      '--ovmf',
      fw,
      '--output-format',
      'base64'
    ])
    expect(r.stdout).toMatch(/^[0-9a-f]{96}\n$/)
  })
  test.each([
    [
      ['--mode', 'snp', '--vcpus', '1', '--vcpu-type', 'EPYC-v4'],
      'INPUT_INVALID'
    ], // no --ovmf
    [[...D1, '--ovmf', '/nonexistent/fw.fd'], 'FILE_NOT_FOUND'],
    [
      [
        '--mode',
        'snp',
        '--vcpus',
        '1',
        '--vcpu-type',
        'EPYC-v9',
        '--ovmf',
        'X'
      ],
      'INPUT_INVALID'
    ],
    [
      [
        '--mode',
        'snp:svsm',
        '--vcpus',
        '1',
        '--vcpu-type',
        'EPYC-v4',
        '--ovmf',
        'X'
      ],
      'INPUT_INVALID'
    ],
    [['--mode', 'tdx', '--ovmf', 'X'], 'INPUT_INVALID'],
    [[...D1, '--ovmf', 'X', '--vmm-type', 'kvm'], 'INPUT_INVALID'],
    [[...D1, '--ovmf', 'X', '--guest-features', '0xzz'], 'INPUT_INVALID'],
    [[...D1, '--ovmf', 'X', '--vcpus', 'two'], 'INPUT_INVALID'],
    [[...D1, '--ovmf', 'X', '--append', 'quiet'], 'INPUT_INVALID'],
    [[...D1, '--ovmf', 'X', '--output-format', 'raw'], 'INPUT_INVALID'],
    [
      ['--mode', 'snp', '--vcpus', '1', '--vcpu-family', '25', '--ovmf', 'X'],
      'INPUT_INVALID'
    ],
    [[...D1, '--ovmf', 'X', '--bogus'], 'INPUT_INVALID']
  ])('refuses %j with %s', async (args, code) => {
    const r = await runCli(['snp', 'measure', ...args])
    expect(r.code).not.toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr.startsWith(`error[${code}]`)).toBe(true)
  })
  test('--vcpu-sig 0 and --vcpu-family 0 count as given (upstream since 0.0.13+1)', async () => {
    const r = await runCli([
      'snp',
      'measure',
      '--mode',
      'snp',
      '--vcpus',
      '1',
      '--vcpu-sig',
      '0',
      '--ovmf',
      fw
    ])
    const f = await runCli([
      'snp',
      'measure',
      '--mode',
      'snp',
      '--vcpus',
      '1',
      '--vcpu-family',
      '0',
      '--vcpu-model',
      '0',
      '--vcpu-stepping',
      '0',
      '--ovmf',
      fw
    ])
    expect(r.code).toBe(0)
    expect(f.stdout).toBe(r.stdout)
  })
  test('random argument lists give a digest or a coded error, never a crash', async () => {
    const token = fc.oneof(
      fc.constantFrom(
        '--mode',
        'snp',
        'seves',
        'sev',
        'snp:ovmf-hash',
        '--vcpus',
        '--vcpu-type',
        'EPYC-v4',
        '--vcpu-sig',
        '--vcpu-family',
        '--vcpu-model',
        '--vcpu-stepping',
        '--vmm-type',
        'gce',
        '--ovmf',
        '--kernel',
        '--initrd',
        '--append',
        '--guest-features',
        '--snp-ovmf-hash',
        '--output-format',
        'base64',
        '--json',
        '-v',
        '0',
        '1',
        '-1',
        '0x21',
        '99999999999999999999',
        'FW',
        'K'
      ),
      fc.string({ maxLength: 6 })
    )
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 14 }), async (tokens) => {
        const args = tokens.map((t) =>
          t === 'FW' ? fw : t === 'K' ? join(dir, 'k') : t
        )
        const r = await runCli(['snp', 'measure', ...args])
        if (r.code === 0) expect(r.stdout.length).toBeGreaterThan(0)
        else {
          expect(r.stderr).toMatch(/^error\[[A-Z_]+\]: /)
          expect(r.stderr).not.toMatch(/^error\[INTERNAL\]/)
        }
      }),
      { numRuns: 300 }
    )
  })
  test('the measure command imports nothing outside src/ and node: builtins (fast start)', () => {
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const src = readFileSync(file, 'utf8')
      for (const m of src.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1]
        if (spec.startsWith('node:')) continue
        expect(spec.startsWith('.')).toBe(true)
        visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      }
    }
    visit(join(ROOT, 'src/targets/snp/cli.ts'))
    expect(seen.size).toBeGreaterThan(5)
  })
})

describe('snp initrd', () => {
  test('writes a deterministic newc archive with /init and the skeleton', async () => {
    const init = join(dir, 'app')
    writeFileSync(init, Buffer.from('\x7fELF fake go binary'))
    const out1 = join(dir, 'a.cpio')
    const out2 = join(dir, 'b.cpio')
    const r1 = await runCli([
      'snp',
      'initrd',
      '--init',
      init,
      '--output',
      out1,
      '--json'
    ])
    const r2 = await runCli([
      'snp',
      'initrd',
      '--init',
      init,
      '--output',
      out2,
      '--json'
    ])
    expect(r1.code).toBe(0)
    const j1 = JSON.parse(r1.stdout) as { sha256: string; size: number }
    expect(j1.sha256).toBe((JSON.parse(r2.stdout) as { sha256: string }).sha256)
    expect(readFileSync(out1)).toEqual(readFileSync(out2))
    const entries = readCpio(readFileSync(out1))
    expect(entries.map((e) => e.path)).toEqual([
      'dev',
      'etc',
      'init',
      'proc',
      'root',
      'run',
      'sys',
      'tmp'
    ])
    const initEntry = entries.find((e) => e.path === 'init')
    expect(initEntry?.mode).toBe(0o755)
    expect(Buffer.from(initEntry?.data ?? []).toString()).toBe(
      '\x7fELF fake go binary'
    )
  })
  test('refuses a missing binary and leaves no output', async () => {
    const out = join(dir, 'none.cpio')
    const r = await runCli([
      'snp',
      'initrd',
      '--init',
      join(dir, 'missing'),
      '--output',
      out
    ])
    expect(r.stderr.startsWith('error[FILE_NOT_FOUND]')).toBe(true)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})

describe('snp measure with several bad values', () => {
  it('reports all of them at once', async () => {
    const { cli: run } = await import('../../src/cli/main.js')
    let err = ''
    const code = await run(
      [
        'snp',
        'measure',
        '--mode',
        'snp',
        '--ovmf',
        '/no/such/OVMF.fd',
        '--vcpus',
        'x',
        '--vcpu-type',
        'NoSuchCPU',
        '--output-format',
        'text'
      ],
      {
        stdout: () => undefined,
        stderr: (t) => (err += t),
        cwd: process.cwd(),
        env: {}
      }
    )
    expect(code).toBe(2)
    expect(err).toMatch(/--output-format/)
    expect(err).toMatch(/--vcpu-type NoSuchCPU/)
    expect(err).toMatch(/--vcpus "x"/)
  })
})
