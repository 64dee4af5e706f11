/**
 * A real cgo program (__fixtures__/go/cgo, linked against libm and libc)
 * made /init of an initrd: the image holds the closure the reference `ldd`
 * lists, and the packed /init runs under the packed loader in a chroot of
 * the unpacked image (snp; nitro and uki put the same closure in their
 * images). The static cgo build needs nothing beside /init.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { makeRepo } from '../../__fixtures__/go-repo.js'
import { noExec } from '../../__fixtures__/no-exec.js'
import { readCpio } from '../../src/archive/cpio.js'
import { readDynamic } from '../../src/elf/dynamic.js'
import { buildReproducibly } from '../../src/go/reproducible.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import { allInputs } from '../snp/fwgen.js'
import { snpOptions } from '../../src/targets/snp/options.js'
import { snpTarget } from '../../src/targets/snp/target.js'
import { ukiOptions } from '../../src/targets/uki/options.js'
import { ociOptions } from '../../src/targets/oci/options.js'
import { ociTarget } from '../../src/targets/oci/target.js'
import { ukiTarget } from '../../src/targets/uki/target.js'
import { fixture, UKI_FIXTURES } from '../../__fixtures__/uki/files.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import { nitroOptions } from '../../src/targets/nitro/options.js'
import { nitroTarget } from '../../src/targets/nitro/target.js'
import type { TargetContext } from '../../src/targets/target.js'
import { parsePe, sectionData } from '../../src/pe/pe.js'
import { exec } from '../../src/util/exec.js'
import { buildProvenanceStatement } from '../../src/attest/provenance.js'
import { cli } from '../../src/cli/main.js'

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

const work = mkdtempSync(join(tmpdir(), 'eb-cgo-'))
const fw = allInputs()['fw-1M-std.fd']
const kernel = allInputs()['kernel-a.bin']
writeFileSync(join(work, 'OVMF.fd'), fw)
writeFileSync(join(work, 'bzImage'), kernel)
const options = snpOptions.parse({
  'snp-ovmf': join(work, 'OVMF.fd'),
  'snp-ovmf-sha256': sha256(fw),
  'snp-kernel': join(work, 'bzImage'),
  'snp-kernel-sha256': sha256(kernel)
})

/** Builds the cgo fixture with these ldflags; returns the record. */
async function buildCgo(name: string, ldflags: string): Promise<BuildRecord> {
  const dir = makeRepo('cgo')
  return buildReproducibly(
    {
      dir,
      package: '.',
      output: join(work, name),
      ldflags,
      tags: [],
      cgo: true,
      goamd64: 'v1',
      goarch: 'amd64',
      pgo: 'off',
      goVersion: '',
      rebuildCheck: false
    },
    { exec, env: process.env }
  )
}

function ctx(
  record: BuildRecord,
  out: string,
  cgoSysroot?: string
): TargetContext {
  mkdirSync(out, { recursive: true })
  return {
    build: record,
    binaryPath: record.binary.path,
    outDir: out,
    commitTime: new Date(record.source.commitTime),
    ...(cgoSysroot === undefined ? {} : { cgoSysroot }),
    exec: noExec,
    env: {},
    log: () => undefined,
    warn: () => undefined
  }
}

/** Unpacks a newc archive into a fresh directory. */
function unpack(cpio: Uint8Array): string {
  const root = mkdtempSync(join(tmpdir(), 'eb-cgo-root-'))
  for (const e of readCpio(cpio)) {
    const p = join(root, e.path)
    if (e.type === 'dir') mkdirSync(p, { recursive: true, mode: e.mode })
    else if (e.type === 'file') {
      mkdirSync(dirname(p), { recursive: true })
      writeFileSync(p, e.data ?? new Uint8Array(), { mode: e.mode })
    }
  }
  return root
}

/** Whether this process may chroot (root, and not forbidden by a sandbox). */
const CAN_CHROOT =
  process.getuid?.() === 0 && spawnSync('chroot', ['/', 'true']).status === 0

