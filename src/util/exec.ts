import { spawn } from 'node:child_process'

/** The result of running a program to completion. */
export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

/** Options for one program run. */
export interface ExecOptions {
  cwd?: string
  /** The complete environment (not merged with process.env). */
  env?: NodeJS.ProcessEnv
}

/**
 * Runs a program and collects its output. Injected everywhere we shell out,
 * so tests can substitute a fake. Never throws for a non-zero exit; a
 * program that cannot be started is reported as code 127 (like a shell).
 */
export type Exec = (
  file: string,
  args: string[],
  options?: ExecOptions
) => Promise<ExecResult>

/** The real Exec, on node:child_process. */
export const exec: Exec = (file, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', (e) =>
      resolve({ code: 127, stdout: '', stderr: e.message })
    )
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      })
    )
  })
