/**
 * The initial VMSA page of a vCPU (the VMCB save area of the AMD APM vol. 2
 * table B-4, as Linux's struct sev_es_save_area lays it out): what KVM
 * encrypts and measures for each vCPU at launch. The register values are
 * the reset state each hypervisor sets, as sev-snp-measure's vmsa.py has them.
 */

/** Hypervisors whose reset state differs slightly. */
export type VmmType = 'QEMU' | 'ec2' | 'gce'

/** VMM type names as sev-snp-measure spells them. */
export const VMM_TYPES: readonly VmmType[] = ['QEMU', 'ec2', 'gce']

/** The reset vector of the bootstrap processor. */
export const BSP_EIP = 0xfffffff0

const PAGE = 4096

/** Register offsets in the save area. */
const OFF = {
  es: 0x00,
  cs: 0x10,
  ss: 0x20,
  ds: 0x30,
  fs: 0x40,
  gs: 0x50,
  gdtr: 0x60,
  ldtr: 0x70,
  idtr: 0x80,
  tr: 0x90,
  efer: 0xd0,
  cr4: 0x148,
  cr0: 0x158,
  dr7: 0x160,
  dr6: 0x168,
  rflags: 0x170,
  rip: 0x178,
  gPat: 0x268,
  rdx: 0x310,
  sevFeatures: 0x3b0,
  xcr0: 0x3e8,
  mxcsr: 0x408,
  x87Fcw: 0x410
} as const

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v)

/** What differs between the hypervisors' reset states. */
function vmmState(
  vmm: VmmType,
  eip: number,
  vcpuSig: bigint
): {
  cs: number
  ss: number
  tr: number
  rdx: bigint
  mxcsr: number
  fcw: number
  gPat: bigint
} {
  const gPat = 0x0007040600070406n // PAT reset value, AMD APM vol. 2 §A.3
  switch (vmm) {
    case 'QEMU':
      return {
        cs: 0x9b,
        ss: 0x93,
        tr: 0x8b,
        rdx: vcpuSig,
        mxcsr: 0x1f80,
        fcw: 0x37f,
        gPat
      }
    case 'ec2':
      // EC2 marks the BSP's code segment as not yet accessed.
      return {
        cs: eip === BSP_EIP ? 0x9a : 0x9b,
        ss: 0x92,
        tr: 0x83,
        rdx: 0x600n,
        mxcsr: 0,
        fcw: 0,
        gPat
      }
    case 'gce':
      return {
        cs: 0x9b,
        ss: 0x93,
        tr: 0x8b,
        rdx: 0x600n,
        mxcsr: 0,
        fcw: 0,
        gPat: 0x00070106n
      }
  }
}

/** Writes one VMCB segment {u16 selector, u16 attrib, u32 limit, u64 base}. */
function segment(
  p: Buffer,
  at: number,
  sel: number,
  attrib: number,
  limit: number,
  base: number
): void {
  p.writeUInt16LE(sel, at)
  p.writeUInt16LE(attrib, at + 2)
  p.writeUInt32LE(limit, at + 4)
  p.writeBigUInt64LE(BigInt(base), at + 8)
}

/**
 * One 4 KiB VMSA page for a vCPU starting at `eip` (the BSP at the reset
 * vector, APs at the firmware's SEV-ES reset block address).
 */
export function vmsaPage(
  eip: number,
  sevFeatures: bigint,
  vcpuSig: bigint,
  vmm: VmmType
): Uint8Array {
  const s = vmmState(vmm, eip, vcpuSig)
  const p = Buffer.alloc(PAGE)
  for (const seg of [OFF.es, OFF.ds, OFF.fs, OFF.gs])
    segment(p, seg, 0, 0x93, 0xffff, 0)
  segment(p, OFF.cs, 0xf000, s.cs, 0xffff, (eip & 0xffff0000) >>> 0)
  segment(p, OFF.ss, 0, s.ss, 0xffff, 0)
  segment(p, OFF.gdtr, 0, 0, 0xffff, 0)
  segment(p, OFF.idtr, 0, 0, 0xffff, 0)
  segment(p, OFF.ldtr, 0, 0x82, 0xffff, 0)
  segment(p, OFF.tr, 0, s.tr, 0xffff, 0)
  p.writeBigUInt64LE(0x1000n, OFF.efer) // KVM sets EFER.SVME
  p.writeBigUInt64LE(0x40n, OFF.cr4) // KVM sets CR4.MCE
  p.writeBigUInt64LE(0x10n, OFF.cr0)
  p.writeBigUInt64LE(0x400n, OFF.dr7)
  p.writeBigUInt64LE(0xffff0ff0n, OFF.dr6)
  p.writeBigUInt64LE(0x2n, OFF.rflags)
  p.writeBigUInt64LE(BigInt(eip & 0xffff), OFF.rip)
  p.writeBigUInt64LE(s.gPat, OFF.gPat)
  p.writeBigUInt64LE(u64(s.rdx), OFF.rdx)
  p.writeBigUInt64LE(u64(sevFeatures), OFF.sevFeatures)
  p.writeBigUInt64LE(0x1n, OFF.xcr0)
  p.writeUInt32LE(s.mxcsr, OFF.mxcsr)
  p.writeUInt16LE(s.fcw, OFF.x87Fcw)
  return p
}

/**
 * The VMSA page of every vCPU of a COCONUT-SVSM guest (sev-snp-measure's
 * VMSA_SVSM): 32-bit flat segments, protected mode, RIP at the SVSM entry,
 * SEV_FEATURES fixed to SNPActive. x87 FCW stays 0 even for QEMU: the
 * reference sets a misspelt field, and the digest follows the reference.
 */
export function vmsaSvsmPage(eip: number, vcpuSig: bigint): Uint8Array {
  const p = Buffer.alloc(PAGE)
  for (const seg of [OFF.es, OFF.ss, OFF.ds, OFF.fs])
    segment(p, seg, 16, 0xc93, 0xffffffff, 0)
  segment(p, OFF.cs, 8, 0xc9b, 0xffffffff, 0)
  segment(p, OFF.gs, 0, 0x93, 0xffff, 0)
  segment(p, OFF.gdtr, 0, 0, 0xffff, 0)
  segment(p, OFF.idtr, 0, 0, 0xffff, 0)
  segment(p, OFF.ldtr, 0, 0x82, 0xffff, 0)
  segment(p, OFF.tr, 0, 0x8b, 0xffff, 0)
  p.writeBigUInt64LE(0x1000n, OFF.efer)
  p.writeBigUInt64LE(0x40n, OFF.cr4)
  p.writeBigUInt64LE(0x11n, OFF.cr0) // protected mode
  p.writeBigUInt64LE(0x400n, OFF.dr7)
  p.writeBigUInt64LE(0xffff0ff0n, OFF.dr6)
  p.writeBigUInt64LE(0x2n, OFF.rflags)
  p.writeBigUInt64LE(u64(BigInt(eip)), OFF.rip)
  p.writeBigUInt64LE(0x0007040600070406n, OFF.gPat)
  p.writeBigUInt64LE(u64(vcpuSig), OFF.rdx)
  p.writeBigUInt64LE(1n, OFF.sevFeatures)
  p.writeBigUInt64LE(0x1n, OFF.xcr0)
  p.writeUInt32LE(0x1f80, OFF.mxcsr)
  return p
}
