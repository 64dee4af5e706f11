// Every file input, enumerated from the flag tables of the command line and
// the action's input schemas (so a new input cannot be missed), is given a
// FIFO, a directory, /dev/zero and a sparse file above its size limit; each
// must be refused promptly with FILE_NOT_REGULAR or FILE_TOO_LARGE.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { z } from 'zod'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { COMMAND_NAMES, loadCommand } = await import('../../src/cli/main.js')
const { HelpRequest } = await import('../../src/cli/args.js')
const { FLAG_NOTES } = await import('../../src/cli/help.js')
const { INPUT_LIMITS, ACTION_FILE_INPUTS } =
  await import('../../src/util/limits.js')
const { TARGETS } = await import('../../src/targets/index.js')
const { inputSections, readInputs } = await import('../../src/inputs.js')
const { preflight } = await import('../../src/preflight.js')

type Kind = keyof typeof INPUT_LIMITS
interface FlagDef {
  arg?: string
  help?: string
  file?: Kind | { kind: Kind; directory?: boolean }
}

/** A flag (or positional) of a command that names an input file. */
interface FileInput {
  command: string
  flag: string // '--name', or '#0' for the first positional
  kind: Kind
  directory: boolean
}

/**
 * Flags whose value or help looks like a file but that are not files read
 * as inputs, each with why.
 */
const NOT_INPUT_FILES: Record<string, string> = {
  output: 'written, not read',
  'working-directory@build': 'a directory',
  'output-directory@build': 'a directory written',
  'cgo-sysroot':
    'a directory (the sysroot libraries are resolved in; each library is read within a limit)',
  'oci-base-layout@build':
    'a directory (an OCI image layout); targets/image/layout.ts reads each of its files within a limit',
  'signing@build': 'a mode word',
  'gramine-vars@build': 'template variables',
  'gramine-root@build': 'a directory',
  'gramine-pkglibdir@build': 'a path inside the enclave',
  'nitro-cmd@build': 'argv text',
  'nitro-env@build': 'environment text',
  'nitro-signing-certificate@build': 'PEM text, not a path',
  'nitro-eif-name@build': 'the name of the file written',
  'publish@build': 'an oci:// reference',
  'nitro-kernel-sha256@build': 'a sha256 in hex',
  'snp-ovmf-sha256@build': 'a sha256 in hex',
  'snp-kernel-sha256@build': 'a sha256 in hex',
  'tdx-ovmf-sha256@build': 'a sha256 in hex',
  'tdx-kernel-sha256@build': 'a sha256 in hex',
  'uki-stub-sha256@build': 'a sha256 in hex',
  'uki-kernel-sha256@build': 'a sha256 in hex',
  'ext4-output': 'written, not read',
  'base-layout@oci image':
    'a directory (an OCI image layout); targets/image/layout.ts reads each of its files within a limit',
  'entrypoint@oci image': 'a path inside the image',
  'tag@oci image': 'a tag name in index.json',
  'image@aci policy': 'an OCI layout directory or an oci:// reference',
  sigfile: 'written, not read',
  record: 'written, not read',
  'public-key@attest gen-key': 'written, not read',
  dir: 'a directory',
  chroot: 'a directory',
  pkglibdir: 'a directory',
  'evidence-cache': 'a directory',
  'from@fetch-platform':
    'a directory; platform/ reads each pinned .deb or Nitro blob in it within its limit',
  string: 'the template text itself',
  'key-password-env': 'the name of an environment variable',
  'dump-vmsa': 'a boolean; writes vmsa<N>.bin',
  json: 'a boolean (prints JSON)',
  force: 'a boolean (replaces a key)',
  passphrase: 'the passphrase text of a key',
  cmd: 'an argv element of the enclave program',
  name: 'the EIF metadata name',
  'vars-size': 'a size',
  cmdline: 'the command line text',
  repo: 'a repository name'
}

const FILEISH = /FILE|PATH|PEM|\.pem|\.json|\.sig|DIR/
const FILEISH_HELP = /\b(file|PEM|JSON|DER|certificate|key|bundle)\b/i

