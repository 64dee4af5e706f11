import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realFirmware, runCli } from './helpers.js'

// Debian's OVMF builds against the digests in the vectors README. .ci/snp-oracle.sh fetches
// them (apt-get download); SNP_OVMF_AMDSEV / SNP_OVMF_TRIXIE point elsewhere. Skips loudly.

const AMDSEV_SHA256 =
  '3e4fd0b3fe3b2dbe481c3d9e99418a034174f26cbe1f55aa212b0f18c12d2d6f'
const TRIXIE_SHA256 =
  '14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db'

const skips: string[] = []
function pinned(
  envVar: string,
  name: string,
  sha256: string
): string | undefined {
  const path = realFirmware(envVar, name)
  if (path === undefined) {
    skips.push(
      `SKIP snp real-firmware test: ${name} not found (set ${envVar} or run .ci/snp-oracle.sh)`
    )
    return undefined
  }
  const actual = createHash('sha256').update(readFileSync(path)).digest('hex')
  if (actual !== sha256) {
    skips.push(
      `SKIP snp real-firmware test: ${path} has sha256 ${actual}, not the documented ${sha256}`
    )
    return undefined
  }
  return path
}

const amdsev = pinned('SNP_OVMF_AMDSEV', 'OVMF.amdsev.fd', AMDSEV_SHA256)
const trixie = pinned('SNP_OVMF_TRIXIE', 'OVMF.fd', TRIXIE_SHA256)

// Why a suite is skipped is printed once; its name says what it needs.
for (const s of skips) console.warn(s)

let dir: string
let K: string
let I: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-real-'))
  K = join(dir, 'K')
  I = join(dir, 'I')
  writeFileSync(K, Buffer.from('SYNTHETIC-BZIMAGE-'.repeat(1000)))
  writeFileSync(
    I,
    Uint8Array.from({ length: 65536 }, (_, i) => i & 0xff)
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

;(amdsev === undefined ? describe.skip : describe)(
  `Debian sid OVMF.amdsev.fd${amdsev === undefined ? ' (needs $SNP_OVMF_AMDSEV from .ci/snp-oracle.sh)' : ''}`,
  () => {
    test('snp direct boot, 4 vCPUs EPYC-v4', async () => {
      const r = await runCli([
        'snp',
        'measure',
        '--mode',
        'snp',
        '--vcpus',
        '4',
        '--vcpu-type',
        'EPYC-v4',
        '--ovmf',
        amdsev as string,
        '--kernel',
        K,
        '--initrd',
        I,
        '--append',
        'console=ttyS0 root=/dev/vda',
        '--guest-features',
        '0x1'
      ])
      expect(r.stdout).toBe(
        '26bafcb912b6bd22b25f9e2d358407712c7c01adefeef354be0cc66b67eecc72d6866dc719ccec1e22e84fd6c89c58b0\n'
      )
    })
    test('sev direct boot', async () => {
      const r = await runCli([
        'snp',
        'measure',
        '--mode',
        'sev',
        '--ovmf',
        amdsev as string,
        '--kernel',
        K,
        '--initrd',
        I,
        '--append',
        'console=ttyS0'
      ])
      expect(r.stdout).toBe(
        '92589d0420c943b814b029db7f8a1953f0a4dfe1b3b7535c40970c9be76f648f\n'
      )
    })
  }
)

;(trixie === undefined ? describe.skip : describe)(
  `Debian trixie OVMF.fd${trixie === undefined ? ' (needs $SNP_OVMF_TRIXIE from .ci/snp-oracle.sh)' : ''}`,
  () => {
    test('snp, 2 vCPUs EPYC-Genoa', async () => {
      const r = await runCli([
        'snp',
        'measure',
        '--mode',
        'snp',
        '--vcpus',
        '2',
        '--vcpu-type',
        'EPYC-Genoa',
        '--ovmf',
        trixie as string
      ])
      expect(r.stdout).toBe(
        'ed426290151aa7f862f293e7d2ac87d5cb83e1aa630bcf905d1b29a354ab04ad5ee73f6352ac96d867d70694c49d4f14\n'
      )
    })
    test('direct boot is refused: no kernel-hashes section', async () => {
      const r = await runCli([
        'snp',
        'measure',
        '--mode',
        'snp',
        '--vcpus',
        '2',
        '--vcpu-type',
        'EPYC-Genoa',
        '--ovmf',
        trixie as string,
        '--kernel',
        K
      ])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(
        /^error\[FIRMWARE_INVALID\]: .*SNP_KERNEL_HASHES/
      )
    })
  }
)
