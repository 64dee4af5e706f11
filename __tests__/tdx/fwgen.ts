import { guidBytesLe } from '../../src/targets/cvm/guid.js'

/** One section of a synthetic TDVF image. */
export interface GenSection {
  dataOffset: number
  rawDataSize: number
  memoryAddress: number
  memoryDataSize: number
  type: number
  attributes: number
}

const FOOTER = guidBytesLe('96b582de-1fb2-45f7-baea-a366c55a082d')
const OFFSET = guidBytesLe('e47a6535-984a-4798-865e-4685a7bf8ec2')
const META = guidBytesLe('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae')

/**
 * A TDVF image of `size` bytes filled by `fill`, with the metadata GUID,
 * "TDVF" descriptor and sections at `metaAt`, and the footer table (one
 * TDX metadata offset entry) ending 32 bytes before the end, as edk2's
 * ResetVector lays them out.
 */
export function tdvfImage(
  size: number,
  sections: GenSection[],
  metaAt = 0x100,
  fill: (i: number) => number = (i) => (i * 131 + 7) & 0xff
): Buffer {
  const fw = Buffer.alloc(size)
  for (let i = 0; i < size; i++) fw[i] = fill(i)
  fw.set(META, metaAt)
  const d = metaAt + 16
  fw.write('TDVF', d, 'latin1')
  fw.writeUInt32LE(16 + 32 * sections.length, d + 4)
  fw.writeUInt32LE(1, d + 8)
  fw.writeUInt32LE(sections.length, d + 12)
  sections.forEach((s, i) => {
    const at = d + 16 + 32 * i
    fw.writeUInt32LE(s.dataOffset, at)
    fw.writeUInt32LE(s.rawDataSize, at + 4)
    fw.writeBigUInt64LE(BigInt(s.memoryAddress), at + 8)
    fw.writeBigUInt64LE(BigInt(s.memoryDataSize), at + 16)
    fw.writeUInt32LE(s.type, at + 24)
    fw.writeUInt32LE(s.attributes, at + 28)
  })
  // Footer table: [entry: u32 offset, u16 len=22, guid][u16 table len, footer guid] then 32 bytes.
  const end = size - 32
  const entryEnd = end - 18
  fw.writeUInt32LE(size - d, entryEnd - 22)
  fw.writeUInt16LE(22, entryEnd - 18)
  fw.set(OFFSET, entryEnd - 16)
  fw.writeUInt16LE(22 + 18, end - 18)
  fw.set(FOOTER, end - 16)
  return fw
}

/** Google's fake layout (gce-tcb-verifier testing/fakeovmf), scaled to a `size`-byte image. */
export function googleLikeSections(size: number): GenSection[] {
  const cfv = 0x20000
  return [
    {
      dataOffset: cfv,
      rawDataSize: size - cfv,
      memoryAddress: 2 ** 32 - size + cfv,
      memoryDataSize: size - cfv,
      type: 0,
      attributes: 1
    },
    {
      dataOffset: 0,
      rawDataSize: cfv,
      memoryAddress: 2 ** 32 - size,
      memoryDataSize: cfv,
      type: 1,
      attributes: 0
    },
    {
      dataOffset: 0,
      rawDataSize: 0,
      memoryAddress: 0x810000,
      memoryDataSize: 0x10000,
      type: 3,
      attributes: 0
    },
    {
      dataOffset: 0,
      rawDataSize: 0,
      memoryAddress: 0x80b000,
      memoryDataSize: 0x2000,
      type: 3,
      attributes: 0
    },
    {
      dataOffset: 0,
      rawDataSize: 0,
      memoryAddress: 0x809000,
      memoryDataSize: 0x2000,
      type: 2,
      attributes: 0
    },
    {
      dataOffset: 0,
      rawDataSize: 0,
      memoryAddress: 0x800000,
      memoryDataSize: 0x6000,
      type: 3,
      attributes: 0
    }
  ]
}
