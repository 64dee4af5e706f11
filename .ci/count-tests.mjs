// Reads jest's --json report and prints what was skipped, by name, then the
// last line of CI: `N passed, N failed, N skipped`.
//   node .ci/count-tests.mjs .tools/jest.json
// skipped = pending and todo tests + wholly skipped test files (suites), so a
// differential suite whose oracle is missing is counted and named, never lost.
// failed = failed tests + files that failed without a failing test (a load
// error, a failing hook).
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const file = process.argv[2]
let r
try {
  r = JSON.parse(readFileSync(file, 'utf8'))
  if (!Array.isArray(r?.testResults)) throw new Error('it has no testResults')
} catch (e) {
  console.log(`no jest report at ${file}: ${e.message}`)
  console.log('0 passed, 1 failed, 0 skipped')
  process.exit(1)
}
const name = (t) => relative(process.cwd(), t.name)
const title = (a) => [...a.ancestorTitles, a.title].join(' › ')
const lines = []
let brokenFiles = 0
for (const t of r.testResults) {
  const pending = t.assertionResults.filter(
    (a) =>
      a.status === 'pending' || a.status === 'todo' || a.status === 'skipped'
  )
  if (
    t.status === 'failed' &&
    !t.assertionResults.some((a) => a.status === 'failed')
  )
    brokenFiles++
  if (pending.length === 0) continue
  if (pending.length === t.assertionResults.length) {
    // The whole file: its describe names say what it needs.
    const why = [...new Set(pending.map((a) => a.ancestorTitles[0] ?? a.title))]
    lines.push(
      `skipped suite ${name(t)} (${pending.length} tests): ${why.join('; ')}`
    )
  } else {
    for (const a of pending) lines.push(`skipped test ${name(t)}: ${title(a)}`)
  }
}
for (const l of lines.sort()) console.log(l)
const passed = r.numPassedTests
const failed = r.numFailedTests + brokenFiles
const skipped =
  r.numPendingTests + (r.numTodoTests ?? 0) + r.numPendingTestSuites
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
