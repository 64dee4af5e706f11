import type { Exec } from '../util/exec.js'
import { cacheKeys, CacheState, type CacheApi } from './cache.js'
import { processEnv } from './env.js'
import { goSumDigest } from './module.js'
import { stdCacheRoot } from './std-cache.js'
import { readToolchain } from './toolchain.js'

/**
 * Restores the module and build caches before the build, and leaves the
 * keys for the post step, which saves them. The rebuild check never sees
 * the build cache: it uses a fresh GOCACHE of its own, seeded only with
 * the standard library and pure-Go module-cache dependencies (std-cache.ts,
 * deps-cache.ts), which are cached here too so that an ephemeral runner
 * does not compile them each time (their entries are keyed by everything
 * that decides them).
 */
export async function restoreGoCache(p: {
  exec: Exec
  env: NodeJS.ProcessEnv
  dir: string
  goVersion?: string
  cache: CacheApi
  saveState: (name: string, value: string) => void
  log: (message: string) => void
}): Promise<string | undefined> {
  const env = processEnv(
    { GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' },
    p.env
  )
  const tc = await readToolchain(p.exec, env, p.goVersion)
  const goSum = await goSumDigest(p.exec, p.dir, env)
  const keys = cacheKeys({
    os: p.env.RUNNER_OS ?? process.platform,
    arch: tc.goarch,
    goVersion: tc.goVersion,
    goSum
  })
  const paths = [tc.gomodcache, tc.gocache, stdCacheRoot(p.env)]
  p.saveState(CacheState.primaryKey, keys.primary)
  p.saveState(CacheState.paths, JSON.stringify(paths))
  const matched = await p.cache.restoreCache(paths, keys.primary, keys.restore)
  if (matched) {
    p.saveState(CacheState.matchedKey, matched)
    p.log(`Go cache restored from ${matched}`)
  } else p.log('no Go cache found')
  return matched
}
