/**
 * The Nitro job bench/index.ts times in-process: a 20 MiB stand-in binary →
 * customer ramdisk → EIF + PCR0/1/2 → disk, as the action's nitro target
 * does it, beside reading the binary and one SHA-384 pass over it. Warm: the
 * digest worker is up (the action starts it before the Go build) and hashes
 * PCR2 beside PCR0; cold: no worker (a one-shot CLI run).
 * process.cpuUsage() counts every thread, the worker's too.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureNitroInputs } from '../__fixtures__/nitro-inputs.js'
import { writeEif } from '../src/targets/nitro/eif-writer.js'
import {
  bootstrapRamdisk,
  customerRamdiskFromFile
} from '../src/targets/nitro/ramdisk.js'
import {
  digestWorkerReady,
  stopDigestWorker,
  warmDigestWorker
} from '../src/util/digest-worker.js'
import type { Cpu } from './cpu.js'

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function cpuOfAsync(fn: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage()
  await fn()
  const d = process.cpuUsage(start)
  return (d.user + d.system) / 1000
}

/** Deterministic pseudo-random bytes (a stand-in for a Go binary). */
export function standIn(n: number): Buffer {
  const out = Buffer.alloc(n)
  let seed = createHash('sha256').update('nitro-bench').digest()
  for (let at = 0; at < n; at += 32) {
    seed = createHash('sha256').update(seed).digest()
    seed.copy(out, at)
  }
  return out
}

/** Ours and the floor, warm and cold, in paired rounds. */
export async function nitroJob(
  work: string,
  rounds: number,
  sizeMiB = 20
): Promise<Record<'warm' | 'cold', { ours: Cpu; floor: Cpu }>> {
  mkdirSync(work, { recursive: true })
  const inputs = join(
    import.meta.dirname,
    '..',
    '__fixtures__',
    'vectors',
    'nitro',
    'inputs'
  )
  ensureNitroInputs(inputs)
  const binPath = join(work, `app-${sizeMiB}M.bin`)
  if (!existsSync(binPath))
    writeFileSync(binPath, standIn(sizeMiB * 1024 * 1024))
  const kernel = readFileSync(join(inputs, 'kernel-odd.bin'))
  const init = readFileSync(join(inputs, 'init-standin.bin'))
  const nsm = readFileSync(join(inputs, 'nsm-standin.ko'))
  const eifPath = join(work, 'bench.eif')
  let pcr0 = ''
  const ours = async (): Promise<void> => {
    const customer = await customerRamdiskFromFile({ mtime: 1 }, binPath)
    const built = await writeEif(eifPath, {
      kernel: [kernel],
      cmdline: 'reboot=k panic=30 pci=off nomodules console=ttyS0',
      ramdisks: [
        [bootstrapRamdisk({ init, nsm, layout: 'linuxkit', mtime: 1 })],
        [customer]
      ],
      arch: 'x86_64',
      metadata: {
        imageName: 'bench',
        imageVersion: '1.0',
        buildTime: '1970-01-01T00:00:00+00:00',
        buildTool: 'enclave-build',
        buildToolVersion: '0.1.0',
        operatingSystem: 'Generic Linux',
        kernelVersion: 'Unknown version'
      }
    })
    if (pcr0 !== '' && built.pcrs.PCR0 !== pcr0)
      throw new Error('PCR0 differs between runs')
    pcr0 = built.pcrs.PCR0
  }
  const floor = (): Promise<void> => {
    createHash('sha384').update(readFileSync(binPath)).digest()
    return Promise.resolve()
  }
  const series = async (): Promise<{ ours: Cpu; floor: Cpu }> => {
    await ours()
    await floor()
    const o: number[] = []
    const f: number[] = []
    for (let i = 0; i < rounds; i++) {
      o.push(await cpuOfAsync(ours))
      f.push(await cpuOfAsync(floor))
    }
    return {
      ours: { median: median(o), min: Math.min(...o) },
      floor: { median: median(f), min: Math.min(...f) }
    }
  }
  await warmDigestWorker()
  if (!digestWorkerReady()) throw new Error('the digest worker did not start')
  const warm = await series()
  await stopDigestWorker()
  const cold = await series()
  return { warm, cold }
}
