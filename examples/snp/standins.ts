// Writes the SEV-SNP example's stand-in platform files into a directory:
// a synthetic 1 MiB OVMF-shaped firmware with an SEV metadata table and a
// kernel-hashes section, and 18 kB of filler as the kernel. They are the
// test vectors' generated inputs (fw-1M-std.fd, kernel-a.bin): NOT a real
// OVMF or Linux kernel, and a guest cannot boot from them. The example uses
// them only when the real Debian files (fetch-platform --target snp) cannot
// be downloaded and are not in its cache.
//   bash bench/run-ts.sh examples/snp/standins.ts DIR
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { allInputs } from '../../__tests__/snp/fwgen.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: standins.ts DIR')
mkdirSync(dir, { recursive: true })
const inputs = allInputs()
writeFileSync(join(dir, 'OVMF.standin.fd'), inputs['fw-1M-std.fd'])
writeFileSync(join(dir, 'bzImage.standin'), inputs['kernel-a.bin'])
