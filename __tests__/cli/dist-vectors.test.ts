// The reference vectors once more, through the committed bundle
// (dist/cli/index.js) as separate processes, exactly as an outside checker
// runs them: this catches what in-process tests cannot (bundling, start-up,
// argument handling, exit codes).
/* eslint-disable jest/valid-title -- the titles are the vectors' names */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { writeInputs } from '../snp/fwgen.js'

const cliPath = resolve('dist/cli/index.js')
const VECTORS = resolve('__fixtures__/vectors')
const out = mkdtempSync(join(tmpdir(), 'eb-dist-vectors-'))

function run(args: string[], cwd = out) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8'
  })
  if (r.status !== 0)
    throw new Error(
      `enclave-build ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`
    )
  return r.stdout
}

/** CLI.md: with --json, exactly one JSON object on stdout, then a newline. */
function json(args: string[], cwd?: string): Record<string, unknown> {
  const text = run([...args, '--json'], cwd)
  expect(text).toMatch(/^\{[^]*\}\n$/)
  return JSON.parse(text) as Record<string, unknown>
}

const sha256 = (path: string) =>
  createHash('sha256').update(readFileSync(path)).digest('hex')

interface GramineVector {
  name: string
  defines: string[]
  chroot: string
  libpal: string
  key: string
  date: string
  mrenclave: string
  mrsigner: string
  isvprodid: number
  isvsvn: number
  debug: boolean
  manifest_sha256: string
  manifest_sgx_sha256: string
  sig_sha256: string
}

const gramineDir = join(VECTORS, 'gramine')
const gramine = readdirSync(gramineDir)
  .filter((d) => /^g\d/.test(d))
  .map((d) => ({
    dir: join(gramineDir, d),
    v: JSON.parse(
      readFileSync(join(gramineDir, d, 'expected.json'), 'utf8')
    ) as GramineVector
  }))

describe('dist/cli on the Gramine vectors', () => {
  for (const { dir, v } of gramine)
    it(v.name, () => {
      const at = (p: string) => join(gramineDir, p)
      const chroot = ['--chroot', at(v.chroot)]
      let manifest = join(dir, `${v.name}.manifest`)
      const template = `${manifest}.template`
      if (readdirSync(dir).includes(`${v.name}.manifest.template`)) {
        const rendered = join(out, `${v.name}.manifest`)
        run([
          'gramine',
          'manifest',
          '--template',
          template,
          '--output',
          rendered,
          ...v.defines.flatMap((d) => ['-D', d]),
          ...chroot
        ])
        expect(sha256(rendered)).toBe(v.manifest_sha256)
        manifest = rendered
      }
      const sgx = join(out, `${v.name}.manifest.sgx`)
      const sig = join(out, `${v.name}.sig`)
      const signed = json([
        'gramine',
        'sign',
        '--manifest',
        manifest,
        '--output',
        sgx,
        '--libpal',
        at(v.libpal),
        '--key',
        at(v.key),
        '--date',
        v.date,
        '--sigfile',
        sig,
        ...chroot
      ])
      // CLI.md: {"mrenclave", "mrsigner", "isvprodid", "isvsvn", "debug"}
      expect(signed).toEqual({
        mrenclave: v.mrenclave,
        mrsigner: v.mrsigner,
        isvprodid: v.isvprodid,
        isvsvn: v.isvsvn,
        debug: v.debug
      })
      expect(sha256(sgx)).toBe(v.manifest_sgx_sha256)
      expect(sha256(sig)).toBe(v.sig_sha256)
      expect(
        json([
          'gramine',
          'measure',
          '--manifest-sgx',
          sgx,
          '--libpal',
          at(v.libpal)
        ])
      ).toEqual({ mrenclave: v.mrenclave })
      expect(json(['sgx', 'sigstruct-view', sig])).toEqual(
        JSON.parse(readFileSync(join(dir, 'sigstruct.json'), 'utf8'))
      )
    })
})

interface NitroVector {
  cmdline: string
  kernel: string
  ramdisks: string[]
  signingCertificate: string | null
  privateKey: string | null
  arch: string
  name: string
  version: string
  buildTime: string
  Measurements: Record<string, string>
  eifSha256: string
  eifSigned: boolean
  EifVersion: number
  Metadata: { BuildMetadata: Record<string, string> }
}

const nitroDir = join(VECTORS, 'nitro')
const nitro = readdirSync(nitroDir)
  .filter((d) => /^d\d/.test(d))
  .map((d) => ({
    dir: join(nitroDir, d),
    name: d,
    v: JSON.parse(
      readFileSync(join(nitroDir, d, 'expected.json'), 'utf8')
    ) as NitroVector
  }))

