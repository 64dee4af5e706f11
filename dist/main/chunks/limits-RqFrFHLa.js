/**
 * What each small input format can be at most, so that a wrong or hostile
 * file is refused (FILE_TOO_LARGE) before it is read.
 * Generous: each is far above any real file of its kind.
 */
/** A SIGSTRUCT is 1808 bytes. */
const MAX_SIGSTRUCT_BYTES = 64 * 1024;
/** Manifests, templates and .manifest.sgx files (text; real ones are KBs). */
const MAX_MANIFEST_BYTES = 16 * 2 ** 20;
/** Attestation evidence (Nitro document, SGX quote, SNP report + certs). */
const MAX_EVIDENCE_BYTES = 2 ** 20;
/** PEM keys and certificates. */
const MAX_PEM_BYTES = 2 ** 20;
/**
 * OVMF firmware: real images are 2 to 4 MiB and QEMU maps the whole image
 * below 4 GiB; 256 MiB is far beyond any.
 */
const MAX_FIRMWARE_BYTES = 256 * 2 ** 20;
/**
 * The size limit of each kind of input file, in one table: every file a
 * command or the action reads names its kind here, and a file above the
 * limit is refused (FILE_TOO_LARGE) when it is opened, before a byte is
 * read. Each is far above any real file of its kind and far below what
 * would take minutes or exhaust a runner's memory.
 */
const INPUT_LIMITS = {
    /** A bzImage is 10 to 20 MiB; an uncompressed arm64 Image up to ~60. */
    kernel: 128 * 2 ** 20,
    /** An initrd or EIF ramdisk holding a whole root file system. */
    initrd: 2 * 2 ** 30,
    /** A Go program (the largest real ones are a few hundred MiB). */
    binary: 1 * 2 ** 30,
    /** AWS's init and nsm.ko, Gramine's libpal, an SVSM: each under 10 MiB. */
    blob: 64 * 2 ** 20,
    firmware: MAX_FIRMWARE_BYTES,
    /** A kernel command line (x86 COMMAND_LINE_SIZE is 2 KiB). */
    cmdline: 64 * 1024,
    /** QEMU's fw_cfg ACPI blobs (tables: ~128 KiB; rsdp 36 bytes; loader KiBs). */
    acpi: 16 * 2 ** 20,
    pem: MAX_PEM_BYTES,
    /** JSON documents: statements, bundles, build records, trusted roots, collateral. */
    json: 32 * 2 ** 20,
    manifest: MAX_MANIFEST_BYTES,
    evidence: MAX_EVIDENCE_BYTES,
    sigstruct: MAX_SIGSTRUCT_BYTES,
    /** A pprof profile for -pgo. */
    profile: 64 * 2 ** 20,
    /** Small text files: os-release, SBAT, CoCo initdata documents. */
    text: 2 ** 20,
    /** UEFI signature lists (PK, KEK, db, dbx): real ones are tens of KiB. */
    efivar: 2 ** 20,
    /** A systemd-stub (~100 KiB) or another small EFI program. */
    efi: 64 * 2 ** 20,
    /** Any file measured whole (nitro pcr --input). */
    measured: 2 * 2 ** 30,
    /** An EIF or a built artifact that is hashed or published (streamed). */
    image: 4 * 2 ** 30,
    /**
     * A container layer tar, or its gzip (inflated to at most this much):
     * read and turned into an ext4 image in memory.
     */
    layer: 2 * 2 ** 30
};
/**
 * The action's inputs that name a file, with their kind: preflight opens
 * each before any work, and the generated special-files test covers each.
 */
const ACTION_FILE_INPUTS = {
    pgo: 'profile',
    'manifest-template': 'manifest',
    libpal: 'blob',
    'nitro-kernel': 'kernel',
    'nitro-init': 'blob',
    'nitro-nsm': 'blob',
    'nitro-cmdline': 'cmdline',
    'snp-ovmf': 'firmware',
    'snp-kernel': 'kernel',
    'tdx-ovmf': 'firmware',
    'tdx-kernel': 'kernel',
    'tdx-acpi-tables': 'acpi',
    'tdx-acpi-rsdp': 'acpi',
    'tdx-acpi-loader': 'acpi',
    evidence: 'evidence',
    'trusted-root': 'json',
    'dcap-collateral': 'json',
    'snp-vcek': 'pem',
    'snp-ask': 'pem',
    'snp-crl': 'evidence',
    'public-key': 'pem',
    'cs-jwks': 'json',
    'uki-stub': 'efi',
    'uki-kernel': 'kernel',
    'uki-os-release': 'text',
    'uki-sbat': 'text',
    'uki-secure-boot-pk': 'efivar',
    'uki-secure-boot-kek': 'efivar',
    'uki-secure-boot-db': 'efivar',
    'uki-secure-boot-dbx': 'efivar'
};
/** The size limit of an action input that names a file (undefined: none known). */
function actionInputLimit(input) {
    const kind = ACTION_FILE_INPUTS[input];
    return kind === undefined ? undefined : INPUT_LIMITS[kind];
}

export { MAX_MANIFEST_BYTES as M, actionInputLimit as a, MAX_FIRMWARE_BYTES as b, MAX_PEM_BYTES as c, MAX_EVIDENCE_BYTES as d };
