/** Where a command writes; injected so tests can capture it. */
export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  env: NodeJS.ProcessEnv
  /** Whether stderr is a terminal (progress of long work is drawn there). */
  stderrIsTTY?: boolean
}

/** The real process streams. */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    // Asked only by commands that draw progress: node:tty loads node:net and
    // the stream modules, ~8 ms of every start. isatty, not
    // process.stderr.isTTY, which would build the stream.
    get stderrIsTTY(): boolean {
      return process.getBuiltinModule('node:tty').isatty(2)
    }
  }
}

/** Prints exactly one JSON object followed by a newline. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/**
 * A subcommand: parses its own arguments and returns the exit status.
 * `about`, if set, is printed by its `--help` above the flags.
 */
export type Command = ((args: string[], io: CliIO) => Promise<number>) & {
  about?: string
}
