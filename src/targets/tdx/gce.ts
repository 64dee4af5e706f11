import { EnclaveBuildError } from '../../errors.js'
import { gceSections } from './gce-metadata.js'
import { ATTR_MR_EXTEND, invalidFirmware, TdvfSectionType } from './metadata.js'
import { mrtdOf, type MrtdRegion } from './mrtd.js'
import { tdHobGce, type Range } from './tdhob-gce.js'

/**
 * MRTD of a Google Compute Engine TDX VM, as google/gce-tcb-verifier
 * (tdx/mrtd_from_ovmf.go, ovmf/tdx_data.go, v0.3.1) computes it: with a
 * machine shape, Google's hypervisor MR.EXTENDs every metadata section,
 * including the TD HOB it builds from the shape's RAM banks and the zeroed
 * temporary memory; without one, only sections marked MR.EXTEND. The
 * metadata is read with Google's rules (gce-metadata.ts), not dstack-mr's.
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

/** The GCE MRTD of a firmware image, for a machine shape (TD HOB measured) or none. */
export function gceMrtd(fw: Uint8Array, shape?: string): Uint8Array {
  const all = shape !== undefined
  const banks = all ? ramBanks(shape) : []
  const sections = gceSections(fw)
  // Google builds the TD HOB even when it is not measured, and fails when it does not fit.
  const hob = tdHobGce(sections, banks)
  const regions: MrtdRegion[] = sections.map((s) => {
    const length = Number(s.memoryDataSize)
    const region = {
      gpa: Number(s.memoryAddress),
      pages: length / 4096,
      add: true
    }
    const fv = s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV
    const isHob = s.type === TdvfSectionType.TD_HOB
    if (!all && (s.attributes & ATTR_MR_EXTEND) === 0) return region
    // Without a shape, temporary memory has no bytes and cannot be extended.
    if (!fv && !isHob && !all)
      throw invalidFirmware('an MR.EXTEND section without firmware bytes')
    const data = fv
      ? fw.subarray(s.dataOffset, s.dataOffset + length)
      : isHob
        ? hob
        : new Uint8Array(length)
    return { ...region, data }
  })
  return mrtdOf(regions, 'single')
}
