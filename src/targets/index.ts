import { EnclaveBuildError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import type { TargetContext, TargetResult } from './target.js'

/**
 * Runs the chosen TEE target on the built binary. Each target is loaded
 * only when chosen.
 */
export async function runTarget(
  name: Inputs['target'],
  ctx: TargetContext,
  inputs: Inputs
): Promise<TargetResult | undefined> {
  void ctx
  void inputs
  if (name === 'none') return undefined
  throw new EnclaveBuildError(
    'NOT_AVAILABLE',
    `target "${name}" is not available yet`
  )
}
