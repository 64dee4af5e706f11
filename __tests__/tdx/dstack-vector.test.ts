import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runCli } from '../snp/helpers.js'

// dstack-mr's own pinned values for the dstack 0.5.5 image. The image (a GitHub release
// asset) cannot be fetched here: set TDX_DSTACK_055 to the unpacked dstack-0.5.5 folder
// (the one with metadata.json) to run it. RTMR0 also needs the three ACPI blobs dstack-mr
// generates with its patched QEMU: put them in that folder as acpi-loader, acpi-rsdp and
// acpi-tables to compare it too.

const vector = JSON.parse(
  readFileSync(join(ROOT, '__fixtures__/vectors/tdx/dstack-0.5.5.json'), 'utf8')
) as { expected: Record<string, string> }
const dir = process.env.TDX_DSTACK_055 ?? ''
const have = existsSync(join(dir, 'metadata.json'))

;(have ? describe : describe.skip)(
  `dstack-mr pinned vector, dstack 0.5.5${have ? '' : ' (needs $TDX_DSTACK_055: the unpacked dstack-0.5.5 release image)'}`,
  () => {
    test('MRTD, RTMR1, RTMR2 (and RTMR0 when the ACPI blobs are there)', async () => {
      const acpi = ['loader', 'rsdp', 'tables'].map((n) =>
        join(dir, `acpi-${n}`)
      )
      const withAcpi = acpi.every((p) => existsSync(p))
      const args = ['tdx', 'measure', join(dir, 'metadata.json'), '-m', '2G']
      args.push('--two-pass-add-pages', 'true', '--json')
      if (withAcpi)
        args.push(
          '--acpi-loader',
          acpi[0],
          '--acpi-rsdp',
          acpi[1],
          '--acpi-tables',
          acpi[2]
        )
      const r = await runCli(args)
      expect(r.stderr).toBe('')
      const got = JSON.parse(r.stdout) as Record<string, string>
      const want = { ...vector.expected }
      if (!withAcpi) delete want.rtmr0
      expect(got).toEqual(want)
    })
  }
)
