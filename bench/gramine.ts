/**
 * MRENCLAVE speed for big Gramine enclaves (64 threads, a libpal-sized ELF):
 * our time beside `openssl dgst -sha256` over a stream of exactly the bytes
 * MRENCLAVE hashes (the floor: one SHA-256 pass), beside one in-process
 * SHA-256 pass over as many bytes, and beside Gramine's own
 * gramine-sgx-sign when it is on PATH.
 *
 *   bash bench/run-ts.sh bench/gramine.ts [256M 4G 64G 256G]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureManifestSgx } from '../src/targets/gramine/pipeline.js'
import { parseSize } from '../src/targets/gramine/sgx-params.js'

const THREADS = 64
const PAGE = 4096

/** A synthetic ELF64 PIE with libpal-like PT_LOAD segments (~1.6 MiB of file, 1 MiB bss). */
function fakeLibpal(): Buffer {
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

function manifestFor(size: string): string {
  return `[libos]\nentrypoint = "/app/hello"\n\n[loader.entrypoint]\nuri = "file:/usr/lib/x86_64-linux-gnu/gramine/libsysdb.so"\nsha256 = "${'0'.repeat(64)}"\n\n[fs]\nmounts = []\n\n[sgx]\nenclave_size = "${size}"\nmax_threads = ${THREADS}\nedmm_enable = false\n`
}

/** The number of bytes MRENCLAVE hashes: ECREATE + 5184 per measured page + 64 per free page. */
function streamLength(
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

function seconds(f: () => void): number {
  const t = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t) / 1e9
}

const sizes =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ['256M', '4G', '64G', '256G']
const dir = mkdtempSync(join(tmpdir(), 'bench-gramine-'))
const libpal = fakeLibpal()
const libpalPath = join(dir, 'libpal.so')
writeFileSync(libpalPath, libpal)
const palSpan = 0x50000 + 0x100000 + 0x30000 + 0x10000 + 0x100000
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'index.js')
const sgxSign = spawnSync('sh', ['-c', 'command -v gramine-sgx-sign'])
  .stdout.toString()
  .trim()

console.log(
  `MRENCLAVE, ${THREADS} threads, libpal-sized ELF (${(libpal.length / 2 ** 20).toFixed(1)} MiB file)`
)
console.log(
  'size    bytes hashed   ours(in-proc)  ours(CLI)   openssl dgst  ratio   sha256 pass  ratio  gramine-sgx-sign'
)
// Warm up once (JIT), so the in-process column shows steady-state speed;
// the CLI column includes process start.
measureManifestSgx(Buffer.from(manifestFor('256M')), libpal)
for (const size of sizes) {
  const text = manifestFor(size)
  const manifestPath = join(dir, `m-${size}.manifest.sgx`)
  writeFileSync(manifestPath, text)
  const n = streamLength(parseSize(size), Buffer.byteLength(text), palSpan)
  let mr = ''
  const ours = seconds(() => {
    mr = measureManifestSgx(Buffer.from(text), libpal)
  })
  let cliTime = NaN
  if (existsSync(cli))
    try {
      cliTime = seconds(() =>
        execFileSync(
          process.execPath,
          [
            cli,
            'gramine',
            'measure',
            '--manifest-sgx',
            manifestPath,
            '--libpal',
            libpalPath,
            '--json'
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] }
        )
      )
    } catch {
      // a stale or broken dist/: report n/a
    }
  // openssl over a stream of the same length (the floor the issue names),
  // and one in-process SHA-256 pass over it (our own floor).
  const ssl = seconds(() =>
    execFileSync('sh', ['-c', `head -c ${n} /dev/zero | openssl dgst -sha256`])
  )
  const zeros = Buffer.alloc(4 << 20)
  const pass = seconds(() => {
    const h = createHash('sha256')
    for (let left = n; left > 0; left -= zeros.length)
      h.update(left >= zeros.length ? zeros : zeros.subarray(0, left))
    h.digest()
  })
  let ref = 'n/a'
  if (sgxSign) {
    const key = join(dir, 'k.pem')
    if (!existsSync(key)) execFileSync('gramine-sgx-gen-private-key', [key])
    ref = `${seconds(() =>
      execFileSync(sgxSign, [
        '--manifest',
        manifestPath,
        '--output',
        join(dir, 'o.sgx'),
        '--libpal',
        libpalPath,
        '--key',
        key,
        '--sigfile',
        join(dir, 'o.sig')
      ])
    ).toFixed(2)} s`
  }
  const gib = (n / 2 ** 30).toFixed(2)
  console.log(
    `${size.padEnd(7)} ${gib.padStart(8)} GiB   ${ours.toFixed(2).padStart(8)} s   ${Number.isNaN(cliTime) ? '   n/a  ' : `${cliTime.toFixed(2).padStart(6)} s`}   ${ssl.toFixed(2).padStart(8)} s   ${(ours / ssl).toFixed(2)}x  ${pass.toFixed(2).padStart(8)} s   ${(ours / pass).toFixed(2)}x  ${ref}`
  )
  if (!/^[0-9a-f]{64}$/.test(mr)) throw new Error('no MRENCLAVE')
}
if (process.env.KEEP) console.log(`kept ${dir}`)
else rmSync(dir, { recursive: true, force: true })
