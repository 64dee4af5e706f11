import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { buildUki, mergeSbat } from '../../src/targets/uki/build.js'
import {
  fixture,
  HAVE_REAL,
  UKI_FIXTURES,
  vectorFile
} from '../../__fixtures__/uki/files.js'

// Expected bytes: UKIs written by systemd's ukify 257.13-1~deb13u1 (Debian
// trixie systemd-ukify, with pefile 2024.8.26) from the same inputs:
// synthetic/uki-*.efi committed, and the sha256 of the real ones in
// vectors.json (see SOURCE.md).

const dir = mkdtempSync(join(tmpdir(), 'uki-build-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')
const vectors = JSON.parse(fixture('vectors.json').toString()) as {
  builds: {
    name: string
    stub: string
    kernel: string
    initrd: string
    osRelease: string
    cmdline: string
    uname: string
    ukifySha256: string
  }[]
}
const synthetic = {
  kernel: fixture('synthetic/kernel.efi'),
  initrd: fixture('synthetic/initrd.img'),
  osRelease: fixture('synthetic/os-release')
}

function io(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env: {}
  }
}

describe('uki build: byte-identical to ukify 257', () => {
  it.each(['252', '257', '258'])('synthetic stub %s', (v) => {
    const uki = buildUki({
      stub: fixture(`synthetic/stub-${v}.efi`),
      ...synthetic,
      cmdline: 'console=ttyS0 quiet',
      uname: '6.12.0-synthetic'
    })
    expect(Buffer.from(uki).equals(fixture(`synthetic/uki-${v}.efi`))).toBe(
      true
    )
  })

  it('a stub without .sdmagic, Amazon Linux 2023 os-release and none', () => {
    const al2023 = buildUki({
      stub: fixture('synthetic/stub-nomagic.efi'),
      kernel: synthetic.kernel,
      initrd: synthetic.initrd,
      osRelease: fixture('synthetic/os-release-al2023'),
      cmdline: 'console=ttyS0 quiet',
      uname: '6.12.0-synthetic'
    })
    expect(
      Buffer.from(al2023).equals(fixture('synthetic/uki-al2023.efi'))
    ).toBe(true)
    const none = buildUki({
      stub: fixture('synthetic/stub-nomagic.efi'),
      ...synthetic
    })
    expect(Buffer.from(none).equals(fixture('synthetic/uki-nomagic.efi'))).toBe(
      true
    )
  })

  it('without .osrel, .cmdline and .uname (ukify --os-release= --uname=)', () => {
    const uki = buildUki({
      stub: fixture('synthetic/stub-257.efi'),
      kernel: synthetic.kernel,
      initrd: synthetic.initrd
    })
    expect(Buffer.from(uki).equals(fixture('synthetic/uki-257-min.efi'))).toBe(
      true
    )
  })

  ;(HAVE_REAL ? describe : describe.skip)(
    'real Debian stubs and kernels (needs UKI_* from .ci/uki-oracle.sh)',
    () => {
      it.each(vectors.builds)('$name', (b) => {
        const uki = buildUki({
          stub: vectorFile(b.stub)!,
          kernel: vectorFile(b.kernel)!,
          initrd: fixture(b.initrd),
          osRelease: fixture(b.osRelease),
          cmdline: b.cmdline,
          uname: b.uname
        })
        expect(sha256(uki)).toBe(b.ukifySha256)
      })
    }
  )
})

