import {
  asEnclaveBuildError,
  EnclaveBuildError,
  exitStatusOf
} from '../errors.js'
import { redact } from '../util/redact.js'
import { HelpRequest, setInputBase } from './args.js'
import type { CliIO, Command } from './io.js'
import { TARGET_VERBS } from './target-verbs.js'
import { VERSION } from './version.js'

/**
 * Subcommands, each loaded only when it runs: a `measure` must not pay for
 * loading the signing and verification stacks. The TEEs' verbs come from
 * their registry entries (`cli`), through the generated TARGET_VERBS.
 */
const commands: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./commands/build.js')).build,
  'go build': async () => (await import('./commands/go.js')).goBuild,
  ...TARGET_VERBS,
  // container images and the platforms that run them (not TEE targets'
  // verbs: the oci target's image is one of several things they read)
  'oci image': async () => (await import('./commands/oci.js')).ociImage,
  'aci layer-hash': async () =>
    (await import('./commands/aci.js')).aciLayerHash,
  'aci policy': async () => (await import('./commands/aci.js')).aciPolicy,
  'coco initdata': async () =>
    (await import('./commands/coco.js')).cocoInitdata,
  'coco initdata-digest': async () =>
    (await import('./commands/coco.js')).cocoInitdataDigest,
  'attest sign': async () => (await import('./commands/attest.js')).attestSign,
  'attest statement': async () =>
    (await import('./commands/attest.js')).attestStatement,
  'attest gen-key': async () =>
    (await import('./commands/attest.js')).attestGenKey,
  'attest verify-key': async () =>
    (await import('./commands/attest.js')).attestVerifyKey,
  verify: async () => (await import('./commands/verify.js')).verify,
  'fetch-platform': async () =>
    (await import('./commands/fetch-platform.js')).fetchPlatformCommand,
  publish: async () => (await import('./commands/publish.js')).publish
}

const usage = `Usage: enclave-build <command> [options]

Commands:
${Object.keys(commands)
  .map((c) => `  ${c}`)
  .join('\n')}

Every command takes --json; enclave-build <command> --help lists its options.
enclave-build --version prints the version.
`

/** The subcommands the dispatcher knows, as typed on the command line. */
export const COMMAND_NAMES = Object.keys(commands)

/** Loads one subcommand by name (tests enumerate their flag tables). */
export function loadCommand(name: string): Promise<Command> {
  return commands[name]()
}

/**
 * The flag table and usage facts of a subcommand, as its parser declares
 * them: the command is asked for --help, which its parser answers before
 * doing anything (scripts/cli-readme.ts makes the README's block from it).
 */
export async function commandFlags(
  name: string
): Promise<{ options: HelpRequest['options']; meta: HelpRequest['meta'] }> {
  const command = await commands[name]()
  try {
    await command(['--help'], {
      stdout: () => undefined,
      stderr: () => undefined,
      cwd: '.',
      env: {}
    })
  } catch (err) {
    if (err instanceof HelpRequest)
      return {
        options: err.options,
        meta: { about: command.about, ...err.meta }
      }
    throw err
  }
  throw new Error(`enclave-build ${name} --help did not declare its flags`)
}

/** The commands of a group (`nitro` → nitro build, nitro describe, ...). */
function groupUsage(group: string): string | undefined {
  const names = COMMAND_NAMES.filter((c) => c.startsWith(`${group} `))
  if (names.length === 0) return undefined
  return `Usage: enclave-build ${group} <command> [options]\n\nCommands:\n${names
    .map((c) => `  ${c}`)
    .join(
      '\n'
    )}\n\nRun enclave-build ${group} <command> --help for its options.\n`
}

/** The help of one subcommand, made from the flags its parser reads. */
async function printHelp(
  name: string,
  req: HelpRequest,
  about: string | undefined,
  io: CliIO
): Promise<void> {
  const { formatHelp } = await import('./help.js')
  io.stdout(formatHelp(name, req.options, { about, ...req.meta }))
}

/** Finds the subcommand named by the first one or two words. */
function lookup(argv: string[]): { name: string; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ')
  if (two in commands) return { name: two, rest: argv.slice(2) }
  if (argv[0] !== undefined && argv[0] in commands)
    return { name: argv[0], rest: argv.slice(1) }
  return undefined
}

/**
 * A message on one line, as the contract prints errors (`error[CODE]:
 * message`, one line a script can match): the lines of a message that
 * lists several problems are joined with spaces, their indentation dropped.
 */
function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ')
}

/**
 * Runs the command line and returns the exit status. Errors become one line
 * `error[CODE]: message` on stderr, as the contract says; the status is the
 * code's side (errors.ts ERROR_SIDE): 2 for the user's to fix, 1 otherwise.
 */
export async function cli(argv: string[], io: CliIO): Promise<number> {
  if (
    argv.length === 0 ||
    argv[0] === '--help' ||
    argv[0] === '-h' ||
    argv[0] === 'help'
  ) {
    io.stdout(usage)
    return argv.length === 0 ? 2 : 0
  }
  if (argv[0] === '--version') {
    io.stdout(`enclave-build ${VERSION}\n`)
    return 0
  }
  const found = lookup(argv)
  let command: Command | undefined
  try {
    if (!found) {
      const group = groupUsage(argv[0])
      if (
        group !== undefined &&
        (argv.length === 1 || /^(-h|--help)$/.test(argv[1]))
      ) {
        io.stdout(group)
        return argv.length === 1 ? 2 : 0
      }
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `unknown command "${argv.slice(0, 2).join(' ')}"; run enclave-build --help`
      )
    }
    command = await commands[found.name]()
    setInputBase(io.cwd)
    // what a command logs to stderr passes the same redaction as errors
    return await command(found.rest, {
      ...io,
      stderr: (t) => io.stderr(redact(t))
    })
  } catch (err) {
    if (err instanceof HelpRequest && found) {
      await printHelp(found.name, err, command?.about, io)
      return 0
    }
    const e = asEnclaveBuildError(err)
    io.stderr(`error[${e.code}]: ${oneLine(redact(e.message))}\n`)
    return exitStatusOf(e.code)
  }
}