describe('dist/cli on the Nitro vectors', () => {
  for (const { dir, name, v } of nitro)
    it(name, () => {
      const input = (f: string) => join(nitroDir, 'inputs', f)
      const eif = join(out, `${name}.eif`)
      const meta = v.Metadata.BuildMetadata
      // only what differs from eif_build's own defaults, as its users pass it
      const metaFlags = [
        ['--build-tool', meta.BuildTool, 'eif_build'],
        ['--build-tool-version', meta.BuildToolVersion, '0.3.1'],
        ['--img-os', meta.OperatingSystem, 'Generic Linux'],
        ['--img-kernel', meta.KernelVersion, 'Unknown version']
      ].flatMap(([flag, value, dflt]) => (value === dflt ? [] : [flag, value]))
      const built = json([
        'nitro',
        'build',
        '--kernel',
        input(v.kernel),
        '--cmdline',
        v.cmdline,
        ...v.ramdisks.flatMap((r) => ['--ramdisk', input(r)]),
        '--output',
        eif,
        '--arch',
        v.arch,
        '--name',
        v.name,
        '--version',
        v.version,
        '--build-time',
        v.buildTime,
        ...metaFlags,
        ...(v.signingCertificate && v.privateKey
          ? [
              '--signing-certificate',
              input(v.signingCertificate),
              '--private-key',
              input(v.privateKey)
            ]
          : [])
      ]) as { Measurements: Record<string, string> }
      expect(built.Measurements).toEqual({
        HashAlgorithm: 'Sha384 { ... }',
        ...v.Measurements
      })
      if (!v.eifSigned) expect(sha256(eif)).toBe(v.eifSha256)
      const described = json([
        'nitro',
        'describe',
        '--eif',
        join(dir, 'image.eif')
      ])
      expect(described).toMatchObject({
        Measurements: { HashAlgorithm: 'Sha384 { ... }', ...v.Measurements },
        EifVersion: v.EifVersion,
        CheckCRC: true,
        IsSigned: v.eifSigned
      })
    })
})

interface SnpVector {
  name: string
  args: string[]
  expected: string
  expectError: boolean
}

describe('dist/cli on the SEV-SNP vectors', () => {
  const inputs = join(out, 'snp-inputs')
  beforeAll(() => {
    writeInputs(inputs)
  })
  const dev = JSON.parse(
    readFileSync(join(VECTORS, 'snp', 'dev.json'), 'utf8')
  ) as { vectors: SnpVector[] }
  for (const v of dev.vectors)
    it(v.name, () => {
      const args = v.args.map((a) => a.replace(/^@/, `${inputs}/`))
      const r = spawnSync(
        process.execPath,
        [cliPath, 'snp', 'measure', ...args],
        {
          encoding: 'utf8'
        }
      )
      if (v.expectError) expect(r.status).not.toBe(0)
      else {
        expect(r.stderr).toBe('')
        expect(r.stdout.trim()).toBe(v.expected)
      }
    })
})

interface TdxVector {
  name: string
  kernel?: string
  initrd?: string
  cmdline?: string
  cpu?: number
  memory?: string
  mode?: 'flags' | 'metadata'
  flags?: string[]
  acpi?: string
  gce_shape?: string | null
  expected: Record<string, string>
}

const tdxDir = join(VECTORS, 'tdx', 'debian')
const tdxInputs = JSON.parse(
  readFileSync(join(tdxDir, 'inputs.json'), 'utf8')
) as Record<string, { sha256: string; file?: string }>
/** A pinned Debian file from $VAR (.ci/tdx-oracle.sh), if it is that file. */
function pinnedFile(envVar: string, id: string): string | undefined {
  const p = process.env[envVar]
  return p && existsSync(p) && sha256(p) === tdxInputs[id].sha256
    ? p
    : undefined
}
const tdxFirmware = pinnedFile('TDX_OVMF_TRIXIE', 'fw-trixie')
const tdxKernel = pinnedFile('TDX_KERNEL', 'k-6.12')
const tdxVectors = (
  JSON.parse(readFileSync(join(tdxDir, 'vectors.json'), 'utf8')) as {
    vectors: TdxVector[]
  }
).vectors

