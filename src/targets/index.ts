import type { z } from 'zod'
import { OUTPUTS, type OutputName } from '../outputs.js'
import { GRAMINE_OUTPUTS, gramineOptions } from './gramine/options.js'
import { NITRO_OUTPUTS, nitroOptions } from './nitro/options.js'
import { OCI_OUTPUTS, ociOptions } from './oci/options.js'
import { SNP_OUTPUTS, snpOptions } from './snp/options.js'
import { TDX_OUTPUTS, tdxOptions } from './tdx/options.js'
import { UKI_OUTPUTS, ukiOptions } from './uki/options.js'
import type { PreflightChecks } from './preflight.js'
import type { Target, TargetContext, TargetResult } from './target.js'

/**
 * The registry of TEE targets: everything the pipeline, the inputs, the
 * provenance and the action metadata need to know about a target, in one
 * entry. Adding a TEE is one folder under src/targets/ plus one entry here.
 * Only the options schemas are loaded eagerly (they are small zod objects);
 * each target's code is loaded by `load()` only when it is chosen.
 */
export interface TargetEntry<
  S extends z.ZodObject = z.ZodObject,
  O extends Readonly<Record<string, string>> = Readonly<Record<string, string>>
> {
  /** The zod schema of the target's action inputs (its section of action.yml). */
  options: S
  /** Inputs of this target whose values are secrets: masked, never in provenance. */
  secretInputs: readonly string[]
  /** The action outputs the target sets, with their descriptions. */
  outputs: O
  /**
   * Work started before the Go build so it is ready when the target runs.
   * It must never fail the build (errors are swallowed by the caller).
   */
  warmUpBeforeBuild?: () => Promise<void>
  /** The target's code, imported only when it runs. */
  load: () => Promise<Target<z.infer<S>>>
  /**
   * Checks of its inputs that the schema cannot make (files readable, keys
   * parse, pins match), run before the Go build; each problem goes to
   * `checks` (see targets/preflight.ts). Import the checks lazily.
   */
  preflight?(options: z.infer<S>, checks: PreflightChecks): Promise<void>
  /**
   * Its command-line verbs: `<group> <verb>` → [its module, relative to
   * src/targets/, and the `Command` that module exports]. The dispatcher's
   * table of them, src/cli/target-verbs.ts, is generated from here by
   * scripts/gen-action.ts: the command line must not load this registry,
   * whose option schemas (zod) cost more to load than a whole `measure`.
   */
  cli?: Readonly<Record<string, readonly [module: string, command: string]>>
  /** How its result is published to an OCI registry (publish/). */
  publish?: PublishLayout
}

/** What a target publishes beside its artefacts. */
export interface PublishLayout {
  /**
   * Also publish the Go binary as a layer of kind `binary`: for a target
   * whose artefacts name the binary from outside (Gramine's manifest lists
   * it as a trusted file); Nitro's EIF and SNP's initrd carry it inside.
   */
  binary?: boolean
}

/**
 * One registry entry, its schema and output names inferred (so that
 * `preflight` gets the parsed options of this target, and the output names
 * stay literal types).
 */
function tee<S extends z.ZodObject, O extends Readonly<Record<string, string>>>(
  entry: TargetEntry<S, O>
): TargetEntry<S, O> {
  return entry
}

/** Every target, in the order action.yml lists their inputs. */
export const TARGETS = {
  gramine: tee({
    options: gramineOptions,
    secretInputs: ['signing-key', 'signing-key-passphrase'],
    outputs: GRAMINE_OUTPUTS,
    load: async () => (await import('./gramine/target.js')).gramineTarget,
    preflight: async (o, c) =>
      (await import('./gramine/preflight.js')).graminePreflight(o, c),
    publish: { binary: true },
    cli: {
      'gramine manifest': ['gramine/cli.js', 'gramineManifest'],
      'gramine sign': ['gramine/cli.js', 'gramineSign'],
      'gramine measure': ['gramine/cli.js', 'gramineMeasure'],
      'sgx sigstruct-view': ['gramine/cli-sgx.js', 'sigstructView'],
      'sgx gen-key': ['gramine/cli-sgx.js', 'genKey']
    }
  }),
  nitro: tee({
    options: nitroOptions,
    secretInputs: ['nitro-signing-key'],
    outputs: NITRO_OUTPUTS,
    // boots the worker thread that hashes PCR2 beside PCR0 (about 50 ms,
    // hidden behind the Go build)
    warmUpBeforeBuild: async () => {
      const { warmDigestWorker } = await import('../util/digest-worker.js')
      void warmDigestWorker()
    },
    load: async () => (await import('./nitro/target.js')).nitroTarget,
    preflight: async (o, c) =>
      (await import('./nitro/preflight.js')).nitroPreflight(o, c),
    // one module per verb: `nitro pcr` does not load the EIF writer
    cli: {
      'nitro build': ['nitro/cli/build.js', 'nitroBuild'],
      'nitro describe': ['nitro/cli/describe.js', 'nitroDescribe'],
      'nitro pcr': ['nitro/cli/pcr.js', 'nitroPcr'],
      'nitro pcr1': ['nitro/cli/pcr1.js', 'nitroPcr1']
    }
  }),
  snp: tee({
    options: snpOptions,
    secretInputs: [],
    outputs: SNP_OUTPUTS,
    load: async () => (await import('./snp/target.js')).snpTarget,
    preflight: async (o, c) =>
      (await import('./snp/preflight.js')).snpPreflight(o, c),
    cli: {
      'snp measure': ['snp/cli.js', 'snpMeasure'],
      'snp initrd': ['snp/cli.js', 'snpInitrd']
    }
  }),
  tdx: tee({
    options: tdxOptions,
    secretInputs: [],
    outputs: TDX_OUTPUTS,
    load: async () => (await import('./tdx/target.js')).tdxTarget,
    preflight: async (o, c) =>
      (await import('./tdx/preflight.js')).tdxPreflight(o, c),
    cli: { 'tdx measure': ['tdx/cli.js', 'tdxMeasure'] }
  }),
  oci: tee({
    options: ociOptions,
    secretInputs: [],
    outputs: OCI_OUTPUTS,
    load: async () => (await import('./oci/target.js')).ociTarget,
    preflight: async (o, c) =>
      (await import('./oci/preflight.js')).ociPreflight(o, c)
  }),
  uki: tee({
    options: ukiOptions,
    secretInputs: [],
    outputs: UKI_OUTPUTS,
    load: async () => (await import('./uki/target.js')).ukiTarget,
    preflight: async (o, c) =>
      (await import('./uki/preflight.js')).ukiPreflight(o, c),
    cli: {
      'uki build': ['uki/cli.js', 'ukiBuild'],
      'uki measure': ['uki/cli.js', 'ukiMeasure'],
      'uki pcr11': ['uki/cli.js', 'ukiPcr11']
    }
  })
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

/**
 * The publish layout of a target by name (a predicate's or a result's
 * `target`, a string); an unknown name has the plain layout.
 */
export function publishLayout(target: string): PublishLayout {
  const all: Record<string, TargetEntry | undefined> = TARGETS
  return all[target]?.publish ?? {}
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
