/**
 * The commands of docs/cgo.md, as a reader types them: every flag they
 * give exists in that command's --help; the static builds run on the cgo
 * fixture and give a static binary that runs (glibc's libc.a, and musl-gcc
 * when installed); and, with FETCH_PLATFORM_NETWORK=1, the sysroot recipe
 * runs literally (Debian's libc6 downloaded, checked, unpacked) and the
 * build with it pins the files whose sha256 the page lists, which are
 * `sha256sum`'s of Debian's package contents, not ours.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { cli } from '../../src/cli/main.js'
import { readDynamic } from '../../src/elf/dynamic.js'

const page = readFileSync(join('docs', 'cgo.md'), 'utf8')

/** The lines of the page's ```sh blocks (indented ones included). */
function shLines(): string[] {
  return [...page.matchAll(/^( *)```sh\n([\s\S]*?)^\1```/gm)].flatMap((m) =>
    m[2]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
  )
}

/** A command line split as sh splits it (single quotes, VAR=value prefixes). */
function words(line: string): { env: Record<string, string>; argv: string[] } {
  const argv = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]
  )
  const env: Record<string, string> = {}
  while (argv.length > 0 && /^[A-Z_]+=/.test(argv[0])) {
    const [k, v] = argv.shift()!.split('=')
    env[k] = v
  }
  return { env, argv }
}

/** The enclave-build commands of the page: the verb words, then the rest. */
function commands(): { env: Record<string, string>; argv: string[] }[] {
  return shLines()
    .map(words)
    .filter((w) => w.argv[0] === 'enclave-build')
    .map((w) => ({ env: w.env, argv: w.argv.slice(1) }))
}

/** The verb of a command line: the words before its first flag. */
function verb(argv: string[]): string[] {
  const i = argv.findIndex((a) => a.startsWith('-'))
  return i < 0 ? argv : argv.slice(0, i)
}

async function help(v: string[]): Promise<string> {
  let out = ''
  const code = await cli([...v, '--help'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    cwd: process.cwd(),
    env: {}
  })
  expect(code).toBe(0)
  return out
}

/** Runs `enclave-build build ...` on a fresh copy of the cgo fixture; its output directory. */
async function buildFixture(
  argv: string[],
  env: Record<string, string>
): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'eb-cgo-docs-'))
  let err = ''
  const code = await cli(
    [...argv, '--output-directory', out, '--output', 'app'],
    {
      stdout: () => undefined,
      stderr: (t) => (err += t),
      cwd: makeRepo('cgo'),
      env: { ...process.env, ...env }
    }
  )
  expect(err).not.toContain('error[')
  expect(code).toBe(0)
  return out
}

const have = (cmd: string, ...args: string[]): boolean =>
  spawnSync(cmd, args).status === 0
const HAVE_GCC = have('gcc', '--version')
const HAVE_LIBC_A =
  HAVE_GCC &&
  existsSync(
    execFileSync('gcc', ['-print-file-name=libc.a'], {
      encoding: 'utf8'
    }).trim()
  )
const HAVE_MUSL = have('musl-gcc', '--version')
const NETWORK =
  process.env.FETCH_PLATFORM_NETWORK === '1' &&
  have('curl', '--version') &&
  have('dpkg-deb', '--version') &&
  HAVE_GCC

