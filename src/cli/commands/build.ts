import { resolve } from 'node:path'
import type { z } from 'zod'
import {
  inputSections,
  publicInputs,
  readInputs,
  SECRET_INPUTS
} from '../../inputs.js'
import { preflight } from '../../preflight.js'
import { runPipeline } from '../../pipeline.js'
import { stopDigestWorker } from '../../util/digest-worker.js'
import { exec } from '../../util/exec.js'
import { readInputText } from '../../util/fs.js'
import { flagInputName } from '../../util/input-name.js'
import { lastOf, parse, type FlagHelp } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'
import { ACTION_FILE_INPUTS } from '../../util/limits.js'

// `enclave-build build` is the action's build mode on the command line: its
// flags ARE the action's inputs (same names, parsed by the same zod schemas
// with the same defaults) and it runs the same pipeline (src/pipeline.ts),
// so the two cannot give different artefacts or measurements. A target
// added to the registry brings its inputs here without a change.

/** Inputs the command line does not take: the Actions cache, the job summary, verify mode. */
const NOT_ON_CLI = new Set(['mode', 'cache', 'show-summary'])

/** Where the command line differs from the action, and why. */
const CLI_DEFAULTS: Record<string, string> = {
  // keyless signing needs a GitHub OIDC token; signing does not change a
  // measurement, so the command line asks for it explicitly
  signing: 'none',
  // artefacts land beside the user, not in a runner's temp folder
  'output-directory': 'enclave-build'
}

type Flag = { type: 'string' | 'boolean'; multiple?: false } & FlagHelp

/** True for a stringbool input (a flag, with its --no- twin). */
function isBoolean(schema: z.ZodType): boolean {
  const t = schema.safeParse('true')
  const f = schema.safeParse('false')
  return t.success && t.data === true && f.success && f.data === false
}

/** The name of a flag's value in the help: what the input holds. */
function placeholder(name: string, description: string): string {
  if (name.endsWith('sha256')) return 'HEX'
  if (name === 'pgo') return 'off|auto|FILE'
  if (/directory|sysroot|root$|pkglibdir|base-layout$/.test(name)) return 'DIR'
  // an input the preflight opens as a file (libpal, the ACPI blobs, ...)
  if (ACTION_FILE_INPUTS[name] !== undefined) return 'FILE'
  if (/^(Path|The path|A path)\b/i.test(description)) return 'FILE'
  if (/^oci:|^publish$/.test(name)) return 'oci://REGISTRY/NAME:TAG'
  return 'TEXT'
}

/** The action inputs the command takes, by name, with their schemas. */
function buildInputs(): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>()
  for (const [section, schema] of Object.entries(inputSections)) {
    if (section === 'verify') continue
    for (const [name, field] of Object.entries(
      (schema as z.ZodObject).shape
    ) as [string, z.ZodType][])
      if (!NOT_ON_CLI.has(name) && !out.has(name)) out.set(name, field)
  }
  return out
}

/**
 * The flag table of `build`, made from the input schemas: a secret is
 * read from a file (`--NAME-file`), never from the command line, which
 * other users of the machine can read.
 */
export function buildFlags(): Record<string, Flag> {
  const flags: Record<string, Flag> = {}
  for (const [name, schema] of buildInputs()) {
    const text = schema.description ?? ''
    const cliDefault = CLI_DEFAULTS[name]
    const help =
      cliDefault === undefined
        ? text
        : `${text} (command line default: ${cliDefault})`
    const kind = ACTION_FILE_INPUTS[name]
    if (SECRET_INPUTS.includes(name))
      flags[`${name}-file`] = {
        type: 'string',
        arg: 'FILE',
        // keys, passphrases and tokens: each far under a PEM's limit
        file: 'pem',
        help: `File holding ${name}: ${text}`
      }
    else if (isBoolean(schema)) {
      flags[name] = { type: 'boolean', help }
      flags[`no-${name}`] = { type: 'boolean', help: `Not --${name}.` }
    } else
      flags[name] = {
        type: 'string',
        arg: placeholder(name, text),
        help,
        // a file input is opened and checked as the action's preflight does
        ...(kind === undefined
          ? {}
          : {
              file: {
                kind,
                // pgo also takes the words auto and off
                path: (v: string) =>
                  v === 'auto' || v === 'off' ? undefined : v
              }
            })
      }
  }
  flags.json = {
    type: 'boolean',
    help: 'Print {"outputs": {...}, "measurements": [...]} on stdout.'
  }
  return flags
}

/** The raw action inputs from the parsed flags (files read, booleans spelled). */
async function rawInputs(
  io: CliIO,
  values: Record<string, string | boolean | undefined>,
  tokens: readonly { kind: string; name?: string }[]
): Promise<Record<string, string>> {
  const raw: Record<string, string> = { ...CLI_DEFAULTS, mode: 'build' }
  raw.cache = 'false'
  raw['show-summary'] = 'false'
  for (const [name, schema] of buildInputs()) {
    if (SECRET_INPUTS.includes(name)) {
      const file = values[`${name}-file`]
      if (typeof file === 'string')
        raw[name] = (
          await readInputText(resolve(io.cwd, file), `--${name}-file`, {
            maxBytes: 1 << 20
          })
        ).trim()
    } else if (isBoolean(schema)) {
      if (values[name] !== undefined || values[`no-${name}`] !== undefined)
        raw[name] = String(lastOf(tokens, name, `no-${name}`, false))
    } else if (typeof values[name] === 'string') raw[name] = values[name]
  }
  return raw
}

/**
 * `enclave-build build`: what the action does in build mode (Go build and
 * rebuild check, target, attestation, publish), with the action's inputs
 * as flags and its defaults.
 */
export const build: Command = async (args, io) => {
  const { values, tokens } = parse(args, buildFlags())
  const raw = await rawInputs(io, values, tokens)
  // every message, from the option check to the last stage, names the
  // flags typed here (a secret is given as --NAME-file)
  const input = flagInputName((name) => SECRET_INPUTS.includes(name))
  const inputs = readInputs(
    (name) => raw[name] ?? '',
    () => undefined,
    'options',
    (name) => input(name)
  )
  const log = (m: string): void => io.stderr(`${m}\n`)
  try {
    const result = await runPipeline(inputs, {
      exec,
      env: io.env,
      workspace: io.cwd,
      info: values.json ? () => undefined : log,
      warning: (m) => log(`warning: ${m}`),
      group: async (title, work) => {
        if (!values.json) log(`== ${title}`)
        return work()
      },
      setOutput: () => undefined,
      input,
      preflight,
      publicInputs
    })
    if (values.json)
      printJson(io, {
        outputs: result.outputs,
        measurements: result.target?.measurements ?? []
      })
    else
      for (const [k, v] of Object.entries(result.outputs))
        io.stdout(`${k}: ${v}\n`)
  } finally {
    // the Nitro target's hashing thread must not hold the process open
    await stopDigestWorker()
  }
  return 0
}
build.about =
  "The action's build mode in one command: the Go build with its rebuild check, the --target, the attestation (--signing) and the publish (--publish). Flags are the action's inputs, with its defaults."
