import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A TypeScript twin of __fixtures__/vectors/nitro/gen_inputs.py: the Nitro
 * stand-in inputs (all bytes are ours), generated instead of committed.
 * Their sha256 are pinned in inputs.sha256.json, so a generator that drifts
 * from the Python one (which made the vectors) fails loudly. The jest
 * global setup and bench/nitro.ts call ensureNitroInputs() first.
 */

/** Where the vectors and their inputs live. */
export const NITRO_VECTORS = join(import.meta.dirname, 'vectors', 'nitro')

/** The inputs directory (generated files beside the committed cpio/PEM ones). */
export const NITRO_INPUTS = join(NITRO_VECTORS, 'inputs')

/** sha256(seed ‖ u64le counter) blocks, cut to n bytes (gen_inputs.py's prng). */
function prng(seed: string, n: number): Buffer {
  const out: Buffer[] = []
  const ctr = Buffer.alloc(8)
  for (let c = 0; c * 32 < n; c++) {
    ctr.writeBigUInt64LE(BigInt(c))
    out.push(createHash('sha256').update(seed).update(ctr).digest())
  }
  return Buffer.concat(out).subarray(0, n)
}

const text = (s: string): Buffer => Buffer.from(s, 'latin1')

/** The generated stand-ins, by file name (gen_inputs.py without --big). */
export function nitroStandins(): Record<string, Buffer> {
  return {
    'kernel-tiny.bin': Buffer.from(
      Array.from({ length: 1024 }, (_, i) => i % 256)
    ),
    'kernel-odd.bin': prng('kernel-odd', 70001),
    'ramdisk-a.bin': text('bootstrap-ramdisk\n'.repeat(10)),
    'ramdisk-b.bin': text('app-ramdisk\n'.repeat(7)),
    'ramdisk-c.bin': Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    'init-standin.bin': Buffer.concat([
      text('\x7fELF stand-in init\n'),
      prng('init', 9000)
    ]),
    'nsm-standin.ko': Buffer.concat([
      text('\x7fELF stand-in nsm.ko\n'),
      prng('nsm', 12345)
    ]),
    'app-standin.bin': Buffer.concat([
      text('\x7fELF stand-in static Go binary\n'),
      prng('app', 300001)
    ])
  }
}

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

/**
 * Writes every stand-in that is missing or differs, then checks each file
 * against its pinned sha256. Idempotent; cheap when they are in place.
 */
export function ensureNitroInputs(dir = NITRO_INPUTS): void {
  const pins = JSON.parse(
    readFileSync(join(NITRO_VECTORS, 'inputs.sha256.json'), 'utf8')
  ) as Record<string, string>
  const made = nitroStandins()
  for (const [name, bytes] of Object.entries(made)) {
    if (pins[name] !== sha256(bytes))
      throw new Error(
        `the generated Nitro stand-in ${name} is not the pinned one (gen_inputs.py and this twin disagree)`
      )
    const path = join(dir, name)
    if (!existsSync(path) || sha256(readFileSync(path)) !== pins[name])
      writeFileSync(path, bytes)
  }
  for (const name of Object.keys(pins))
    if (!(name in made))
      throw new Error(`inputs.sha256.json pins ${name}, which nothing makes`)
}
