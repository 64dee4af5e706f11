import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Runs git with a fixed identity and dates, so commits are the same each time. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
      GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z'
    },
    encoding: 'utf8'
  })
}

/**
 * Copies a Go fixture module (__fixtures__/go/NAME) into a fresh git
 * repository in a temp dir and commits it; returns the repository path.
 */
export function makeRepo(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `eb_${name}_`))
  cpSync(join(here, 'go', name), dir, { recursive: true })
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', `fixture ${name}`)
  return dir
}
