import { afterAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ROOT, runCli } from '../snp/helpers.js'

// Independent vectors for every TDX register: MRTD and RTMR0-2 from dstack-mr,
// the GCE MRTD from gce-tcb-verifier, on Debian's trixie OVMF and signed
// 6.12 cloud kernel, with QEMU's own ACPI blobs (see the vectors' SOURCE.md).
// No network: the firmware and kernel come from .ci/tdx-oracle.sh's cache.

const VEC = join(ROOT, '__fixtures__/vectors/tdx/debian')
interface Vec {
  name: string
  firmware: string
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
const { vectors } = JSON.parse(
  readFileSync(join(VEC, 'vectors.json'), 'utf8')
) as { vectors: Vec[] }
const inputs = JSON.parse(
  readFileSync(join(VEC, 'inputs.json'), 'utf8')
) as Record<string, { sha256: string; file?: string }>

/** The pinned file from $VAR, if it is there with its documented sha256. */
function pinned(envVar: string, id: string): string | undefined {
  const p = process.env[envVar]
  if (!p || !existsSync(p)) return undefined
  const sum = createHash('sha256').update(readFileSync(p)).digest('hex')
  return sum === inputs[id].sha256 ? p : undefined
}
const firmware = pinned('TDX_OVMF_TRIXIE', 'fw-trixie')
const kernel = pinned('TDX_KERNEL', 'k-6.12')
const dir = mkdtempSync(join(tmpdir(), 'tdx-debian-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The three ACPI blobs of a set, unpacked into the temp directory. */
function acpiArgs(set: string): string[] {
  const out: string[] = []
  for (const [flag, name] of [
    ['--acpi-tables', 'tables'],
    ['--acpi-rsdp', 'rsdp'],
    ['--acpi-loader', 'loader']
  ]) {
    const p = join(dir, `${set}-${name}.bin`)
    writeFileSync(
      p,
      gunzipSync(readFileSync(join(VEC, 'acpi', set, `${name}.bin.gz`)))
    )
    out.push(flag, p)
  }
  return out
}

/** The command line of a vector, as the vectors' README gives it. */
function args(v: Vec): string[] {
  const common = [
    '-c',
    String(v.cpu),
    '-m',
    v.memory as string,
    ...(v.flags ?? []),
    ...acpiArgs(v.acpi as string),
    '--json'
  ]
  const initrd = join(VEC, inputs[v.initrd as string].file as string)
  if (v.mode === 'metadata') {
    // dstack's image layout: the files beside metadata.json, named there.
    const img = mkdtempSync(join(dir, `${v.name}-`))
    copyFileSync(firmware as string, join(img, 'OVMF.fd'))
    copyFileSync(kernel as string, join(img, 'vmlinuz'))
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
    return ['tdx', 'measure', join(img, 'metadata.json'), ...common]
  }
  // dstack-mr measures "<cmdline> initrd=initrd" into RTMR2.
  return [
    'tdx',
    'measure',
    '--bios',
    firmware as string,
    '--kernel',
    kernel as string,
    '--initrd',
    initrd,
    '--cmdline',
    `${v.cmdline} initrd=initrd`,
    ...common
  ]
}

const direct = vectors.filter((v) => v.gce_shape === undefined)
const gce = vectors.filter((v) => v.gce_shape !== undefined)

;(firmware && kernel ? describe : describe.skip)(
  `dstack-mr: QEMU direct boot on Debian trixie OVMF and kernel 6.12${firmware && kernel ? '' : ' (needs $TDX_OVMF_TRIXIE and $TDX_KERNEL from .ci/tdx-oracle.sh)'}`,
  () => {
    test.each(direct.map((v) => [v.name, v] as const))(
      '%s: MRTD, RTMR0, RTMR1, RTMR2',
      async (_name, v) => {
        const r = await runCli(args(v))
        expect(r.stderr).toBe('')
        expect(JSON.parse(r.stdout)).toEqual(v.expected)
      }
    )
  }
)

;(firmware ? describe : describe.skip)(
  `gce-tcb-verifier: GCE MRTD on Debian trixie OVMF${firmware ? '' : ' (needs $TDX_OVMF_TRIXIE from .ci/tdx-oracle.sh)'}`,
  () => {
    test.each(gce.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
      const r = await runCli([
        'tdx',
        'measure',
        '--bios',
        firmware as string,
        ...(v.gce_shape ? ['--gce-shape', v.gce_shape] : []),
        '--json'
      ])
      expect(r.stderr).toBe('')
      expect(JSON.parse(r.stdout)).toEqual(v.expected)
    })
  }
)