/** `ldd` (the host's, the reference) → the absolute paths it resolves. */
function lddPaths(binary: string): string[] {
  const text = execFileSync('ldd', [binary], { encoding: 'utf8' })
  return [...text.matchAll(/(?:=> )?(\/\S+) \(0x/g)].map((m) => m[1]).sort()
}

let dynamic: BuildRecord
let statik: BuildRecord
beforeAll(async () => {
  dynamic = await buildCgo('dyn', '')
  statik = await buildCgo('static', '-linkmode=external -extldflags -static')
}, 240_000)

describe('a dynamically linked cgo binary as /init', () => {
  it('is refused, coded, without cgo-sysroot', async () => {
    await expect(
      snpTarget.run(ctx(dynamic, join(work, 'none')), options)
    ).rejects.toMatchObject({
      code: 'CGO_UNRESOLVED',
      message: expect.stringMatching(
        /dynamically linked.*-extldflags -static.*set cgo-sysroot/s
      )
    })
  })

  it('is refused, naming the library, when the sysroot lacks one', async () => {
    const sysroot = mkdtempSync(join(tmpdir(), 'eb-cgo-sysroot-'))
    // the loader and libc, but not libm
    for (const p of lddPaths(dynamic.binary.path).filter(
      (p) => !p.includes('libm.')
    )) {
      mkdirSync(join(sysroot, dirname(p)), { recursive: true })
      copyFileSync(p, join(sysroot, p))
    }
    await expect(
      snpTarget.run(ctx(dynamic, join(work, 'partial'), sysroot), options)
    ).rejects.toMatchObject({
      code: 'CGO_UNRESOLVED',
      message: expect.stringContaining('libm.so.6')
    })
  })

  it('brings the closure ldd lists into the initrd, at its paths, pinned', async () => {
    const r = await snpTarget.run(
      ctx(dynamic, join(work, 'host'), '/'),
      options
    )
    const entries = readCpio(readFileSync(join(work, 'host', 'initrd.cpio')))
    const files = entries
      .filter((e) => e.type === 'file' && e.path !== 'init')
      .map((e) => `/${e.path}`)
      .sort()
    const want = lddPaths(dynamic.binary.path)
    expect(want.some((p) => p.includes('libm.so.6'))).toBe(true)
    expect(files).toEqual(want)
    // every file's bytes are the host file's (symlinks followed), and pinned
    for (const p of want) {
      const e = entries.find((x) => `/${x.path}` === p)!
      expect(sha256(e.data!)).toBe(sha256(readFileSync(p)))
      expect(r.pinned).toContainEqual({
        name: p,
        path: join('/', p),
        sha256: sha256(readFileSync(p))
      })
    }
    // ldd-equivalent over the image: every DT_NEEDED has its file
    const names = new Set(files.map((f) => f.split('/').pop()))
    for (const e of entries.filter((x) => x.type === 'file'))
      for (const n of readDynamic(Buffer.from(e.data!)).needed)
        expect(names).toContain(n)
  })

  ;(CAN_CHROOT ? describe : describe.skip)(
    'in a chroot (needs root and a permitted chroot)',
    () => {
      it('runs as /init under the packed loader', () => {
        const root = unpack(readFileSync(join(work, 'host', 'initrd.cpio')))
        const out = execFileSync('chroot', [root, '/init'], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH }
        })
        expect(out).toBe('cgo ok 4\n')
      })
    }
  )
})

describe('a static cgo build (-linkmode=external -extldflags -static)', () => {
  it('needs nothing beside /init', async () => {
    expect(readDynamic(readFileSync(statik.binary.path))).toEqual({
      needed: []
    })
    await snpTarget.run(ctx(statik, join(work, 'static-out')), options)
    const entries = readCpio(
      readFileSync(join(work, 'static-out', 'initrd.cpio'))
    )
    expect(entries.filter((e) => e.type === 'file').map((e) => e.path)).toEqual(
      ['init']
    )
  })

  ;(CAN_CHROOT ? describe : describe.skip)(
    'in a chroot (needs root and a permitted chroot)',
    () => {
      it('runs alone', () => {
        const root = unpack(
          readFileSync(join(work, 'static-out', 'initrd.cpio'))
        )
        expect(
          execFileSync('chroot', [root, '/init'], {
            encoding: 'utf8',
            env: { PATH: process.env.PATH }
          })
        ).toBe('cgo ok 4\n')
      })
    }
  )
})

describe('nitro: the closure in the customer ramdisk', () => {
  it('puts the loader and libraries under rootfs/ beside the program, where its init chroots', async () => {
    const blobs = join(process.cwd(), 'examples', 'nitro', 'blobs')
    const o = nitroOptions.parse({
      'nitro-kernel': join(blobs, 'bzImage.standin'),
      'nitro-init': join(blobs, 'init.standin'),
      'nitro-nsm': join(blobs, 'nsm.ko.standin'),
      'nitro-cmdline': join(blobs, 'cmdline')
    })
    const out = join(work, 'nitro')
    await expect(nitroTarget.run(ctx(dynamic, out), o)).rejects.toMatchObject({
      code: 'CGO_UNRESOLVED'
    })
    const r = await nitroTarget.run(ctx(dynamic, out, '/'), o)
    const eif = readEif(readFileSync(r.artifacts[0].path))
    const ramdisks = eif.sections.filter((x) => x.type === 'Ramdisk')
    const customer = readCpio(ramdisks[ramdisks.length - 1].data)
    const files = customer
      .filter((e) => e.type === 'file' && e.path.startsWith('rootfs/'))
      .map((e) => `/${e.path.slice('rootfs/'.length)}`)
      .sort()
    expect(files).toEqual(
      [
        `/${dynamic.binary.path.split('/').pop()}`,
        ...lddPaths(dynamic.binary.path)
      ].sort()
    )
  })
})

