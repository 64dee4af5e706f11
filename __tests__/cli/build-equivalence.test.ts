/**
 * `enclave-build build` and the action, on the same repository and the
 * same inputs, for every registered target: the same artefact bytes, the
 * same measurements and the same outputs. The CLI's flags are the action's
 * inputs and both run src/pipeline.ts, so this guards the mapping (flag →
 * input, secrets read from files, booleans) and the defaults.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { allInputs } from '../snp/fwgen.js'
import { googleLikeSections, tdvfImage } from '../tdx/fwgen.js'

jest.unstable_mockModule('@actions/core', () => core)

const { run } = await import('../../src/main.js')
const { readInputs, SECRET_INPUTS } = await import('../../src/inputs.js')
const { exec } = await import('../../src/util/exec.js')
const { cli } = await import('../../src/cli/main.js')
const { TARGET_NAMES } = await import('../../src/targets/index.js')

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

const fixtures = mkdtempSync(join(tmpdir(), 'eb-equiv-in-'))
const file = (name: string, data: Uint8Array | string): string => {
  writeFileSync(join(fixtures, name), data)
  return join(fixtures, name)
}

/** A minimal PE bzImage (the shape tdx/target.test.ts uses). */
function tdxKernel(): Buffer {
  const k = Buffer.alloc(0x2000)
  k.writeUInt32LE(0x80, 0x3c)
  k.writeUInt32LE(0x4550, 0x80)
  k.writeUInt16LE(240, 0x84 + 16)
  k.writeUInt16LE(0x20b, 0x98)
  k.writeUInt32LE(0x1000, 0x98 + 60)
  k.write('HdrS', 0x202, 'latin1') // as in every bzImage
  k.writeUInt16LE(0x20c, 0x206)
  return k
}

const blobs = join(process.cwd(), 'examples', 'nitro', 'blobs')
const gramine = join(process.cwd(), '__fixtures__', 'vectors', 'gramine')

/** The target inputs of each target, on stand-in platform files. */
const TARGET_INPUTS: Record<string, () => Record<string, string>> = {
  nitro: () => ({
    'nitro-kernel': join(blobs, 'bzImage.standin'),
    'nitro-init': join(blobs, 'init.standin'),
    'nitro-nsm': join(blobs, 'nsm.ko.standin'),
    'nitro-cmdline': join(blobs, 'cmdline')
  }),
  snp: () => {
    const fw = allInputs()['fw-1M-std.fd']
    const kernel = allInputs()['kernel-a.bin']
    return {
      'snp-ovmf': file('snp-OVMF.fd', fw),
      'snp-ovmf-sha256': sha256(fw),
      'snp-kernel': file('snp-bzImage', kernel),
      'snp-kernel-sha256': sha256(kernel),
      'snp-cmdline': 'console=ttyS0'
    }
  },
  tdx: () => {
    const fw = tdvfImage(0x40000, googleLikeSections(0x40000))
    const kernel = tdxKernel()
    return {
      'tdx-ovmf': file('tdx-OVMF.fd', fw),
      'tdx-ovmf-sha256': sha256(fw),
      'tdx-kernel': file('tdx-bzImage', kernel),
      'tdx-kernel-sha256': sha256(kernel)
    }
  },
  oci: () => ({}),
  uki: () => {
    const stub = readFileSync(
      join('__fixtures__', 'uki', 'synthetic', 'stub-257.efi')
    )
    const kernel = readFileSync(
      join('__fixtures__', 'uki', 'synthetic', 'kernel.efi')
    )
    return {
      'uki-stub': file('stub.efi', stub),
      'uki-stub-sha256': sha256(stub),
      'uki-kernel': file('uki-kernel.efi', kernel),
      'uki-kernel-sha256': sha256(kernel)
    }
  },
  gramine: () => ({
    'manifest-template': join(
      gramine,
      'g1-go-256M-t4-debug',
      'g1-go-256M-t4-debug.manifest.template'
    ),
    'gramine-vars': 'log_level=error',
    'signing-key': readFileSync(join(gramine, 'test-key1.pem'), 'utf8'),
    'gramine-root': join(gramine, 'rootfs')
  })
}

/**
 * A provenance statement without runDetails.metadata.finishedOn, the one
 * field that is the clock of the run (SLSA: when the build finished).
 */
function withoutFinishedOn(text: string): string {
  const p = JSON.parse(text) as {
    predicate: { runDetails: { metadata: { finishedOn?: string } } }
  }
  expect(p.predicate.runDetails.metadata.finishedOn).toMatch(/^\d{4}-/)
  delete p.predicate.runDetails.metadata.finishedOn
  return JSON.stringify(p)
}

