import { afterAll, beforeAll, describe, expect, it, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { CPU_SIGS } from '../../src/targets/snp/vcpu.js'
import { allInputs, filler, firmware, stdEntries, svsmSpec } from './fwgen.js'
import { oracle } from './helpers.js'

// `snp measure --dump-vmsa` writes vmsa0.bin, vmsa1.bin, ... in the working
// directory, as sev-snp-measure 0.0.13 does.

/** Runs `snp measure` with `cwd` as its working directory. */
async function measureIn(
  cwd: string,
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    env: {}
  }
  const code = await cli(['snp', 'measure', ...args], io)
  return { code, out, err }
}

/** The vmsa*.bin files of a directory: name → sha256. */
function dumped(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /^vmsa\d+\.bin$/.test(f))
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')
      ])
  )
}

let inputs: string
let n = 0
const fresh = (): string => {
  const d = join(inputs, `run${n++}`)
  mkdirSync(d)
  return d
}
beforeAll(() => {
  inputs = mkdtempSync(join(tmpdir(), 'snp-dump-'))
  for (const [name, data] of Object.entries(allInputs()))
    if (/^(fw-1M-std\.fd|kernel-a\.bin|svsm-a\.bin)$/.test(name))
      writeFileSync(join(inputs, name), data)
})
afterAll(() => rmSync(inputs, { recursive: true, force: true }))

// Digests and file hashes printed by sev-snp-measure 0.0.13 (PyPI) for the
// same flags on the generated fixtures (fwgen.ts), run in an empty directory.
const PINNED: {
  args: string[]
  digest: string
  files: Record<string, string>
}[] = [
  {
    args: '--mode snp --vcpus 3 --vcpu-type EPYC-v4 --ovmf @fw-1M-std.fd --kernel @kernel-a.bin'.split(
      ' '
    ),
    digest:
      '2d370989e09f6608880a3fa5f90c12a13d81477c7a90a0b6a1a71f6dc86c196995c08c20000ed50b7aaaa6e47d00affd',
    files: {
      'vmsa0.bin':
        '591598a62aa556861a392da67feab71a919975d97a579eb1df12503178c9cbb3',
      'vmsa1.bin':
        '4ffee74d299a5d74748460fd6238d5cdbb7da2fe1c12476a9bf3c8ecdbdcd905',
      'vmsa2.bin':
        '4ffee74d299a5d74748460fd6238d5cdbb7da2fe1c12476a9bf3c8ecdbdcd905'
    }
  },
  {
    args: '--mode seves --vcpus 2 --vcpu-sig 0x800f12 --vmm-type ec2 --ovmf @fw-1M-std.fd'.split(
      ' '
    ),
    digest: '25431abae435129c1304ef853358e0f717749c62ee9505606bb9c8aeaa071235',
    files: {
      'vmsa0.bin':
        '68f77db70cd037d5048ca3d14facee1da86e4185d8c5670d354e3cd5fe957ed8',
      'vmsa1.bin':
        '42f5f188f830ef836d79fdf9a776c78d2c467f9dc312ae2eaa902a2dc1aa9bbc'
    }
  },
  {
    args: '--mode snp:svsm --vcpus 2 --vcpu-type EPYC-Milan --ovmf @fw-1M-std.fd --svsm @svsm-a.bin --vars-size 131072'.split(
      ' '
    ),
    digest:
      'b6b42bf268448478b23738b0b32a2e16564a82675b66046a725f9b1cf2b1aa413f5414fb6d7bb5f92028072df604867d',
    files: {
      'vmsa0.bin':
        'b6689ed75abe8603e665f9b905bd4ca9e1b82baacd1617e9eef1117a71999662',
      'vmsa1.bin':
        'b6689ed75abe8603e665f9b905bd4ca9e1b82baacd1617e9eef1117a71999662'
    }
  },
  {
    args: '--mode snp --vcpus 2 --vcpu-type EPYC-v4 --vmm-type gce --guest-features 0x21 --ovmf @fw-1M-std.fd'.split(
      ' '
    ),
    digest:
      '4877b1939aefd4a7784bf1a02be0dc3edd1a6f78051b8606665791fc1c568a2f1afe27eca1516039c4f626ee55b81368',
    files: {
      'vmsa0.bin':
        '7dd746565c4271b846f624e5b3fa81d1f8dd595f005b1fcb2f4d27dbca9d2a82',
      'vmsa1.bin':
        '5dd0e2a43a6aa500dabcc0c5a350c98353b7f7652e248f461975caaa22dd266f'
    }
  }
]

