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
 * The linker flags a build may pass (cmd/link's own, as `go tool link
 * -help` lists them), each with a check of its value. An allow-list, not a
 * deny-list: the linker has flags that write files where they say
 * (-o, -tmpdir, -fipso, -capturehostobjs, profiles) and flags that name a
 * program to run (-extld, and through -extldflags gcc's -wrapper, -B,
 * -specs, @file, -fplugin...), and new ones come with Go releases. Only
 * what changes the binary's contents in a known, harmless way is here.
 */
interface LinkerFlag {
  /** A bool flag takes no separate value (`-s`, `-s=true`). */
  bool?: boolean
  /** Why a value is refused (undefined: accepted). */
  check?: (value: string) => string | undefined
}

/** Options of the external linker that only ask for a static binary. */
const EXTLDFLAGS_ALLOWED = new Set(['-static', '-static-pie'])

const BOOL = /^(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/

const LINKER_ALLOWED: Record<string, LinkerFlag> = {
  s: { bool: true },
  w: { bool: true },
  compressdwarf: { bool: true },
  X: {
    check: (v) =>
      /^[^=\s]+\.[^.=\s]+=/.test(v)
        ? undefined
        : `-X takes importpath.name=value, not "${v}"`
  },
  buildid: { check: () => undefined },
  B: {
    check: (v) =>
      v === 'gobuildid' || /^0x([0-9a-fA-F]{2})+$/.test(v)
        ? undefined
        : `-B takes gobuildid or 0x and hex, not "${v}"`
  },
  linkmode: {
    check: (v) =>
      /^(internal|external|auto)$/.test(v)
        ? undefined
        : `-linkmode must be internal, external or auto, not "${v}"`
  },
  extldflags: {
    check: (v) => {
      const bad = splitQuoted(v).filter((a) => !EXTLDFLAGS_ALLOWED.has(a))
      return bad.length === 0
        ? undefined
        : `-extldflags may hold only -static or -static-pie (the external linker runs programs and reads files its options name), not ${bad.map((a) => `"${a}"`).join(', ')}`
    }
  }
}

/** The problems of the linker's arguments, parsed as Go's flag package does. */
function linkerProblems(args: string[]): string[] {
  const problems: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    const m = /^--?([^-=][^=]*)(?:=([\s\S]*))?$/.exec(arg)
    if (m === null) {
      problems.push(
        `ldflags must hold only linker flags; "${arg}" is not one (the linker would stop reading flags there)`
      )
      break
    }
    const [, name, inline] = m
    const flag = Object.hasOwn(LINKER_ALLOWED, name)
      ? LINKER_ALLOWED[name]
      : undefined
    if (flag === undefined) {
      problems.push(
        `ldflags must not set the linker's -${name}: only ${Object.keys(
          LINKER_ALLOWED
        )
          .map((n) => `-${n}`)
          .join(
            ', '
          )} are allowed (others run a program or write outside the build)`
      )
      continue
    }
    if (flag.bool) {
      if (inline !== undefined && !BOOL.test(inline))
        problems.push(
          `the linker's -${name} takes true or false, not "${inline}"`
        )
      continue
    }
    let value = inline
    if (value === undefined) {
      if (i + 1 >= args.length) {
        problems.push(`the linker's -${name} needs a value`)
        continue
      }
      value = args[++i]
    }
    const why = flag.check?.(value)
    if (why !== undefined) problems.push(why)
  }
  return problems
}

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
  problems.push(...linkerProblems(linkerArgs))
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
