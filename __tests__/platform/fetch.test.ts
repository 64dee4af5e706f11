/**
 * fetch-platform: a package built by dpkg-deb (the real producer of .deb
 * files) served through an injected fetch or read from a folder, pinned by
 * its sha256 and the file's; Nitro blob sets copied from the folder layouts
 * AWS ships them in; and, where CI's oracles fetched them independently
 * (.ci/snp-oracle.sh, .ci/tdx-oracle.sh, .ci/uki-oracle.sh), the pinned
 * file sha256s equal those real files'. The download from Debian's own
 * mirror, and measurements of what it gives, are in debian.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetchPlatform } from '../../src/platform/fetch.js'
import { copyNitroBlobs } from '../../src/platform/nitro.js'
import {
  NITRO_BLOB_SETS,
  PLATFORM_SOURCES,
  type DebianSource,
  type NitroBlobSet
} from '../../src/platform/sources.js'
import { gitBlobId } from '../../src/targets/nitro/blobs.js'
import { exec } from '../../src/util/exec.js'

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

const HAVE_DPKG = spawnSync('dpkg-deb', ['--version']).status === 0

;(HAVE_DPKG ? describe : describe.skip)(
  'fetch-platform on a dpkg-deb package (needs dpkg-deb)',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'eb-fetch-platform-'))
    const root = join(work, 'pkg')
    mkdirSync(join(root, 'DEBIAN'), { recursive: true })
    mkdirSync(join(root, 'usr/share/ovmf'), { recursive: true })
    const firmware = Buffer.from('stand-in firmware bytes\n'.repeat(100))
    writeFileSync(join(root, 'usr/share/ovmf/OVMF.test.fd'), firmware)
    writeFileSync(
      join(root, 'DEBIAN/control'),
      'Package: ovmf-test\nVersion: 1.0-1\nArchitecture: all\nMaintainer: Test <test@example.com>\nDescription: test\n'
    )
    execFileSync('dpkg-deb', [
      '--root-owner-group',
      '-Zxz',
      '--build',
      root,
      join(work, 'ovmf-test.deb')
    ])
    const deb = readFileSync(join(work, 'ovmf-test.deb'))
    const source: DebianSource = {
      input: 'snp-ovmf',
      name: 'OVMF.test.fd',
      package: 'ovmf-test',
      version: '1.0-1',
      suite: 'sid',
      filename: 'pool/main/o/ovmf-test/ovmf-test_1.0-1_all.deb',
      debSha256: sha256(deb),
      member: 'usr/share/ovmf/OVMF.test.fd',
      sha256: sha256(firmware)
    }
    const urls: string[] = []
    const fetch = ((url: string) => {
      urls.push(url)
      return Promise.resolve(new Response(deb))
    }) as unknown as typeof globalThis.fetch

    it('downloads, checks both pins, writes the file, and keeps it next time', async () => {
      const out = join(work, 'out')
      const files = await fetchPlatform(
        'snp',
        out,
        { fetch, exec },
        { sources: { snp: [source] }, mirror: 'https://mirror.example/debian/' }
      )
      expect(urls).toEqual([
        'https://mirror.example/debian/pool/main/o/ovmf-test/ovmf-test_1.0-1_all.deb'
      ])
      expect(files).toEqual([
        {
          input: 'snp-ovmf',
          path: join(out, 'OVMF.test.fd'),
          sha256: sha256(firmware),
          source: 'Debian sid ovmf-test 1.0-1: usr/share/ovmf/OVMF.test.fd',
          cached: false
        }
      ])
      expect(readFileSync(join(out, 'OVMF.test.fd'))).toEqual(firmware)
      const again = await fetchPlatform(
        'snp',
        out,
        { fetch, exec },
        {
          sources: { snp: [source] }
        }
      )
      expect(again[0].cached).toBe(true)
      expect(urls).toHaveLength(1)
    })

    it('refuses another package or another file than pinned, writing nothing', async () => {
      const out = join(work, 'bad')
      await expect(
        fetchPlatform(
          'snp',
          out,
          { fetch, exec },
          {
            sources: { snp: [{ ...source, debSha256: '0'.repeat(64) }] }
          }
        )
      ).rejects.toMatchObject({
        // the mirror served other bytes than our pin: the mirror's side
        code: 'HTTP_ERROR',
        message: expect.stringContaining('snapshot.debian.org')
      })
      await expect(
        fetchPlatform(
          'snp',
          out,
          { fetch, exec },
          {
            sources: { snp: [{ ...source, sha256: '0'.repeat(64) }] }
          }
        )
      ).rejects.toMatchObject({ code: 'PIN_MISMATCH' })
      await expect(
        fetchPlatform(
          'snp',
          out,
          { fetch, exec },
          {
            sources: { snp: [{ ...source, member: 'usr/share/ovmf/none.fd' }] }
          }
        )
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
      expect(() => readFileSync(join(out, 'OVMF.test.fd'))).toThrow()
    })

    it('reads the package from --from instead of the mirror, same pins', async () => {
      const debs = join(work, 'debs')
      mkdirSync(debs, { recursive: true })
      writeFileSync(join(debs, 'ovmf-test_1.0-1_all.deb'), deb)
      const before = urls.length
      const out = join(work, 'from')
      const files = await fetchPlatform(
        'snp',
        out,
        { fetch, exec },
        { sources: { snp: [source] }, from: debs }
      )
      expect(urls).toHaveLength(before)
      expect(files[0]).toMatchObject({
        sha256: sha256(firmware),
        cached: false
      })
      expect(readFileSync(join(out, 'OVMF.test.fd'))).toEqual(firmware)
      writeFileSync(join(debs, 'ovmf-test_1.0-1_all.deb'), 'another build')
      await expect(
        fetchPlatform(
          'snp',
          join(work, 'from2'),
          { fetch, exec },
          { sources: { snp: [source] }, from: debs }
        )
      ).rejects.toMatchObject({
        code: 'PIN_MISMATCH',
        message: expect.stringContaining('apt-get download')
      })
      await expect(
        fetchPlatform(
          'snp',
          join(work, 'from3'),
          { fetch, exec },
          { sources: { snp: [source] }, from: join(work, 'none') }
        )
      ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
    })
  }
)

describe('fetch-platform without Debian packages', () => {
  it('says where nitro blobs come from', async () => {
    await expect(
      fetchPlatform('nitro', tmpdir(), { exec })
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('aws-nitro-enclaves-cli')
    })
  })
})

describe('fetch-platform --target nitro --from DIR', () => {
  const work = mkdtempSync(join(tmpdir(), 'eb-fetch-nitro-'))
  const bytes: Record<string, Buffer> = {
    bzImage: Buffer.from('stand-in kernel\n'),
    init: Buffer.from('stand-in init\n'),
    'nsm.ko': Buffer.from('stand-in nsm\n'),
    cmdline: Buffer.from('console=ttyS0\n')
  }
  const inputs: Record<string, string> = {
    bzImage: 'nitro-kernel',
    init: 'nitro-init',
    'nsm.ko': 'nitro-nsm',
    cmdline: 'nitro-cmdline'
  }
  const set = (source: string, b: Record<string, Buffer>): NitroBlobSet => ({
    source,
    blobs: Object.entries(b).map(([name, v]) => ({
      input: inputs[name],
      name,
      sha256: sha256(v)
    }))
  })
  const sets = [
    set('other release', { ...bytes, init: Buffer.from('other init\n') }),
    set('stand-in release', bytes)
  ]
  const lay = (dir: string): string => {
    mkdirSync(dir, { recursive: true })
    for (const [n, b] of Object.entries(bytes)) writeFileSync(join(dir, n), b)
    return dir
  }

  it.each([
    ['a checkout (blobs/x86_64/)', 'checkout', 'checkout/blobs/x86_64'],
    ['blobs/x86_64 itself', 'flat', 'flat'],
    [
      "Amazon Linux's blobs/ folder",
      'al/nitro_enclaves',
      'al/nitro_enclaves/blobs'
    ]
  ])('finds the set in %s', async (_, from, blobs) => {
    lay(join(work, blobs))
    const out = join(work, `out-${from.replace(/\//g, '-')}`)
    const files = await copyNitroBlobs(join(work, from), out, sets)
    expect(files.map((f) => [f.input, f.sha256, f.source])).toEqual(
      Object.entries(bytes).map(([n, b]) => [
        inputs[n],
        sha256(b),
        `stand-in release/${n}`
      ])
    )
    for (const [n, b] of Object.entries(bytes))
      expect(readFileSync(join(out, n))).toEqual(b)
    const again = await copyNitroBlobs(join(work, from), out, sets)
    expect(again.every((f) => f.cached)).toBe(true)
  })

  it('refuses a folder that is no pinned set, naming what it found, writing nothing', async () => {
    const dir = lay(join(work, 'mixed'))
    writeFileSync(join(dir, 'nsm.ko'), 'a rebuilt module\n')
    const out = join(work, 'out-mixed')
    await expect(copyNitroBlobs(dir, out, sets)).rejects.toMatchObject({
      code: 'PIN_MISMATCH',
      message: expect.stringContaining(
        `nsm.ko ${sha256(Buffer.from('a rebuilt module\n'))}`
      )
    })
    expect(() => readFileSync(join(out, 'bzImage'))).toThrow()
    // and the real pins, through the command's path
    await expect(
      fetchPlatform('nitro', out, { exec }, { from: dir })
    ).rejects.toMatchObject({
      code: 'PIN_MISMATCH',
      message: expect.stringContaining('nitro-kernel-sha256')
    })
  })

  it('names the layouts it looked in when there is no bzImage', async () => {
    const dir = join(work, 'empty')
    mkdirSync(dir)
    await expect(
      copyNitroBlobs(dir, join(work, 'o'), sets)
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('blobs/x86_64')
    })
  })

  // AWS's blobs/x86_64/cmdline (every tag v1.3.1 to v1.5.0), as the file
  // reads: the pinned sha256 (as public repositories publish it) and git
  // blob id (as AWS's repository tree lists it) are both of these bytes.
  it("pins AWS's cmdline file by both ids", () => {
    const cmdline = Buffer.from(
      'reboot=k panic=30 pci=off nomodules console=ttyS0 i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd random.trust_cpu=on\n'
    )
    const pin = NITRO_BLOB_SETS[0].blobs.find((b) => b.name === 'cmdline')!
    expect(sha256(cmdline)).toBe(pin.sha256)
    expect(gitBlobId(cmdline)).toBe(pin.gitBlobId)
  })
})

// AWS's real blobs (no registry here carries them; docs/nitro.md): a folder
// of nitro-cli v1.5.0's blobs/x86_64 must be the pinned GitHub set, and with
// the git blob ids AWS's tree lists.
const nitroBlobs = process.env.NITRO_BLOBS_X86_64
;(nitroBlobs && existsSync(join(nitroBlobs, 'bzImage'))
  ? describe
  : describe.skip)(
  "fetch-platform on AWS's nitro-cli v1.5.0 blobs (needs $NITRO_BLOBS_X86_64: its blobs/x86_64; not obtainable from the registries CI reaches)",
  () => {
    it('copies them as the pinned set', async () => {
      const out = mkdtempSync(join(tmpdir(), 'eb-nitro-real-'))
      const files = await fetchPlatform(
        'nitro',
        out,
        { exec },
        { from: nitroBlobs }
      )
      for (const f of files)
        expect(f.source.startsWith(NITRO_BLOB_SETS[0].source)).toBe(true)
      for (const b of NITRO_BLOB_SETS[0].blobs)
        expect(gitBlobId(readFileSync(join(out, b.name)))).toBe(b.gitBlobId)
    })
  }
)

const ORACLE: [string, string, string | undefined][] = [
  ['snp', 'snp-ovmf', process.env.SNP_OVMF_AMDSEV],
  ['tdx', 'tdx-ovmf', process.env.TDX_OVMF_INTELTDX],
  ['tdx', 'tdx-kernel', process.env.TDX_KERNEL],
  ['uki', 'uki-stub', process.env.UKI_STUB_257],
  ['uki', 'uki-kernel', process.env.UKI_KERNEL_612]
]
;(ORACLE.every(([, , p]) => p) ? describe : describe.skip)(
  'the pinned platform files (needs SNP_OVMF_AMDSEV, TDX_OVMF_INTELTDX, TDX_KERNEL, UKI_STUB_257, UKI_KERNEL_612 from .ci/snp-oracle.sh, .ci/tdx-oracle.sh and .ci/uki-oracle.sh)',
  () => {
    it.each(ORACLE)(
      '%s %s is the file CI fetched from Debian',
      (target, input, path) => {
        const s = PLATFORM_SOURCES[target].find((x) => x.input === input)!
        expect(sha256(readFileSync(path!))).toBe(s.sha256)
      }
    )
  }
)
