// No value the user gives can become a flag of `go build` (a package
// named -toolexec=/x would run /x): checked on the values, on the argument list, and with real
// builds that would run a program if a value got through.
import { describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'

jest.unstable_mockModule('@actions/core', () => core)
const { EnclaveBuildError } = await import('../../src/errors.js')
const { goBuildArgs } = await import('../../src/go/build.js')
const { goFlagProblems, splitQuoted } = await import('../../src/go/flags.js')
const { buildReproducibly } = await import('../../src/go/reproducible.js')
const { readInputs } = await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')

const ok = { package: '.', ldflags: '', tags: [] as string[], pgo: 'off' }

/** A script that leaves a mark when run, as -toolexec or -extld would. */
function evilScript(): { path: string; mark: string } {
  const dir = mkdtempSync(join(tmpdir(), 'eb-evil-'))
  const path = join(dir, 'evil.sh')
  const mark = join(dir, 'ran')
  writeFileSync(path, `#!/bin/sh\necho ran >> ${mark}\nexec "$@"\n`)
  chmodSync(path, 0o755)
  return { path, mark }
}

async function failure(
  p: Promise<unknown>
): Promise<InstanceType<typeof EnclaveBuildError>> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(EnclaveBuildError)
    return err as InstanceType<typeof EnclaveBuildError>
  }
  throw new Error('expected an error')
}

describe('goFlagProblems', () => {
  it.each([
    '-toolexec=/tmp/evil.sh',
    '-trimpath=false',
    '-buildvcs=false',
    '--toolexec=x',
    '-',
    ''
  ])('refuses the package %j', (pkg) => {
    expect(goFlagProblems({ ...ok, package: pkg })).toHaveLength(1)
  })

  it('refuses any package that starts with a dash (property)', () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        expect(
          goFlagProblems({ ...ok, package: `-${rest}` }).length
        ).toBeGreaterThan(0)
      })
    )
  })

  it.each(['.', './cmd/app', 'example.com/x/cmd/app', '../sibling/cmd'])(
    'accepts the package %j',
    (pkg) => {
      expect(goFlagProblems({ ...ok, package: pkg })).toEqual([])
    }
  )

  it('accepts only tags go/build accepts', () => {
    expect(
      goFlagProblems({ ...ok, tags: ['netgo', 'osusergo', 'go1.22', 'a_b'] })
    ).toEqual([])
    for (const tag of ['-toolexec=x', 'a=b', 'x y', '!neg', 'a/b'])
      expect(goFlagProblems({ ...ok, tags: [tag] })).toHaveLength(1)
  })

  it('refuses a pgo value that reads as a flag', () => {
    expect(goFlagProblems({ ...ok, pgo: 'auto' })).toEqual([])
    expect(goFlagProblems({ ...ok, pgo: 'profiles/default.pgo' })).toEqual([])
    for (const pgo of ['-toolexec=x', '', 'a,b'])
      expect(goFlagProblems({ ...ok, pgo })).toHaveLength(1)
  })

  it('refuses linker flags that run a program or write outside the build', () => {
    for (const ldflags of [
      '-extld=/tmp/evil.sh',
      '-s -w -extld /tmp/evil.sh',
      'all=-extld=/tmp/evil.sh',
      '-o /tmp/elsewhere',
      "-tmpdir '/tmp/x'",
      '--cpuprofile=/tmp/p'
    ])
      expect(goFlagProblems({ ...ok, ldflags }).length).toBeGreaterThan(0)
    for (const ldflags of [
      '-s -w',
      '-X main.version=1.0 -X "main.name=a b"',
      'all=-s -w',
      '-buildid=',
      '-X main.o=1'
    ])
      expect(goFlagProblems({ ...ok, ldflags })).toEqual([])
  })

  // cmd/link flags that write a file (-fipso, -capturehostobjs) or run a
  // program through the external linker (gcc's -wrapper, -B, -specs, @file,
  // -fplugin; gcc's manual, "Options for Debugging" and "Directory Options")
  it.each([
    '-fipso=/tmp/eb-fipso',
    '-capturehostobjs=/tmp/eb-objs',
    "-linkmode=external '-extldflags=-wrapper /tmp/evil.sh'",
    '-linkmode=external -extldflags "-B/tmp/evil"',
    '-extldflags=-specs=/tmp/evil.specs',
    '-extldflags=@/tmp/args',
    '-extldflags "-static -fplugin=/tmp/p.so"',
    '-extldflags=-Wl,--wrap=main',
    '-r /tmp/lib',
    '-L /tmp/lib',
    '-extar=/tmp/evil.sh',
    '-linkmode=/tmp/x',
    '-X nodot',
    '-B /tmp/x',
    '-s=/tmp/x',
    '-X',
    'main.go',
    '-s -- -o /tmp/x',
    '--',
    '-H windows',
    '-race'
  ])('refuses the linker flags %j, naming them', (ldflags) => {
    const problems = goFlagProblems({ ...ok, ldflags })
    expect(problems.length).toBeGreaterThan(0)
  })

  it.each([
    '-s -w -buildid=',
    '-X main.version=1.0 -X=main.commit=abc',
    '-linkmode=external -extldflags=-static',
    '-linkmode external -extldflags "-static-pie"',
    "-extldflags '-static'",
    '-B gobuildid -compressdwarf=false',
    '--s --w'
  ])('accepts the known-safe linker flags %j', (ldflags) => {
    expect(goFlagProblems({ ...ok, ldflags })).toEqual([])
  })

  it('names the refused flag in the message', () => {
    expect(
      goFlagProblems({ ...ok, ldflags: '-fipso=/tmp/x' }).join('\n')
    ).toContain('-fipso')
    expect(
      goFlagProblems({
        ...ok,
        ldflags: "'-extldflags=-wrapper /tmp/evil.sh'"
      }).join('\n')
    ).toContain('"-wrapper"')
  })

  it('splits ldflags as go does', () => {
    expect(splitQuoted(`-X 'main.a=x y' -X "main.b=z" -s`)).toEqual([
      '-X',
      'main.a=x y',
      '-X',
      'main.b=z',
      '-s'
    ])
  })
})

