import { stat } from 'node:fs/promises'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { sha256File } from '../util/fs.js'

/** What the user chose about one `go build`. */
export interface GoFlags {
  /** The main package, relative to the module directory, e.g. "./cmd/x". */
  package: string
  ldflags: string
  tags: string[]
  /** "off" (the default: no profile), "auto", or a profile path. */
  pgo: string
}

/**
 * The arguments after `go`. -trimpath removes the build directory from the
 * binary; -buildvcs=true makes a missing git an error instead of silently
 * dropping the VCS stamp; -mod=readonly refuses to touch go.mod/go.sum;
 * -pgo is explicit because a default.pgo would otherwise be picked up.
 * The values were checked by checkGoFlags (flags.ts) and each is one
 * argument, so none becomes a flag of go's.
 */
export function goBuildArgs(flags: GoFlags, output: string): string[] {
  const args = [
    'build',
    '-trimpath',
    '-buildvcs=true',
    '-mod=readonly',
    `-pgo=${flags.pgo}`
  ]
  if (flags.tags.length > 0) args.push(`-tags=${flags.tags.join(',')}`)
  if (flags.ldflags !== '') args.push(`-ldflags=${flags.ldflags}`)
  // `--` ends go's flags: the package can never be read as one.
  args.push('-o', output, '--', flags.package)
  return args
}

/**
 * What go prints when fetching a module or toolchain failed on the way
 * (cmd/go's own wording, or net/http's): a 5xx or 429 from the proxy, a
 * refused or timed-out connection, a name that did not resolve.
 */
const DOWNLOAD_FAILED =
  /(?:reading|downloading|fetching) https?:\/\/\S+: (?:5\d\d|429)\b|dial tcp|i\/o timeout|connection (?:refused|reset by peer)|no such host|TLS handshake timeout|unexpected EOF/

/** Runs one go build; returns the binary's sha256 and size, and what go printed. */
export async function runGoBuild(
  exec: Exec,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv
): Promise<{ sha256: string; size: number; stderr: string }> {
  const r = await exec('go', args, { cwd, env })
  if (r.code !== 0)
    throw new EnclaveBuildError(
      // a module or toolchain download that failed is the network's or the
      // proxy's fault, not the program's
      DOWNLOAD_FAILED.test(r.stderr) ? 'HTTP_ERROR' : 'BUILD_FAILED',
      `go ${args.join(' ')} failed in ${cwd}:\n${r.stderr.trim()}`
    )
  const output = args[args.indexOf('-o') + 1]
  const [sha256, info] = await Promise.all([sha256File(output), stat(output)])
  return { sha256, size: info.size, stderr: r.stderr }
}