async function cliInputs(): Promise<{
  inputs: FileInput[]
  unclassified: string[]
}> {
  const inputs: FileInput[] = []
  const unclassified: string[] = []
  for (const command of COMMAND_NAMES) {
    const run = await loadCommand(command)
    let req: InstanceType<typeof HelpRequest> | undefined
    try {
      await run(['--help'], {
        stdout: () => undefined,
        stderr: () => undefined,
        cwd: process.cwd(),
        env: {}
      })
    } catch (err) {
      if (err instanceof HelpRequest) req = err
    }
    if (req === undefined) throw new Error(`${command} --help did not ask`)
    const notes = FLAG_NOTES[command] ?? {}
    for (const [name, d] of Object.entries(req.options)) {
      const def = { ...notes[name], ...(d as FlagDef) }
      if (def.file !== undefined) {
        const f = typeof def.file === 'string' ? { kind: def.file } : def.file
        inputs.push({
          command,
          flag: `--${name}`,
          kind: f.kind,
          directory: 'directory' in f && f.directory === true
        })
      } else if (
        (FILEISH.test(def.arg ?? '') || FILEISH_HELP.test(def.help ?? '')) &&
        NOT_INPUT_FILES[`${name}@${command}`] === undefined &&
        NOT_INPUT_FILES[name] === undefined
      )
        unclassified.push(`${command} --${name}`)
    }
    const kinds = req.meta.positionalFiles ?? []
    kinds.forEach((kind, i) =>
      inputs.push({ command, flag: `#${i}`, kind, directory: false })
    )
    if (
      /FILE|\.json|\.sig/.test(req.meta.positionals ?? '') &&
      kinds.length === 0
    )
      unclassified.push(`${command} ${req.meta.positionals}`)
  }
  return { inputs, unclassified }
}

const found = await cliInputs()

