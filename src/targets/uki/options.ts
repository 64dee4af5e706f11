import { z } from 'zod'

/** A sha256 pin input. */
const sha256 = (name: string): z.ZodString =>
  z
    .string()
    .regex(
      /^[0-9a-fA-F]{64}$/,
      `${name} must be the 64-hex-digit sha256 of the file`
    )

/**
 * The action inputs of the UKI target (kebab-case, as in action.yml): a
 * unified kernel image whose initrd runs the Go binary as /init, and the
 * PCRs an AWS NitroTPM instance (and systemd-stub's PCR 11) will report.
 * The stub and the kernel are pinned by sha256.
 */
export const ukiOptions = z.object({
  'uki-stub': z
    .string()
    .min(1, 'uki-stub is required for target uki')
    .describe(
      "Path of the systemd-stub (e.g. Debian systemd-boot-efi's /usr/lib/systemd/boot/efi/linuxx64.efi.stub)."
    ),
  'uki-stub-sha256': sha256('uki-stub-sha256').describe(
    'sha256 of uki-stub; the build fails if the file differs.'
  ),
  'uki-kernel': z
    .string()
    .min(1, 'uki-kernel is required for target uki')
    .describe('Path of the Linux kernel (EFI bzImage) for .linux.'),
  'uki-kernel-sha256': sha256('uki-kernel-sha256').describe(
    'sha256 of uki-kernel; the build fails if the file differs.'
  ),
  'uki-cmdline': z
    .string()
    .default('console=ttyS0')
    .describe(
      'Kernel command line for .cmdline (whitespace runs collapse to one space, as ukify does).'
    ),
  'uki-os-release': z
    .string()
    .optional()
    .describe('Path of an os-release file for .osrel (none by default).'),
  'uki-uname': z
    .string()
    .optional()
    .describe('Kernel release for .uname (none by default).'),
  'uki-sbat': z
    .string()
    .optional()
    .describe(
      'Path of SBAT lines merged into .sbat (default: ukify\'s "uki,1,UKI,..." line).'
    ),
  'uki-secure-boot-pk': z
    .string()
    .optional()
    .describe(
      'Path of the PK variable (EFI signature list) of the AMI; with it PCR7 is computed for Secure Boot on and attested.'
    ),
  'uki-secure-boot-kek': z
    .string()
    .optional()
    .describe('Path of the KEK variable contents.'),
  'uki-secure-boot-db': z
    .string()
    .optional()
    .describe('Path of the db variable contents (the CA that signs the UKI).'),
  'uki-secure-boot-dbx': z
    .string()
    .optional()
    .describe('Path of the dbx variable contents.')
})

/** Parsed UKI target options. */
export type UkiOptions = z.infer<typeof ukiOptions>

/** The action outputs this target sets, each with its description. */
export const UKI_OUTPUTS = {
  'uki-path': 'path of the unified kernel image',
  pcr4: 'NitroTPM PCR4 (SHA-384): the boot chain, as nitro-tpm-pcr-compute',
  pcr7: 'NitroTPM PCR7 (SHA-384): Secure Boot state and keys',
  pcr12: 'NitroTPM PCR12 (SHA-384): all zero, no command-line addons',
  'pcr11-sha256': "PCR11 (SHA-256) as the UKI's systemd-stub extends it",
  'pcr11-sha384': "PCR11 (SHA-384) as the UKI's systemd-stub extends it",
  'initrd-path': 'path of the initrd carrying the Go binary as /init'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link UKI_OUTPUTS}. */
export type UkiOutput = keyof typeof UKI_OUTPUTS
