/**
 * The table of error codes in docs/failure.md, made from ERROR_SIDE in
 * src/errors.ts (whose side each code is on, and so its exit status), so
 * the document cannot disagree with the program.
 *
 *   bash bench/run-ts.sh scripts/error-sides.ts   (rewrites docs/failure.md)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import {
  ERROR_SIDE,
  EXIT_STATUS,
  type ErrorCode,
  type ErrorSide
} from '../src/errors.js'

const START = '<!-- error-sides -->'
const END = '<!-- /error-sides -->'
const DOC = 'docs/failure.md'

/** The sides in the table's order. */
const SIDES: ErrorSide[] = ['user', 'remote', 'verdict', 'local']

/** The block between the markers: one row per code, grouped by side. */
export function renderSideTable(): string {
  const codes = Object.keys(ERROR_SIDE) as ErrorCode[]
  const rows = SIDES.flatMap((side) =>
    codes
      .filter((c) => ERROR_SIDE[c] === side)
      .map((c) => [`\`${c}\``, side, String(EXIT_STATUS[side])])
  )
  const head = ['Code', 'Side', 'Exit status']
  const width = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  )
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`
  // blank lines around the table, as Prettier writes them
  return [
    START,
    '',
    line(head),
    `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
    '',
    END
  ].join('\n')
}

/** The document with its table replaced by the generated one. */
export function updateSideTable(doc: string): string {
  const a = doc.indexOf(START)
  const b = doc.indexOf(END)
  if (a < 0 || b < a) throw new Error(`${DOC} lacks ${START} … ${END}`)
  return doc.slice(0, a) + renderSideTable() + doc.slice(b + END.length)
}

if (process.argv[1]?.endsWith('error-sides.ts')) {
  writeFileSync(DOC, updateSideTable(readFileSync(DOC, 'utf8')))
}
