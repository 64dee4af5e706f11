import type { z } from 'zod'
import { OUTPUTS, type OutputName } from '../outputs.js'
import { GRAMINE_OUTPUTS, gramineOptions } from './gramine/options.js'
import { NITRO_OUTPUTS, nitroOptions } from './nitro/options.js'
import { OCI_OUTPUTS, ociOptions } from './oci/options.js'
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
  /** The action outputs the target sets, with their descriptions. */
  outputs: Readonly<Record<string, string>>
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
  },
  oci: {
    options: ociOptions,
    secretInputs: [],
    outputs: OCI_OUTPUTS,
    load: async () => (await import('./oci/target.js')).ociTarget
  }
} as const satisfies Record<string, TargetEntry>

/** The name of a registered target. */
export type TargetName = keyof typeof TARGETS

/** The name of an action output a registered target sets. */
export type TargetOutputName = {
  [K in TargetName]: keyof (typeof TARGETS)[K]['outputs']
}[TargetName]

/** The name of any action output: the pipeline's and the targets'. */
export type ActionOutputName = OutputName | TargetOutputName

/**
 * Every action output with its description, for action.yml: the pipeline's
 * (src/outputs.ts) with the targets' merged in. A name that several
 * targets set is described once per target ("snp: …; tdx: …", or
 * "snp, tdx: …" when they say the same), the targets before the pipeline.
 */
export function actionOutputs(): Record<string, string> {
  const said = new Map<string, Map<string, string[]>>()
  for (const name of TARGET_NAMES)
    for (const [output, text] of Object.entries(TARGETS[name].outputs)) {
      const byText = said.get(output) ?? new Map<string, string[]>()
      byText.set(text, [...(byText.get(text) ?? []), name])
      said.set(output, byText)
    }
  const describe = (output: string): string | undefined => {
    const byText = said.get(output)
    return byText
      ? [...byText]
          .map(([text, who]) => `${who.join(', ')}: ${text}`)
          .join('; ')
      : undefined
  }
  const all: Record<string, string> = {}
  // Build outputs first, then the targets', then attestation, publish, verify.
  const pipeline = Object.entries(OUTPUTS) as [OutputName, string][]
  const firstStage = pipeline.findIndex(([n]) => n === 'build-record') + 1
  for (const [n, text] of pipeline.slice(0, firstStage)) all[n] = text
  for (const output of said.keys()) {
    const own = OUTPUTS[output as OutputName] as string | undefined
    all[output] = [describe(output), own].filter(Boolean).join('; ')
  }
  for (const [n, text] of pipeline.slice(firstStage)) all[n] ??= text
  return all
}

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
