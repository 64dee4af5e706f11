import { efiVariableDigest, replay, SEPARATOR, sha384 } from './eventlog.js'

/**
 * RTMR0 of a QEMU direct-boot TD as dstack-mr computes it for OVMF before
 * edk2-stable202505 (tdvf.rs rtmr0_log_from_td_hob_hash_with_acpi_hashes):
 * TD HOB, configuration firmware volume, the five secure-boot variables,
 * separator, the three ACPI blobs QEMU's fw_cfg loader provides (table
 * loader commands, RSDP, tables), BootOrder and Boot0000.
 */

/** The digests of QEMU's ACPI fw_cfg files: etc/table-loader, etc/acpi/rsdp, etc/acpi/tables. */
export interface AcpiDigests {
  loader: Uint8Array
  rsdp: Uint8Array
  tables: Uint8Array
}

/** dstack-mr's fixed CFV digest (its OVMF's empty variable store). */
export const CFV_DIGEST = Buffer.from(
  '344bc51c980ba621aaa00da3ed7436f7d6e549197dfe699515dfa2c6583d95e6412af21c097d473155875ffd561d6790',
  'hex'
)
/** dstack-mr's fixed Boot0000 (UiApp) digest for pre-202505 OVMF. */
export const BOOT0000_DIGEST = Buffer.from(
  '23ada07f5261f12f34a0bd8e46760962d6b4d576a416f1fea1c64bc656b1d28eacf7047ae6e967c58fd2a98bfa74c298',
  'hex'
)

const GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c'
const IMAGE_SECURITY = 'd719b2cb-3d3a-4596-a3bc-dad00e67656f'

/** The RTMR0 event digests. */
export function rtmr0Log(tdHob: Uint8Array, acpi: AcpiDigests): Uint8Array[] {
  return [
    tdHob,
    CFV_DIGEST,
    efiVariableDigest(GLOBAL, 'SecureBoot'),
    efiVariableDigest(GLOBAL, 'PK'),
    efiVariableDigest(GLOBAL, 'KEK'),
    efiVariableDigest(IMAGE_SECURITY, 'db'),
    efiVariableDigest(IMAGE_SECURITY, 'dbx'),
    SEPARATOR(),
    acpi.loader,
    acpi.rsdp,
    acpi.tables,
    sha384(new Uint8Array(2)), // BootOrder: the raw 2 bytes of legacy OVMF
    BOOT0000_DIGEST
  ]
}

/** RTMR0. */
export function rtmr0(tdHob: Uint8Array, acpi: AcpiDigests): Uint8Array {
  return replay(rtmr0Log(tdHob, acpi))
}
