import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'

// Random kernels, command lines, ramdisks, architectures and metadata,
// built by AWS's own eif_build (crates.io 0.2.1 on the latest
// aws-nitro-enclaves-image-format, installed by .ci/eif-build.sh) and by
// `enclave-build nitro build`: the unsigned EIFs must be the same bytes and
// every PCR the same. Without eif_build ($EIF_BUILD, else .tools/eif-build)
// the suite skips loudly.

const root = join(import.meta.dirname, '../..')
const vectors = join(root, '__fixtures__/vectors/nitro/inputs')

function oracle(): string | undefined {
  const fromEnv = process.env.EIF_BUILD
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  const local = join(root, '.tools/eif-build/bin/eif_build')
  return existsSync(local) ? local : undefined
}

const exe = oracle()
const suite = exe === undefined ? describe.skip : describe
const RUNS = Number(process.env.NITRO_DIFF_RUNS ?? 40)

/** Text for a metadata flag: ASCII, escapes, controls and non-ASCII. */
const text = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('"q"', 'back\\slash', 'tab\tnew\nline', '\u2028', 'é/ü', '')
)
/** No NUL (not an argument), no surrounding space (nitro build trims it). */
const cmdline = fc
  .string({ maxLength: 80 })
  .map((s) => s.replace(/\0/g, '').trim())
const spec = fc.record({
  kernel: fc.uint8Array({ minLength: 1, maxLength: 4000 }),
  cmdline,
  ramdisks: fc.array(fc.uint8Array({ maxLength: 6000 }), {
    minLength: 1,
    maxLength: 4
  }),
  arch: fc.constantFrom('x86_64', 'aarch64'),
  // eif_build copies any text; ours takes RFC 3339 date-times only (docs/failure.md)
  buildTime: fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true
    })
    .chain((d) =>
      fc.constantFrom(
        d.toISOString(),
        `${d.toISOString().slice(0, 19)}+00:00`,
        `${d.toISOString().slice(0, 19)}-05:30`
      )
    ),
  buildTool: text,
  buildToolVersion: text,
  os: text,
  kernelVersion: text
})
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never

/** Writes the inputs and returns the flags both tools take. */
function inputs(s: Spec, dir: string): string[] {
  writeFileSync(join(dir, 'kernel'), s.kernel)
  const args = ['--kernel', join(dir, 'kernel'), `--cmdline=${s.cmdline}`]
  s.ramdisks.forEach((r, i) => {
    writeFileSync(join(dir, `ramdisk${i}`), r)
    args.push('--ramdisk', join(dir, `ramdisk${i}`))
  })
  // `--flag=value`: a value may begin with "-". eif_build 0.2.1 reads the
  // image version from --name (a bug), so neither is given: both tools then
  // name the image after the kernel file, version 1.0.
  args.push(
    `--arch=${s.arch}`,
    `--build-time=${s.buildTime}`,
    `--build-tool=${s.buildTool}`,
    `--build-tool-version=${s.buildToolVersion}`,
    `--img-os=${s.os}`,
    `--img-kernel=${s.kernelVersion}`
  )
  return args
}

/** eif_build's PCRs (it prints "Output file: …" then JSON). */
function reference(args: string[], output: string): Record<string, string> {
  const r = spawnSync(exe ?? 'eif_build', [...args, '--output', output], {
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`eif_build failed: ${r.stderr}`)
  return JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as Record<
    string,
    string
  >
}

async function ours(
  args: string[],
  output: string
): Promise<Record<string, string>> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: root,
    env: {}
  }
  const code = await cli(
    ['nitro', 'build', ...args, '--output', output, '--json'],
    io
  )
  if (code !== 0) throw new Error(`nitro build failed: ${err}`)
  return (JSON.parse(out) as { Measurements: Record<string, string> })
    .Measurements
}

const title = `differential: AWS's eif_build vs enclave-build nitro build${exe === undefined ? ' (needs $EIF_BUILD from .ci/eif-build.sh)' : ''}`
suite(title, () => {
  test(`${RUNS} random unsigned images: same bytes, same PCRs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-diff-'))
    for (const s of fc.sample(spec, { numRuns: RUNS, seed: 4242 })) {
      const args = inputs(s, dir)
      const want = reference(args, join(dir, 'aws.eif'))
      const got = await ours(args, join(dir, 'ours.eif'))
      expect({ s, pcrs: got }).toEqual({ s, pcrs: want })
      const a = readFileSync(join(dir, 'aws.eif'))
      const b = readFileSync(join(dir, 'ours.eif'))
      if (!a.equals(b))
        // show what differs: the reader's view of both
        expect(readEif(b).metadata).toEqual(readEif(a).metadata)
      expect(b.equals(a)).toBe(true)
    }
  })

  test('signed images: the same PCRs (PCR8 too), and each signature verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nitro-diff-'))
    const signing = [
      '--signing-certificate',
      join(vectors, 'signer1-cert.pem'),
      '--private-key',
      join(vectors, 'signer1-key.pem')
    ]
    for (const s of fc.sample(spec, { numRuns: 8, seed: 77 })) {
      const args = [...inputs(s, dir), ...signing]
      const want = reference(args, join(dir, 'aws.eif'))
      const got = await ours(args, join(dir, 'ours.eif'))
      expect(got).toEqual(want)
      expect(got.PCR8).toMatch(/^[0-9a-f]{96}$/)
      const a = readEif(readFileSync(join(dir, 'aws.eif')))
      const b = readEif(readFileSync(join(dir, 'ours.eif')))
      for (const info of [a, b]) {
        expect(info.crcOk).toBe(true)
        expect(info.signatureOk).toBe(true)
      }
      // ECDSA is randomised: everything but the signature section agrees
      const unsigned = (i: typeof a): unknown =>
        i.sections
          .filter((x) => x.type !== 'Signature')
          .map((x) => [x.type, Buffer.from(x.data).toString('hex')])
      expect(unsigned(b)).toEqual(unsigned(a))
    }
  })
})
