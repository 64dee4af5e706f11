/**
 * What each small input format can be at most, so that a wrong or hostile
 * file is refused (FILE_TOO_LARGE) before it is read.
 * Generous: each is far above any real file of its kind.
 */

/** A SIGSTRUCT is 1808 bytes. */
export const MAX_SIGSTRUCT_BYTES = 64 * 1024
/** Manifests, templates and .manifest.sgx files (text; real ones are KBs). */
export const MAX_MANIFEST_BYTES = 16 * 2 ** 20
/** Attestation evidence (Nitro document, SGX quote, SNP report + certs). */
export const MAX_EVIDENCE_BYTES = 2 ** 20
/** PEM keys and certificates. */
export const MAX_PEM_BYTES = 2 ** 20
/**
 * OVMF firmware: real images are 2 to 4 MiB and QEMU maps the whole image
 * below 4 GiB; 256 MiB is far beyond any.
 */
export const MAX_FIRMWARE_BYTES = 256 * 2 ** 20
