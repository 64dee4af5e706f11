import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { buildUki } from '../../src/targets/uki/build.js'
import { nitroTpmPcrs } from '../../src/targets/uki/nitro-pcrs.js'
import {
  fixture,
  HAVE_REAL,
  UKI_FIXTURES,
  vectorFile
} from '../../__fixtures__/uki/files.js'

// Expected values: aws nitro-tpm-pcr-compute 1.1.2 (crates.io) run on these
// very files by make-vectors.py (vectors.json, SOURCE.md). "built:NAME" is a
// UKI ukify 257 wrote from real Debian stubs and kernels; here it is rebuilt
// with buildUki, whose bytes build.test.ts checks against ukify's sha256.

interface Case {
  name: string
  images: string[]
  PK?: string
  KEK?: string
  db?: string
  dbx?: string
  expect: {
    Measurements: {
      HashAlgorithm: string
      PCR4: string
      PCR7: string
      PCR12: string
    }
  }
}
interface Build {
  name: string
  stub: string
  kernel: string
  initrd: string
  osRelease: string
  cmdline: string
  uname: string
}
const vectors = JSON.parse(fixture('vectors.json').toString()) as {
  builds: Build[]
  measure: Case[]
}
const dir = mkdtempSync(join(tmpdir(), 'uki-measure-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const built = new Map<string, Uint8Array>()
function image(ref: string): Uint8Array {
  if (!ref.startsWith('built:')) return vectorFile(ref)!
  const name = ref.slice(6)
  let uki = built.get(name)
  if (!uki) {
    const b = vectors.builds.find((x) => x.name === name)!
    uki = buildUki({
      stub: vectorFile(b.stub)!,
      kernel: vectorFile(b.kernel)!,
      initrd: fixture(b.initrd),
      osRelease: fixture(b.osRelease),
      cmdline: b.cmdline,
      uname: b.uname
    })
    built.set(name, uki)
  }
  return uki
}
const needsReal = (c: Case): boolean =>
  c.images.some((i) => i.startsWith('$') || i.startsWith('built:'))
const input = (c: Case) => ({
  images: c.images.map(image),
  pk: c.PK ? fixture(c.PK) : undefined,
  kek: c.KEK ? fixture(c.KEK) : undefined,
  db: c.db ? fixture(c.db) : undefined,
  dbx: c.dbx ? fixture(c.dbx) : undefined
})

const synthetic = vectors.measure.filter((c) => !needsReal(c))
const realCases = vectors.measure.filter(needsReal)

;(HAVE_REAL ? describe : describe.skip)(
  'NitroTPM PCR4/7/12 of real Debian stubs, kernels and shim: nitro-tpm-pcr-compute 1.1.2 vectors (needs UKI_* from .ci/uki-oracle.sh)',
  () => {
    it.each(realCases)('$name', (c) => {
      expect(nitroTpmPcrs(input(c))).toEqual(c.expect)
    })
  }
)

describe('NitroTPM PCR4/7/12: the vectors of nitro-tpm-pcr-compute 1.1.2', () => {
  it.each(synthetic)('$name', (c) => {
    expect(nitroTpmPcrs(input(c))).toEqual(c.expect)
  })

  it('Secure Boot off gives the PCR7 a real NitroTPM document reports', () => {
    // nitrotpm/aws-live-2026-08-13.cose: an instance booted without Secure
    // Boot (its PCR7, as nitro-tpm-pcr-compute also computes it)
    expect(
      nitroTpmPcrs({ images: [fixture('synthetic/uki-257.efi')] }).Measurements
        .PCR7
    ).toBe(
      '98441c7f7625d10058c47683aec486ce311c633235eb555593a7ee791121e3578ae72d04ecef661f272d59058b77af35'
    )
  })
})

describe('uki measure: the command line', () => {
  function io(): CliIO & { out: string[]; err: string[] } {
    const out: string[] = []
    const err: string[] = []
    return {
      out,
      err,
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: UKI_FIXTURES,
      env: {}
    }
  }
  const c = vectors.measure.find(
    (x) => x.name.includes('CA in db') && !needsReal(x)
  )!

  it("prints nitro-tpm-pcr-compute's JSON", async () => {
    const args = ['uki', 'measure', '--json']
    for (const i of c.images) args.push('--image', i)
    for (const k of ['PK', 'KEK', 'db', 'dbx'] as const)
      args.push(`--${k}`, c[k]!)
    const o = io()
    expect(await cli(args, o)).toBe(0)
    expect(JSON.parse(o.out.join(''))).toEqual(c.expect)
    expect(o.out.join('')).toBe(`${JSON.stringify(c.expect, null, 2)}\n`)
  })

  it('refuses a UKI without .sdmagic that is not Amazon Linux 2023, as the tool does ("Could not find .sdmagic section of UKI")', async () => {
    const o = io()
    expect(
      await cli(['uki', 'measure', '--image', 'synthetic/uki-nomagic.efi'], o)
    ).toBe(2)
    expect(o.err.join('')).toMatch(/no \.sdmagic/)
  })

  it('refuses a db of several signature lists, as the tool does ("Could not parse signature database file")', () => {
    const db = Buffer.concat([
      fixture('real/db-microsoft-uefi-ca.esl'),
      fixture('real/db-microsoft-uefi-ca-2023.esl')
    ])
    expect(() =>
      nitroTpmPcrs({
        images: [fixture('synthetic/uki-257-signed.efi')],
        pk: fixture('synthetic/PK.esl'),
        db
      })
    ).toThrow(/EFI signature list/)
  })

  it('refuses no image, a non-PE image and an unreadable db', async () => {
    const o = io()
    expect(await cli(['uki', 'measure'], o)).toBe(2)
    expect(
      await cli(['uki', 'measure', '--image', 'synthetic/os-release'], o)
    ).toBe(2)
    expect(o.err.join('')).toMatch(/not a PE32\+/)
    const bad = join(dir, 'bad.esl')
    writeFileSync(bad, Buffer.alloc(30, 1))
    expect(
      await cli(
        [
          'uki',
          'measure',
          '--image',
          'synthetic/uki-257-signed.efi',
          '--PK',
          'synthetic/PK.esl',
          '--db',
          bad
        ],
        o
      )
    ).toBe(2)
  })
})

const oracle = process.env.NITRO_TPM_PCR_COMPUTE ?? ''
;(oracle && existsSync(oracle) ? describe : describe.skip)(
  'differential against nitro-tpm-pcr-compute (needs NITRO_TPM_PCR_COMPUTE from .ci/nitro-tpm-pcr.sh)',
  () => {
    const run = (args: string[]): unknown => {
      const r = spawnSync(oracle, args, { encoding: 'utf8' })
      expect(r.status).toBe(0)
      return JSON.parse(r.stdout)
    }
    const expectFresh = (c: Case): void => {
      const args: string[] = []
      c.images.forEach((ref, i) => {
        const p = join(dir, `image-${i}.efi`)
        writeFileSync(p, image(ref))
        args.push('--image', p)
      })
      for (const k of ['PK', 'KEK', 'db', 'dbx'] as const)
        if (c[k]) args.push(`--${k}`, join(UKI_FIXTURES, c[k]))
      expect(nitroTpmPcrs(input(c))).toEqual(run(args))
    }
    it.each(synthetic)('fresh: $name', (c) => {
      expectFresh(c)
    })
    ;(HAVE_REAL ? describe : describe.skip)(
      'real inputs (needs UKI_* from .ci/uki-oracle.sh)',
      () => {
        it.each(realCases)('fresh: $name', (c) => {
          expectFresh(c)
        })
      }
    )
    it('UKIs with other command lines, os-release and SBAT, Secure Boot on and off', () => {
      for (const cmdline of ['', 'console=hvc0 init=/init', 'x'.repeat(3000)])
        for (const stub of [
          'synthetic/stub-252.efi',
          'synthetic/stub-257.efi'
        ]) {
          const uki = buildUki({
            stub: fixture(stub),
            kernel: fixture('synthetic/kernel.efi'),
            initrd: Buffer.from(cmdline.repeat(3)),
            cmdline,
            osRelease: Buffer.from(`ID=${cmdline.length}\n`)
          })
          const p = join(dir, 'fresh.efi')
          writeFileSync(p, uki)
          expect(nitroTpmPcrs({ images: [uki] })).toEqual(run(['--image', p]))
          const sb = ['PK', 'KEK', 'db', 'dbx'].flatMap((k) => [
            `--${k}`,
            join(UKI_FIXTURES, 'synthetic', `${k}.esl`)
          ])
          expect(
            nitroTpmPcrs({
              images: [uki],
              pk: fixture('synthetic/PK.esl'),
              kek: fixture('synthetic/KEK.esl'),
              db: fixture('synthetic/db.esl'),
              dbx: fixture('synthetic/dbx.esl')
            })
          ).toEqual(run(['--image', p, ...sb]))
        }
    })
  }
)
