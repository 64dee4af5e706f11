// Writes the Intel TDX example's stand-in platform files into a directory:
// a synthetic 256 KiB TDVF-shaped firmware with TDX metadata (the tests'
// generator, Google's fake section layout) and an 8 KiB stub with just the
// PE and Linux setup headers QEMU patches, as the kernel. NOT a real OVMF or
// Linux kernel: a TD cannot boot from them. The example uses them only when
// the real Debian files (fetch-platform --target tdx) cannot be downloaded
// and are not in its cache. RTMR0 needs QEMU's ACPI blobs (docs/tdx.md),
// which the example does not have, so it is left out.
//   bash bench/run-ts.sh examples/tdx/standins.ts DIR
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { googleLikeSections, tdvfImage } from '../../__tests__/tdx/fwgen.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: standins.ts DIR')
mkdirSync(dir, { recursive: true })
writeFileSync(
  join(dir, 'OVMF.tdx.standin.fd'),
  tdvfImage(0x40000, googleLikeSections(0x40000))
)
// The smallest image the kernel reader takes: a PE header (optional header
// magic PE32+, one section table entry's worth of size) and the setup
// header's protocol version 2.12.
const kernel = Buffer.alloc(0x2000)
kernel.writeUInt32LE(0x80, 0x3c)
kernel.writeUInt32LE(0x4550, 0x80)
kernel.writeUInt16LE(240, 0x84 + 16)
kernel.writeUInt16LE(0x20b, 0x98)
kernel.writeUInt32LE(0x1000, 0x98 + 60)
kernel.write('HdrS', 0x202, 'latin1') // the Linux boot header QEMU looks for
kernel.writeUInt16LE(0x20c, 0x206)
writeFileSync(join(dir, 'bzImage.standin'), kernel)
