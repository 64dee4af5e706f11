import { EnclaveBuildError } from '../../errors.js'
import { nodeCrypto } from '../cvm/builtins.js'
import { guidBytesLe } from '../cvm/guid.js'

/**
 * The SEV hashes table QEMU writes into guest memory for a direct boot with
 * `kernel-hashes=on`; OVMF checks kernel, initrd and cmdline against it.
 * Layout as QEMU's target/i386/sev.c (SevHashTable) and sev_hashes.py.
 */

/** The three SHA-256 digests the table carries. */
export interface SevHashes {
  kernel: Uint8Array
  initrd: Uint8Array
  cmdline: Uint8Array
}

const TABLE_GUID = guidBytesLe('9438d606-4f22-4cc9-b479-a793d411fd21')
const CMDLINE_GUID = guidBytesLe('97d02dd8-bd20-4c94-aa78-e7714d36ab2a')
const INITRD_GUID = guidBytesLe('44baf731-3a2f-4bd7-9af1-41e29169781d')
const KERNEL_GUID = guidBytesLe('4de79437-abd2-427f-b835-d5b172d2045b')
const ENTRY_SIZE = 16 + 2 + 32
const TABLE_SIZE = 16 + 2 + 3 * ENTRY_SIZE // 168
/** The table padded to a 16-byte multiple, as QEMU places it. */
export const PADDED_TABLE_SIZE = (TABLE_SIZE + 15) & ~15 // 176

const sha256 = (data: Uint8Array): Uint8Array =>
  nodeCrypto().hash('sha256', data, 'buffer')

/**
 * The hashes of a direct boot: kernel file as is (QEMU does not patch the
 * setup header under SEV), initrd file or empty, cmdline with its NUL.
 */
export function sevHashes(
  kernel: Uint8Array,
  initrd: Uint8Array | undefined,
  append: string | undefined
): SevHashes {
  const cmdline = Buffer.concat([
    Buffer.from(append ?? '', 'utf8'),
    Buffer.from([0])
  ])
  return {
    kernel: sha256(kernel),
    initrd: sha256(initrd ?? new Uint8Array(0)),
    cmdline: sha256(cmdline)
  }
}

/** The 176-byte padded table. */
export function hashesTable(h: SevHashes): Uint8Array {
  const out = Buffer.alloc(PADDED_TABLE_SIZE)
  out.set(TABLE_GUID, 0)
  out.writeUInt16LE(TABLE_SIZE, 16)
  const entries: [Uint8Array, Uint8Array][] = [
    [CMDLINE_GUID, h.cmdline],
    [INITRD_GUID, h.initrd],
    [KERNEL_GUID, h.kernel]
  ]
  entries.forEach(([guid, digest], i) => {
    const at = 18 + i * ENTRY_SIZE
    out.set(guid, at)
    out.writeUInt16LE(ENTRY_SIZE, at + 16)
    out.set(digest, at + 18)
  })
  return out
}

/** A 4 KiB page holding the table at `offset` (the table GPA's offset in its page). */
export function hashesPage(h: SevHashes, offset: number): Uint8Array {
  if (offset + PADDED_TABLE_SIZE > 4096)
    throw new EnclaveBuildError(
      'FIRMWARE_INVALID',
      `the SEV hashes table at page offset 0x${offset.toString(16)} would cross its page; this firmware cannot be measured`
    )
  const page = new Uint8Array(4096)
  page.set(hashesTable(h), offset)
  return page
}
