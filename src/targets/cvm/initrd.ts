import { writeCpio, type CpioEntry } from '../../archive/cpio.js'
import { EnclaveBuildError } from '../../errors.js'

/**
 * The initrd of a direct-boot SEV-SNP guest whose only program is the Go
 * binary: an uncompressed newc cpio with the binary as /init and the mount
 * points it needs. The kernel's built-in initramfs already provides
 * /dev/console, so no device nodes are needed here. Its SHA-256 enters the
 * SEV hashes table, so the bytes must be the same on every machine: fixed
 * order, owners, inodes and times (src/archive/cpio.ts, GNU style).
 */

/** Options of the initrd. */
export interface InitrdOptions {
  /** mtime of every entry, seconds since the epoch (default 0). */
  mtime?: number
  /** More files (e.g. CA certificates under etc/ssl), relative paths. */
  extra?: CpioEntry[]
}

/** The fixed skeleton: directories the init process mounts or writes to. */
export const SKELETON: readonly CpioEntry[] = [
  { path: 'dev', type: 'dir', mode: 0o755 },
  { path: 'etc', type: 'dir', mode: 0o755 },
  { path: 'proc', type: 'dir', mode: 0o555 },
  { path: 'root', type: 'dir', mode: 0o700 },
  { path: 'run', type: 'dir', mode: 0o755 },
  { path: 'sys', type: 'dir', mode: 0o555 },
  { path: 'tmp', type: 'dir', mode: 0o1777 }
]

/** Builds the initrd bytes with `init` (the Go binary) as /init. */
export function buildInitrd(
  init: Uint8Array,
  options: InitrdOptions = {}
): Uint8Array {
  if (init.length === 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the init binary is empty; pass the built Go binary'
    )
  const extra = options.extra ?? []
  for (const e of extra)
    if (e.path === 'init' || SKELETON.some((s) => s.path === e.path))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `extra initrd entry "${e.path}" clashes with the fixed tree`
      )
  const entries: CpioEntry[] = [
    ...SKELETON,
    { path: 'init', type: 'file', mode: 0o755, data: init },
    ...extra
  ]
  return writeCpio(entries, { mtime: options.mtime ?? 0 })
}