describe('uki build: the command line', () => {
  it('writes the same bytes from inputs under different paths and names', async () => {
    const outputs: Buffer[] = []
    for (const name of ['a', 'some/deeper/path']) {
      const d = join(dir, name)
      mkdirSync(d, { recursive: true })
      for (const f of [
        'stub-257.efi',
        'kernel.efi',
        'initrd.img',
        'os-release'
      ])
        copyFileSync(join(UKI_FIXTURES, 'synthetic', f), join(d, `x-${f}`))
      const c = io(d)
      const status = await cli(
        [
          'uki',
          'build',
          '--stub',
          'x-stub-257.efi',
          '--kernel',
          'x-kernel.efi',
          '--initrd',
          'x-initrd.img',
          '--cmdline',
          'console=ttyS0   quiet',
          '--os-release',
          'x-os-release',
          '--uname',
          '6.12.0-synthetic',
          '--output',
          'out.efi',
          '--json'
        ],
        c
      )
      expect(c.err.join('')).toBe('')
      expect(status).toBe(0)
      const json = JSON.parse(c.out.join('')) as { sha256: string }
      const bytes = readFileSync(join(d, 'out.efi'))
      expect(json.sha256).toBe(sha256(bytes))
      outputs.push(bytes)
    }
    expect(outputs[0].equals(outputs[1])).toBe(true)
    expect(outputs[0].equals(fixture('synthetic/uki-257.efi'))).toBe(true)
  })

  it('refuses a signed stub, an SBAT that does not fit, a missing flag', async () => {
    const signed = fixture('synthetic/uki-257-signed.efi')
    expect(() => buildUki({ stub: signed, ...synthetic })).toThrow(/signed/)
    const big = `sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n${'x,1,X,x,1,https://example.invalid/\n'.repeat(40)}`
    expect(() =>
      buildUki({
        stub: fixture('synthetic/stub-257.efi'),
        ...synthetic,
        sbat: big
      })
    ).toThrow(/does not fit/)
    expect(() =>
      buildUki({
        stub: fixture('synthetic/stub-257.efi'),
        ...synthetic,
        sbat: 'not sbat\n'
      })
    ).toThrow(/sbat,1/)
    const c = io(dir)
    expect(await cli(['uki', 'build', '--stub', 'x'], c)).toBe(2)
    expect(c.err.join('')).toMatch(/error\[/)
  })

  it('regression: merged SBAT lines: header, stub, kernel, then the given ones', () => {
    const text = mergeSbat(fixture('synthetic/stub-257.efi'), synthetic.kernel)
    expect(text.split('\n').map((l) => l.split(',')[0])).toEqual([
      'sbat',
      'systemd-stub',
      'linux',
      'uki',
      '\0'
    ])
  })
})

const ukify = process.env.UKIFY ?? ''
;(ukify && existsSync(ukify) ? describe : describe.skip)(
  'differential against ukify (needs UKIFY from .ci/uki-oracle.sh)',
  () => {
    const cases: [string, string[], Parameters<typeof buildUki>[0]][] = [
      [
        'a multi-line SBAT file and a tab in the command line',
        ['--cmdline', 'a\tb  c', '--sbat', '@SBAT', '--os-release', '@OSREL'],
        {
          stub: fixture('synthetic/stub-252.efi'),
          ...synthetic,
          cmdline: 'a\tb  c',
          sbat: 'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\napp,1,App,app,2,https://example.invalid/\nmore,1,More,more,1,https://example.invalid/\n'
        }
      ],
      [
        'an empty os-release file',
        ['--os-release', '@EMPTY', '--uname', 'u'],
        {
          stub: fixture('synthetic/stub-257.efi'),
          kernel: synthetic.kernel,
          initrd: synthetic.initrd,
          osRelease: Buffer.alloc(0),
          uname: 'u'
        }
      ]
    ]
    it.each(cases)('%s', (_, flags, input) => {
      const d = mkdtempSync(join(dir, 'ukify-'))
      writeFileSync(join(d, 'stub.efi'), input.stub)
      writeFileSync(join(d, 'kernel.efi'), input.kernel)
      writeFileSync(join(d, 'initrd.img'), input.initrd)
      writeFileSync(join(d, 'SBAT'), input.sbat ?? '')
      writeFileSync(join(d, 'EMPTY'), '')
      writeFileSync(join(d, 'OSREL'), input.osRelease ?? '')
      const args = [
        'build',
        '--stub',
        join(d, 'stub.efi'),
        '--linux',
        join(d, 'kernel.efi'),
        '--initrd',
        join(d, 'initrd.img'),
        '--output',
        join(d, 'ukify.efi'),
        ...flags.map((f) => (f.startsWith('@') ? `@${join(d, f.slice(1))}` : f))
      ]
      if (!flags.includes('--os-release')) args.push('--os-release=')
      if (!flags.includes('--uname')) args.push('--uname=')
      const r = spawnSync(ukify, args, { encoding: 'utf8' })
      expect(r.stderr).toMatch(/Wrote unsigned/)
      const want = readFileSync(join(d, 'ukify.efi'))
      expect(Buffer.from(buildUki(input)).equals(want)).toBe(true)
    })
  }
)