let dir: string
let fifo: string
const huge = new Map<Kind, string>()
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-inputs-'))
  fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  mkdirSync(join(dir, 'a-directory'))
  // one sparse file per limit: 3 GB, or one byte above the limit when
  // that is more (no disk is used)
  for (const kind of Object.keys(INPUT_LIMITS) as Kind[]) {
    const size = Math.max(3 * 2 ** 30, INPUT_LIMITS[kind] + 1)
    const file = join(dir, `huge-${kind}`)
    const fd = openSync(file, 'w')
    ftruncateSync(fd, size)
    closeSync(fd)
    huge.set(kind, file)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = resolve('src/cli/index.ts')
const register = resolve('bench/register.mjs')

/**
 * The command line run from the sources, killed after 20 s: a FIFO or
 * /dev/zero read would never end, a huge file take minutes; the margin is
 * for starting Node with the TypeScript sources on a loaded machine.
 */
function run(args: string[]) {
  const t0 = Date.now()
  return new Promise<{
    status: number | null
    stderr: string
    ms: number
  }>((done) => {
    execFile(
      process.execPath,
      [
        '--experimental-transform-types',
        '--no-warnings',
        '--import',
        register,
        cli,
        ...args
      ],
      { timeout: 20_000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, _stdout, stderr) => {
        const status =
          err === null ? 0 : typeof err.code === 'number' ? err.code : null
        done({ status, stderr, ms: Date.now() - t0 })
      }
    )
  })
}

function argsOf(input: FileInput, file: string): string[] {
  const words = input.command.split(' ')
  if (input.flag.startsWith('#')) return [...words, file]
  // KIND=FILE flags take the path after '='
  const value = /artifact|pinned/.test(input.flag) ? `x=${file}` : file
  return [...words, `${input.flag}=${value}`]
}

describe('the flag tables of the command line', () => {
  it('declare the kind of every flag that names a file', () => {
    expect(found.unclassified).toEqual([])
    expect(found.inputs.length).toBeGreaterThan(40)
  })
})

describe.each(['a FIFO', 'a directory', '/dev/zero', 'a file above its limit'])(
  '%s',
  (what) => {
    const cases = found.inputs
      .filter((i) => !(what === 'a directory' && i.directory))
      .map((i) => [`${i.command} ${i.flag}`, i] as const)
    it.each(cases)(
      '%s refuses it at once',
      async (_name, input) => {
        const file =
          what === 'a FIFO'
            ? fifo
            : what === 'a directory'
              ? join(dir, 'a-directory')
              : what === '/dev/zero'
                ? '/dev/zero'
                : (huge.get(input.kind) as string)
        const r = await run(argsOf(input, file))
        expect(r.stderr).toMatch(
          what === 'a file above its limit'
            ? /^error\[FILE_TOO_LARGE\]/
            : /^error\[FILE_NOT_REGULAR\]/
        )
        expect(r.stderr).toContain(file)
        expect(r.status).toBe(2) // the user's file: exit 2
        expect(r.ms).toBeLessThan(20_000)
      },
      30_000
    )
  }
)

describe('files named inside an input file', () => {
  it.each(['bios', 'kernel', 'initrd'])(
    "tdx measure: metadata.json's %s as a FIFO or a huge file is refused",
    async (key) => {
      const meta = join(dir, `metadata-${key}.json`)
      // paths in metadata.json are relative to its folder
      writeFileSync(join(dir, 'ok'), 'x')
      const ok = 'ok'
      for (const [file, code] of [
        ['fifo', /^error\[FILE_NOT_REGULAR\]/],
        ['huge-initrd', /^error\[FILE_TOO_LARGE\]/]
      ] as const) {
        writeFileSync(
          meta,
          JSON.stringify({
            bios: ok,
            kernel: ok,
            initrd: ok,
            cmdline: 'x',
            [key]: file
          })
        )
        const r = await run(['tdx', 'measure', meta])
        expect(r.stderr).toMatch(code)
      }
    },
    60_000
  )
})

/** The action's inputs from its schemas: each that names a path. */
function actionPathInputs(): string[] {
  const shapes = Object.values(inputSections).map(
    (s) => (s as z.ZodObject).shape as Record<string, z.ZodType>
  )
  const names: string[] = []
  for (const shape of shapes)
    for (const [name, schema] of Object.entries(shape))
      // pins (x-sha256) say "the file" but hold hex
      if (
        /\b(path|file)\b/i.test(schema.description ?? '') &&
        !name.endsWith('-sha256')
      )
        names.push(name)
  return names
}

/** Action inputs whose description mentions a path or file but are none. */
const ACTION_NOT_FILES: Record<string, string> = {
  output: 'the file name of the binary written',
  bundle:
    'a list of bundle files or folders (verify/sources.ts reads each within the json limit)',
  'gramine-vars': 'template variables',
  'gramine-pkglibdir': 'a path inside the enclave',
  'nitro-cmd': 'argv text',
  'nitro-env': 'environment text',
  'binary-name': 'the name of the file written',
  'nitro-eif-name': 'the name of the file written',
  'nitro-signing-certificate': 'PEM text, not a path',
  'gramine-binary-path': 'a path inside the enclave',
  'gramine-root': 'a directory',
  'oci-initdata-files':
    'NAME=PATH lines; the oci target reads each within the text limit'
}

describe('the action inputs that name files', () => {
  const names = actionPathInputs()
  it('each has a kind (or is listed as not a file)', () => {
    expect(
      names.filter(
        (n) =>
          ACTION_FILE_INPUTS[n] === undefined &&
          ACTION_NOT_FILES[n] === undefined
      )
    ).toEqual([])
  })

  /** Every other input of the input's target, set to a real regular file. */
  function inputsFor(name: string, file: string): Record<string, string> {
    const target = Object.keys(TARGETS).find(
      (t) =>
        name in
        (TARGETS as Record<string, { options: z.ZodObject }>)[t].options.shape
    )
    const ok = resolve('package.json')
    const verifying = name in (inputSections.verify as z.ZodObject).shape
    const values: Record<string, string> = verifying
      ? { mode: 'verify', 'evidence-type': 'nitro' }
      : {
          target: target ?? 'snp',
          cache: 'false',
          // pins are required; preflight runs before they are compared
          ...Object.fromEntries(
            Object.values(TARGETS)
              .flatMap((t) =>
                Object.keys((t as { options: z.ZodObject }).options.shape)
              )
              .filter((n) => n.endsWith('-sha256'))
              .map((n) => [n, '0'.repeat(64)])
          )
        }
    for (const n of Object.keys(ACTION_FILE_INPUTS))
      if (
        n !== 'pgo' &&
        verifying === n in (inputSections.verify as z.ZodObject).shape
      )
        values[n] = ok
    values[name] = file
    return values
  }

  describe.each([
    'a FIFO',
    'a directory',
    '/dev/zero',
    'a file above its limit'
  ])('%s', (what) => {
    it.each(Object.keys(ACTION_FILE_INPUTS))(
      '%s is refused before any work',
      async (name) => {
        const kind = ACTION_FILE_INPUTS[name]
        const file =
          what === 'a FIFO'
            ? fifo
            : what === 'a directory'
              ? join(dir, 'a-directory')
              : what === '/dev/zero'
                ? '/dev/zero'
                : (huge.get(kind) as string)
        const values = inputsFor(name, file)
        let caught: unknown
        try {
          await preflight(readInputs((n) => values[n] ?? ''))
        } catch (err) {
          caught = err
        }
        const e = caught as { code?: string; message?: string } | undefined
        expect(e?.message ?? '').toContain(file)
        expect(e?.message ?? '').toMatch(
          what === 'a file above its limit'
            ? /FILE_TOO_LARGE|more than the/
            : /FILE_NOT_REGULAR|not a regular file/
        )
      },
      10_000
    )
  })
})