describe('snp measure --dump-vmsa', () => {
  it.each(PINNED.map((p) => [p.args.slice(0, 2).join(' '), p] as const))(
    'writes the VMSA files sev-snp-measure 0.0.13 writes (%s)',
    async (_, p) => {
      const dir = fresh()
      const args = p.args.map((a) =>
        a.startsWith('@') ? join(inputs, a.slice(1)) : a
      )
      const r = await measureIn(dir, [...args, '--dump-vmsa'])
      expect(r).toEqual({ code: 0, out: `${p.digest}\n`, err: '' })
      expect(dumped(dir)).toEqual(p.files)
      for (const f of Object.keys(p.files))
        expect(readFileSync(join(dir, f)).length).toBe(4096)
      // without the flag: the same digest and no files
      const quiet = fresh()
      expect((await measureIn(quiet, args)).out).toBe(`${p.digest}\n`)
      expect(readdirSync(quiet)).toEqual([])
    }
  )

  it('refuses mode sev like the reference and writes nothing', async () => {
    const dir = fresh()
    const r = await measureIn(dir, [
      '--mode',
      'sev',
      '--ovmf',
      join(inputs, 'fw-1M-std.fd'),
      '--dump-vmsa'
    ])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^error\[INPUT_INVALID\]: --dump-vmsa is not available/
    )
    expect(readdirSync(dir)).toEqual([])
  })

  it('snp:ovmf-hash ignores it, as the reference returns before any VMSA', async () => {
    const dir = fresh()
    const r = await measureIn(dir, [
      '--mode',
      'snp:ovmf-hash',
      '--ovmf',
      join(inputs, 'fw-1M-std.fd'),
      '--dump-vmsa'
    ])
    expect(r.code).toBe(0)
    expect(readdirSync(dir)).toEqual([])
  })
})

const exe = oracle()
const suite = exe === undefined ? describe.skip : describe

