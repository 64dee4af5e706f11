import { EnclaveBuildError } from '../../errors.js'
import { nodeCrypto } from '../cvm/builtins.js'

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
  private readonly view = new DataView(this.info.buffer, this.info.byteOffset)
  private readonly hash = nodeCrypto().hash

  /** Starts from 48 zero bytes, or from a precomputed digest (`--snp-ovmf-hash`). */
  constructor(seed: Uint8Array = ZEROS) {
    this.ld = Buffer.from(seed).toString('latin1')
    this.seedLength = seed.length
  }

  /** The current digest. */
  digest(): Uint8Array {
    return Buffer.from(this.ld, 'latin1')
  }

  /** True when a run of updates from `first` to `last` needs no checks. */
  private safeRange(first: number, last: number): boolean {
    return (
      this.seedLength === LD_SIZE &&
      Number.isSafeInteger(first) &&
      first >= 0 &&
      Number.isSafeInteger(last)
    )
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
    this.chain(pageType, gpa, contents)
  }

  /** step() without its checks, for runs of pages checked as a whole. */
  private chain(pageType: number, gpa: number, contents?: string): void {
    const info = this.info
    // 'ascii' writes a string's bytes exactly as 'latin1' does (Node's
    // Buffer docs) and takes Buffer#write's shortest path.
    info.write(this.ld, 0, 'ascii')
    if (contents === undefined) info.fill(0, LD_SIZE, 2 * LD_SIZE)
    else info.write(contents, LD_SIZE, 'ascii')
    // Plain stores (a DataView for the GPA): the range-checked Buffer.write*
    // calls add up over a thousand updates.
    info[96] = PAGE_INFO_SIZE
    info[98] = pageType
    // IMI_PAGE, VMPL3/2/1 permissions and reserved stay zero.
    this.view.setUint32(104, gpa % 0x1_0000_0000, true)
    this.view.setUint32(108, Math.floor(gpa / 0x1_0000_0000), true)
    this.ld = this.hash('sha384', info, 'binary')
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
    // Views of a plain Uint8Array: Buffer#subarray constructs a Buffer
    // subclass per page, which is slow while this code still runs cold.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    const hash = this.hash
    // Checked once for the whole run; otherwise page by page, so an error
    // names the first page at fault.
    const checked = this.safeRange(gpa, gpa + bytes.length)
    for (let off = 0; off < bytes.length; off += PAGE) {
      const contents = hash('sha384', bytes.subarray(off, off + PAGE), 'binary')
      if (checked) this.chain(PageType.NORMAL, gpa + off, contents)
      else this.step(PageType.NORMAL, gpa + off, contents)
    }
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
    this.step(PageType.VMSA, VMSA_GPA, this.hash('sha384', page, 'binary'))
  }

  /** The SNP secrets page or the CPUID page: measured by type and address only. */
  updateSpecialPage(pageType: number, gpa: number): void {
    this.step(pageType, gpa)
  }
}
