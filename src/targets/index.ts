import type { z } from 'zod'
import type { OutputName } from '../outputs.js'
import { GRAMINE_OUTPUTS, gramineOptions } from './gramine/options.js'
import { NITRO_OUTPUTS, nitroOptions } from './nitro/options.js'
import { SNP_OUTPUTS, snpOptions } from './snp/options.js'
import { TDX_OUTPUTS, tdxOptions } from './tdx/options.js'
import type { Target, TargetContext, TargetResult } from './target.js'

/**
 * The registry of TEE targets: everything the pipeline, the inputs, the
 * provenance and the action metadata need to know about a target, in one
 * entry. Adding a TEE is one folder under src/targets/ plus one entry here.
 * Only the options schemas are loaded eagerly (they are small zod objects);
 * each target's code is loaded by `load()` only when it is chosen.
 */
export interface TargetEntry<S extends z.ZodObject = z.ZodObject> {
  /** The zod schema of the target's action inputs (its section of action.yml). */
  options: S
  /** Inputs of this target whose values are secrets: masked, never in provenance. */
  secretInputs: readonly string[]
  /** The action outputs the target sets (described in src/outputs.ts). */
  outputs: readonly OutputName[]
  /**
   * Work started before the Go build so it is ready when the target runs.
   * It must never fail the build (errors are swallowed by the caller).
   */
  warmUpBeforeBuild?: () => Promise<void>
  /** The target's code, imported only when it runs. */
  load: () => Promise<Target<z.infer<S>>>
}

/** Every target, in the order action.yml lists their inputs. */
export const TARGETS = {
  gramine: {
    options: gramineOptions,
    secretInputs: ['signing-key', 'signing-key-passphrase'],
    outputs: GRAMINE_OUTPUTS,
    load: async () => (await import('./gramine/target.js')).gramineTarget
  },
  nitro: {
    options: nitroOptions,
    secretInputs: ['nitro-signing-key'],
    outputs: NITRO_OUTPUTS,
    // boots the worker thread that hashes PCR2 beside PCR0 (about 50 ms,
    // hidden behind the Go build)
    warmUpBeforeBuild: async () => {
      const { warmDigestWorker } = await import('../util/digest-worker.js')
      void warmDigestWorker()
    },
    load: async () => (await import('./nitro/target.js')).nitroTarget
  },
  snp: {
    options: snpOptions,
    secretInputs: [],
    outputs: SNP_OUTPUTS,
    load: async () => (await import('./snp/target.js')).snpTarget
  },
  tdx: {
    options: tdxOptions,
    secretInputs: [],
    outputs: TDX_OUTPUTS,
    load: async () => (await import('./tdx/target.js')).tdxTarget
  }
} as const satisfies Record<string, TargetEntry>

/** The name of a registered target. */
export type TargetName = keyof typeof TARGETS

/** Every registered target name, in registry order. */
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[]

/** The parsed options of each target, by name. */
export type TargetOptions = {
  [K in TargetName]: z.infer<(typeof TARGETS)[K]['options']>
}

/** The registry entry of a target, typed loosely for generic callers. */
export function targetEntry(name: TargetName): TargetEntry {
  return TARGETS[name]
}

/** Secret inputs of every target. */
export const TARGET_SECRET_INPUTS: readonly string[] = TARGET_NAMES.flatMap(
  (n) => TARGETS[n].secretInputs
)

/**
 * Starts the chosen target's warm-up work, if it has any, without waiting
 * for it (see {@link TargetEntry.warmUpBeforeBuild}). Never fails.
 */
export async function warmUpTarget(name: TargetName | 'none'): Promise<void> {
  if (name === 'none') return
  await targetEntry(name)
    .warmUpBeforeBuild?.()
    .catch(() => undefined)
}

/** Loads the named target and runs it with its parsed options. */
export async function runTarget<K extends TargetName>(
  name: K,
  options: TargetOptions[K],
  ctx: TargetContext
): Promise<TargetResult> {
  const target = await targetEntry(name).load()
  return target.run(ctx, options)
}
