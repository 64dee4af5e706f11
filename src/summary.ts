import * as core from '@actions/core'
import type { BuildRecord } from './model/build-record.js'
import type { SummaryRow, SummarySection } from './model/summary.js'
import type { TargetResult } from './model/target-result.js'

type Row = SummaryRow

const code = (s: string): string => `<code>${s}</code>`

/** The build facts as table rows. */
export function buildRows(r: BuildRecord): Row[] {
  return [
    ['Binary', code(r.binary.path)],
    ['sha256', code(r.binary.sha256)],
    ['Go', code(r.goVersion)],
    ['Target', code(`${r.goos}/${r.goarch} ${r.goamd64}`)],
    ['cgo', String(r.cgo)],
    ['Commit', code(r.source.commit)],
    ['go.sum sha256', r.goSumSha256 ? code(r.goSumSha256) : 'none'],
    [
      'Reproducible',
      r.reproducible === null
        ? 'not checked'
        : r.reproducible
          ? '✅ rebuilt elsewhere, same bytes'
          : '❌'
    ],
    ['go build', code(['go', ...r.args].join(' '))]
  ]
}

/** The measurements as table rows. */
export function measurementRows(t: TargetResult): Row[] {
  return [
    ...t.measurements.map((m): Row => [m.name, code(m.value)]),
    ...Object.entries(t.signer ?? {}).map(([k, v]): Row => [k, code(v)])
  ]
}

/** The Fact/Value table of some rows. */
function table(
  rows: Row[]
): (string[] | { data: string; header: boolean }[])[] {
  return [
    [
      { data: 'Fact', header: true },
      { data: 'Value', header: true }
    ],
    ...rows
  ]
}

/** Writes a summary page: a level-2 title, then each section in order. */
export async function writeSummaryPage(
  title: string,
  sections: SummarySection[]
): Promise<void> {
  let s = core.summary.addHeading(title, 2)
  for (const x of sections) {
    if (x.heading !== undefined) s = s.addHeading(x.heading, 3)
    if (x.rows) s = s.addTable(table(x.rows))
    if (x.text) s = s.addCodeBlock(x.text, 'sh')
  }
  await s.write()
}

/** Writes the job summary: build facts, measurements, then extra sections. */
export async function writeSummary(
  record: BuildRecord,
  target: TargetResult | undefined,
  extra: SummarySection[] = []
): Promise<void> {
  await writeSummaryPage('enclave-build', [
    { heading: 'Go build', rows: buildRows(record) },
    ...(target
      ? [
          {
            heading: `Measurements (${target.target})`,
            rows: measurementRows(target)
          }
        ]
      : []),
    ...extra
  ])
}