;(tdxFirmware && tdxKernel ? describe : describe.skip)(
  `dist/cli on the TDX vectors${tdxFirmware && tdxKernel ? '' : ' (needs $TDX_OVMF_TRIXIE and $TDX_KERNEL from .ci/tdx-oracle.sh)'}`,
  () => {
    const fw = tdxFirmware as string
    const kernel = tdxKernel as string
    const acpi = (set: string): string[] =>
      (
        [
          ['--acpi-tables', 'tables'],
          ['--acpi-rsdp', 'rsdp'],
          ['--acpi-loader', 'loader']
        ] as const
      ).flatMap(([flag, name]) => {
        const p = join(out, `tdx-${set}-${name}.bin`)
        writeFileSync(
          p,
          gunzipSync(readFileSync(join(tdxDir, 'acpi', set, `${name}.bin.gz`)))
        )
        return [flag, p]
      })
    for (const v of tdxVectors)
      it(v.name, () => {
        if (v.gce_shape !== undefined) {
          const shape = v.gce_shape ? ['--gce-shape', v.gce_shape] : []
          expect(json(['tdx', 'measure', '--bios', fw, ...shape])).toEqual(
            v.expected
          )
          return
        }
        const initrd = join(
          tdxDir,
          tdxInputs[v.initrd as string].file as string
        )
        const common = [
          '-c',
          String(v.cpu),
          '-m',
          v.memory as string,
          ...(v.flags ?? []),
          ...acpi(v.acpi as string)
        ]
        // the vectors' README: dstack-mr measures "<cmdline> initrd=initrd"
        expect(
          json([
            'tdx',
            'measure',
            '--bios',
            fw,
            '--kernel',
            kernel,
            '--initrd',
            initrd,
            '--cmdline',
            `${v.cmdline} initrd=initrd`,
            ...common
          ])
        ).toEqual(v.expected)
        if (v.mode === 'metadata') {
          // a dstack image folder: metadata.json and the files beside it
          const img = mkdtempSync(join(out, `${v.name}-`))
          copyFileSync(fw, join(img, 'OVMF.fd'))
          copyFileSync(kernel, join(img, 'vmlinuz'))
          copyFileSync(initrd, join(img, 'initrd'))
          writeFileSync(
            join(img, 'metadata.json'),
            JSON.stringify({
              bios: 'OVMF.fd',
              kernel: 'vmlinuz',
              initrd: 'initrd',
              cmdline: v.cmdline
            })
          )
          expect(
            json(['tdx', 'measure', join(img, 'metadata.json'), ...common])
          ).toEqual(v.expected)
        }
      })
  }
)

describe('dist/cli on the CoCo initdata vector', () => {
  it("coco initdata-digest of cloud-api-adaptor's fixture", () => {
    // the digest is cloud-api-adaptor's testCheckSum (see its SOURCE.md)
    const digest =
      '52af3178dd7ad4bf551e629b84b45bfd1fbe1434b980120267181ae3575ea20ca9013b8eadf31d27eed7ff2552d500ef'
    expect(
      json([
        'coco',
        'initdata-digest',
        join(VECTORS, 'coco', 'caa-initdata.toml')
      ])
    ).toEqual({
      algorithm: 'sha384',
      digest,
      snpHostData: digest.slice(0, 64),
      tdxMrConfigId: digest,
      pcr8: null
    })
  })
})

const roothash = process.env.HCSSHIM_ROOTHASH
;(roothash && existsSync(roothash) ? describe : describe.skip)(
  `dist/cli against hcsshim's tar2ext4 + dm-verity${roothash && existsSync(roothash) ? '' : ' (needs $HCSSHIM_ROOTHASH from .ci/hcsshim.sh)'}`,
  () => {
    it('aci layer-hash of the layer oci image writes', () => {
      const layout = join(out, 'oci layout with spaces')
      const image = json([
        'oci',
        'image',
        '--binary',
        // any x86-64 ELF: the Gramine vectors' stand-in PAL
        join(
          gramineDir,
          'rootfs/usr/lib/x86_64-linux-gnu/gramine/sgx/libpal.so'
        ),
        '--output',
        layout,
        '--created',
        '2025-06-25T12:00:00Z'
      ]) as { layers: string[] }
      const layer = join(
        layout,
        'blobs',
        'sha256',
        image.layers[0].slice('sha256:'.length)
      )
      const oracle = spawnSync(roothash as string, [layer], {
        encoding: 'utf8'
      })
      expect(oracle.status).toBe(0)
      const want = oracle.stdout.trim().split(/\s+/).pop()
      expect(json(['aci', 'layer-hash', layer])).toEqual({ rootHash: want })
    })
  }
)

const pcrCompute = process.env.NITRO_TPM_PCR_COMPUTE
const ukiStub = process.env.UKI_STUB_257
const haveUki =
  pcrCompute && existsSync(pcrCompute) && ukiStub && existsSync(ukiStub)
;(haveUki ? describe : describe.skip)(
  `dist/cli against nitro-tpm-pcr-compute${haveUki ? '' : ' (needs $NITRO_TPM_PCR_COMPUTE and $UKI_STUB_257 from .ci/nitro-tpm-pcr.sh and .ci/uki-oracle.sh)'}`,
  () => {
    it('uki measure gives its JSON, byte for byte', () => {
      const oracle = spawnSync(
        pcrCompute as string,
        ['--image', ukiStub as string],
        {
          encoding: 'utf8'
        }
      )
      expect(oracle.status).toBe(0)
      const ours = run([
        'uki',
        'measure',
        '--image',
        ukiStub as string,
        '--json'
      ])
      expect(JSON.parse(ours)).toEqual(JSON.parse(oracle.stdout))
    })
  }
)
