import { EnclaveBuildError } from '../../errors.js'
import type { Command } from '../io.js'

/** A subcommand whose issue has not landed yet. */
export function unavailable(name: string, issue: number): Command {
  return () =>
    Promise.reject(
      new EnclaveBuildError(
        'NOT_AVAILABLE',
        `"${name}" is not available yet (issue #${issue})`
      )
    )
}
