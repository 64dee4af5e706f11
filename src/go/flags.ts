import { EnclaveBuildError } from '../errors.js'

/**
 * The user's values that reach `go build`'s command line, checked so that
 * none can become a flag of its own. `go build` takes
 * flags until its first argument that is not one, so a package named
 * `-toolexec=/x` would run /x, and `-trimpath=false` or `-buildvcs=false`
 * would silently undo the baseline. Each value below is passed as one
 * argument (`-ldflags=V`, `-tags=V`, `-pgo=V`, then `--` and the package),
 * and refused here when it still reads as a flag.
 */
export interface GoFlagValues {
  package: string
  ldflags: string
  tags: string[]
  pgo: string
  goarch?: string
}

/**
 * Linker flags refused inside ldflags: they name a program to run
 * (-extld), or a file or directory the linker writes outside the build
 * (-o, -tmpdir, profiles). Everything else (-s, -w, -X, -buildid, and
 * -extldflags/-linkmode for cgo builds) is the linker's documented use.
 */
const LINKER_DENIED = new Set([
  'extld',
  'o',
  'tmpdir',
  'cpuprofile',
  'memprofile',
  'memprofilerate',
  'benchmarkprofile',
  'importcfg'
])

/** A build tag as go/build/constraint accepts it. */
const TAG = /^[A-Za-z0-9_.]+$/

/** Splits ldflags as cmd/go does (quoted.Split: spaces; ' and " quote). */
export function splitQuoted(s: string): string[] {
  const out: string[] = []
  for (const m of s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g))
    out.push(m[1] ?? m[2] ?? m[3])
  return out
}

/** The problems of `v`, one sentence each (empty when none). */
export function goFlagProblems(v: GoFlagValues): string[] {
  const problems: string[] = []
  if (v.package === '' || v.package.startsWith('-'))
    problems.push(
      `package "${v.package}" must be a package path such as . or ./cmd/app, not a flag`
    )
  if (/[\0\n\r]/.test(v.package))
    problems.push('package must not contain control characters')
  for (const tag of v.tags)
    if (!TAG.test(tag))
      problems.push(
        `build tag "${tag}" may hold only letters, digits, _ and . (tags are separated by commas or spaces)`
      )
  if (v.pgo.startsWith('-') || v.pgo === '' || /[\0\n\r,]/.test(v.pgo))
    problems.push(`pgo must be off, auto or a profile path, not "${v.pgo}"`)
  if (v.goarch !== undefined && v.goarch !== 'amd64' && v.goarch !== 'arm64')
    problems.push(`goarch must be amd64 or arm64, not "${v.goarch}"`)
  // cmd/go accepts "pattern=flags" (all=-s -w): the flags are what follows.
  const ld = /^[^-\s'"=][^\s=]*=/.exec(v.ldflags)
  const linkerArgs = splitQuoted(ld ? v.ldflags.slice(ld[0].length) : v.ldflags)
  for (const arg of linkerArgs) {
    const name = /^--?([^=]+)/.exec(arg)?.[1]
    if (name !== undefined && LINKER_DENIED.has(name))
      problems.push(
        `ldflags must not set the linker's -${name} (it runs a program or writes outside the build)`
      )
  }
  if (/[\0\n\r]/.test(v.ldflags))
    problems.push('ldflags must not contain control characters')
  return problems
}

/** Throws INPUT_INVALID listing every problem of `v`. */
export function checkGoFlags(v: GoFlagValues): void {
  const problems = goFlagProblems(v)
  if (problems.length > 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `The Go build inputs would change go's own flags:\n- ${problems.join('\n- ')}`
    )
}
