import { EnclaveBuildError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import type { TargetContext, TargetResult } from './target.js'

/** The chosen target's options, parsed by readInputs; absent is a bug. */
function options<T>(value: T | undefined, target: string): T {
  if (value === undefined)
    throw new EnclaveBuildError(
      'INTERNAL',
      `the ${target} inputs were not parsed`
    )
  return value
}

/**
 * Runs the chosen TEE target on the built binary. Each target is loaded
 * only when it is chosen.
 */
export async function runTarget(
  inputs: Inputs,
  ctx: TargetContext
): Promise<TargetResult | undefined> {
  switch (inputs.target) {
    case 'none':
      return undefined
    case 'gramine': {
      const { gramineTarget } = await import('./gramine/target.js')
      return gramineTarget.run(ctx, options(inputs.gramine, 'gramine'))
    }
    case 'nitro': {
      const { nitroTarget } = await import('./nitro/target.js')
      return nitroTarget.run(ctx, options(inputs.nitro, 'nitro'))
    }
    case 'snp': {
      const { snpTarget } = await import('./snp/target.js')
      return snpTarget.run(ctx, options(inputs.snp, 'snp'))
    }
  }
}

/**
 * Work a target starts before the Go build so that it is done when the
 * target runs: Nitro boots the worker thread that hashes PCR2 beside PCR0
 * (about 50 ms, hidden behind the build). Never fails the build.
 */
export async function prepareTarget(inputs: Inputs): Promise<void> {
  if (inputs.target !== 'nitro') return
  const { warmDigestWorker } = await import('../util/digest-worker.js')
  void warmDigestWorker()
}
