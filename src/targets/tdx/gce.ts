import { EnclaveBuildError } from '../../errors.js'
import { guidBytesLe } from '../snp/guid.js'
import {
  ATTR_MR_EXTEND,
  invalidFirmware,
  parseTdvfDescriptor,
  TdvfSectionType,
  type TdvfDescriptor
} from './metadata.js'
import { mrtdOf, type MrtdRegion } from './mrtd.js'
import { tdHobGce, type Range } from './tdhob-gce.js'

/**
 * MRTD of a Google Compute Engine TDX VM, as google/gce-tcb-verifier
 * (tdx/mrtd_from_ovmf.go, ovmf/tdx_data.go, v0.3.1) computes it: with a
 * machine shape, Google's hypervisor MR.EXTENDs every metadata section,
 * including the TD HOB it builds from the shape's RAM banks and the zeroed
 * temporary memory; without one, only sections marked MR.EXTEND. Google's
 * stricter checks of the metadata are applied on top of dstack-mr's.
 */

const GIB = 2 ** 30
const MIB = 2 ** 20

/** C3 shapes: memory (GiB), NUMA nodes, largest node (GiB) — gce-tcb-verifier's table. */
export const GCE_SHAPES: Record<
  string,
  { size: number; nodes: number; maxPerNode: number }
> = {
  'c3-standard-4': { size: 16, nodes: 1, maxPerNode: 176 },
  'c3-standard-8': { size: 32, nodes: 1, maxPerNode: 176 },
  'c3-standard-22': { size: 88, nodes: 1, maxPerNode: 176 },
  'c3-standard-44': { size: 176, nodes: 1, maxPerNode: 176 },
  'c3-standard-88': { size: 352, nodes: 2, maxPerNode: 176 },
  'c3-standard-176': { size: 704, nodes: 4, maxPerNode: 176 }
}

/** Guest RAM banks of a shape: low 3 GiB, TDVF's top 2 MiB, then one bank per NUMA node above 4 GiB. */
export function ramBanks(shape: string): Range[] {
  const d = GCE_SHAPES[shape]
  if (d === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `unknown GCE machine shape ${shape}: choose one of ${Object.keys(GCE_SHAPES).join(', ')}`
    )
  const banks: Range[] = [
    { start: 0, length: 3 * GIB },
    { start: 4 * GIB - 2 * MIB, length: 2 * MIB }
  ]
  let start = 4 * GIB
  let size = d.size * GIB - 3 * GIB
  let taken = 3 * GIB
  for (let n = 0; n < d.nodes; n++) {
    const length = Math.min(d.maxPerNode * GIB - taken, size)
    banks.push({ start, length })
    start += length
    size -= length
    taken = 0
  }
  return banks
}

const METADATA_GUID = guidBytesLe('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae')

/** gce-tcb-verifier's checks (extractTDXMetadata, validateTDXMetadataSections). */
function checkGoogle(fw: Uint8Array, d: TdvfDescriptor): void {
  const { at, sections } = d
  const offset = fw.length - at
  if (offset < 16 || offset > fw.length - 16)
    throw invalidFirmware(
      `TDX metadata offset 0x${offset.toString(16)} is out of range`
    )
  if (!METADATA_GUID.every((b, i) => fw[at - 16 + i] === b))
    throw invalidFirmware('no TDX metadata GUID (e9eaf9f3-...) before "TDVF"')
  const length = d.length
  if (length !== 16 + 32 * sections.length)
    throw invalidFirmware(`TDX metadata descriptor length ${length} is wrong`)
  let fvSize = 0
  let hobs = 0
  let bfv = false
  for (const s of sections) {
    if (s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV) {
      bfv ||= s.type === TdvfSectionType.BFV
      if (
        s.dataOffset > fw.length ||
        s.rawDataSize === 0 ||
        fw.length - s.dataOffset < s.rawDataSize
      )
        throw invalidFirmware('TDX firmware volume outside the image')
      if (s.memoryDataSize !== BigInt(s.rawDataSize))
        throw invalidFirmware('TDX firmware volume memory size ≠ raw size')
      fvSize += s.rawDataSize
    } else if (s.type === TdvfSectionType.TD_HOB) hobs++
    else if (s.type !== TdvfSectionType.TEMP_MEM)
      throw invalidFirmware(`section type ${s.type} is not supported on GCE`)
  }
  if (hobs !== 1) throw invalidFirmware('TDX metadata needs exactly one TD HOB')
  if (!bfv) throw invalidFirmware('TDX metadata has no boot firmware volume')
  if (fvSize !== fw.length)
    throw invalidFirmware('TDX firmware volumes do not add up to the image')
  const sorted = sections
    .map((s) => [Number(s.memoryAddress), Number(s.memoryDataSize)])
    .sort((a, b) => a[0] - b[0])
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i][0] < sorted[i - 1][0] + sorted[i - 1][1])
      throw invalidFirmware('TDX metadata sections overlap')
}

/** The GCE MRTD of a firmware image, for a machine shape (TD HOB measured) or none. */
export function gceMrtd(fw: Uint8Array, shape?: string): Uint8Array {
  const descriptor = parseTdvfDescriptor(fw)
  checkGoogle(fw, descriptor)
  const { sections } = descriptor
  const all = shape !== undefined
  const hob = all ? tdHobGce(sections, ramBanks(shape)) : undefined
  const regions: MrtdRegion[] = sections.map((s) => {
    const length = Number(s.memoryDataSize)
    const region = {
      gpa: Number(s.memoryAddress),
      pages: length / 4096,
      add: true
    }
    const fv = s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV
    if (!all && (s.attributes & ATTR_MR_EXTEND) === 0) return region
    if (!fv && !all)
      throw invalidFirmware('an MR.EXTEND section without firmware bytes')
    const data = fv
      ? fw.subarray(s.dataOffset, s.dataOffset + length)
      : s.type === TdvfSectionType.TD_HOB
        ? (hob as Uint8Array)
        : new Uint8Array(length)
    return { ...region, data }
  })
  return mrtdOf(regions, 'single')
}
