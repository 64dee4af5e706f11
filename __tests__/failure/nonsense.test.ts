// Exit 0 on nonsense is a defect: values that cannot
// exist are refused by the command line and by the action's inputs alike,
// and every Gramine step validates a manifest with the same schema.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { parseSigDate } from '../../src/targets/gramine/pipeline.js'
import { snpOptions } from '../../src/targets/snp/options.js'
import { capture, KEY, LIBPAL, vectorFile } from '../gramine/helpers.js'
import { firmware, STD, stdEntries } from '../snp/fwgen.js'

let dir: string
let fw: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-nonsense-'))
  fw = join(dir, 'fw.fd')
  writeFileSync(
    fw,
    firmware({
      size: 128 * 1024,
      seed: 'ns',
      sections: STD,
      entries: stdEntries()
    })
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(args: string[]) {
  const io = capture()
  const code = await cli(args, io)
  return { code, out: io.out, err: io.err }
}

describe('snp measure refuses values that cannot exist', () => {
  const base = () => ['snp', 'measure', '--mode', 'snp', '--ovmf', fw]
  it.each([
    [
      ['--vcpus', '0', '--vcpu-type', 'EPYC-v4'],
      /--vcpus 0 is not a vCPU count/
    ],
    [
      ['--vcpus', '-1', '--vcpu-type', 'EPYC-v4'],
      /--vcpus -1 is not a vCPU count/
    ],
    [['--vcpus', '65537', '--vcpu-type', 'EPYC-v4'], /--vcpus 65537/],
    [
      ['--vcpus', '1', '--vcpu-sig', '-5'],
      /--vcpu-sig -5 is not a CPUID signature/
    ],
    [['--vcpus', '1', '--vcpu-sig', '0x100000000'], /--vcpu-sig 0x100000000/],
    [
      [
        '--vcpus',
        '1',
        '--vcpu-type',
        'EPYC-v4',
        '--guest-features',
        '0x1_0000_0000_0000_0021'
      ],
      /does not fit SEV_FEATURES/
    ],
    [
      ['--vcpus', '1', '--vcpu-type', 'EPYC-v4', '--guest-features', '-1'],
      /does not fit SEV_FEATURES/
    ],
    [
      [
        '--vcpus',
        '1',
        '--vcpu-family',
        '-1',
        '--vcpu-model',
        '1',
        '--vcpu-stepping',
        '1'
      ],
      /--vcpu-family -1/
    ],
    [
      [
        '--vcpus',
        '1',
        '--vcpu-family',
        '25',
        '--vcpu-model',
        '256',
        '--vcpu-stepping',
        '1'
      ],
      /--vcpu-model 256/
    ],
    [
      [
        '--vcpus',
        '1',
        '--vcpu-family',
        '25',
        '--vcpu-model',
        '1',
        '--vcpu-stepping',
        '16'
      ],
      /--vcpu-stepping 16/
    ]
  ])('%j', async (flags, message) => {
    const r = await run([...base(), ...flags])
    expect(r.err).toMatch(/^error\[INPUT_INVALID\]: /)
    expect(r.err).toMatch(message)
    expect(r.out).toBe('')
    expect(r.code).toBe(2)
  })

  it('still measures the edges that exist', async () => {
    for (const flags of [
      ['--vcpus', '1', '--vcpu-sig', '0xffffffff'],
      ['--vcpus', '1', '--vcpu-sig', '0'],
      [
        '--vcpus',
        '2',
        '--vcpu-type',
        'EPYC-v4',
        '--guest-features',
        '0xffffffffffffffff'
      ]
    ]) {
      const r = await run([...base(), ...flags])
      expect(r.err).toBe('')
      expect(r.out).toMatch(/^[0-9a-f]{96}\n$/)
    }
  })

  it('the action refuses the same values when its inputs are parsed', () => {
    const inputs = {
      'snp-ovmf': 'OVMF.fd',
      'snp-ovmf-sha256': 'a'.repeat(64),
      'snp-kernel': 'bzImage',
      'snp-kernel-sha256': 'b'.repeat(64)
    }
    expect(snpOptions.safeParse(inputs).success).toBe(true)
    for (const [key, value] of [
      ['snp-vcpus', '0'],
      ['snp-vcpus', '-1'],
      ['snp-vcpus', '65537'],
      ['snp-guest-features', '99999999999999999999'],
      ['snp-vcpu-type', '0x100000000']
    ])
      expect({
        key,
        value,
        ok: snpOptions.safeParse({ ...inputs, [key]: value }).success
      }).toEqual({ key, value, ok: false })
    expect(
      snpOptions.safeParse({ ...inputs, 'snp-vcpus': '4096' }).success
    ).toBe(true)
  })
})

describe('gramine sign --date', () => {
  it.each([
    '2026-13-45',
    '2026-02-30',
    '2026-00-10',
    '0000-01-01',
    '2025-02-29'
  ])('refuses %s', async (date) => {
    const out = join(dir, `d-${date}.manifest.sgx`)
    const r = await run([
      'gramine',
      'sign',
      '-m',
      vectorFile('g1-go-256M-t4-debug', '.manifest'),
      '-o',
      out,
      '-l',
      LIBPAL,
      '-k',
      KEY,
      '-s',
      join(dir, `d-${date}.sig`),
      '--date',
      date
    ])
    expect(r.err).toMatch(/^error\[INPUT_INVALID\]: --date/)
    expect(r.code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it('accepts real days, leap days, 0000-00-00 and today', () => {
    expect(parseSigDate('2024-02-29')).toEqual({
      year: 2024,
      month: 2,
      day: 29
    })
    expect(parseSigDate('0050-06-01')).toEqual({ year: 50, month: 6, day: 1 })
    expect(parseSigDate('0000-00-00')).toEqual({ year: 0, month: 0, day: 0 })
    expect(parseSigDate('today', new Date(2026, 0, 5))).toEqual({
      year: 2026,
      month: 1,
      day: 5
    })
  })
})

describe('one manifest schema for gramine manifest, sign and measure', () => {
  const good = readFileSync(
    vectorFile('g1-go-256M-t4-debug', '.manifest'),
    'utf8'
  )
  const bad: [string, string][] = [
    ['sgx.debug = "yes"', good.replace(/^debug = true$/m, 'debug = "yes"')],
    ['fs.mounts = "x"', good.replace(/^mounts = \[[^\]]*\]$/m, 'mounts = "x"')],
    ['an empty manifest', ''],
    [
      'sgx.enclave_size = "2048G"',
      good.replace(/^enclave_size = .*$/m, 'enclave_size = "2048G"')
    ],
    [
      'sgx.max_threads = -1',
      good.replace(/^max_threads = .*$/m, 'max_threads = -1')
    ]
  ]

  it('the broken manifests really differ from the good one', () => {
    for (const [, text] of bad) expect(text).not.toBe(good)
  })

  it.each(bad)('%s is refused by gramine manifest', async (_name, text) => {
    const template = join(dir, `t${Math.random()}.manifest.template`)
    writeFileSync(template, text)
    const out = join(dir, 'm.manifest')
    const r = await run(['gramine', 'manifest', template, out])
    expect(r.err).toMatch(/^error\[(MANIFEST_INVALID|TOML_INVALID)\]: /)
    expect(r.code).toBe(2)
  })

  it.each(bad)('%s is refused by gramine sign', async (_name, text) => {
    const manifest = join(dir, `s${Math.random()}.manifest`)
    writeFileSync(manifest, text)
    const out = `${manifest}.sgx`
    const r = await run([
      'gramine',
      'sign',
      '-m',
      manifest,
      '-o',
      out,
      '-l',
      LIBPAL,
      '-k',
      KEY,
      '--date',
      '2026-01-15'
    ])
    expect(r.err).toMatch(/^error\[(MANIFEST_INVALID|TOML_INVALID)\]: /)
    expect(r.code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it.each(bad)('%s is refused by gramine measure', async (_name, text) => {
    const path = join(dir, `g${Math.random()}.manifest.sgx`)
    writeFileSync(path, text)
    const r = await run([
      'gramine',
      'measure',
      '--manifest-sgx',
      path,
      '--libpal',
      LIBPAL
    ])
    expect(r.err).toMatch(/^error\[(MANIFEST_INVALID|TOML_INVALID)\]: /)
    expect(r.code).toBe(2)
  })
})
