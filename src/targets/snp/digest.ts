import { hash } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'

/**
 * The SEV-SNP launch digest: every page the firmware's launch commands add
 * extends it as LD = SHA-384(PAGE_INFO), PAGE_INFO being the 0x70-byte
 * structure of the SNP firmware ABI (Table "PAGE_INFO"). Same chaining as
 * sev-snp-measure's gctx.py.
 */

/** PAGE_INFO page types (SNP firmware ABI). */
export const PageType = {
  NORMAL: 1,
  VMSA: 2,
  ZERO: 3,
  UNMEASURED: 4,
  SECRETS: 5,
  CPUID: 6
} as const

const LD_SIZE = 48
const PAGE = 4096
const PAGE_INFO_SIZE = 0x70
const ZEROS = new Uint8Array(LD_SIZE)

/** KVM records VMSA pages at GPA (u64)-1, page-aligned with bits above 51 cleared. */
export const VMSA_GPA = 0xffff_ffff_f000

/**
 * A running launch digest. Digests travel as latin1 strings (one char per
 * byte) inside the hot loop: node's hash() returns a string several times
 * faster than a Buffer, and Buffer.write puts it back in place.
 */
export class LaunchDigest {
  private ld: string
  private readonly seedLength: number
  // One PAGE_INFO buffer, rewritten per update: the hot loop allocates nothing else.
  private readonly info = Buffer.alloc(PAGE_INFO_SIZE)

  /** Starts from 48 zero bytes, or from a precomputed digest (`--snp-ovmf-hash`). */
  constructor(seed: Uint8Array = ZEROS) {
    this.ld = Buffer.from(seed).toString('latin1')
    this.seedLength = seed.length
  }

  /** The current digest. */
  digest(): Uint8Array {
    return Buffer.from(this.ld, 'latin1')
  }

  /** One PAGE_INFO update; `contents` is 48 bytes, or undefined for zeros. */
  private step(pageType: number, gpa: number, contents?: string): void {
    if (this.seedLength !== LD_SIZE)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `the OVMF hash to start from has ${this.seedLength} bytes; give all 48 bytes (96 hex digits)`
      )
    if (!Number.isSafeInteger(gpa) || gpa < 0)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `guest physical address ${gpa} is out of range; check the image sizes and --vars-size`
      )
    const info = this.info
    info.write(this.ld, 0, 'latin1')
    if (contents === undefined) info.fill(0, LD_SIZE, 2 * LD_SIZE)
    else info.write(contents, LD_SIZE, 'latin1')
    // Plain byte stores: the range-checked Buffer.write* calls add up over a thousand updates.
    info[96] = PAGE_INFO_SIZE
    info[98] = pageType
    // IMI_PAGE, VMPL3/2/1 permissions and reserved stay zero.
    const lo = gpa % 0x1_0000_0000
    const hi = Math.floor(gpa / 0x1_0000_0000)
    for (let i = 0; i < 4; i++) {
      info[104 + i] = (lo >>> (8 * i)) & 0xff
      info[108 + i] = (hi >>> (8 * i)) & 0xff
    }
    this.ld = hash('sha384', info, 'binary')
  }

  /** One PAGE_INFO update with explicit 48-byte CONTENTS. */
  update(pageType: number, gpa: number, contents: Uint8Array): void {
    this.step(pageType, gpa, Buffer.from(contents).toString('latin1'))
  }

  /** NORMAL pages: each 4 KiB page of data is measured by its SHA-384. */
  updateNormalPages(gpa: number, data: Uint8Array): void {
    if (data.length % PAGE !== 0)
      throw new EnclaveBuildError(
        'FIRMWARE_INVALID',
        `measured data of ${data.length} bytes is not a whole number of 4 KiB pages; use the exact OVMF image`
      )
    for (let off = 0; off < data.length; off += PAGE)
      this.step(
        PageType.NORMAL,
        gpa + off,
        hash('sha384', data.subarray(off, off + PAGE), 'binary')
      )
  }

  /** Pages whose CONTENTS are zero: ZERO and UNMEASURED ranges. */
  updateEmptyPages(pageType: number, gpa: number, length: number): void {
    if (length % PAGE !== 0)
      throw new EnclaveBuildError(
        'FIRMWARE_INVALID',
        `SEV metadata section at 0x${gpa.toString(16)} has size 0x${length.toString(16)}, not a multiple of 4 KiB`
      )
    for (let off = 0; off < length; off += PAGE) this.step(pageType, gpa + off)
  }

  /** One VMSA page (one per vCPU). */
  updateVmsaPage(page: Uint8Array): void {
    this.step(PageType.VMSA, VMSA_GPA, hash('sha384', page, 'binary'))
  }

  /** The SNP secrets page or the CPUID page: measured by type and address only. */
  updateSpecialPage(pageType: number, gpa: number): void {
    this.step(pageType, gpa)
  }
}
