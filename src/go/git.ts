import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'

/** What we need to know about the source's git checkout. */
export interface GitSource {
  /** The work tree's top directory. */
  root: string
  commit: string
  /** Commit time, as `vcs.time` records it (RFC 3339, UTC, seconds). */
  commitTime: string
  /** `origin`'s URL, when there is one. */
  remote?: string
}

async function git(
  exec: Exec,
  dir: string,
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const r = await exec('git', ['-C', dir, ...args])
  if (r.code === 127)
    throw new EnclaveBuildError(
      'GIT_MISSING',
      'git is not installed. The build stamps VCS information (-buildvcs=true), ' +
        'which needs git; install git or use a runner image that has it.'
    )
  // keep leading spaces: they are part of git status's columns
  return { code: r.code, out: r.stdout.trimEnd(), err: r.stderr.trim() }
}

/**
 * Reads the checkout containing `dir` and refuses a dirty one: Go records
 * `vcs.modified=true` for any change, untracked files included, and that
 * build could not be reproduced from the commit.
 */
export async function readGitSource(
  exec: Exec,
  dir: string
): Promise<GitSource> {
  const top = await git(exec, dir, ['rev-parse', '--show-toplevel'])
  if (top.code !== 0)
    throw new EnclaveBuildError(
      'GIT_MISSING',
      `${dir} is not inside a git work tree (${top.err}). ` +
        'Build from a git checkout so the binary records its commit.'
    )
  const status = await git(exec, top.out, [
    'status',
    '--porcelain',
    '--untracked-files=all'
  ])
  if (status.out !== '') {
    const lines = status.out.split('\n')
    const shown = lines.slice(0, 10).join('\n')
    const more = lines.length > 10 ? `\n... and ${lines.length - 10} more` : ''
    throw new EnclaveBuildError(
      'GIT_DIRTY',
      `the work tree ${top.out} has uncommitted or untracked files, so the ` +
        `build would record vcs.modified=true and could not be reproduced ` +
        `from its commit. Commit, remove or .gitignore them:\n${shown}${more}`
    )
  }
  const log = await git(exec, top.out, ['log', '-1', '--format=%H %ct'])
  if (log.code !== 0)
    throw new EnclaveBuildError(
      'GIT_MISSING',
      `the repository at ${top.out} has no commit yet; commit the source first`
    )
  const [commit, seconds] = log.out.split(' ')
  const remote = await git(exec, top.out, [
    'config',
    '--get',
    'remote.origin.url'
  ])
  return {
    root: top.out,
    commit,
    commitTime: new Date(Number(seconds) * 1000)
      .toISOString()
      .replace('.000Z', 'Z'),
    remote: remote.code === 0 && remote.out !== '' ? remote.out : undefined
  }
}
