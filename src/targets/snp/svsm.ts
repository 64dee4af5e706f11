import { EnclaveBuildError } from '../../errors.js'
import { LaunchDigest } from './digest.js'
import { leUint } from '../cvm/python.js'
import { parseFirmware, type Firmware } from './firmware.js'
import { MAX_VCPUS } from './limits.js'
import { snpMetadataPages } from './sections.js'
import { vmsaSvsmPage } from './vmsa.js'

/**
 * SEV-SNP with a COCONUT-SVSM (mode snp:svsm, QEMU only): OVMF pages, then
 * the SVSM image placed just below OVMF and its varstore, the SVSM's own
 * metadata sections, and one SVSM VMSA per vCPU (sev-snp-measure's
 * svsm_calc_launch_digest).
 */

/** The SVSM_INFO footer entry: the entry point, as an offset in the image. */
const SVSM_INFO = 'a789a612-0597-4c4b-a49f-cbb1fe9d1ddd'

/** Launch parameters besides the images. */
export interface SvsmParams {
  varsSize: number
  vcpus: number
  vcpuSig: bigint
  /** Called with each VMSA page measured, in order. */
  onVmsaPage?: (page: Uint8Array, index: number) => void
}

/** The launch digest of an SVSM guest. */
export function svsmDigest(
  ovmf: Firmware,
  svsmImage: Uint8Array,
  p: SvsmParams
): Uint8Array {
  const svsm = parseFirmware(svsmImage, ovmf.gpa - p.varsSize)
  const info = svsm.table.get(SVSM_INFO)
  if (info === undefined)
    throw new EnclaveBuildError(
      'FIRMWARE_INVALID',
      'the SVSM image has no SVSM_INFO entry (GUID a789a612-...) in its footer table; pass a COCONUT-SVSM binary'
    )
  const eip = leUint(info) + svsm.gpa
  const ld = new LaunchDigest()
  ld.updateNormalPages(ovmf.gpa, ovmf.data)
  ld.updateNormalPages(svsm.gpa, svsm.data)
  snpMetadataPages(ld, svsm, undefined, 'QEMU')
  if (p.vcpus > MAX_VCPUS)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--vcpus ${p.vcpus} is more than ${MAX_VCPUS}`
    )
  if (p.vcpus > 0) {
    const page = vmsaSvsmPage(eip, p.vcpuSig)
    for (let i = 0; i < p.vcpus; i++) {
      ld.updateVmsaPage(page)
      p.onVmsaPage?.(page, i)
    }
  }
  return ld.digest()
}
