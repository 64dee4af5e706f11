import { EnclaveBuildError } from '../../errors.js'
import { nodeCrypto } from '../cvm/builtins.js'
import { LaunchDigest } from './digest.js'
import {
  parseFirmware,
  sevEsResetEip,
  supportsSevHashesTable,
  type Firmware
} from './firmware.js'
import { hashesTable, type SevHashes } from './hashes.js'
import { MAX_VCPUS } from './limits.js'
import { snpMetadataPages } from './sections.js'
import { svsmDigest } from './svsm.js'
import { BSP_EIP, vmsaPage, type VmmType } from './vmsa.js'

/**
 * The launch digest of an SEV, SEV-ES or SEV-SNP guest, in the order and
 * with the refusals of sev-snp-measure's guest.py.
 */

/** The guest modes (as sev-snp-measure's --mode spells them). */
export type SevMode = 'snp' | 'seves' | 'sev' | 'snp:ovmf-hash' | 'snp:svsm'

/** Everything the digest depends on. */
export interface MeasureInput {
  mode: SevMode
  /** The OVMF image, whole. */
  firmware: Uint8Array
  /** Number of vCPUs (VMSA pages); ignored for sev and snp:ovmf-hash. */
  vcpus?: number
  /** CPUID(1).EAX; only QEMU writes it into the VMSA. */
  vcpuSig?: bigint
  vmmType?: VmmType
  /** VMSA SEV_FEATURES for SNP (default 0x1, SNPActive). */
  guestFeatures?: bigint
  /** Direct boot: the hashes of kernel, initrd and cmdline. */
  hashes?: SevHashes
  /** snp:svsm: the COCONUT-SVSM image, loaded just below OVMF and its varstore. */
  svsm?: Uint8Array
  /** snp:svsm: size of the OVMF varstore between the SVSM and OVMF. */
  varsSize?: number
  /** SNP only: a precomputed OVMF-only digest to start from instead of the firmware pages. */
  ovmfHash?: Uint8Array
  /** Called with each VMSA page measured, in order (sev-snp-measure's --dump-vmsa). */
  onVmsaPage?: (page: Uint8Array, index: number) => void
}

export { MAX_VCPUS }

function vmsaPages(
  fw: Firmware,
  vcpus: number,
  sevFeatures: bigint,
  vcpuSig: bigint,
  vmm: VmmType
): Uint8Array[] {
  const apEip = sevEsResetEip(fw)
  if (vcpus > MAX_VCPUS)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--vcpus ${vcpus} is more than ${MAX_VCPUS}`
    )
  if (vcpus <= 0) return []
  const bsp = vmsaPage(BSP_EIP, sevFeatures, vcpuSig, vmm)
  if (vcpus === 1) return [bsp]
  // An AP reset address of 0 means the firmware cannot start application processors.
  if (apEip === 0)
    throw new EnclaveBuildError(
      'FIRMWARE_INVALID',
      'the firmware SEV-ES reset block gives AP reset address 0; it supports one vCPU only'
    )
  const ap = vmsaPage(apEip, sevFeatures, vcpuSig, vmm)
  return [bsp, ...Array<Uint8Array>(vcpus - 1).fill(ap)]
}

/** The OVMF-only SNP digest (mode snp:ovmf-hash): the firmware pages alone. */
export function snpOvmfHash(fw: Firmware): Uint8Array {
  const ld = new LaunchDigest()
  ld.updateNormalPages(fw.gpa, fw.data)
  return ld.digest()
}

function snpDigest(fw: Firmware, input: MeasureInput): Uint8Array {
  const vmm = input.vmmType ?? 'QEMU'
  let ld: LaunchDigest
  if (input.ovmfHash !== undefined && input.ovmfHash.length > 0) {
    ld = new LaunchDigest(input.ovmfHash)
  } else {
    ld = new LaunchDigest()
    ld.updateNormalPages(fw.gpa, fw.data)
  }
  snpMetadataPages(ld, fw, input.hashes, vmm)
  const pages = vmsaPages(
    fw,
    input.vcpus ?? 0,
    input.guestFeatures ?? 1n,
    input.vcpuSig ?? 0n,
    vmm
  )
  for (const [i, page] of pages.entries()) {
    ld.updateVmsaPage(page)
    input.onVmsaPage?.(page, i)
  }
  return ld.digest()
}

/** SEV and SEV-ES: one SHA-256 over firmware ‖ hashes table (‖ VMSA pages). */
function sevDigest(
  fw: Firmware,
  input: MeasureInput,
  withVmsa: boolean
): Uint8Array {
  const h = nodeCrypto().createHash('sha256').update(fw.data)
  if (input.hashes !== undefined) {
    if (!supportsSevHashesTable(fw))
      throw new EnclaveBuildError(
        'FIRMWARE_INVALID',
        'a kernel was given but the firmware has no SEV hashes table: use an OVMF build that measures the kernel'
      )
    h.update(hashesTable(input.hashes))
  }
  if (withVmsa) {
    // SEV-ES VMSAs carry no SEV features.
    const pages = vmsaPages(
      fw,
      input.vcpus ?? 0,
      0n,
      input.vcpuSig ?? 0n,
      input.vmmType ?? 'QEMU'
    )
    for (const [i, page] of pages.entries()) {
      h.update(page)
      input.onVmsaPage?.(page, i)
    }
  }
  return h.digest()
}

/** The launch digest (48 bytes for SNP, 32 for SEV and SEV-ES). */
export function launchDigest(input: MeasureInput): Uint8Array {
  const seeded = input.ovmfHash !== undefined && input.ovmfHash.length > 0
  // snp:ovmf-hash ignores a given hash, as the reference's early return does.
  if (seeded && input.mode !== 'snp' && input.mode !== 'snp:ovmf-hash')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--snp-ovmf-hash works only with --mode snp'
    )
  const fw = parseFirmware(input.firmware)
  switch (input.mode) {
    case 'snp:ovmf-hash':
      return snpOvmfHash(fw)
    case 'snp':
      return snpDigest(fw, input)
    case 'seves':
      return sevDigest(fw, input, true)
    case 'sev':
      return sevDigest(fw, input, false)
    case 'snp:svsm':
      return svsmDigest(fw, input.svsm ?? new Uint8Array(0), {
        varsSize: input.varsSize ?? 0,
        vcpus: Math.min(input.vcpus ?? 0, MAX_VCPUS + 1),
        vcpuSig: input.vcpuSig ?? 0n,
        onVmsaPage: input.onVmsaPage
      })
  }
}
