import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

/** Shared test helpers of the SNP area. */

const here = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(here, '../..')
export const FIXTURES = join(ROOT, '__fixtures__/vectors/snp')

/** One vector of dev.json / extra.json. */
export interface Vector {
  name: string
  args: string[]
  expected: string
  expectError: boolean
  /** Set where the reference measures a value we refuse (why, in words). */
  refusedBy?: string
}

/** The vectors of a fixture file. */
export function loadVectors(file: string): Vector[] {
  return (
    JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
      vectors: Vector[]
    }
  ).vectors
}

/** Runs the command line in-process and captures its output. */
export async function runCli(
  args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {}
  }
  const code = await cli(args, io)
  return { code, stdout, stderr }
}

/** `@name` arguments → paths in dir. */
export function resolveArgs(args: string[], dir: string): string[] {
  return args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a))
}

/**
 * The reference sev-snp-measure executable: $SEV_SNP_MEASURE, else the one
 * .ci/snp-oracle.sh installs under .tools/; undefined when neither exists.
 */
export function oracle(): string | undefined {
  const fromEnv = process.env.SEV_SNP_MEASURE
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  const local = join(ROOT, '.tools/snp-venv/bin/sev-snp-measure')
  return existsSync(local) ? local : undefined
}

/** A real firmware file from $VAR or .tools/snp-ovmf/NAME, if present. */
export function realFirmware(envVar: string, name: string): string | undefined {
  const p = process.env[envVar] || join(ROOT, '.tools/snp-ovmf', name)
  return existsSync(p) ? p : undefined
}
