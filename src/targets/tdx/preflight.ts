import { EnclaveBuildError } from '../../errors.js'
import { pinnedFile } from '../cvm/pinned.js'
import type { PreflightChecks } from '../preflight.js'
import { orderForQemu } from './measure.js'
import { parseTdvf } from './metadata.js'
import type { TdxOptions } from './options.js'
import { parseMemorySize } from './size.js'

/**
 * TDX's inputs checked before the Go build, so that none of them is found
 * wrong after it: the TDVF and the kernel are readable regular files with
 * the pinned sha256, the TDVF carries TDX metadata (an SEV OVMF does not),
 * the memory size and QEMU version parse, and the ACPI blobs come as all
 * three readable files or none.
 */
export async function tdxPreflight(
  o: TdxOptions,
  c: PreflightChecks
): Promise<void> {
  await c.check(async () =>
    parseTdvf(
      await pinnedFile(o['tdx-ovmf'], o['tdx-ovmf-sha256'], 'tdx-ovmf', {
        name: c.input
      })
    )
  )
  await c.check(() =>
    pinnedFile(o['tdx-kernel'], o['tdx-kernel-sha256'], 'tdx-kernel', {
      name: c.input
    })
  )
  await c.check(() => parseMemorySize(o['tdx-memory']))
  await c.check(() => orderForQemu(o['tdx-qemu-version']))
  const acpi = [
    ['tdx-acpi-tables', o['tdx-acpi-tables']],
    ['tdx-acpi-rsdp', o['tdx-acpi-rsdp']],
    ['tdx-acpi-loader', o['tdx-acpi-loader']]
  ] as const
  const given = acpi.filter(([, p]) => p !== undefined)
  if (given.length !== 0 && given.length !== 3)
    c.problem(
      new EnclaveBuildError(
        'INPUT_INVALID',
        `RTMR0 needs all three of ${c.input('tdx-acpi-tables')}, ${c.input('tdx-acpi-rsdp')} and ${c.input('tdx-acpi-loader')}`
      )
    )
  for (const [name, path] of given) await c.file(path!, name)
}
