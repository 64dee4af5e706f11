import { EnclaveBuildError } from '../../errors.js'
import { authenticodeSha384 } from '../../pe/authenticode.js'
import { replay, sha384, utf16le } from './eventlog.js'

/**
 * RTMR1 and RTMR2 of a QEMU direct-boot TD (dstack-mr's kernel.rs and
 * machine.rs). QEMU patches the bzImage setup header before OVMF loads it
 * (hw/i386/x86.c x86_load_linux): loader type, heap end, command-line
 * address and, with an initrd, the initrd address and size, the address
 * depending on RAM below 4 GiB minus the ACPI data (0x28000 in QEMU's TDX
 * machine). RTMR1 is the patched kernel's Authenticode digest and four
 * fixed EFI events; RTMR2 the command line (UTF-16LE + NUL) and the initrd.
 */

/** ACPI data size QEMU reserves below 4 GiB for a q35 TD (dstack-mr's constant). */
export const ACPI_DATA_SIZE = 0x28000

const bad = (m: string): EnclaveBuildError =>
  new EnclaveBuildError('INPUT_INVALID', m)

/** Bytes of the setup header region QEMU may write (all below this offset). */
const PATCHED = 0x1000

/**
 * Refuses a kernel QEMU's x86_load_linux (hw/i386/x86-common.c) would not
 * load as a Linux bzImage for OVMF: no "HdrS" boot-protocol magic at 0x202
 * (QEMU then tries multiboot or a PVH ELF, which a TD's OVMF cannot boot),
 * or setup sectors (0x1f1, 0 meaning 4) running past the end of the file
 * ("qemu: invalid kernel header"). Such a kernel has no RTMR1.
 */
export function checkBzImage(kernel: Uint8Array): void {
  if (
    kernel.length < 0x206 ||
    Buffer.from(kernel.subarray(0x202, 0x206)).toString('latin1') !== 'HdrS'
  )
    throw bad(
      'the kernel has no "HdrS" Linux boot header at 0x202: it is not a bzImage, and QEMU cannot boot it directly in a TD; pass the bzImage (arch/x86/boot/bzImage)'
    )
  const sects = kernel[0x1f1] === 0 ? 4 : kernel[0x1f1]
  const setup = (sects + 1) * 512
  if (setup > kernel.length)
    throw bad(
      `the kernel's setup sectors (${sects}, ${setup} bytes) run past its end (${kernel.length} bytes); QEMU refuses it as an invalid kernel header`
    )
}

/** The first 4 KiB of the kernel image as QEMU leaves it in guest memory (the rest is unchanged). */
export function patchKernel(
  kernel: Uint8Array,
  initrdSize: number,
  memory: bigint,
  acpiDataSize = ACPI_DATA_SIZE
): Buffer {
  if (kernel.length < 0x1000) throw bad('the kernel image is too short')
  const k = Buffer.from(kernel.subarray(0, PATCHED))
  const protocol = k.readUInt16LE(0x206)
  const [realAddr, cmdlineAddr] =
    protocol < 0x200 || (k[0x211] & 1) === 0
      ? [0x90000, 0x9a000]
      : [0x10000, 0x20000]
  if (protocol >= 0x200) k[0x210] = 0xb0
  if (protocol >= 0x201) {
    k[0x211] |= 0x80
    k.writeUInt32LE(Math.max(0, cmdlineAddr - realAddr - 0x200), 0x224)
  }
  if (protocol >= 0x202) k.writeUInt32LE(cmdlineAddr, 0x228)
  else {
    k.writeUInt16LE(0xa33f, 0x20)
    k.writeUInt16LE(cmdlineAddr - realAddr, 0x22)
  }
  if (initrdSize > 0) {
    if (protocol < 0x200) throw bad('the kernel image is too old for an initrd')
    let max = 0x37ffffff
    if (protocol >= 0x20c)
      max = (k.readUInt16LE(0x236) & 0x40) !== 0 ? 0xffffffff : 0x37ffffff
    else if (protocol >= 0x203) max = k.readUInt32LE(0x22c) || 0x37ffffff
    const lowmem = memory < 0xb000_0000n ? 0xb000_0000n : 0x8000_0000n
    // `as u32` in dstack-mr: memory below lowmem is truncated to 32 bits.
    const below4g = Number((memory >= lowmem ? lowmem : memory) & 0xffff_ffffn)
    if (below4g < acpiDataSize)
      throw bad(
        `ACPI data (${acpiDataSize}) exceeds memory below 4 GiB (${below4g})`
      )
    const available = below4g - acpiDataSize
    if (max >= available) max = Math.max(0, available - 1)
    if (initrdSize >= max)
      throw bad('the initrd is too large for this memory size')
    k.writeUInt32LE(((max - initrdSize) & ~4095) >>> 0, 0x218)
    k.writeUInt32LE(initrdSize, 0x21c)
  }
  return k
}

/** RTMR1's event digests: the patched kernel, then OVMF's fixed boot events. */
export function rtmr1Log(
  kernel: Uint8Array,
  initrdSize: number,
  memory: bigint,
  acpiDataSize = ACPI_DATA_SIZE
): Uint8Array[] {
  const text = (s: string): Uint8Array => sha384(Buffer.from(s, 'latin1'))
  return [
    authenticodeSha384(
      kernel,
      patchKernel(kernel, initrdSize, memory, acpiDataSize)
    ),
    text('Calling EFI Application from Boot Option'),
    sha384(new Uint8Array(4)),
    text('Exit Boot Services Invocation'),
    text('Exit Boot Services Returned with Success')
  ]
}

/** RTMR2's event digests: the command line as OVMF logs it (UTF-16LE + NUL), then the initrd. */
export function rtmr2Log(cmdline: string, initrd: Uint8Array): Uint8Array[] {
  return [
    sha384(Buffer.concat([utf16le(cmdline), Buffer.alloc(2)])),
    sha384(initrd)
  ]
}

export { replay }
