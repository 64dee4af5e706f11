import * as core from '@actions/core'
import type { BuildRecord } from './model/build-record.js'
import type { TargetResult } from './model/target-result.js'

type Row = [string, string]

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

/** Extra sections other stages add (attestation, verify command). */
export interface SummarySection {
  heading: string
  rows?: Row[]
  text?: string
}

/** Writes the job summary: build facts, measurements, then extra sections. */
export async function writeSummary(
  record: BuildRecord,
  target: TargetResult | undefined,
  extra: SummarySection[] = []
): Promise<void> {
  const table = (
    rows: Row[]
  ): (string[] | { data: string; header: boolean }[])[] => [
    [
      { data: 'Fact', header: true },
      { data: 'Value', header: true }
    ],
    ...rows
  ]
  let s = core.summary.addHeading('enclave-build', 2)
  s = s.addHeading('Go build', 3).addTable(table(buildRows(record)))
  if (target)
    s = s
      .addHeading(`Measurements (${target.target})`, 3)
      .addTable(table(measurementRows(target)))
  for (const x of extra) {
    s = s.addHeading(x.heading, 3)
    if (x.rows) s = s.addTable(table(x.rows))
    if (x.text) s = s.addCodeBlock(x.text, 'sh')
  }
  await s.write()
}