describe('uki: the closure in the initrd of the UKI', () => {
  const o = ukiOptions.parse({
    'uki-stub': join(UKI_FIXTURES, 'synthetic/stub-257.efi'),
    'uki-stub-sha256': sha256(fixture('synthetic/stub-257.efi')),
    'uki-kernel': join(UKI_FIXTURES, 'synthetic/kernel.efi'),
    'uki-kernel-sha256': sha256(fixture('synthetic/kernel.efi'))
  })

  it('is refused, coded, without cgo-sysroot', async () => {
    await expect(
      ukiTarget.run(ctx(dynamic, join(work, 'uki-none')), o)
    ).rejects.toMatchObject({
      code: 'CGO_UNRESOLVED',
      message: expect.stringMatching(/dynamically linked.*set cgo-sysroot/s)
    })
  })

  it('puts the closure ldd lists into the .initrd section, at its paths, pinned', async () => {
    const r = await ukiTarget.run(ctx(dynamic, join(work, 'uki'), '/'), o)
    const uki = readFileSync(r.outputs['uki-path'])
    const initrd = sectionData(parsePe(uki), '.initrd')!
    // the initrd in the UKI is the one written beside it
    expect(
      Buffer.from(initrd).equals(readFileSync(r.outputs['initrd-path']))
    ).toBe(true)
    const files = readCpio(initrd)
      .filter((e) => e.type === 'file' && e.path !== 'init')
      .map((e) => `/${e.path}`)
      .sort()
    const want = lddPaths(dynamic.binary.path)
    expect(files).toEqual(want)
    for (const p of want)
      expect(r.pinned).toContainEqual({
        name: p,
        path: join('/', p),
        sha256: sha256(readFileSync(p))
      })
  })

  it('adds nothing to the initrd of a static cgo build', async () => {
    const r = await ukiTarget.run(ctx(statik, join(work, 'uki-static')), o)
    const entries = readCpio(readFileSync(r.outputs['initrd-path']))
    expect(entries.filter((e) => e.type === 'file').map((e) => e.path)).toEqual(
      ['init']
    )
  })
})

describe('snp initrd (the command line) with a cgo binary', () => {
  async function snpInitrd(
    ...args: string[]
  ): Promise<{ code: number; err: string }> {
    let err = ''
    const code = await cli(['snp', 'initrd', ...args], {
      stdout: () => undefined,
      stderr: (t) => (err += t),
      cwd: process.cwd(),
      env: {}
    })
    return { code, err }
  }

  it('refuses a dynamic binary without --cgo-sysroot, naming the flag', async () => {
    const out = join(work, 'cli-none.cpio')
    const r = await snpInitrd('--init', dynamic.binary.path, '--output', out)
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/^error\[CGO_UNRESOLVED\]: .*set --cgo-sysroot/)
  })

  it('packs the ldd closure with --cgo-sysroot, as the snp target does', async () => {
    const out = join(work, 'cli-host.cpio')
    const r = await snpInitrd(
      '--init',
      dynamic.binary.path,
      '--output',
      out,
      '--cgo-sysroot',
      '/'
    )
    expect(r).toEqual({ code: 0, err: '' })
    const files = readCpio(readFileSync(out))
      .filter((e) => e.type === 'file' && e.path !== 'init')
      .map((e) => `/${e.path}`)
      .sort()
    expect(files).toEqual(lddPaths(dynamic.binary.path))
    const target = await snpTarget.run(
      ctx(dynamic, join(work, 'cli-target'), '/'),
      options
    )
    expect(
      readFileSync(out).equals(readFileSync(target.outputs['initrd-path']))
    ).toBe(true)
  })
})

