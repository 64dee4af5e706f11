import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GUIDS, guidBytesLe } from '../../src/targets/cvm/guid.js'

/**
 * A TypeScript twin of __fixtures__/vectors/snp/gen_firmware.py and
 * gen_extra.py: synthetic OVMF-shaped images, byte for byte the same (the
 * vector test checks the sha256 of every file against inputs.sha256.json).
 * Also used by the differential and property tests to make new firmware.
 */

export const SEC_MEM = 1
export const SECRETS = 2
export const CPUID = 3
export const SVSM_CAA = 4
export const KERNEL_HASHES = 0x10

/** [gpa, size, type] */
export type Section = [number, number, number]

/** sha256(seed ‖ u64le counter) blocks, cut to n bytes. */
export function filler(seed: string | Uint8Array, n: number): Buffer {
  const s = typeof seed === 'string' ? Buffer.from(seed) : Buffer.from(seed)
  const out = Buffer.alloc(Math.ceil(n / 32) * 32)
  const ctr = Buffer.alloc(8)
  for (let c = 0; c * 32 < n; c++) {
    ctr.writeBigUInt64LE(BigInt(c))
    createHash('sha256')
      .update(s)
      .update(ctr)
      .digest()
      .copy(out, c * 32)
  }
  return out.subarray(0, n)
}

const u32s = (...xs: number[]): Buffer => {
  const b = Buffer.alloc(4 * xs.length)
  xs.forEach((x, i) => b.writeUInt32LE(x >>> 0, 4 * i))
  return b
}

/** A footer-table entry: data, u16 size (data + 18), GUID. */
export function entry(guid: string, data: Uint8Array): Buffer {
  const size = Buffer.alloc(2)
  size.writeUInt16LE(data.length + 18)
  return Buffer.concat([data, size, guidBytesLe(guid)])
}

/** An entry whose data may depend on the metadata offset-from-end. */
export type EntrySpec = [string, (offsetFromEnd: number) => Uint8Array]

/** Firmware description (gen_extra.py's variant()). */
export interface FwSpec {
  size: number
  seed: string | Uint8Array
  sections: Section[]
  entries: EntrySpec[]
  metadataAt?: number
  signature?: string
  version?: number
  declared?: number
  footer?: boolean
}

/** Builds an image from a description. */
export function firmware(spec: FwSpec): Buffer {
  const { size, sections } = spec
  const at = spec.metadataAt ?? 0x1000
  const img = filler(spec.seed, size)
  const meta = Buffer.concat([
    Buffer.from(spec.signature ?? 'ASEV', 'latin1'),
    u32s(
      16 + 12 * sections.length,
      spec.version ?? 1,
      spec.declared ?? sections.length
    ),
    ...sections.map(([g, s, t]) => u32s(g, s, t))
  ])
  meta.copy(img, at)
  let table = Buffer.concat(
    spec.entries.map(([g, d]) => entry(g, d(size - at)))
  )
  if (spec.footer ?? true) {
    const len = Buffer.alloc(2)
    len.writeUInt16LE(table.length + 18)
    table = Buffer.concat([table, len, guidBytesLe(GUIDS.footerTable)])
  }
  table.copy(img, size - 32 - table.length)
  return img
}

/** The footer entries of gen_firmware.py, in a given order. */
export function stdEntries(
  ht: [number, number] = [0x80cc00, 0x400],
  eip = 0x80b004,
  order: string[] = [
    GUIDS.sevHashTable,
    GUIDS.sevEsResetBlock,
    GUIDS.sevMetadata
  ]
): EntrySpec[] {
  const all: Record<string, EntrySpec> = {
    [GUIDS.sevHashTable]: [GUIDS.sevHashTable, () => u32s(...ht)],
    [GUIDS.sevEsResetBlock]: [GUIDS.sevEsResetBlock, () => u32s(eip)],
    [GUIDS.sevMetadata]: [GUIDS.sevMetadata, (off) => u32s(off)]
  }
  return order.map((g) => all[g])
}

export const STD: Section[] = [
  [0x800000, 0x9000, SEC_MEM],
  [0x809000, 0x2000, SEC_MEM],
  [0x80b000, 0x1000, SECRETS],
  [0x80c000, 0x1000, KERNEL_HASHES],
  [0x80d000, 0x1000, CPUID],
  [0x80e000, 0x72000, SEC_MEM]
]
const HT = GUIDS.sevHashTable
const RB = GUIDS.sevEsResetBlock
const MD = GUIDS.sevMetadata
const MiB = 1 << 20

/** gen_firmware.py's VARIANTS. */
const BASE: Record<string, FwSpec> = {
  'fw-1M-std': {
    size: MiB,
    seed: 'fw-1M-std',
    sections: STD,
    entries: stdEntries()
  },
  'fw-2M-reordered': {
    size: 2 * MiB,
    seed: 'fw-2M-reordered',
    sections: [STD[3], STD[0], STD[4], STD[2], STD[1], STD[5]],
    entries: stdEntries([0x80c000, 0x400], 0x80a004, [MD, HT, RB])
  },
  'fw-4M-svsm-caa': {
    size: 4 * MiB,
    seed: 'fw-4M-svsm-caa',
    sections: [...STD, [0x880000, 0x1000, SVSM_CAA]],
    entries: stdEntries([0x80c800, 0x400], 0xfffff004)
  },
  'fw-1M-no-kernel-hashes': {
    size: MiB,
    seed: 'fw-1M-no-kernel-hashes',
    sections: STD.filter((s) => s[2] !== KERNEL_HASHES),
    entries: stdEntries([0, 0])
  },
  'fw-2M-cpuid-first': {
    size: 2 * MiB,
    seed: 'fw-2M-cpuid-first',
    sections: [STD[4], STD[2], STD[3], STD[0]],
    entries: stdEntries([0x80c100, 0x400], 0x90b004)
  },
  'fw-3M-many-secmem': {
    size: 3 * MiB,
    seed: 'fw-3M-many-secmem',
    sections: [
      ...Array.from({ length: 8 }, (_, i): Section => [
        0x700000 + i * 0x3000,
        0x3000,
        SEC_MEM
      ]),
      STD[2],
      STD[3],
      STD[4]
    ],
    entries: stdEntries([0x80c400, 0x400], 0x80b004, [RB, MD, HT])
  }
}

