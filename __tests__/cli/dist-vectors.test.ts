// The reference vectors once more, through the committed bundle
// (dist/cli/index.js) as separate processes, exactly as an outside checker
// runs them: this catches what in-process tests cannot (bundling, start-up,
// argument handling, exit codes).
/* eslint-disable jest/valid-title -- the titles are the vectors' names */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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

const json = (args: string[], cwd?: string) =>
  JSON.parse(run([...args, '--json'], cwd)) as Record<string, unknown>

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
      expect(signed.mrenclave).toBe(v.mrenclave)
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
      expect(built.Measurements).toMatchObject(v.Measurements)
      if (!v.eifSigned) expect(sha256(eif)).toBe(v.eifSha256)
      const described = json([
        'nitro',
        'describe',
        '--eif',
        join(dir, 'image.eif')
      ])
      expect(described).toMatchObject({
        Measurements: v.Measurements,
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
