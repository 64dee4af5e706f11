/**
 * The newc (SVR4 "070701") cpio format's fixed pieces, shared by the writer
 * (cpio.ts) and the reader (cpio-reader.ts).
 */

/** One archive member. */
export interface CpioEntry {
  /** Relative path, no leading slash, '/'-separated (e.g. "rootfs/app"). */
  path: string
  type: 'file' | 'dir' | 'symlink'
  /** Permission bits only, e.g. 0o755 (the type bits are added from `type`). */
  mode: number
  /** File content (files only). */
  data?: Uint8Array
  /**
   * Instead of `data`: the content size of a file whose bytes the caller
   * puts in place afterwards (see writeCpioWithSlots), so a large file can
   * be read from disk straight into the archive instead of being copied.
   */
  size?: number
  /** Link target (symlinks only). */
  target?: string
  /** Modification time in seconds; overrides the archive-wide mtime. */
  mtime?: number
}

/** newc magic, fixed header size and the name of the end marker. */
export const MAGIC = '070701'
export const HEADER_SIZE = 110
export const TRAILER = 'TRAILER!!!'
/** File type bits of the mode field. */
export const TYPE_BITS = {
  file: 0o100000,
  dir: 0o040000,
  symlink: 0o120000
} as const
/** Rounds up to a multiple of 4 (newc aligns names and data to 4 bytes). */
export const pad4 = (n: number): number => (n + 3) & ~3