const std = (o: Partial<FwSpec> & { seed: string }): FwSpec => ({
  size: MiB,
  sections: STD,
  entries: stdEntries(),
  ...o
})

/** gen_extra.py's VARIANTS. */
const EXTRA: Record<string, FwSpec> = {
  'fx-ap0': std({ seed: 'fx-ap0', entries: stdEntries(undefined, 0) }),
  'fx-ht-edge': std({
    seed: 'fx-ht-edge',
    entries: stdEntries([0x80cf50, 0x400])
  }),
  'fx-ht-cross': std({
    seed: 'fx-ht-cross',
    entries: stdEntries([0x80cf60, 0x400])
  }),
  'fx-ht-gpa0': std({ seed: 'fx-ht-gpa0', entries: stdEntries([0, 0x400]) }),
  'fx-no-ht-entry': std({
    seed: 'fx-no-ht-entry',
    entries: stdEntries(undefined, undefined, [RB, MD])
  }),
  'fx-unknown-section': std({
    seed: 'fx-unknown',
    sections: [...STD, [0x890000, 0x1000, 5]]
  }),
  'fx-bad-signature': std({ seed: 'fx-badsig', signature: 'XSEV' }),
  'fx-bad-version': std({ seed: 'fx-badver', version: 2 }),
  'fx-truncated-meta': std({ seed: 'fx-trunc', declared: 9 }),
  'fx-no-footer': std({ seed: 'fx-nofooter', footer: false }),
  'fx-odd-size': std({ seed: 'fx-odd', size: MiB + 100 }),
  'fx-secmem-odd': std({
    seed: 'fx-secodd',
    sections: [[0x800000, 0x1800, SEC_MEM], ...STD.slice(2)]
  }),
  'fx-kh-2pages': std({
    seed: 'fx-kh2',
    sections: [[0x80c000, 0x2000, KERNEL_HASHES], ...STD.slice(0, 3)]
  }),
  'fx-dup-reset': std({
    seed: 'fx-dup',
    entries: [[RB, () => u32s(0x70b004)], ...stdEntries()]
  }),
  'fx-meta-at-end': std({
    seed: 'fx-metaend',
    size: 512 << 10,
    sections: [...STD.slice(0, 3), STD[4]],
    metadataAt: (512 << 10) - 0x400
  }),
  'fx-no-metadata': std({
    seed: 'fx-nometa',
    entries: stdEntries(undefined, undefined, [HT, RB])
  })
}

/** The SVSM_INFO footer entry of a COCONUT-SVSM image. */
export const SVSM_INFO = 'a789a612-0597-4c4b-a49f-cbb1fe9d1ddd'
const SVSM_SECS: Section[] = [
  [0x7f0000, 0x3000, SEC_MEM],
  [0x7f3000, 0x1000, SECRETS],
  [0x7f4000, 0x1000, CPUID],
  [0x7f5000, 0x1000, SVSM_CAA],
  [0x7f6000, 0x1000, KERNEL_HASHES]
]
/** An SVSM image entering at `entry` (offset in the image) with these sections. */
export const svsmSpec = (
  size: number,
  seed: string | Uint8Array,
  sections: Section[],
  entry?: number
): FwSpec => ({
  size,
  seed,
  sections,
  entries: [
    ...(entry === undefined
      ? []
      : [[SVSM_INFO, () => u32s(entry)] as EntrySpec]),
    ...(sections.length > 0
      ? [[MD, (off: number) => u32s(off)] as EntrySpec]
      : [])
  ]
})

/** gen_extra.py's SVSM images. */
const SVSM: Record<string, FwSpec> = {
  'svsm-a.bin': svsmSpec(256 << 10, 'svsm-a', SVSM_SECS, 0x1234),
  'svsm-noinfo.bin': svsmSpec(128 << 10, 'svsm-noinfo', SVSM_SECS.slice(0, 2)),
  'svsm-nometa.bin': { ...svsmSpec(64 << 10, 'svsm-nometa', [], 0x40) }
}

/** Every input file of dev.json and extra.json, by name. */
export function allInputs(): Record<string, Buffer> {
  const out: Record<string, Buffer> = {}
  for (const [name, spec] of Object.entries({ ...BASE, ...EXTRA }))
    out[`${name}.fd`] = firmware(spec)
  for (const [name, spec] of Object.entries(SVSM)) out[name] = firmware(spec)
  out['kernel-a.bin'] = filler('kernel-a', 18000)
  out['kernel-b.bin'] = filler('kernel-b', MiB)
  out['initrd-a.cpio'] = filler('initrd-a', 65536)
  out['initrd-empty.cpio'] = Buffer.alloc(0)
  return out
}

/** Writes every input into dir and returns their names. */
export function writeInputs(dir: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files = allInputs()
  for (const [name, data] of Object.entries(files))
    writeFileSync(join(dir, name), data)
  return Object.keys(files)
}
