import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// .ci/count-tests.mjs, which prints CI's skipped suites and its last line,
// on a report shaped as jest --json writes it (the fields it reads).

const script = join(import.meta.dirname, '../.ci/count-tests.mjs')

function count(report: unknown): { status: number | null; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ci-count-'))
  try {
    const file = join(dir, 'jest.json')
    writeFileSync(file, JSON.stringify(report))
    const r = spawnSync(process.execPath, [script, file], {
      cwd: '/',
      encoding: 'utf8'
    })
    return { status: r.status, lines: r.stdout.trim().split('\n') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const a = (status: string, ancestorTitles: string[], title: string) => ({
  status,
  ancestorTitles,
  title
})

describe('.ci/count-tests.mjs', () => {
  it('names skipped suites and tests, then N passed, N failed, N skipped', () => {
    const r = count({
      numPassedTests: 3,
      numFailedTests: 1,
      numPendingTests: 3,
      numTodoTests: 0,
      numPendingTestSuites: 1,
      testResults: [
        {
          name: '/x/oracle.test.ts',
          status: 'skipped',
          assertionResults: [
            a('pending', ['vs ref (needs $REF from .ci/ref.sh)'], 'one'),
            a('pending', ['vs ref (needs $REF from .ci/ref.sh)'], 'two')
          ]
        },
        {
          name: '/x/mixed.test.ts',
          status: 'failed',
          assertionResults: [
            a('passed', ['m'], 'ok'),
            a('failed', ['m'], 'bad'),
            a('pending', ['m', 'part (needs $P)'], 'later')
          ]
        },
        {
          name: '/x/broken.test.ts',
          status: 'failed',
          assertionResults: []
        },
        {
          name: '/x/fine.test.ts',
          status: 'passed',
          assertionResults: [a('passed', [], 'a'), a('passed', [], 'b')]
        }
      ]
    })
    expect(r.status).toBe(0)
    expect(r.lines).toEqual([
      'skipped suite x/oracle.test.ts (2 tests): vs ref (needs $REF from .ci/ref.sh)',
      'skipped test x/mixed.test.ts: m › part (needs $P) › later',
      '3 passed, 2 failed, 4 skipped'
    ])
  })

  it('no report: one failure', () => {
    const r = count('not a report')
    expect(r.status).toBe(1)
    expect(r.lines.at(-1)).toBe('0 passed, 1 failed, 0 skipped')
  })
})