/** Every file under dir → its sha256. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory())
      Object.assign(out, tree(p, `${prefix}${name}/`))
    else if (name.endsWith('.provenance.intoto.json'))
      out[`${prefix}${name}`] = withoutFinishedOn(readFileSync(p, 'utf8'))
    else out[`${prefix}${name}`] = sha256(readFileSync(p))
  }
  return out
}

/** The inputs as `enclave-build build` flags (secrets through files). */
function flags(inputs: Record<string, string>): string[] {
  const args: string[] = []
  for (const [k, v] of Object.entries(inputs))
    if (SECRET_INPUTS.includes(k)) args.push(`--${k}-file`, file(k, v))
    else if (v === 'true' || v === 'false')
      args.push(v === 'true' ? `--${k}` : `--no-${k}`)
    else args.push(`--${k}=${v}`)
  return args
}

beforeEach(() => core.resetCore())

describe('enclave-build build and the action', () => {
  it('knows every registered target', () => {
    expect(Object.keys(TARGET_INPUTS).sort()).toEqual(
      expect.arrayContaining([...TARGET_NAMES].sort())
    )
  })

  it.each(TARGET_NAMES.filter((t) => t in TARGET_INPUTS))(
    '%s: the same artefact bytes, measurements and outputs',
    async (target) => {
      const dir = makeRepo('nodeps')
      const out = mkdtempSync(join(tmpdir(), `eb-equiv-${target}-`))
      const inputs: Record<string, string> = {
        'working-directory': dir,
        'output-directory': out,
        output: 'svc',
        // one target proves the rebuild check runs the same in both
        'rebuild-check': target === 'snp' ? 'true' : 'false',
        signing: 'none',
        target,
        ...TARGET_INPUTS[target]()
      }
      const env: NodeJS.ProcessEnv = { ...process.env, RUNNER_OS: 'Linux' }
      delete env.GITHUB_WORKSPACE
      await run({
        exec,
        env,
        cache: {
          restoreCache: () => Promise.resolve(undefined),
          saveCache: () => Promise.resolve(0)
        },
        inputs: () =>
          readInputs(
            (n) =>
              ({ ...inputs, cache: 'false', 'show-summary': 'false' })[n] ?? ''
          )
      })
      expect(core.setFailed).not.toHaveBeenCalled()
      const actionOutputs = { ...core.outputs }
      const actionFiles = tree(out)
      rmSync(out, { recursive: true })

      const stdout: string[] = []
      const stderr: string[] = []
      const code = await cli(['build', ...flags(inputs), '--json'], {
        stdout: (t) => stdout.push(t),
        stderr: (t) => stderr.push(t),
        cwd: process.cwd(),
        env
      })
      expect(stderr.join('')).not.toContain('error[')
      expect(code).toBe(0)
      const printed = JSON.parse(stdout.join('')) as {
        outputs: Record<string, string>
        measurements: { name: string; value: string }[]
      }
      expect(tree(out)).toEqual(actionFiles)
      expect(printed.outputs).toEqual(actionOutputs)
      expect(printed.measurements.length).toBeGreaterThan(0)
      // an image digest is output as sha256:<hex>, its register as <hex>
      for (const m of printed.measurements)
        expect(
          Object.values(actionOutputs).map((v) => v.replace(/^sha256:/, ''))
        ).toContain(m.value)
    },
    300_000
  )

  it('nitro build --binary without --mtime gives the PCR0 of the action (the commit time the binary records)', async () => {
    const dir = makeRepo('nodeps')
    const out = mkdtempSync(join(tmpdir(), 'eb-equiv-mtime-'))
    const inputs: Record<string, string> = {
      'working-directory': dir,
      'output-directory': out,
      output: 'svc',
      'rebuild-check': 'false',
      cache: 'false',
      'show-summary': 'false',
      signing: 'none',
      target: 'nitro',
      ...TARGET_INPUTS.nitro()
    }
    await run({
      exec,
      env: { ...process.env },
      cache: {
        restoreCache: () => Promise.resolve(undefined),
        saveCache: () => Promise.resolve(0)
      },
      inputs: () => readInputs((n) => inputs[n] ?? '')
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    const stdout: string[] = []
    const code = await cli(
      [
        'nitro',
        'build',
        '--kernel',
        inputs['nitro-kernel'],
        '--cmdline-file',
        inputs['nitro-cmdline'],
        '--init',
        inputs['nitro-init'],
        '--nsm',
        inputs['nitro-nsm'],
        '--binary',
        join(out, 'svc'),
        '--output',
        join(out, 'cli.eif'),
        '--json'
      ],
      {
        stdout: (t) => stdout.push(t),
        stderr: () => undefined,
        cwd: process.cwd(),
        // SOURCE_DATE_EPOCH loses to the binary's own commit time
        env: { SOURCE_DATE_EPOCH: '1' }
      }
    )
    expect(code).toBe(0)
    const m = (
      JSON.parse(stdout.join('')) as { Measurements: Record<string, string> }
    ).Measurements
    expect(m.PCR0).toBe(core.outputs.pcr0)
    expect(m.PCR1).toBe(core.outputs.pcr1)
    expect(m.PCR2).toBe(core.outputs.pcr2)
  }, 120_000)
})
