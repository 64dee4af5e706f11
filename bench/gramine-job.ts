/**
 * The Gramine enclave bench/gramine.ts measures: 64 threads and a synthetic
 * ELF64 PIE shaped like libpal, with the byte count MRENCLAVE hashes for it.
 */

export const THREADS = 64
const PAGE = 4096

/** A synthetic ELF64 PIE with libpal-like PT_LOAD segments (~1.6 MiB of file, 1 MiB bss). */
export function fakeLibpal(): Buffer {
  const segs = [
    { flags: 4, size: 0x50000, bss: 0 }, // R
    { flags: 5, size: 0x100000, bss: 0 }, // RX
    { flags: 4, size: 0x30000, bss: 0 }, // R
    { flags: 6, size: 0x10000, bss: 0x100000 } // RW + bss
  ]
  const fileSize = segs.reduce((a, s) => a + s.size, 0)
  const b = Buffer.alloc(fileSize)
  for (let i = 0x1000; i < fileSize; i += 8)
    b.writeUInt32LE((i * 2654435761) >>> 0, i)
  b.write('\x7fELF', 0, 'latin1')
  b[4] = 2
  b[5] = 1
  b[6] = 1
  b.writeUInt16LE(3, 16)
  b.writeUInt16LE(62, 18)
  b.writeUInt32LE(1, 20)
  b.writeBigUInt64LE(0x51000n, 24) // entry in RX
  b.writeBigUInt64LE(64n, 32)
  b.writeUInt16LE(64, 52)
  b.writeUInt16LE(56, 54)
  b.writeUInt16LE(segs.length, 56)
  // PIE: the first segment starts at offset and address 0 and holds the headers.
  let off = 0
  segs.forEach((s, i) => {
    const p = 64 + i * 56
    b.writeUInt32LE(1, p)
    b.writeUInt32LE(s.flags, p + 4)
    b.writeBigUInt64LE(BigInt(off), p + 8)
    b.writeBigUInt64LE(BigInt(off), p + 16)
    b.writeBigUInt64LE(BigInt(off), p + 24)
    b.writeBigUInt64LE(BigInt(s.size), p + 32)
    b.writeBigUInt64LE(BigInt(s.size + s.bss), p + 40)
    b.writeBigUInt64LE(0x1000n, p + 48)
    off += s.size
  })
  return b
}

export function manifestFor(size: string): string {
  return `[libos]\nentrypoint = "/app/hello"\n\n[loader.entrypoint]\nuri = "file:/usr/lib/x86_64-linux-gnu/gramine/libsysdb.so"\nsha256 = "${'0'.repeat(64)}"\n\n[fs]\nmounts = []\n\n[sgx]\nenclave_size = "${size}"\nmax_threads = ${THREADS}\nedmm_enable = false\n`
}

/** The number of bytes MRENCLAVE hashes: ECREATE + 5184 per measured page + 64 per free page. */
export function streamLength(
  enclaveSize: number,
  manifestBytes: number,
  palSpan: number
): number {
  const up = (x: number): number => Math.ceil(x / PAGE) * PAGE
  const measured =
    up(manifestBytes + 1) +
    THREADS * (2 * 0x4000 + 0x1000 + 0x1000 + 0x40000 + 0x10000) +
    palSpan
  const free = enclaveSize - 0x10000 - measured
  return 64 + (measured / PAGE) * 5184 + (free / PAGE) * 64
}

/** The PT_LOAD span of fakeLibpal(): file bytes plus bss. */
export const PAL_SPAN = 0x50000 + 0x100000 + 0x30000 + 0x10000 + 0x100000
