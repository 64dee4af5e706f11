import { z } from 'zod'
import {
  EVIDENCE_FLAGS,
  type EvidenceFlag,
  type EvidenceInputName
} from './evidence-flags.js'

/** The zod schema of one action input made from an evidence flag. */
type InputSchema<F> = F extends { type: 'boolean' }
  ? z.ZodDefault<ReturnType<typeof z.stringbool>>
  : z.ZodDefault<z.ZodType<string>>

/** One input from its flag: the flag's default ('' or false if none) and help without `--`. */
function inputOf(f: EvidenceFlag): z.ZodType {
  const description = f.help.replace(/--([a-z][a-z0-9-]*)/g, '$1')
  if (f.type === 'boolean')
    return z
      .stringbool()
      .default(f.default === true)
      .describe(description)
  const value = f.actionChoices ? z.enum(['', ...f.actionChoices]) : z.string()
  return value.default(String(f.default ?? '')).describe(description)
}

/**
 * The action inputs (kebab-case, as in action.yml) that say how evidence is
 * verified: the evidence flags of the command line (evidence-flags.ts)
 * less its own ones, in the table's order. evidence-request.ts turns their
 * values into the verify request.
 */
export const evidenceInputs = Object.fromEntries(
  (Object.entries(EVIDENCE_FLAGS) as [string, EvidenceFlag][])
    .filter(([, f]) => f.cliOnly !== true)
    .map(([name, f]) => [name, inputOf(f)])
) as {
  [K in EvidenceInputName]: InputSchema<(typeof EVIDENCE_FLAGS)[K]>
}
