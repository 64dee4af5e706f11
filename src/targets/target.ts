import type { BuildRecord } from '../model/build-record.js'
import type { Exec } from '../util/exec.js'
import type { TargetResult } from '../model/target-result.js'
import type { InputName } from '../util/input-name.js'
import type { LayoutImage } from './image/layout.js'

// The shapes a target returns live in src/model/ (attest/ and verify/ read
// them there); re-exported so a target needs only this module.
export type { Measurement } from '../model/measurement.js'
export type {
  Artifact,
  PinnedInput,
  TargetResult
} from '../model/target-result.js'

/** The context a target gets from the pipeline. */
export interface TargetContext {
  build: BuildRecord
  /** Absolute path of the built Go binary. */
  binaryPath: string
  /** Directory where the target writes its artefacts. */
  outDir: string
  /**
   * Where the loader and libraries of a dynamically linked (cgo) binary are
   * taken from (the cgo-sysroot input); empty or absent: none, and such a
   * binary is refused by targets that make it /init.
   */
  cgoSysroot?: string
  /** Commit time of the source, used wherever a timestamp is needed. */
  commitTime: Date
  /** Runs a program (the same injected Exec as go/ and attest/ get). */
  exec: Exec
  /** The environment of the run (never read from process.env directly). */
  env: NodeJS.ProcessEnv
  /**
   * Pulls an image pinned by digest from a registry (`input` names it in
   * messages; an index resolves to `architecture`), every blob checked:
   * the pipeline injects the OCI client with the logins of the environment,
   * because targets do not reach registries themselves. Absent: none may
   * be pulled.
   */
  pullImage?: (
    reference: string,
    input: string,
    architecture: string
  ) => Promise<LayoutImage & { reference: string }>
  /**
   * How messages name an input: the action's `cgo-sysroot`, the command
   * line's `--cgo-sysroot` (util/input-name.ts). Absent: the action's.
   */
  input?: InputName
  /** Logging that never sees secrets. */
  log: (message: string) => void
  warn: (message: string) => void
}

/**
 * One TEE. Implementations live in src/targets/<tee>/target.ts; `O` names
 * the action outputs it sets (declared in its options.ts).
 */
export interface Target<Options, O extends string = never> {
  name: string
  run(ctx: TargetContext, options: Options): Promise<TargetResult<O>>
}
