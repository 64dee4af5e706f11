/**
 * fetch-platform: a package built by dpkg-deb (the real producer of .deb
 * files) served through an injected fetch, pinned by its sha256 and the
 * file's; and, where CI's oracles fetched them independently
 * (.ci/snp-oracle.sh, .ci/tdx-oracle.sh), the pinned file sha256s equal
 * those real files'.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetchPlatform } from '../../src/platform/fetch.js'
import {
  PLATFORM_SOURCES,
  type DebianSource
} from '../../src/platform/sources.js'
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
        code: 'PIN_MISMATCH',
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

const ORACLE: [string, string, string | undefined][] = [
  ['snp', 'snp-ovmf', process.env.SNP_OVMF_AMDSEV],
  ['tdx', 'tdx-ovmf', process.env.TDX_OVMF_INTELTDX],
  ['tdx', 'tdx-kernel', process.env.TDX_KERNEL]
]
;(ORACLE.every(([, , p]) => p) ? describe : describe.skip)(
  'the pinned platform files (needs SNP_OVMF_AMDSEV, TDX_OVMF_INTELTDX, TDX_KERNEL from .ci/snp-oracle.sh and .ci/tdx-oracle.sh)',
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
