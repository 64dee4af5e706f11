import { z } from 'zod'
import { looseObject, sha256Hex } from './build-record.js'

/**
 * What every target returns to the pipeline (and what the command line
 * reads back from a saved JSON file); attest/ and verify/ see only this.
 */
export const targetResultSchema = looseObject({
  target: z.string().min(1),
  artifacts: z.array(
    looseObject({ kind: z.string(), path: z.string(), sha256: sha256Hex })
  ),
  measurements: z.array(
    looseObject({
      name: z.string().min(1),
      algorithm: z.enum(['sha256', 'sha384']),
      value: z.string(),
      lookupDigest: sha256Hex
    })
  ),
  signer: z.record(z.string(), z.string()).optional(),
  pinned: z.array(
    looseObject({ name: z.string(), path: z.string(), sha256: sha256Hex })
  ),
  outputs: z.record(z.string(), z.string()).default({}),
  parameters: z.record(z.string(), z.unknown()).default({})
})

type Parsed = z.infer<typeof targetResultSchema>

/** A file the target produced (or pinned), identified by its digest. */
export type Artifact = Parsed['artifacts'][number]

/** An input the measurement depends on that the user must pin. */
export type PinnedInput = Parsed['pinned'][number]

/**
 * A target's result. `O` names the action outputs the target sets (its
 * registry entry's `outputs`); stages that only pass them on leave it out.
 */
export type TargetResult<O extends string = never> = Omit<Parsed, 'outputs'> & {
  /** Action outputs this target sets, by output name (its options.ts). */
  outputs: Record<O, string>
}
