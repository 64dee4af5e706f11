import { createHash } from 'node:crypto'

/** The part of @actions/cache we use; injected so tests use a fake. */
export interface CacheApi {
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[]
  ): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

/**
 * The real cache service. @actions/cache (with its Azure storage client) is
 * loaded on first use: a run without `cache: true`, or one that fails on its
 * inputs, never pays for compiling it.
 */
export const actionsCache: CacheApi = {
  restoreCache: async (paths, key, restoreKeys) =>
    (await import('@actions/cache')).restoreCache(paths, key, restoreKeys),
  saveCache: async (paths, key) =>
    (await import('@actions/cache')).saveCache(paths, key)
}

/** State handed from the main step to the post step. */
export const CacheState = {
  primaryKey: 'cache-primary-key',
  matchedKey: 'cache-matched-key',
  paths: 'cache-paths'
} as const

/**
 * The cache key: OS, architecture, Go version and go.sum. A changed go.sum
 * starts a new cache; the prefix without it is the fallback restore key.
 */
export function cacheKeys(p: {
  os: string
  arch: string
  goVersion: string
  goSum: string | null
}): { primary: string; restore: string[] } {
  const prefix = `enclave-build-go-${p.os}-${p.arch}-${p.goVersion}-`
  const sum = p.goSum ?? createHash('sha256').update('').digest('hex')
  return { primary: `${prefix}${sum}`, restore: [prefix] }
}
