import { asEnclaveBuildError, type EnclaveBuildError } from '../errors.js'
import { openInputFile } from '../util/fs.js'
import { actionInputName, type InputName } from '../util/input-name.js'
import { actionInputLimit } from '../util/limits.js'

export type { InputName } from '../util/input-name.js'

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
   * kind (util/limits.ts), as the target will (input: its action name;
   * a problem names it as `input` does).
   */
  file(path: string, input: string): Promise<void>
  /** How a message names an input (the action's or the command line's spelling). */
  input: InputName
  /** Collects a problem found without running anything. */
  problem(err: EnclaveBuildError): void
}

/** Checks that collect their problems into `problems`, naming inputs as `input` does. */
export function preflightChecks(
  problems: EnclaveBuildError[],
  input: InputName = actionInputName
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
    file: (path, name) =>
      check(() => {
        fs.closeSync(
          openInputFile(path, input(name), {
            maxBytes: actionInputLimit(name) ?? Number.POSITIVE_INFINITY
          }).fd
        )
      }),
    input,
    problem: (err) => problems.push(err)
  }
}
