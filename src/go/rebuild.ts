import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { diffSections, type SectionDiff } from '../elf/sections.js'
import { distinctStrings } from '../elf/strings.js'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { trackTemp, untrackTemp } from '../util/temps.js'
import { readBuildInfo } from './buildinfo.js'
import { runGoBuild } from './build.js'
import { explainMismatch } from './explain.js'
import { cacheIntact, compiledPackages, type Seed } from './seed.js'
import { seedGoCache } from './std-cache.js'

/** What the rebuild needs to know about the first build. */
export interface FirstBuild {
  /** The git work tree root and commit that were built. */
  root: string
  commit: string
  /** The build's working directory relative to the work tree root. */
  subdir: string
  /** go build arguments; "-o" is replaced for the rebuild. */
  args: string[]
  /** The complete environment of the first build. */
  env: NodeJS.ProcessEnv
  /** The module cache: shared, since go.sum verifies every module in it. */
  gomodcache: string
  binary: string
  sha256: string
  buildinfoText: string
  /** The cache to seed the fresh GOCACHE with (deps-cache.ts), once ready. */
  seed?: Promise<Seed | undefined>
  /** Whether the module has dependencies, whose cached copies `go mod verify` checks against go.sum. */
  hasDeps?: boolean
  log?: (message: string) => void
}

async function mustRun(exec: Exec, args: string[]): Promise<void> {
  const r = await exec('git', args)
  if (r.code !== 0)
    throw new EnclaveBuildError(
      // a local clone of the user's own checkout: this machine's fault
      'IO_ERROR',
      `could not copy the source for the rebuild check: git ${args.join(' ')}: ${r.stderr.trim()}`
    )
}

/**
 * Builds again from a fresh clone of the commit at a different absolute
 * path, with a fresh GOCACHE (holding at most the standard library and the
 * pure-Go module-cache dependencies, see deps-cache.ts: never a package of
 * the module's own), HOME and GOPATH (never the restored build cache), and
 * compares the bytes. Throws BUILD_NOT_REPRODUCIBLE with an explanation.
 */
export async function rebuildCheck(
  exec: Exec,
  first: FirstBuild
): Promise<void> {
  // a path of a different length too, so offsets that depend on it move
  const tmp = trackTemp(
    await mkdtemp(
      join(tmpdir(), `enclave_build_rebuild_${randomBytes(4).toString('hex')}_`)
    )
  )
  try {
    const copy = join(tmp, 'src')
    // --shared: the clone reads the objects of the first work tree's
    // repository instead of copying them (1.5 s of CPU for a 20 MiB object
    // store, see docs/performance.md); it writes none there, and its work
    // tree is checked out from those objects once, at the commit
    await mustRun(exec, [
      'clone',
      '--quiet',
      '--shared',
      '--no-checkout',
      first.root,
      copy
    ])
    await mustRun(exec, [
      '-C',
      copy,
      'checkout',
      '--quiet',
      '--detach',
      first.commit
    ])
    for (const d of ['gocache', 'home', 'gopath', 'out'])
      await mkdir(join(tmp, d))
    const output = join(tmp, 'out', basename(first.binary))
    const args = [...first.args]
    args[args.indexOf('-o') + 1] = output
    const env: NodeJS.ProcessEnv = {
      ...first.env,
      GOCACHE: join(tmp, 'gocache'),
      HOME: join(tmp, 'home'),
      GOPATH: join(tmp, 'gopath'),
      GOMODCACHE: first.gomodcache
    }
    // the shared module cache is trusted only as far as go.sum vouches for it
    const [seed, v] = await Promise.all([
      first.seed,
      first.hasDeps
        ? exec('go', ['mod', 'verify'], { cwd: join(copy, first.subdir), env })
        : undefined
    ])
    if (v) {
      if (v.code !== 0)
        throw new EnclaveBuildError(
          'BUILD_NOT_REPRODUCIBLE',
          `the module cache does not match go.sum (go mod verify): ${(v.stdout + v.stderr).trim()}; clear it with go clean -modcache and build again`
        )
    }
    const cwd = join(copy, first.subdir)
    let second: { sha256: string }
    if (seed) {
      await seedGoCache(exec, seed.dir, env.GOCACHE!)
      // -x: go prints each compile it runs, which tells whether the seed
      // held what it should (its output is otherwise unchanged)
      const traced = ['build', '-x', ...args.slice(1)]
      let seeded = true
      try {
        const r = await runGoBuild(exec, traced, cwd, env)
        await seed.compiled(compiledPackages(r.stderr))
        second = r
      } catch (err) {
        if ((err as EnclaveBuildError).code !== 'BUILD_FAILED') throw err
        // a damaged cache only costs time: it can fail a compile or even
        // the loading of packages (go keeps its index of GOROOT and the
        // module cache there), so the build runs again without it, and the
        // cache is dropped if that passes; when it fails too, the failure
        // is the source's (and is reported without the -x trace)
        await rm(env.GOCACHE!, { recursive: true, force: true })
        await mkdir(env.GOCACHE!)
        seeded = false
        second = await runGoBuild(exec, args, cwd, env)
        first.log?.(
          'rebuild check: the build failed with the cache and passed without it; the cache is made anew next time'
        )
        await seed.discard()
      }
      // other bytes: a damaged cache could be the cause, not the source
      // (go does not check the outputs it takes from its cache)
      if (
        seeded &&
        second.sha256 !== first.sha256 &&
        !(await cacheIntact(seed.dir))
      ) {
        first.log?.(
          'rebuild check: other bytes with a damaged cache; building again without it'
        )
        await seed.discard()
        await rm(env.GOCACHE!, { recursive: true, force: true })
        await mkdir(env.GOCACHE!)
        second = await runGoBuild(exec, args, cwd, env)
      }
    } else second = await runGoBuild(exec, args, cwd, env)
    if (second.sha256 === first.sha256) return
    const [a, b, infoB] = await Promise.all([
      readFile(first.binary),
      readFile(output),
      readBuildInfo(exec, output, env)
    ])
    let sections: SectionDiff[] | string
    try {
      sections = diffSections(a, b)
    } catch (err) {
      sections = (err as Error).message
    }
    throw new EnclaveBuildError(
      'BUILD_NOT_REPRODUCIBLE',
      explainMismatch({
        sha256: [first.sha256, second.sha256],
        buildinfo: [first.buildinfoText, infoB.text],
        sections,
        strings: distinctStrings(a, b, [first.root, copy])
      })
    )
  } finally {
    // rm(1) removes the ~1000 entries of the seeded GOCACHE for a twentieth
    // of the CPU node:fs's rm takes; node:fs is the fallback
    const r = await exec('rm', ['-rf', '--', tmp]).catch(() => undefined)
    if (r?.code !== 0) await rm(tmp, { recursive: true, force: true })
    untrackTemp(tmp)
  }
}
