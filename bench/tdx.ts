/**
 * Intel TDX benchmark: MRTD + RTMR0-2 of a direct-boot TD.
 *   bash bench/run-ts.sh bench/tdx.ts [runs]
 * Prints medians (and minima, the least noisy on a shared machine):
 *  - in-process: measureTdx() (firmware, 12 MiB kernel, 8 MiB initrd, ACPI blobs) vs one
 *    SHA-384 pass over firmware + kernel + initrd (goal <= 1.5x);
 *  - whole process: `node dist/cli/index.js tdx measure` vs `openssl dgst -sha384` on the
 *    same files, when dist/ is built.
 * Uses Debian's OVMF.inteltdx.ms.fd when .ci/tdx-oracle.sh has fetched it, else a
 * synthetic 4 MiB TDVF image with Google's fake layout.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { googleLikeSections, tdvfImage } from '../__tests__/tdx/fwgen.js'
import { acpiDigests, measureTdx } from '../src/targets/tdx/measure.js'

const runs = Number(process.argv[2] ?? 11)
const root = join(import.meta.dirname, '..')
const work = join(root, 'bench/.work/tdx')
mkdirSync(work, { recursive: true })

const real = join(root, '.tools/tdx-ovmf/OVMF.inteltdx.ms.fd')
const fwPath = existsSync(real) ? real : join(work, 'fw-4M.fd')
if (!existsSync(real))
  writeFileSync(fwPath, tdvfImage(4 << 20, googleLikeSections(4 << 20)))

/** A PE32+ bzImage-shaped file: setup header, one section over the rest. */
function kernelOf(size: number): Buffer {
  const k = createHash('shake256', { outputLength: size })
    .update('bench-kernel')
    .digest()
  k.fill(0, 0, 0x1000)
  k.writeUInt32LE(0x80, 0x3c)
  k.writeUInt32LE(0x4550, 0x80)
  k.writeUInt16LE(1, 0x86)
  k.writeUInt16LE(240, 0x94)
  k.writeUInt16LE(0x20b, 0x98)
  k.writeUInt32LE(0x1000, 0x98 + 60)
  k.writeUInt32LE(size - 0x1000, 0x98 + 240 + 16)
  k.writeUInt32LE(0x1000, 0x98 + 240 + 20)
  k.writeUInt16LE(0x20c, 0x206)
  k.writeUInt16LE(0x40, 0x236)
  return k
}
const kPath = join(work, 'bzImage')
const iPath = join(work, 'initrd')
writeFileSync(kPath, kernelOf(12 << 20))
writeFileSync(
  iPath,
  createHash('shake256', { outputLength: 8 << 20 })
    .update('initrd')
    .digest()
)
const acpi = ['loader', 'rsdp', 'tables'].map((n, i) => {
  const p = join(work, n)
  writeFileSync(p, Buffer.alloc([4096, 36, 131072][i], i + 1))
  return p
})
const fw = readFileSync(fwPath)
const kernel = readFileSync(kPath)
const initrd = readFileSync(iPath)

const minima = new Map<number, number>()
function timeIt(f: () => void): number {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    f()
    xs.push(performance.now() - t)
  }
  xs.sort((a, b) => a - b)
  const med = xs[Math.floor(xs.length / 2)]
  minima.set(med, xs[0])
  return med
}
const min = (median: number): number => minima.get(median) ?? NaN
const ms = (x: number): string => `${x.toFixed(1)} ms`
const mib = (fw.length + kernel.length + initrd.length) / 2 ** 20
console.log(
  `firmware: ${fwPath}; ${mib.toFixed(1)} MiB in all; ${runs} runs, medians`
)

const blobs = acpi.map((p) => readFileSync(p))
const input = {
  firmware: fw,
  memory: 2n << 30n,
  kernel,
  initrd,
  cmdline: 'console=hvc0',
  acpi: acpiDigests(blobs[0], blobs[1], blobs[2])
}
measureTdx(input)
const ours = timeIt(() => measureTdx(input))
const one = timeIt(() =>
  createHash('sha384').update(fw).update(kernel).update(initrd).digest()
)
console.log(
  `in-process  measureTdx ${ms(ours)} | one sha384 pass ${ms(one)} | ratio ${(ours / one).toFixed(2)}x, of minima ${(min(ours) / min(one)).toFixed(2)}x (goal <= 1.5x)`
)

function wall(cmd: string, argv: string[]): number {
  return timeIt(() => {
    const r = spawnSync(cmd, argv, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
  })
}
const cli = process.env.TDX_BENCH_CLI ?? join(root, 'dist/cli/index.js')
const ssl = wall('openssl', ['dgst', '-sha384', fwPath, kPath, iPath])
let node: number | undefined
if (existsSync(cli)) {
  const args = [
    'tdx',
    'measure',
    '--bios',
    fwPath,
    '--kernel',
    kPath,
    '--initrd',
    iPath
  ]
  args.push(
    '--acpi-loader',
    acpi[0],
    '--acpi-rsdp',
    acpi[1],
    '--acpi-tables',
    acpi[2]
  )
  try {
    node = wall(process.execPath, [cli, ...args])
  } catch (err) {
    console.log(
      `whole-process: ${cli} cannot run tdx measure (rebuild dist/): ${(err as Error).message.split('\n')[0]}`
    )
  }
}
if (node !== undefined)
  console.log(
    `whole-process  enclave-build tdx measure ${ms(node)} (min ${ms(min(node))}) | openssl dgst -sha384 same files ${ms(ssl)} (min ${ms(min(ssl))}) | ratio ${(node / ssl).toFixed(2)}x`
  )
else console.log(`openssl dgst -sha384 same files ${ms(ssl)}`)
