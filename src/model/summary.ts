/** A row of the job summary: a fact and its value (HTML allowed). */
export type SummaryRow = [string, string]

/**
 * One part of the job summary, as any stage contributes it: a heading with
 * a table of facts and/or a shell code block. src/summary.ts writes them.
 */
export interface SummarySection {
  /** Level-3 heading; absent: the section follows the page title directly. */
  heading?: string
  rows?: SummaryRow[]
  text?: string
}
