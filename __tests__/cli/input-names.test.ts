/**
 * The same mistakes made in a workflow (INPUT_* variables, read by the
 * action as @actions/core reads them) and on `enclave-build build`'s
 * command line: each side's error names the inputs as that side spells
 * them (`cgo-sysroot`, `signing: key` in the action; `--cgo-sysroot`,
 * `--signing key`, `--attestation-key-file` on the command line), at every
 * stage, not only in the option check: the preflight (keys, pins, the
 * targets' own checks), the Go build (the toolchain) and the target (a cgo
 * binary without its loader).
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { googleLikeSections, tdvfImage } from '../tdx/fwgen.js'

jest.unstable_mockModule('@actions/core', () => core)

const { run } = await import('../../src/main.js')
const { inputNames, readInputs, SECRET_INPUTS } =
  await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')
const { cli } = await import('../../src/cli/main.js')

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

// fixture names hold no input name, so that a path never reads as one
const work = mkdtempSync(join(tmpdir(), 'eb-names-'))
const file = (name: string, data: Uint8Array | string): string => {
  writeFileSync(join(work, name), data)
  return join(work, name)
}

/** @actions/core's getInput: INPUT_ + the name upper-cased, spaces as _, trimmed. */
core.getInput.mockImplementation((name: string) =>
  (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
)

/** The action, its inputs given as a workflow gives them; the failure it reports. */
async function action(inputs: Record<string, string>): Promise<string> {
  const vars = Object.keys(inputs).map(
    (k) => `INPUT_${k.replace(/ /g, '_').toUpperCase()}`
  )
  Object.values(inputs).forEach((v, i) => (process.env[vars[i]] = v))
  process.env.INPUT_CACHE = 'false'
  process.env['INPUT_SHOW-SUMMARY'] = 'false'
  try {
    core.setFailed.mockClear()
    await run({
      exec,
      env: { ...process.env, RUNNER_OS: 'Linux', GITHUB_WORKSPACE: work },
      cache: {
        restoreCache: () => Promise.resolve(undefined),
        saveCache: () => Promise.resolve(0)
      },
      inputs: () => readInputs()
    })
    return String(core.setFailed.mock.calls[0]?.[0] ?? '')
  } finally {
    for (const v of [...vars, 'INPUT_CACHE', 'INPUT_SHOW-SUMMARY'])
      delete process.env[v]
  }
}

/** `enclave-build build` with the same inputs as flags (secrets from files); its error line. */
async function commandLine(inputs: Record<string, string>): Promise<string> {
  const args: string[] = []
  let secrets = 0
  for (const [k, v] of Object.entries(inputs))
    if (SECRET_INPUTS.includes(k))
      args.push(`--${k}-file`, file(`secret${++secrets}`, v))
    else if (v === 'true' || v === 'false')
      args.push(v === 'true' ? `--${k}` : `--no-${k}`)
    else args.push(`--${k}`, v)
  let err = ''
  const code = await cli(['build', ...args], {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    cwd: work,
    env: { ...process.env, RUNNER_OS: 'Linux' }
  })
  expect(code).not.toBe(0)
  // the error is the last line, after the stages' log lines
  return err.trimEnd().split('\n').at(-1) ?? ''
}

/**
 * The action names (of the inputs with a dash in their name: a plain word
 * such as `target` or `measurement` is also English) that appear in `text`
 * not as part of a flag: preceded neither by `--` (or `--no-`) nor by a
 * letter or dash of a longer name.
 */
function bareNames(text: string): string[] {
  return inputNames().filter(
    (n) => n.includes('-') && new RegExp(`(^|[^\\w-])${n}(?![\\w-])`).test(text)
  )
}

/** Input names used as flags in `text` (`--name`, `--no-name`, `--name-file`). */
function flagNames(text: string): string[] {
  return inputNames().filter((n) =>
    new RegExp(`--(no-)?${n}(-file)?(?![\\w-])`).test(text)
  )
}

beforeEach(() => core.resetCore())

describe('every stage names the inputs as the side the user typed them on', () => {
  it('preflight: the attestation key, the pins and the ACPI trio (tdx)', async () => {
    const fw = tdvfImage(0x40000, googleLikeSections(0x40000))
    const kernel = Buffer.from('a stand-in kernel\n')
    const inputs = {
      'working-directory': work,
      'rebuild-check': 'false',
      signing: 'key', // and no attestation-key
      target: 'tdx',
      'tdx-ovmf': file('fw.fd', fw),
      'tdx-ovmf-sha256': sha256(fw),
      'tdx-kernel': file('k.bin', kernel),
      'tdx-kernel-sha256': '0'.repeat(64), // not the file's
      'tdx-acpi-tables': file('t.bin', 'tables') // without rsdp and loader
    }
    const cl = await commandLine(inputs)
    expect(cl).toMatch(/^error\[INPUT_INVALID\]: /)
    for (const text of [
      '--signing key needs --attestation-key-file',
      `--tdx-kernel ${inputs['tdx-kernel']} has sha256 ${sha256(kernel)}, but --tdx-kernel-sha256 says ${'0'.repeat(64)}`,
      'RTMR0 needs all three of --tdx-acpi-tables, --tdx-acpi-rsdp and --tdx-acpi-loader'
    ])
      expect(cl).toContain(text)
    expect(bareNames(cl)).toEqual([])

    const a = await action(inputs)
    expect(a).toMatch(/^\[INPUT_INVALID\] /)
    for (const text of [
      'signing: key needs attestation-key',
      `tdx-kernel ${inputs['tdx-kernel']} has sha256 ${sha256(kernel)}, but tdx-kernel-sha256 says ${'0'.repeat(64)}`,
      'RTMR0 needs all three of tdx-acpi-tables, tdx-acpi-rsdp and tdx-acpi-loader'
    ])
      expect(a).toContain(text)
    expect(flagNames(a)).toEqual([])
  })

  it("preflight: a target's own checks (gramine: the key's passphrase, gramine-root)", async () => {
    const gramine = join(process.cwd(), '__fixtures__', 'vectors', 'gramine')
    const inputs = {
      'working-directory': work,
      signing: 'none',
      target: 'gramine',
      'manifest-template': join(
        gramine,
        'g1-go-256M-t4-debug',
        'g1-go-256M-t4-debug.manifest.template'
      ),
      'signing-key': '-----BEGIN PRIVATE KEY-----\nnot a key\n',
      'gramine-root': file('root.txt', 'a file, not a directory')
    }
    const cl = await commandLine(inputs)
    for (const text of [
      'with --signing-key-passphrase-file if it is encrypted',
      `--gramine-root ${inputs['gramine-root']} is not a directory`
    ])
      expect(cl).toContain(text)
    expect(bareNames(cl)).toEqual([])

    const a = await action(inputs)
    for (const text of [
      'with signing-key-passphrase if it is encrypted',
      `gramine-root ${inputs['gramine-root']} is not a directory`
    ])
      expect(a).toContain(text)
    expect(flagNames(a)).toEqual([])
  })

  it('preflight: a pair that goes together (nitro signing certificate without its key)', async () => {
    const blobs = join(process.cwd(), 'examples', 'nitro', 'blobs')
    const inputs = {
      'working-directory': work,
      signing: 'none',
      target: 'nitro',
      'nitro-kernel': join(blobs, 'bzImage.standin'),
      'nitro-init': join(blobs, 'init.standin'),
      'nitro-nsm': join(blobs, 'nsm.ko.standin'),
      'nitro-cmdline': join(blobs, 'cmdline'),
      'nitro-signing-certificate': '-----BEGIN CERTIFICATE-----\nx\n'
    }
    const cl = await commandLine(inputs)
    expect(cl).toContain(
      'error[INPUT_INVALID]: --nitro-signing-certificate and --nitro-signing-key-file go together'
    )
    expect(bareNames(cl)).toEqual([])

    const a = await action(inputs)
    expect(a).toContain(
      '[INPUT_INVALID] nitro-signing-certificate and nitro-signing-key go together'
    )
    expect(flagNames(a)).toEqual([])
  })

  it('the Go build: a go-version that is not the go on PATH', async () => {
    const inputs = {
      'working-directory': makeRepo('nodeps'),
      'output-directory': join(work, 'out-go'),
      'go-version': '1.0.0',
      signing: 'none'
    }
    const cl = await commandLine(inputs)
    expect(cl).toMatch(
      /^error\[TOOLCHAIN_MISMATCH\]: --go-version is go1\.0\.0 /
    )
    expect(cl).toContain('or change --go-version;')
    expect(bareNames(cl)).toEqual([])

    const a = await action(inputs)
    expect(a).toMatch(/^\[TOOLCHAIN_MISMATCH\] go-version is go1\.0\.0 /)
    expect(a).toContain('or change go-version;')
    expect(flagNames(a)).toEqual([])
  }, 60_000)

  it('the target: a dynamically linked cgo binary without its loader (oci on scratch)', async () => {
    const inputs = {
      'working-directory': makeRepo('cgo'),
      'output-directory': join(work, 'out-cgo'),
      'rebuild-check': 'false',
      cgo: 'true',
      signing: 'none',
      target: 'oci'
    }
    const cl = await commandLine(inputs)
    expect(cl).toMatch(/^error\[CGO_UNRESOLVED\]: /)
    for (const text of [
      'set --cgo-sysroot to a directory holding the loader',
      '--cgo with --ldflags "-linkmode=external -extldflags -static"'
    ])
      expect(cl).toContain(text)
    expect(bareNames(cl)).toEqual([])

    const a = await action(inputs)
    expect(a).toMatch(/^\[CGO_UNRESOLVED\] /)
    for (const text of [
      'set cgo-sysroot to a directory holding the loader',
      'cgo: true with ldflags: "-linkmode=external -extldflags -static"'
    ])
      expect(a).toContain(text)
    expect(flagNames(a)).toEqual([])
  }, 120_000)
})