describe('docs/cgo.md', () => {
  it('has enclave-build commands, each giving only flags its --help lists', async () => {
    const found = commands()
    expect(found.length).toBeGreaterThanOrEqual(4)
    // flags the prose names in backticks, with the command they belong to
    const inline: [string[], string][] = [
      [['build'], '--gramine-ldd-skip-missing'],
      [['build'], '--tags'],
      [['gramine', 'manifest'], '--ldd-skip-missing'],
      [['nitro', 'build'], '--binary'],
      [['nitro', 'build'], '--cgo-sysroot']
    ]
    for (const [, flag] of inline) expect(page).toContain(flag)
    const missing: string[] = []
    for (const { argv } of [
      ...found,
      ...inline.map(([v, f]) => ({ argv: [...v, f] }))
    ]) {
      const text = await help(verb(argv))
      for (const flag of argv.filter((a) => a.startsWith('--')))
        if (!new RegExp(`^\\s+(-\\w, )?${flag}(\\s|$)`, 'm').test(text))
          missing.push(`${verb(argv).join(' ')} ${flag}`)
    }
    expect(missing).toEqual([])
  })

  const staticBuilds = (): { env: Record<string, string>; argv: string[] }[] =>
    commands().filter((c) =>
      c.argv.includes('-linkmode=external -extldflags -static')
    )

  ;(HAVE_LIBC_A ? describe : describe.skip)(
    'static with glibc (needs gcc and libc.a): a static binary that runs, no sysroot',
    () => {
      it('builds the glibc static binary', async () => {
        const glibc = staticBuilds().find((c) => c.env.CC === undefined)
        expect(glibc).toBeDefined()
        const out = await buildFixture(glibc!.argv, glibc!.env)
        const dyn = readDynamic(readFileSync(join(out, 'app')))
        expect([dyn.interp, dyn.needed]).toEqual([undefined, []])
        expect(execFileSync(join(out, 'app'), { encoding: 'utf8' })).toBe(
          'cgo ok 4\n'
        )
      }, 180_000)
    }
  )

  ;(HAVE_MUSL ? describe : describe.skip)(
    'static with musl (needs musl-gcc, Debian musl-tools): a static binary that runs, cc recorded',
    () => {
      it('builds the musl static binary', async () => {
        const musl = staticBuilds().find((c) => c.env.CC === 'musl-gcc')
        expect(musl).toBeDefined()
        const out = await buildFixture(musl!.argv, musl!.env)
        const dyn = readDynamic(readFileSync(join(out, 'app')))
        expect([dyn.interp, dyn.needed]).toEqual([undefined, []])
        expect(execFileSync(join(out, 'app'), { encoding: 'utf8' })).toBe(
          'cgo ok 4\n'
        )
        const record = JSON.parse(
          readFileSync(join(out, 'build-record.json'), 'utf8')
        ) as { cToolchain: { cc: string; libc: string } }
        expect(record.cToolchain.cc).toBe('musl-gcc')
        // the C library is musl's, at the version Debian's package says
        // (upstream version, before the Debian revision), not the host's glibc
        const pkg = execFileSync(
          'dpkg-query',
          ['-W', '-f=${Version}', 'musl'],
          {
            encoding: 'utf8'
          }
        ).replace(/-[^-]*$/, '')
        expect(record.cToolchain.libc).toBe(`musl ${pkg}`)
      }, 180_000)
    }
  )

  ;(NETWORK ? describe : describe.skip)(
    "the sysroot recipe (FETCH_PLATFORM_NETWORK=1, curl, dpkg-deb, gcc): Debian's libc6, then the pins the page lists",
    () => {
      it('unpacks the sysroot and builds with it', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'eb-cgo-sysroot-'))
        const recipe = shLines().filter((l) => !l.startsWith('enclave-build'))
        expect(recipe.some((l) => l.startsWith('dpkg-deb -x'))).toBe(true)
        execFileSync(
          'bash',
          [
            '-euo',
            'pipefail',
            '-c',
            recipe.filter((l) => !l.startsWith('CC=')).join('\n')
          ],
          {
            cwd: dir,
            stdio: 'pipe'
          }
        )
        const listed = [
          ...page.matchAll(
            /\{"name": "(\/[^"]+)", "digest": \{"sha256": "([0-9a-f]{64})"\}\}/g
          )
        ].map((m) => ({ name: m[1], sha256: m[2] }))
        expect(listed.length).toBe(3)
        // the page's values are sha256sum's of the unpacked package
        for (const f of listed)
          expect(
            execFileSync('sha256sum', [join(dir, 'sysroot', f.name)], {
              encoding: 'utf8'
            }).slice(0, 64)
          ).toBe(f.sha256)
        const withSysroot = commands().find(
          (c) => c.argv.includes('--cgo-sysroot') && c.argv[0] === 'build'
        )
        expect(withSysroot).toBeDefined()
        const argv = withSysroot!.argv.map((a) =>
          a === 'sysroot' ? join(dir, 'sysroot') : a
        )
        const out = await buildFixture([...argv, '--no-rebuild-check'], {})
        const provenance = JSON.parse(
          readFileSync(join(out, 'app.provenance.intoto.json'), 'utf8')
        ) as {
          predicate: {
            buildDefinition: {
              resolvedDependencies: {
                name?: string
                digest?: { sha256?: string }
              }[]
            }
          }
        }
        const pinned = provenance.predicate.buildDefinition.resolvedDependencies
          .filter((d) => d.name?.startsWith('/'))
          .map((d) => ({ name: d.name, sha256: d.digest?.sha256 }))
        expect(pinned).toEqual(listed)
      }, 300_000)
    }
  )
})