describe('nitro build --binary (the command line) with a cgo binary', () => {
  it('refuses it without --cgo-sysroot, and with it gives the EIF the action gives', async () => {
    const blobs = join(process.cwd(), 'examples', 'nitro', 'blobs')
    const common = [
      'nitro',
      'build',
      '--kernel',
      join(blobs, 'bzImage.standin'),
      '--cmdline-file',
      join(blobs, 'cmdline'),
      '--init',
      join(blobs, 'init.standin'),
      '--nsm',
      join(blobs, 'nsm.ko.standin'),
      '--binary',
      dynamic.binary.path
    ]
    const stdout: string[] = []
    const io = (err: string[]): Parameters<typeof cli>[1] => ({
      stdout: (t) => stdout.push(t),
      stderr: (t) => err.push(t),
      cwd: process.cwd(),
      env: {}
    })
    const err: string[] = []
    const out = join(work, 'cli.eif')
    expect(await cli([...common, '--output', out], io(err))).not.toBe(0)
    expect(err.join('')).toMatch(
      /^error\[CGO_UNRESOLVED\]: .*set --cgo-sysroot/
    )
    expect(
      await cli(
        [...common, '--output', out, '--cgo-sysroot', '/', '--json'],
        io(err)
      )
    ).toBe(0)
    const m = (
      JSON.parse(stdout.join('')) as { Measurements: Record<string, string> }
    ).Measurements
    const o = nitroOptions.parse({
      'nitro-kernel': join(blobs, 'bzImage.standin'),
      'nitro-init': join(blobs, 'init.standin'),
      'nitro-nsm': join(blobs, 'nsm.ko.standin'),
      'nitro-cmdline': join(blobs, 'cmdline')
    })
    const r = await nitroTarget.run(
      ctx(dynamic, join(work, 'nitro-cli'), '/'),
      o
    )
    // the same ramdisks (PCR1, PCR2) and so the same image (PCR0)
    expect([m.PCR0, m.PCR1, m.PCR2]).toEqual([
      r.outputs.pcr0,
      r.outputs.pcr1,
      r.outputs.pcr2
    ])
  })
})

describe('oci: the closure in the image layer', () => {
  it('is refused on scratch without cgo-sysroot; with it, the layer holds what ldd lists, executable', async () => {
    const o = ociOptions.parse({})
    await expect(
      ociTarget.run(ctx(dynamic, join(work, 'oci-none')), o)
    ).rejects.toMatchObject({
      code: 'CGO_UNRESOLVED',
      message: expect.stringContaining('set cgo-sysroot')
    })
    const r = await ociTarget.run(ctx(dynamic, join(work, 'oci'), '/'), o)
    const layer = join(
      r.outputs['image-layout'],
      'blobs',
      'sha256',
      r.outputs['diff-ids'].slice('sha256:'.length)
    )
    // GNU tar, not our reader, lists the layer
    const listed = execFileSync('tar', ['-tvf', layer], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/))
      .filter((f) => f[0].startsWith('-'))
      .map((f) => [`/${f[f.length - 1]}`, f[0]])
    const want = lddPaths(dynamic.binary.path)
    expect(
      listed
        .filter(([p]) => !p.startsWith('/app/'))
        .map(([p]) => p)
        .sort()
    ).toEqual(want)
    for (const [, mode] of listed) expect(mode).toBe('-rwxr-xr-x')
    for (const p of want)
      expect(r.pinned).toContainEqual({
        name: p,
        path: p,
        sha256: sha256(readFileSync(p))
      })
  })
})

describe('the build record of a cgo build', () => {
  it('names the C compiler and C library, and sets SOURCE_DATE_EPOCH to the commit time', () => {
    const cc = execFileSync('go', ['env', 'CC'], { encoding: 'utf8' }).trim()
    expect(dynamic.cToolchain).toEqual({
      cc,
      version: execFileSync(cc, ['--version'], { encoding: 'utf8' }).split(
        '\n'
      )[0],
      libc: execFileSync('getconf', ['GNU_LIBC_VERSION'], {
        encoding: 'utf8'
      }).trim()
    })
    // and the attestation carries them: the SLSA provenance lists the C
    // toolchain among the resolved dependencies, as the host reports it
    const provenance = buildProvenanceStatement({
      result: { target: 'none', artifacts: [], measurements: [], pinned: [] },
      build: dynamic,
      inputs: {},
      env: {}
    } as unknown as Parameters<typeof buildProvenanceStatement>[0])
    expect(
      provenance.predicate.buildDefinition.resolvedDependencies
    ).toContainEqual({
      name: 'cc',
      annotations: {
        cc,
        version: execFileSync(cc, ['--version'], { encoding: 'utf8' }).split(
          '\n'
        )[0],
        libc: execFileSync('getconf', ['GNU_LIBC_VERSION'], {
          encoding: 'utf8'
        }).trim()
      }
    })
    // the fixture repository's commit date (__fixtures__/go-repo.ts)
    expect(dynamic.env.SOURCE_DATE_EPOCH).toBe(
      String(Date.parse('2026-01-02T03:04:05Z') / 1000)
    )
  })
})
