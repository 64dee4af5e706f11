import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { actionInputName, type InputName } from '../util/input-name.js'

/** The facts of the installed Go toolchain that decide the build. */
export interface Toolchain {
  goVersion: string
  goos: string
  goarch: string
  gomodcache: string
  gocache: string
  /** GOROOT (part of the std cache key: another install, another std). */
  goroot: string
}

/** Normalises "1.24.3" and "go1.24.3" to "go1.24.3". */
export function normaliseGoVersion(v: string): string {
  return v.startsWith('go') ? v : `go${v}`
}

/**
 * Asks `go env` about the toolchain and checks it is the expected one.
 * GOTOOLCHAIN=local in `env` stops go from switching to another version.
 * A mismatch names the go-version input as `input` does.
 */
export async function readToolchain(
  exec: Exec,
  env: NodeJS.ProcessEnv,
  expected?: string,
  input: InputName = actionInputName
): Promise<Toolchain> {
  const r = await exec(
    'go',
    ['env', 'GOVERSION', 'GOOS', 'GOARCH', 'GOMODCACHE', 'GOCACHE', 'GOROOT'],
    { env }
  )
  if (r.code === 127)
    throw new EnclaveBuildError(
      'TOOLCHAIN_MISMATCH',
      'go is not on PATH. Install the pinned toolchain first ' +
        '(for example with actions/setup-go and go-version: <the same version>).'
    )
  if (r.code !== 0)
    throw new EnclaveBuildError(
      'TOOLCHAIN_MISMATCH',
      `go env failed: ${r.stderr.trim()}`
    )
  const [goVersion, goos, goarch, gomodcache, gocache, goroot = ''] = r.stdout
    .trim()
    .split('\n')
  if (expected !== undefined && expected !== '') {
    const want = normaliseGoVersion(expected)
    if (goVersion !== want)
      throw new EnclaveBuildError(
        'TOOLCHAIN_MISMATCH',
        `${input('go-version')} is ${want} but the go on PATH is ${goVersion}. Install ` +
          `${want} (with actions/setup-go in a workflow, or from go.dev/dl) or ` +
          `change ${input('go-version')}; the toolchain is part of the measurement.`
      )
  }
  return { goVersion, goos, goarch, gomodcache, gocache, goroot }
}
