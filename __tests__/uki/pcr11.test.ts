import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { buildUki } from '../../src/targets/uki/build.js'
import { measuredSections, pcr11 } from '../../src/targets/uki/pcr11.js'
import {
  fixture,
  HAVE_REAL,
  UKI_FIXTURES,
  vectorFile
} from '../../__fixtures__/uki/files.js'

// Expected values: systemd-measure calculate (vectors.json, SOURCE.md) on
// the UKI's sections: Debian bookworm's systemd 252 for 252-stub UKIs, and
// Debian trixie's systemd 257 (run with trixie's own loader and libraries by
// .ci/uki-oracle.sh) for 257-stub UKIs, whose .uname and .sbat count.

interface Pcr11Case {
  oracle: string
  image: string
  phases: string[]
  expect: { sha256: string; sha384: string }
}
const vectors = JSON.parse(fixture('vectors.json').toString()) as {
  builds: {
    name: string
    stub: string
    kernel: string
    initrd: string
    osRelease: string
    cmdline: string
    uname: string
  }[]
  pcr11: Pcr11Case[]
}
const dir = mkdtempSync(join(tmpdir(), 'uki-pcr11-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function image(ref: string): Uint8Array {
  if (!ref.startsWith('built:')) return vectorFile(ref)!
  const b = vectors.builds.find((x) => x.name === ref.slice(6))!
  return buildUki({
    stub: vectorFile(b.stub)!,
    kernel: vectorFile(b.kernel)!,
    initrd: fixture(b.initrd),
    osRelease: fixture(b.osRelease),
    cmdline: b.cmdline,
    uname: b.uname
  })
}

describe('PCR11 against systemd-measure 252 and 257', () => {
  const expectPcr11 = (c: Pcr11Case): void => {
    expect(pcr11(image(c.image), { phases: c.phases })).toEqual(c.expect)
  }
  it.each(vectors.pcr11.filter((c) => !c.image.startsWith('built:')))(
    '$image then $phases ($oracle)',
    (c) => {
      expectPcr11(c)
    }
  )
  ;(HAVE_REAL ? describe : describe.skip)(
    'real Debian stubs and kernels (needs UKI_* from .ci/uki-oracle.sh)',
    () => {
      it.each(vectors.pcr11.filter((c) => c.image.startsWith('built:')))(
        '$image then $phases ($oracle)',
        (c) => {
          expectPcr11(c)
        }
      )
    }
  )

  it('uki pcr11 --json, phases given one by one or as a path', async () => {
    const c = vectors.pcr11.find((x) => x.phases.length === 4)!
    const out: string[] = []
    const io: CliIO = {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      cwd: UKI_FIXTURES,
      env: {}
    }
    const phases = c.phases.flatMap((p) => ['--phase', p])
    expect(
      await cli(['uki', 'pcr11', '--image', c.image, ...phases, '--json'], io)
    ).toBe(0)
    expect(JSON.parse(out.join(''))).toEqual(c.expect)
    out.length = 0
    expect(
      await cli(
        [
          'uki',
          'pcr11',
          '--image',
          c.image,
          '--phase',
          c.phases.join(':'),
          '--bank',
          'sha384',
          '--json'
        ],
        io
      )
    ).toBe(0)
    expect(JSON.parse(out.join(''))).toEqual({ sha384: c.expect.sha384 })
    expect(
      await cli(['uki', 'pcr11', '--image', c.image, '--bank', 'sha1'], io)
    ).toBe(2)
  })
})

describe('PCR11 of UKIs whose PCR 11 the file alone does not decide', () => {
  it('refuses .hwids, .dtbauto and several .profile sections', () => {
    const uki = Buffer.from(fixture('synthetic/uki-257.efi'))
    const at = uki.indexOf(Buffer.from('.uname\0\0'))
    for (const name of ['.hwids', '.dtbauto']) {
      const m = Buffer.from(uki)
      m.write(name.padEnd(8, '\0'), at, 'latin1')
      expect(() => pcr11(m)).toThrow(/depends on the machine/)
    }
  })
})

describe('regression: which sections each stub version measures', () => {
  it('252 has no .uname/.sbat; 257 has them and .ucode, .profile', () => {
    expect(measuredSections(252)).toEqual([
      '.linux',
      '.osrel',
      '.cmdline',
      '.initrd',
      '.splash',
      '.dtb',
      '.pcrpkey'
    ])
    expect(measuredSections(257)).toEqual([
      '.linux',
      '.osrel',
      '.cmdline',
      '.initrd',
      '.ucode',
      '.splash',
      '.dtb',
      '.uname',
      '.sbat',
      '.pcrpkey',
      '.profile'
    ])
  })

  it('a 257 UKI adds .uname and .sbat after the 252 sections (replayed by hand)', () => {
    const uki = fixture('synthetic/uki-257.efi')
    const h = (b: Uint8Array | string) =>
      createHash('sha256').update(b).digest()
    let pcr = Buffer.alloc(32)
    const ext = (d: Buffer) => {
      pcr = h(Buffer.concat([pcr, d]))
    }
    const sbat = Buffer.from(
      'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\nsystemd-stub,1,The systemd Developers,systemd,257,https://systemd.io/\nlinux,1,The Linux Developers,linux,6.12,https://linux.org/\nuki,1,UKI,uki,1,https://uapi-group.org/specifications/specs/unified_kernel_image/\n\0'
    )
    for (const [name, data] of [
      ['.linux', fixture('synthetic/kernel.efi')],
      ['.osrel', fixture('synthetic/os-release')],
      ['.cmdline', Buffer.from('console=ttyS0 quiet')],
      ['.initrd', fixture('synthetic/initrd.img')],
      ['.uname', Buffer.from('6.12.0-synthetic')],
      ['.sbat', sbat]
    ] as const) {
      ext(h(`${name}\0`))
      ext(h(data))
    }
    expect(pcr11(uki, { banks: ['sha256'] })).toEqual({
      sha256: pcr.toString('hex')
    })
    // Read as a 252 stub would: without .uname and .sbat.
    expect(pcr11(uki, { stubVersion: 252 }).sha256).not.toBe(
      pcr.toString('hex')
    )
  })
})

const measure = process.env.SYSTEMD_MEASURE ?? ''
;(measure && existsSync(measure) ? describe : describe.skip)(
  'differential against systemd-measure calculate (needs SYSTEMD_MEASURE from .ci/uki-oracle.sh)',
  () => {
    it.each([
      ['', 'enter-initrd'],
      ['quiet', 'enter-initrd:leave-initrd:sysinit'],
      ['console=ttyS0 '.repeat(50).trim(), 'enter-initrd:leave-initrd']
    ])('cmdline %j, phases %s', (cmdline, phases) => {
      const initrd = Buffer.from(`initrd for ${cmdline}`)
      const uki = buildUki({
        stub: fixture('synthetic/stub-252.efi'),
        kernel: fixture('synthetic/kernel.efi'),
        initrd,
        cmdline
      })
      writeFileSync(join(dir, 'initrd'), initrd)
      writeFileSync(join(dir, 'cmdline'), cmdline)
      const args = [
        'calculate',
        `--linux=${join(UKI_FIXTURES, 'synthetic/kernel.efi')}`,
        `--initrd=${join(dir, 'initrd')}`,
        '--bank=sha256',
        '--bank=sha384',
        `--phase=${phases}`,
        '--json=short'
      ]
      if (cmdline) args.push(`--cmdline=${join(dir, 'cmdline')}`)
      const r = spawnSync(measure, args, { encoding: 'utf8' })
      expect(r.status).toBe(0)
      const want = JSON.parse(r.stdout) as Record<string, { hash: string }[]>
      expect(pcr11(uki, { phases: phases.split(':') })).toEqual({
        sha256: want.sha256[0].hash,
        sha384: want.sha384[0].hash
      })
    })
  }
)

const measure257 = process.env.SYSTEMD_MEASURE_257 ?? ''
;(measure257 && existsSync(measure257) ? describe : describe.skip)(
  'differential against systemd-measure 257 (needs SYSTEMD_MEASURE_257 from .ci/uki-oracle.sh)',
  () => {
    it.each([
      ['quiet', '6.12.0', 'enter-initrd'],
      ['', 'x'.repeat(64), 'enter-initrd:leave-initrd'],
      ['console=hvc0', '', 'enter-initrd:leave-initrd:sysinit:ready']
    ])('cmdline %j, uname %j, phases %s', (cmdline, uname, phases) => {
      const sbat =
        'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\napp,1,App,app,1,https://example.invalid/\n'
      const initrd = Buffer.from(`initrd ${cmdline} ${uname}`)
      const uki = buildUki({
        stub: fixture('synthetic/stub-257.efi'),
        kernel: fixture('synthetic/kernel.efi'),
        initrd,
        cmdline,
        uname,
        sbat
      })
      const merged = Buffer.from(
        'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\nsystemd-stub,1,The systemd Developers,systemd,257,https://systemd.io/\nlinux,1,The Linux Developers,linux,6.12,https://linux.org/\napp,1,App,app,1,https://example.invalid/\n\0'
      )
      writeFileSync(join(dir, 'initrd'), initrd)
      writeFileSync(join(dir, 'cmdline'), cmdline)
      writeFileSync(join(dir, 'uname'), uname)
      writeFileSync(join(dir, 'sbat'), merged)
      const args = [
        'calculate',
        `--linux=${join(UKI_FIXTURES, 'synthetic/kernel.efi')}`,
        `--initrd=${join(dir, 'initrd')}`,
        `--sbat=${join(dir, 'sbat')}`,
        '--bank=sha256',
        '--bank=sha384',
        `--phase=${phases}`,
        '--json=short'
      ]
      if (cmdline) args.push(`--cmdline=${join(dir, 'cmdline')}`)
      if (uname) args.push(`--uname=${join(dir, 'uname')}`)
      const r = spawnSync(measure257, args, { encoding: 'utf8' })
      expect(r.status).toBe(0)
      const want = JSON.parse(r.stdout) as Record<string, { hash: string }[]>
      expect(pcr11(uki, { phases: phases.split(':') })).toEqual({
        sha256: want.sha256[0].hash,
        sha384: want.sha384[0].hash
      })
    })
  }
)
