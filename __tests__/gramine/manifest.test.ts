import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  applyDefaults,
  checkManifest
} from '../../src/targets/gramine/manifest.js'
import { parseSize, sgxParams } from '../../src/targets/gramine/sgx-params.js'
import { parseToml } from '../../src/targets/gramine/toml.js'
import { writeToml } from '../../src/targets/gramine/toml-writer.js'
import { codeOf } from './helpers.js'

describe('manifest defaults (Gramine v1.9 order)', () => {
  it('inserts defaults after the keys given, in Gramine order', () => {
    const m = parseToml(
      'sgx.edmm_enable = true\nsgx.debug = true\nloader.entrypoint.sha256 = "s"\n'
    )
    applyDefaults(m, '/g')
    expect(writeToml(m)).toBe(
      [
        '[sgx]',
        'edmm_enable = true',
        'debug = true',
        'trusted_files = []',
        'max_threads = 4',
        'isvprodid = 0',
        'isvsvn = 0',
        'remote_attestation = "none"',
        'enable_stats = false',
        'enclave_size = "1024G"',
        'use_exinfo = false',
        '',
        '[sgx.cpu_features]',
        'avx = "unspecified"',
        'avx512 = "unspecified"',
        'amx = "unspecified"',
        'mpx = "disabled"',
        'pkru = "disabled"',
        '',
        '[loader.entrypoint]',
        'sha256 = "s"',
        'uri = "file:/g/libsysdb.so"',
        ''
      ].join('\n')
    )
  })

  it('refuses the v1.7 string loader.entrypoint and non-list trusted_files', async () => {
    expect(
      await codeOf(() =>
        applyDefaults(parseToml('loader.entrypoint = "file:/x"'), '/g')
      )
    ).toBe('MANIFEST_INVALID')
    expect(
      await codeOf(() =>
        applyDefaults(parseToml('sgx.trusted_files = "x"'), '/g')
      )
    ).toBe('MANIFEST_INVALID')
    expect(await codeOf(() => applyDefaults(parseToml('sgx = 1'), '/g'))).toBe(
      'MANIFEST_INVALID'
    )
  })

  it('checks the required keys with readable errors', async () => {
    const ok =
      'libos.entrypoint = "/a"\nfs.mounts = [{ path = "/a", uri = "file:/a" }, { type = "tmpfs", path = "/t" }]\nloader.entrypoint.uri = "file:/l"'
    expect(await codeOf(() => checkManifest(parseToml(ok)))).toBe('NONE')
    for (const bad of [
      'libos.entrypoint = "/a"\nloader.entrypoint.uri = "file:/l"',
      'fs.mounts = []\nloader.entrypoint.uri = "file:/l"',
      'libos.entrypoint = "/a"\nfs.mounts = [{ uri = "file:/a" }]\nloader.entrypoint.uri = "file:/l"',
      `${ok}\nsgx.max_threads = "4"`,
      `${ok}\nsgx.debug = 1`
    ])
      expect(await codeOf(() => checkManifest(parseToml(bad)))).toBe(
        'MANIFEST_INVALID'
      )
  })
})

describe('SGX parameters', () => {
  it('parses sizes like Gramine (int(x, 0) with K/M/G)', () => {
    expect(parseSize('256M')).toBe(256 * 2 ** 20)
    expect(parseSize('1024G')).toBe(2 ** 40)
    expect(parseSize('0x1000K')).toBe(2 ** 22)
    expect(parseSize('4096')).toBe(4096)
    expect(parseSize(' 1_024 ')).toBe(1024)
    expect(parseSize('0b1G')).toBe(2 ** 30)
  })

  it('refuses what Python int() refuses, and non-positive sizes', async () => {
    for (const bad of [
      '256m',
      '0256M',
      '',
      'G',
      '1.5G',
      '-1G',
      '0',
      '1__0',
      '1T'
    ])
      expect(await codeOf(() => parseSize(bad))).toBe('MANIFEST_INVALID')
    expect(await codeOf(() => parseSize(256n))).toBe('MANIFEST_INVALID')
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        try {
          expect(parseSize(s)).toBeGreaterThan(0)
        } catch (err) {
          expect((err as { code?: string }).code).toBe('MANIFEST_INVALID')
        }
      })
    )
  })

  it('refuses isvprodid/isvsvn outside u16 and bad max_threads', async () => {
    for (const bad of [
      'sgx.isvprodid = 65536',
      'sgx.isvsvn = -1',
      'sgx.max_threads = "8"'
    ]) {
      const m = parseToml(`${bad}\nloader.entrypoint.sha256 = "s"`)
      applyDefaults(m, '/g')
      expect(await codeOf(() => sgxParams(m))).toBe('MANIFEST_INVALID')
    }
  })
})
