import {
  writeCpio,
  writeCpioWithSlots,
  type CpioEntry
} from '../../archive/cpio.js'
import { EnclaveBuildError } from '../../errors.js'
import { allocForDigest } from '../../util/digest-worker.js'
import { openSized, readInto } from '../../util/read.js'

/**
 * The two ramdisks nitro-cli puts in every EIF, built from files instead of
 * Docker + linuxkit: the bootstrap ramdisk (AWS's init and nsm.ko; PCR1)
 * and the customer ramdisk (the Go binary under rootfs/ plus the cmd and
 * env files AWS's init reads; PCR2).
 */

/** What init runs when no cmd is given: the binary at the rootfs root. */
export const DEFAULT_BINARY_NAME = 'app'
/** Docker's default PATH, which nitro-cli copies from the image config. */
export const DEFAULT_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
]
/** linuxkit's defaultModTime (2017-04-18T16:30:00Z) for generated entries. */
export const LINUXKIT_MTIME = 1492533000
/**
 * mtime of the bootstrap ramdisk's entries in the 'reference' layout: fixed,
 * so PCR1 stays the same across commits (it identifies the platform blobs,
 * not the application). The 'linuxkit' layout has linuxkit's own.
 */
export const BOOTSTRAP_REFERENCE_MTIME = 1
/** The directories nitro-cli's customer YAML creates under rootfs/. */
const ROOTFS_DIRS = ['dev', 'proc', 'run', 'sys', 'tmp', 'var']

/**
 * One element per line, each ended by "\n", as nitro-cli's write_config
 * writes `Config.Cmd` / `Config.Env`; AWS's init splits on newlines.
 */
export function configFile(lines: string[]): Uint8Array {
  for (const l of lines)
    if (l.includes('\n') || l.includes('\0'))
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        'cmd and env elements must not contain newlines or NUL (init reads one per line)'
      )
  return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''))
}

/** Inputs of the customer ramdisk. */
export interface CustomerRamdiskSpec {
  binary: Uint8Array
  /** File name of the binary in rootfs/ (default "app"). */
  binaryName?: string
  /** argv of the enclave program (default ["/<binaryName>"]). */
  cmd?: string[]
  /** KEY=value lines (default: Docker's PATH). */
  env?: string[]
  /** mtime of every entry, seconds (the commit time). */
  mtime: number
  /**
   * More entries inside rootfs/, paths relative to it (a cgo binary's
   * loader and libraries); none may be one of the fixed rootfs entries.
   */
  extra?: CpioEntry[]
}

/** Entries of rootfs/ that {@link CustomerRamdiskSpec.extra} must not repeat. */
export const ROOTFS_FIXED: readonly string[] = ROOTFS_DIRS

/** The customer ramdisk's entries (before sorting). */
export function customerEntries(spec: CustomerRamdiskSpec): CpioEntry[] {
  return entries(spec, { data: spec.binary })
}

/** The entries, with the binary given as bytes or as a size to fill later. */
function entries(
  spec: Omit<CustomerRamdiskSpec, 'binary'>,
  binary: { data: Uint8Array } | { size: number }
): CpioEntry[] {
  const name = spec.binaryName ?? DEFAULT_BINARY_NAME
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `binary name "${name}" must be one file name (letters, digits, ".", "_", "-")`
    )
  if (ROOTFS_DIRS.includes(name))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `binary name "${name}" collides with rootfs/${name}; choose another`
    )
  const cmd = spec.cmd ?? [`/${name}`]
  if (cmd.length === 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'cmd must name the program to run'
    )
  return [
    { path: 'cmd', type: 'file', mode: 0o644, data: configFile(cmd) },
    {
      path: 'env',
      type: 'file',
      mode: 0o644,
      data: configFile(spec.env ?? DEFAULT_ENV)
    },
    { path: 'rootfs', type: 'dir', mode: 0o755 },
    { path: `rootfs/${name}`, type: 'file', mode: 0o755, ...binary },
    ...ROOTFS_DIRS.map((d): CpioEntry => ({
      path: `rootfs/${d}`,
      type: 'dir',
      mode: 0o755
    })),
    ...(spec.extra ?? []).map((e): CpioEntry => {
      if (e.path === name || ROOTFS_DIRS.includes(e.path))
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          `extra rootfs entry "${e.path}" clashes with the fixed tree`
        )
      return { ...e, path: `rootfs/${e.path}` }
    })
  ]
}

/** The customer ramdisk as a newc archive (GNU cpio conventions). */
export function customerRamdisk(spec: CustomerRamdiskSpec): Uint8Array {
  return writeCpio(customerEntries(spec), { mtime: spec.mtime })
}

/**
 * The same archive, with the binary read from `path` straight into its
 * place in the archive: the one copy of its bytes in memory, which the EIF
 * writer and both PCR hashers then share.
 */
export async function customerRamdiskFromFile(
  spec: Omit<CustomerRamdiskSpec, 'binary'>,
  path: string
): Promise<Uint8Array> {
  const opened = await openSized(path, 'Go binary')
  let archive: Uint8Array
  let slot: { offset: number; size: number } | undefined
  try {
    const name = spec.binaryName ?? DEFAULT_BINARY_NAME
    // Shared memory when the digest worker is up, so that it hashes PCR2
    // in place while this thread hashes PCR0.
    const built = writeCpioWithSlots(entries(spec, { size: opened.size }), {
      mtime: spec.mtime,
      alloc: allocForDigest
    })
    archive = built.archive
    slot = built.slots.get(`rootfs/${name}`)
    if (slot === undefined)
      throw new EnclaveBuildError(
        'INTERNAL',
        'the customer ramdisk has no slot for the binary; please report this'
      )
  } catch (err) {
    await opened.fh.close()
    throw err
  }
  const { offset, size } = slot
  await readInto(
    opened,
    archive.subarray(offset, offset + size),
    path,
    'Go binary'
  )
  return archive
}

/**
 * How the bootstrap ramdisk is laid out:
 * - 'reference': our canonical writer (sorted, inodes from 0, mtime given),
 *   the same conventions as the customer ramdisk;
 * - 'linuxkit': what nitro-cli's linuxkit writes for its bootstrap YAML
 *   (gocpio: entries dev, init, nsm.ko in YAML order, inodes from 721,
 *   dev 3:1, mtime 2017-04-18T16:30:00Z), so PCR1 can equal nitro-cli's for
 *   the same blobs. Not yet checked against a real nitro-cli PCR1.
 */
export type BootstrapLayout = 'reference' | 'linuxkit'

/** Inputs of the bootstrap ramdisk. */
export interface BootstrapRamdiskSpec {
  init: Uint8Array
  nsm: Uint8Array
  layout: BootstrapLayout
  /** mtime for the 'reference' layout (linuxkit's is fixed). */
  mtime: number
}

/** The bootstrap ramdisk: dev/ (0755), init (0755), nsm.ko (0755). */
export function bootstrapRamdisk(spec: BootstrapRamdiskSpec): Uint8Array {
  const entries: CpioEntry[] = [
    { path: 'dev', type: 'dir', mode: 0o755 },
    { path: 'init', type: 'file', mode: 0o755, data: spec.init },
    { path: 'nsm.ko', type: 'file', mode: 0o755, data: spec.nsm }
  ]
  return spec.layout === 'linuxkit'
    ? writeCpio(entries, { mtime: LINUXKIT_MTIME, style: 'gocpio' })
    : writeCpio(entries, { mtime: spec.mtime })
}
