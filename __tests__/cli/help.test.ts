import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FLAG_NOTES } from '../../src/cli/help.js'
import { cli, COMMAND_NAMES } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

async function run(
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: process.cwd(),
    env: {}
  }
  const code = await cli(args, io)
  return { code, out, err }
}

interface Listed {
  long: string
  short?: string
  takesValue: boolean
  described: boolean
}

/** The flags a help text lists under "Options:". */
function listedFlags(help: string): Listed[] {
  const options = help.slice(help.indexOf('\nOptions:\n'))
  const flags: Listed[] = []
  const lines = options.split('\n')
  for (const [i, line] of lines.entries()) {
    const m =
      /^ {2}(?:-(\w), | {4})--([a-z0-9][a-z0-9-]*)( [^ ]+)?( +\S)?/.exec(line)
    if (m)
      flags.push({
        short: m[1],
        long: m[2],
        takesValue: m[3] !== undefined,
        // on the same line, or on the next when the label is long
        described: m[4] !== undefined || /^ {10,}\S/.test(lines[i + 1] ?? '')
      })
  }
  return flags
}

describe('--help of every subcommand', () => {
  it('the dispatcher knows the commands the contract names', () => {
    for (const c of [
      'go build',
      'gramine manifest',
      'nitro build',
      'nitro pcr1',
      'snp measure',
      'verify'
    ])
      expect(COMMAND_NAMES).toContain(c)
  })

  it.each(COMMAND_NAMES)(
    '%s --help prints its usage and flags on stdout, exit 0',
    async (name) => {
      const words = name.split(' ')
      const r = await run([...words, '--help'])
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(r.out).toMatch(new RegExp(`^Usage: enclave-build ${name} `))
      const flags = listedFlags(r.out)
      // every command takes --json (the contract) and --help
      expect(flags.map((f) => f.long)).toEqual(
        expect.arrayContaining(['json', 'help'])
      )
      // and says what each flag does (where the definitions carry their help;
      // help.ts's notes describe the others, which may add flags before notes)
      if (!(name in FLAG_NOTES))
        expect(flags.filter((f) => !f.described)).toEqual([])
      // -h too, and --help anywhere among the flags
      expect((await run([...words, '-h'])).out).toBe(r.out)
      expect((await run([...words, '--json', '--help'])).out).toBe(r.out)
    }
  )

  it.each(COMMAND_NAMES)(
    '%s: the parser accepts every flag its help lists',
    async (name) => {
      const words = name.split(' ')
      const flags = listedFlags((await run([...words, '--help'])).out).filter(
        (f) => f.long !== 'help'
      )
      expect(flags.length).toBeGreaterThan(1)
      // A flag followed by an unknown one: strict parsing stops at the first
      // flag it does not know, so the error must name the unknown one (and the
      // command never runs).
      for (const f of flags)
        for (const spelled of [
          `--${f.long}`,
          ...(f.short ? [`-${f.short}`] : [])
        ]) {
          const args = [
            ...words,
            spelled,
            ...(f.takesValue ? ['x'] : []),
            '--zz-not-a-flag'
          ]
          const r = await run(args)
          expect({ args, code: r.code, err: r.err }).toEqual({
            args,
            code: 2,
            err: expect.stringMatching(
              /^error\[INPUT_INVALID\]: Unknown option '--zz-not-a-flag'/
            ) as unknown
          })
        }
    }
  )

  it.each(COMMAND_NAMES)(
    '%s: every value is named (FILE, DIR, URL, ...), never the generic VALUE',
    async (name) => {
      const help = (await run([...name.split(' '), '--help'])).out
      // snp measure keeps sev-snp-measure's own metavars, VALUE among them
      const allowed =
        name === 'snp measure' ? ['vcpu-sig', 'guest-features'] : []
      const generic = [...help.matchAll(/ --([a-z0-9-]+) VALUE\b/g)]
        .map((m) => m[1])
        .filter((f) => !allowed.includes(f))
      expect({ name, generic }).toEqual({ name, generic: [] })
    }
  )

  it('build names the files it opens FILE, its directories DIR', async () => {
    const help = (await run(['build', '--help'])).out
    for (const [flag, arg] of [
      ['libpal', 'FILE'],
      ['tdx-acpi-tables', 'FILE'],
      ['tdx-acpi-rsdp', 'FILE'],
      ['tdx-acpi-loader', 'FILE'],
      ['nitro-kernel', 'FILE'],
      ['oci-base-layout', 'DIR'],
      ['cgo-sysroot', 'DIR'],
      ['pgo', 'off|auto|FILE'],
      ['nitro-bootstrap-layout', 'TEXT']
    ])
      expect({
        flag,
        arg: new RegExp(`--${flag} (\\S+)`).exec(help)?.[1]
      }).toEqual({ flag, arg })
  })

  it('every note in help.ts names a flag its command accepts', async () => {
    for (const [name, notes] of Object.entries(FLAG_NOTES)) {
      expect(COMMAND_NAMES).toContain(name)
      const listed = listedFlags(
        (await run([...name.split(' '), '--help'])).out
      ).map((f) => f.long)
      expect({ name, flags: Object.keys(notes) }).toEqual({
        name,
        flags: Object.keys(notes).filter((f) => listed.includes(f))
      })
    }
  })

  it('a group lists its commands', async () => {
    const r = await run(['nitro', '--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('nitro build')
    expect(r.out).toContain('nitro pcr1')
    expect((await run(['nitro'])).code).toBe(2)
    expect((await run(['nitro', 'frob'])).err).toMatch(
      /^error\[INPUT_INVALID\]: unknown command "nitro frob"/
    )
  })

  it('a value that looks like --help is a value, not a request for help', async () => {
    const r = await run(['nitro', 'build', '--name', '--help'])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(
      /^error\[INPUT_INVALID\]: Option '--name' argument is ambiguous/
    )
  })
})

describe('--version', () => {
  const pkg = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')
  ) as { version: string }

  it('enclave-build --version prints the package version', async () => {
    const r = await run(['--version'])
    expect(r).toEqual({
      code: 0,
      out: `enclave-build ${pkg.version}\n`,
      err: ''
    })
  })

  it('snp measure --version prints it in sev-snp-measure\'s "prog version" form', async () => {
    const r = await run(['snp', 'measure', '--version'])
    expect(r).toEqual({
      code: 0,
      out: `enclave-build ${pkg.version} (sev-snp-measure 0.0.13)\n`,
      err: ''
    })
  })
})
