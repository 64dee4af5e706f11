import * as core from '@actions/core'
import { actionsCache, CacheState, type CacheApi } from './go/cache.js'

/**
 * The post step: saves the Go caches. It never fails the job; a cache is an
 * optimisation. On an exact hit there is nothing new to save.
 */
export async function post(cache: CacheApi = actionsCache): Promise<void> {
  try {
    const primary = core.getState(CacheState.primaryKey)
    if (!primary) return
    const matched = core.getState(CacheState.matchedKey)
    if (primary === matched) {
      core.info(`Go cache hit on ${primary}; not saving`)
      return
    }
    const paths = JSON.parse(core.getState(CacheState.paths)) as string[]
    const id = await cache.saveCache(paths, primary)
    if (id === -1) core.debug('Go cache was not saved')
    else core.info(`Go cache saved as ${primary}`)
  } catch (err) {
    core.warning(`Go cache save failed: ${(err as Error).message}`)
  }
}
