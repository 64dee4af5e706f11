import { EnclaveBuildError } from '../../errors.js'
import { PageType, type LaunchDigest } from './digest.js'
import {
  hasSection,
  SectionType,
  sevHashesTableGpa,
  type Firmware,
  type MetadataSection
} from './firmware.js'
import { hashesPage, type SevHashes } from './hashes.js'
import type { VmmType } from './vmsa.js'

/**
 * The SNP launch updates for the firmware's SEV metadata sections, in the
 * order the firmware lists them (sev-snp-measure's snp_update_metadata_pages).
 */

function snpSection(
  ld: LaunchDigest,
  fw: Firmware,
  s: MetadataSection,
  hashes: SevHashes | undefined,
  vmm: VmmType
): void {
  switch (s.type) {
    case SectionType.SNP_SEC_MEM:
      // Google's hypervisor leaves the SEC memory unmeasured instead of zeroing it.
      ld.updateEmptyPages(
        vmm === 'gce' ? PageType.UNMEASURED : PageType.ZERO,
        s.gpa,
        s.size
      )
      return
    case SectionType.SNP_SECRETS:
      ld.updateSpecialPage(PageType.SECRETS, s.gpa)
      return
    case SectionType.CPUID:
      // EC2 adds the CPUID page after every other section.
      if (vmm !== 'ec2') ld.updateSpecialPage(PageType.CPUID, s.gpa)
      return
    case SectionType.SNP_KERNEL_HASHES:
      if (hashes === undefined) {
        ld.updateEmptyPages(PageType.ZERO, s.gpa, s.size)
        return
      }
      {
        const page = hashesPage(hashes, sevHashesTableGpa(fw) & 0xfff)
        if (s.size !== page.length)
          throw new EnclaveBuildError(
            'FIRMWARE_INVALID',
            `the kernel-hashes section has size 0x${s.size.toString(16)}, expected one 4 KiB page`
          )
        ld.updateNormalPages(s.gpa, page)
      }
      return
    case SectionType.SVSM_CAA:
      ld.updateEmptyPages(PageType.ZERO, s.gpa, s.size)
      return
    default:
      throw new EnclaveBuildError(
        'FIRMWARE_INVALID',
        `unknown SEV metadata section type 0x${s.type.toString(16)}; this firmware is not supported`
      )
  }
}

/**
 * Measures every metadata section of `fw` (OVMF, or an SVSM image), then
 * refuses a kernel when the firmware cannot check its hashes.
 */
export function snpMetadataPages(
  ld: LaunchDigest,
  fw: Firmware,
  hashes: SevHashes | undefined,
  vmm: VmmType
): void {
  for (const s of fw.metadata) snpSection(ld, fw, s, hashes, vmm)
  if (vmm === 'ec2')
    for (const s of fw.metadata)
      if (s.type === SectionType.CPUID)
        ld.updateSpecialPage(PageType.CPUID, s.gpa)
  if (hashes !== undefined && !hasSection(fw, SectionType.SNP_KERNEL_HASHES))
    throw new EnclaveBuildError(
      'FIRMWARE_INVALID',
      'a kernel was given but the firmware has no SNP_KERNEL_HASHES section: direct boot needs an OVMF AmdSev build'
    )
}
