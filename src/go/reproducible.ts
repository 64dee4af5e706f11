import { closeSync } from 'node:fs'
import { realpath, rename, rm } from 'node:fs/promises'
import { basename, relative, resolve } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { openInputFile, tempBeside } from '../util/fs.js'
import { actionInputName, type InputName } from '../util/input-name.js'
import { untrackTemp } from '../util/temps.js'
import { readBuildInfo } from './buildinfo.js'
import { goBuildArgs, runGoBuild } from './build.js'
import { checkGoFlags } from './flags.js'
import { readCToolchain } from './c-toolchain.js'
import { baselineEnv, processEnv } from './env.js'
import { readGitSource } from './git.js'
import { moduleDigests } from './module.js'
import { rebuildCheck } from './rebuild.js'
import { prepareSeed } from './seed.js'
import { cacheKeyEnv, compileFlags, stdCacheRoot } from './std-cache.js'
import type { BuildRecord } from '../model/build-record.js'
import { readToolchain } from './toolchain.js'

/** Everything the user decides about a reproducible Go build. */
export interface GoBuildOptions {
  /** A directory inside a git work tree: where `go build` runs. */
  dir: string
  package: string
  /** The binary's path; written only once the build is accepted. */
  output: string
  ldflags: string
  tags: string[]
  cgo: boolean
  goamd64: string
  /** Target architecture; the enclave OS is always linux. */
  goarch: string
  pgo: string
  /** The expected toolchain ("1.24.3"); unchecked when empty. */
  goVersion: string
  rebuildCheck: boolean
}

/** A PGO profile is a few MiB at most (pprof, gzip-compressed). */
const MAX_PGO_BYTES = 64 * 2 ** 20

/**
 * A -pgo profile path is opened here first, as every input is: go would
 * otherwise read a FIFO or /dev/zero without end. go resolves it from the
 * directory it runs in.
 */
function checkProfile(dir: string, pgo: string): void {
  if (pgo === 'off' || pgo === 'auto') return
  closeSync(
    openInputFile(resolve(dir, pgo), 'the PGO profile', {
      maxBytes: MAX_PGO_BYTES
    }).fd
  )
}

/** The outside world the build touches. */
export interface GoBuildDeps {
  exec: Exec
  env: NodeJS.ProcessEnv
  log?: (message: string) => void
  /** How messages name the inputs (default: the action's spelling). */
  input?: InputName
}

/**
 * Builds a Go program under a fixed environment, optionally proves the build
 * reproducible by building again elsewhere, and returns the record of
 * everything that decided its bytes. The binary appears at `output` only if
 * all of that succeeded.
 */
export async function buildReproducibly(
  o: GoBuildOptions,
  deps: GoBuildDeps
): Promise<BuildRecord> {
  const log = deps.log ?? (() => undefined)
  const input = deps.input ?? actionInputName
  checkGoFlags(o)
  const dir = await realpath(resolve(o.dir)).catch(() => {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${input('working-directory')} ${o.dir} does not exist`
    )
  })
  checkProfile(dir, o.pgo)
  const source = await readGitSource(deps.exec, dir)
  const probe = processEnv(
    { GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' },
    deps.env
  )
  const tc = await readToolchain(deps.exec, probe, o.goVersion, input)
  const baseline = baselineEnv({
    cgo: o.cgo,
    goamd64: o.goamd64,
    goos: 'linux',
    goarch: o.goarch
  })
  // C compilers read SOURCE_DATE_EPOCH for __DATE__/__TIME__ (and archive
  // tools for member times): the commit time, so a cgo build is tied to
  // its commit and not to the clock
  if (o.cgo)
    baseline.SOURCE_DATE_EPOCH = String(
      Math.floor(new Date(source.commitTime).getTime() / 1000)
    )
  const env = processEnv(baseline, deps.env)
  const { goMod, goSum } = await moduleDigests(deps.exec, dir, env, input)
  const cToolchain = o.cgo ? await readCToolchain(deps.exec, env) : undefined

  const output = resolve(o.output)
  // go writes the binary here; tracked so that a signal does not leave it
  const staging = tempBeside(output)
  const flags = {
    package: o.package,
    ldflags: o.ldflags,
    tags: o.tags,
    pgo: o.pgo
  }
  const args = goBuildArgs(flags, staging)
  try {
    log(`go ${goBuildArgs(flags, output).join(' ')}`)
    const built = await runGoBuild(deps.exec, args, dir, env)
    const info = await readBuildInfo(deps.exec, staging, env)
    let reproducible: boolean | null = null
    if (o.rebuildCheck) {
      log('rebuild check: building again from a fresh clone at another path')
      // found (or made) while the source is cloned; awaited by the check
      const subdir = relative(source.root, dir)
      const seed = (async () =>
        prepareSeed(deps.exec, {
          key: {
            std: {
              goVersion: tc.goVersion,
              goroot: tc.goroot,
              env: cacheKeyEnv(baseline),
              flags: compileFlags(args),
              ...(cToolchain
                ? { cc: `${cToolchain.cc} ${cToolchain.version}` }
                : {})
            },
            goMod,
            goSum,
            subdir,
            package: o.package
          },
          dir,
          tags: args.filter((a) => a.startsWith('-tags=')),
          env,
          gomodcache: tc.gomodcache,
          root: stdCacheRoot(deps.env),
          log
        }))().catch(() => undefined)
      await rebuildCheck(deps.exec, {
        seed,
        log,
        hasDeps: goSum !== null,
        root: source.root,
        commit: source.commit,
        subdir,
        args,
        env,
        gomodcache: tc.gomodcache,
        binary: staging,
        sha256: built.sha256,
        buildinfoText: info.text
      })
      reproducible = true
    }
    await rename(staging, output)
    return {
      schemaVersion: 1,
      goVersion: tc.goVersion,
      goos: 'linux',
      goarch: o.goarch,
      package: o.package,
      env: baseline,
      args: goBuildArgs(flags, basename(output)),
      ldflags: o.ldflags,
      tags: o.tags,
      cgo: o.cgo,
      ...(cToolchain ? { cToolchain } : {}),
      goamd64: o.goamd64,
      goSumSha256: goSum,
      binary: { path: output, sha256: built.sha256, size: built.size },
      buildinfo: info.info,
      source: {
        commit: source.commit,
        commitTime: source.commitTime,
        ...(source.remote ? { repository: source.remote } : {})
      },
      reproducible
    }
  } finally {
    await rm(staging, { force: true })
    untrackTemp(staging)
  }
}
