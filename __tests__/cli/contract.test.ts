// The command-line contract (CLI.md and docs/failure.md) where the
// reference vectors do not reach: how errors are printed, that every
// missing or impossible value is reported at once, and the flags the
// established tools spell their own way. The expected values are the
// contract's own words, not what our code happens to print.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli, COMMAND_NAMES } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

const dir = mkdtempSync(join(tmpdir(), 'eb-contract-'))

async function run(
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: dir,
    env: {}
  }
  const code = await cli(args, io)
  return { code, out, err }
}

/** CLI.md: "Errors go to stderr as one line `error[CODE]: message`". */
function expectOneErrorLine(err: string, code: string): string {
  expect(err).toMatch(new RegExp(`^error\\[${code}\\]: `))
  expect(err.endsWith('\n')).toBe(true)
  expect(err.slice(0, -1)).not.toContain('\n')
  return err
}

describe('errors are one line on stderr', () => {
  it('a message that lists several problems stays on one line', async () => {
    const r = await run([
      'go',
      'build',
      '--output',
      'x',
      '--ldflags',
      '-o /tmp/x'
    ])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    const line = expectOneErrorLine(r.err, 'INPUT_INVALID')
    // both problems are still there
    expect(line).toContain('-o: only -s')
    expect(line).toContain('"/tmp/x" is not one')
  })
})

// docs/failure.md: "all problems are reported in one message".
describe('every missing flag and bad value is named in one run', () => {
  it.each([
    ['go build', ['--output']],
    ['gramine sign', ['--manifest', '--output']],
    ['gramine measure', ['--manifest-sgx']],
    ['sgx gen-key', ['--output']],
    ['nitro build', ['--kernel', '--output']],
    ['nitro pcr1', ['--kernel']],
    ['snp measure', ['--mode', '--ovmf']],
    ['snp initrd', ['--init', '--output']],
    ['tdx measure', ['--bios']],
    ['uki build', ['--stub', '--kernel', '--initrd', '--output']],
    ['uki measure', ['--image']],
    ['uki pcr11', ['--image']],
    ['oci image', ['--binary', '--output']],
    ['aci policy', ['--image', '--output']],
    ['coco initdata', ['--output']],
    ['attest statement', ['--build-record', '--output']],
    ['attest sign', ['--statement', '--output']],
    ['attest gen-key', ['--output']],
    ['attest verify-key', ['--bundle', '--public-key']],
    ['fetch-platform', ['--target']]
  ])('%s with no flags names %j', async (command, flags) => {
    const r = await run([...command.split(' '), '--json'])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    const line = expectOneErrorLine(r.err, 'INPUT_INVALID')
    for (const f of flags) expect(line).toMatch(new RegExp(`${f}\\b`))
  })

  it.each([
    [
      'nitro build',
      ['nitro', 'build', '--arch', 'sparc', '--build-time', 'June 25 2025'],
      ['--kernel', '--output', '--arch', '--build-time']
    ],
    [
      'snp measure',
      [
        'snp',
        'measure',
        '--vcpus',
        '0',
        '--guest-features',
        `0x1${'0'.repeat(16)}`
      ],
      ['--mode', '--ovmf', '--vcpus', '--guest-features']
    ],
    [
      'tdx measure',
      [
        'tdx',
        'measure',
        '-c',
        '0',
        '-m',
        'lots',
        '--two-pass-add-pages',
        'maybe'
      ],
      ['--bios', '--cpu', '"lots"', '--two-pass-add-pages']
    ],
    [
      'coco initdata',
      ['coco', 'initdata', '--algorithm', 'md5'],
      ['--output', '--algorithm']
    ],
    [
      'oci image',
      ['oci', 'image', '--created', 'June 25 2025', '--compression', 'zip'],
      ['--binary', '--output', '--created', '--compression']
    ]
  ])(
    '%s: missing flags and bad values together',
    async (_name, args, named) => {
      const r = await run(args)
      expect(r.code).toBe(2)
      const line = expectOneErrorLine(r.err, 'INPUT_INVALID')
      for (const n of named) expect(line).toContain(n)
    }
  )

  it('--help marks the required flags', async () => {
    const r = await run(['uki', 'build', '--help'])
    expect(r.code).toBe(0)
    for (const f of ['stub', 'kernel', 'initrd', 'output'])
      expect(r.out).toMatch(new RegExp(`--${f} .*\\(required\\)`))
    expect(r.out).not.toMatch(/--cmdline .*\(required\)/)
  })
})

// CLI.md: "Where an established tool exists, the flags and the output follow
// that tool, so its users feel at home."
const ukiStub = process.env.UKI_STUB_257
const haveStub = ukiStub !== undefined && existsSync(ukiStub)
;(haveStub ? describe : describe.skip)(
  `the reference tools' spellings${haveStub ? '' : ' (needs $UKI_STUB_257 from .ci/uki-oracle.sh)'}`,
  () => {
    const stub = ukiStub as string
    it('uki measure -i F, as nitro-tpm-pcr-compute spells --image', async () => {
      const long = await run(['uki', 'measure', '--image', stub, '--json'])
      const short = await run(['uki', 'measure', '-i', stub, '--json'])
      expect(long.code).toBe(0)
      expect(short).toEqual(long)
    })
    it('uki pcr11 --bank SHA256, as systemd-measure spells banks', async () => {
      const lower = await run([
        'uki',
        'pcr11',
        '--image',
        stub,
        '--bank',
        'sha256',
        '--json'
      ])
      const upper = await run([
        'uki',
        'pcr11',
        '--image',
        stub,
        '--bank=SHA256',
        '--json'
      ])
      expect(lower.code).toBe(0)
      expect(upper).toEqual(lower)
      expect(Object.keys(JSON.parse(upper.out) as object)).toEqual(['sha256'])
    })
  }
)

describe('error messages say what is wrong in words', () => {
  it('an initdata document without `algorithm` is not "undefined"', async () => {
    const toml = join(dir, 'no-algorithm.toml')
    writeFileSync(toml, 'version = "0.1.0"\n\n[data]\n')
    const r = await run(['coco', 'initdata-digest', toml])
    expect(r.code).toBe(2)
    const line = expectOneErrorLine(r.err, 'INPUT_INVALID')
    expect(line).toContain('algorithm')
    expect(line).not.toContain('undefined')
  })
})

describe('--help names what each flag takes', () => {
  // snp measure keeps sev-snp-measure's own metavars (VALUE among them)
  it.each(COMMAND_NAMES.filter((c) => c !== 'snp measure'))(
    '%s: no flag takes a bare VALUE',
    async (command) => {
      const r = await run([...command.split(' '), '--help'])
      expect(r.code).toBe(0)
      expect(r.out).not.toMatch(/^ +(?:-\w, )?--\S+ VALUE\b/m)
    }
  )
})
