import { asEnclaveBuildError, type EnclaveBuildError } from '../errors.js'
import { openInputFile } from '../util/fs.js'
import { actionInputLimit } from '../util/limits.js'

const fs = process.getBuiltinModule('node:fs')

/**
 * What a target's preflight (its registry entry's `preflight`) is given:
 * ways to check an input before any work, each problem collected rather
 * than thrown, so the action reports every one of them at once.
 */
export interface PreflightChecks {
  /** Runs `work`; an error it throws is collected. */
  check(work: () => unknown): Promise<void>
  /**
   * Opens `path` as a regular file within the size limit of its input's
   * kind (util/limits.ts), as the target will (input: its action name).
   */
  file(path: string, input: string): Promise<void>
  /** Collects a problem found without running anything. */
  problem(err: EnclaveBuildError): void
}

/** Checks that collect their problems into `problems`. */
export function preflightChecks(
  problems: EnclaveBuildError[]
): PreflightChecks {
  const check = async (work: () => unknown): Promise<void> => {
    try {
      await work()
    } catch (err) {
      problems.push(asEnclaveBuildError(err))
    }
  }
  return {
    check,
    file: (path, input) =>
      check(() => {
        fs.closeSync(
          openInputFile(path, input, {
            maxBytes: actionInputLimit(input) ?? Number.POSITIVE_INFINITY
          }).fd
        )
      }),
    problem: (err) => problems.push(err)
  }
}