describe('goBuildArgs', () => {
  it('ends the flags with -- before the package, values one argument each', () => {
    const args = goBuildArgs(
      { package: './cmd/app', ldflags: '-s -w', tags: ['a', 'b'], pgo: 'off' },
      '/out/app'
    )
    expect(args.slice(-3)).toEqual(['/out/app', '--', './cmd/app'])
    expect(args).toContain('-ldflags=-s -w')
    expect(args).toContain('-tags=a,b')
  })
})

describe('readInputs', () => {
  it('refuses a flag-like package, tag or pgo with INPUT_INVALID, all at once', () => {
    let caught: unknown
    try {
      readInputs(
        (n) =>
          ({
            package: '-toolexec=/tmp/evil.sh',
            tags: 'ok,-x',
            pgo: '-trimpath=false'
          })[n] ?? ''
      )
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(EnclaveBuildError)
    const e = caught as InstanceType<typeof EnclaveBuildError>
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.message).toContain('-toolexec=/tmp/evil.sh')
    expect(e.message).toContain('"-x"')
    expect(e.message).toContain('-trimpath=false')
  })
})

describe('readInputs: the ldflags input', () => {
  it.each([
    ['-fipso=/tmp/eb-fipso', '-fipso'],
    ["-linkmode=external '-extldflags=-wrapper /tmp/evil.sh'", '"-wrapper"']
  ])('refuses %j with INPUT_INVALID naming it', (ldflags, named) => {
    let caught: unknown
    try {
      readInputs((n) => ({ ldflags })[n] ?? '')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(EnclaveBuildError)
    expect((caught as InstanceType<typeof EnclaveBuildError>).code).toBe(
      'INPUT_INVALID'
    )
    expect((caught as Error).message).toContain(named)
  })
})

describe('buildReproducibly with hostile values (real go)', () => {
  const options = (dir: string) => ({
    dir,
    package: '.',
    output: join(dir, '..', `${dir.split('/').pop()}.bin`),
    ldflags: '',
    tags: [] as string[],
    cgo: false,
    goamd64: 'v1',
    goarch: 'amd64',
    pgo: 'off',
    goVersion: '',
    rebuildCheck: false
  })

  it('never runs a -toolexec given as the package', async () => {
    const dir = makeRepo('nodeps')
    const evil = evilScript()
    const e = await failure(
      buildReproducibly(
        { ...options(dir), package: `-toolexec=${evil.path}` },
        { exec, env: process.env }
      )
    )
    expect(e.code).toBe('INPUT_INVALID')
    expect(existsSync(evil.mark)).toBe(false)
  })

  it.each([
    (evil: string) => `-linkmode=external '-extldflags=-wrapper ${evil}'`,
    (evil: string) => `-fipso=${evil}.fipso`,
    (evil: string) => `-capturehostobjs=${evil}.objs`
  ])('never runs or writes what ldflags %# name', async (ld) => {
    const dir = makeRepo('nodeps')
    const evil = evilScript()
    const e = await failure(
      buildReproducibly(
        { ...options(dir), ldflags: ld(evil.path), cgo: true },
        { exec, env: process.env }
      )
    )
    expect(e.code).toBe('INPUT_INVALID')
    expect(existsSync(evil.mark)).toBe(false)
    expect(existsSync(`${evil.path}.fipso`)).toBe(false)
    expect(existsSync(`${evil.path}.objs`)).toBe(false)
  })

  it('ignores GOFLAGS set with `go env -w` (the go env file)', async () => {
    const dir = makeRepo('nodeps')
    const evil = evilScript()
    const home = mkdtempSync(join(tmpdir(), 'eb-home-'))
    const goenv = join(home, '.config', 'go')
    mkdirSync(goenv, { recursive: true })
    writeFileSync(join(goenv, 'env'), `GOFLAGS=-toolexec=${evil.path}\n`)
    const gocache = mkdtempSync(join(tmpdir(), 'eb-gocache-'))
    const env = {
      ...process.env,
      HOME: home,
      GOCACHE: gocache,
      XDG_CONFIG_HOME: undefined,
      GOENV: undefined
    }
    // the file is what `go env -w` writes, and plain go would obey it
    expect(
      execFileSync('go', ['env', 'GOFLAGS'], { env, encoding: 'utf8' }).trim()
    ).toBe(`-toolexec=${evil.path}`)
    const r = await buildReproducibly(options(dir), { exec, env })
    expect(r.env.GOENV).toBe('off')
    expect(existsSync(evil.mark)).toBe(false)
  })
})
