import { pinnedFile } from '../cvm/pinned.js'
import type { PreflightChecks } from '../preflight.js'
import type { UkiOptions } from './options.js'

/**
 * The UKI's inputs checked before the Go build: the stub and the kernel
 * are regular files within their limits with the pinned sha256, and each
 * optional file (os-release, SBAT, Secure Boot variables) is a regular file
 * within its limit.
 */
export async function ukiPreflight(
  o: UkiOptions,
  c: PreflightChecks
): Promise<void> {
  await c.check(() =>
    pinnedFile(o['uki-stub'], o['uki-stub-sha256'], 'uki-stub', {
      name: c.input
    })
  )
  await c.check(() =>
    pinnedFile(o['uki-kernel'], o['uki-kernel-sha256'], 'uki-kernel', {
      name: c.input
    })
  )
  for (const name of [
    'uki-os-release',
    'uki-sbat',
    'uki-secure-boot-pk',
    'uki-secure-boot-kek',
    'uki-secure-boot-db',
    'uki-secure-boot-dbx'
  ] as const) {
    const path = o[name]
    if (path !== undefined && path !== '') await c.file(path, name)
  }
}
