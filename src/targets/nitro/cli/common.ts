import { resolve } from 'node:path'
import type { CliIO } from '../../../cli/io.js'
import type { NitroPcrs } from '../pcr.js'
import { readWhole } from '../../../util/read.js'

// What every `nitro` subcommand shares: reading an input file named on the
// command line, and printing PCRs the way nitro-cli does, so that its users
// and scripts feel at home.

/** nitro-cli's Measurements object (HashAlgorithm is Rust Debug text). */
export function measurements(pcrs: NitroPcrs): Record<string, string> {
  return { HashAlgorithm: 'Sha384 { ... }', ...pcrs }
}

/** Reads an input file whole, in one read (coded error if unreadable). */
export async function readInput(
  io: CliIO,
  path: string,
  what: string
): Promise<Buffer> {
  return readWhole(resolve(io.cwd, path), what)
}

/** The PCRs as text, one `PCRn  hex` line each, like nitro-cli. */
export function printPcrs(io: CliIO, pcrs: NitroPcrs): void {
  for (const [k, v] of Object.entries(pcrs)) io.stdout(`${k}  ${v}\n`)
}