const title = `--dump-vmsa against sev-snp-measure${exe === undefined ? ' (needs $SEV_SNP_MEASURE from .ci/snp-oracle.sh)' : ''}`
suite(title, () => {
  test('random firmware, modes and vCPUs: the same files, bytes and digest', async () => {
    const kernel = join(inputs, 'kernel-a.bin')
    writeFileSync(kernel, filler('kernel-a', 18000))
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pages: fc.integer({ min: 4, max: 64 }),
          seed: fc.uint8Array({ minLength: 1, maxLength: 8 }),
          eip: fc.oneof(
            fc.constant(0x80b004),
            fc.integer({ min: 0, max: 0xffffffff })
          ),
          mode: fc.constantFrom('snp', 'snp', 'seves', 'sev', 'snp:svsm'),
          // 0 measures no VMSA in the reference; we refuse it
          vcpus: fc.integer({ min: 1, max: 5 }),
          cpu: fc.constantFrom(...Object.keys(CPU_SIGS)),
          vmm: fc.constantFrom('QEMU', 'ec2', 'gce'),
          features: fc.constantFrom('0x1', '0x21', '0x3f'),
          kernel: fc.boolean()
        }),
        async (f) => {
          const fw = join(inputs, `fw${n}.fd`)
          writeFileSync(
            fw,
            firmware({
              size: f.pages * 0x1000,
              seed: f.seed,
              sections: [],
              entries: stdEntries([0x80c000, 0x400], f.eip)
            })
          )
          const args = ['--mode', f.mode, '--vcpus', `${f.vcpus}`]
          args.push('--vcpu-type', f.cpu, '--ovmf', fw, '--dump-vmsa')
          if (f.mode === 'snp:svsm') {
            const svsm = join(inputs, `svsm${n}.bin`)
            writeFileSync(svsm, firmware(svsmSpec(0x8000, f.seed, [], 0x40)))
            args.push('--svsm', svsm, '--vars-size', '65536')
          } else {
            args.push('--vmm-type', f.vmm, '--guest-features', f.features)
            if (f.kernel) args.push('--kernel', kernel)
          }
          const refDir = fresh()
          const ourDir = fresh()
          const ref = spawnSync(exe as string, args, {
            cwd: refDir,
            encoding: 'utf8'
          })
          const ours = await measureIn(ourDir, args)
          const summary = (code: number | null, out: string): string =>
            code === 0 ? out.trim() : 'refused'
          // On a refusal we write nothing; the reference may have written
          // vmsa0.bin before failing (AP reset address 0: AttributeError).
          const files = (code: number | null, dir: string) =>
            code === 0 ? dumped(dir) : {}
          expect({
            args,
            result: summary(ours.code, ours.out),
            files: dumped(ourDir)
          }).toEqual({
            args,
            result: summary(ref.status, ref.stdout),
            files: files(ref.status, refDir)
          })
        }
      ),
      { numRuns: Number(process.env.SNP_DIFF_RUNS ?? 30) }
    )
  })

  test('--version names the release it follows', async () => {
    const ref = spawnSync(exe as string, ['--version'], { encoding: 'utf8' })
    const ours = await measureIn(inputs, ['--version'])
    expect(ref.stdout.trim()).toBe('sev-snp-measure 0.0.13')
    expect(ours.code).toBe(0)
    expect(ours.out).toMatch(
      /^enclave-build \d+\.\d+\.\d+ \(sev-snp-measure 0\.0\.13\)\n$/
    )
  })
})

describe("argparse's abbreviated long flags", () => {
  const full = (): string[] => [
    '--mode',
    'snp',
    '--vcpus',
    '3',
    '--vcpu-type',
    'EPYC-v4',
    '--ovmf',
    join(inputs, 'fw-1M-std.fd'),
    '--kernel',
    join(inputs, 'kernel-a.bin')
  ]
  const short = (): string[] => [
    '--mo',
    'snp',
    '--vcpus=3',
    '--vcpu-t',
    'EPYC-v4',
    '--ovm',
    join(inputs, 'fw-1M-std.fd'),
    '--ker',
    join(inputs, 'kernel-a.bin')
  ]

  it('an unambiguous prefix is the flag; an ambiguous one is refused', async () => {
    const r = await measureIn(inputs, short())
    expect(r).toEqual({ code: 0, out: `${PINNED[0].digest}\n`, err: '' })
    const amb = await measureIn(inputs, [...full(), '--ver'])
    expect(amb.code).toBe(2)
    expect(amb.err).toMatch(
      /^error\[INPUT_INVALID\]: ambiguous option: --ver could match --version, --verbose/
    )
    // after "--" nothing is a flag
    const after = await measureIn(inputs, [...full(), '--', '--ver'])
    expect(after.code).toBe(2)
    expect(after.err).toMatch(/^error\[INPUT_INVALID\]: Unexpected argument/)
  })

  const title2 = `the reference${exe === undefined ? ' (needs $SEV_SNP_MEASURE from .ci/snp-oracle.sh)' : ''}`
  ;(exe === undefined ? describe.skip : describe)(title2, () => {
    it('agrees', () => {
      const ref = spawnSync(exe as string, short(), { encoding: 'utf8' })
      expect(ref.stdout).toBe(`${PINNED[0].digest}\n`)
      const amb = spawnSync(exe as string, [...full(), '--ver'], {
        encoding: 'utf8'
      })
      expect(amb.status).toBe(2)
      expect(amb.stderr).toMatch(
        /ambiguous option: --ver could match --version, --verbose/
      )
    })
  })
})
