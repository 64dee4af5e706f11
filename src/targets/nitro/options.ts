import { z } from 'zod'

/**
 * The action inputs of the Nitro Enclaves target (kebab-case, exactly as in
 * action.yml). AWS's platform blobs are paths, each optionally pinned; the
 * signing pair is PEM text from secrets (never paths, never logged).
 */
const pin = (name: string): z.ZodDefault<z.ZodString> =>
  z
    .string()
    .regex(
      /^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})?$/,
      `${name} must be a sha256 (64 hex) or a git blob id (40 hex)`
    )
    .default('')

export const nitroOptions = z.object({
  'nitro-kernel': z
    .string({ error: 'nitro-kernel is required for target nitro' })
    .min(1, 'nitro-kernel is required for target nitro')
    .describe(
      "Path of the enclave kernel (bzImage for x86_64, Image for aarch64), e.g. aws-nitro-enclaves-cli's blobs/x86_64/bzImage."
    ),
  'nitro-kernel-sha256': pin('nitro-kernel-sha256').describe(
    'Pin of nitro-kernel: its sha256, or its git blob id as GitHub lists it. The build fails if the file differs.'
  ),
  'nitro-init': z
    .string({ error: 'nitro-init is required for target nitro' })
    .min(1, 'nitro-init is required for target nitro')
    .describe("Path of AWS's enclave init binary (blobs/<arch>/init)."),
  'nitro-init-sha256': pin('nitro-init-sha256').describe(
    'Pin of nitro-init (sha256 or git blob id).'
  ),
  'nitro-nsm': z
    .string({ error: 'nitro-nsm is required for target nitro' })
    .min(1, 'nitro-nsm is required for target nitro')
    .describe('Path of the NSM driver module (blobs/<arch>/nsm.ko).'),
  'nitro-nsm-sha256': pin('nitro-nsm-sha256').describe(
    'Pin of nitro-nsm (sha256 or git blob id).'
  ),
  'nitro-cmdline': z
    .string({ error: 'nitro-cmdline is required for target nitro' })
    .min(1, 'nitro-cmdline is required for target nitro')
    .describe(
      'Path of the kernel command line file (blobs/<arch>/cmdline); trimmed as nitro-cli does.'
    ),
  'nitro-cmdline-sha256': pin('nitro-cmdline-sha256').describe(
    'Pin of nitro-cmdline (sha256 or git blob id).'
  ),
  'nitro-cmd': z
    .string()
    .default('')
    .describe(
      "The enclave program's argv, one argument per line (default: /<binary name>). Written to the ramdisk's cmd file."
    ),
  'nitro-env': z
    .string()
    .default('')
    .describe(
      'Environment of the enclave program, one KEY=value per line (default: PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin).'
    ),
  'nitro-signing-certificate': z
    .string()
    .default('')
    .describe(
      'PEM text of the X.509 certificate that signs PCR0 (gives PCR8), from a secret or a file read into a variable. Empty: unsigned.'
    ),
  'nitro-signing-key': z
    .string()
    .default('')
    .describe(
      'PEM text of the EC private key (P-256, P-384 or P-521) of nitro-signing-certificate, from a secret. Never logged.'
    ),
  'nitro-eif-name': z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'nitro-eif-name must be a plain file name')
    .default('enclave.eif')
    .describe('File name of the EIF written to the output directory.'),
  'nitro-bootstrap-layout': z
    .enum(['linuxkit', 'reference'])
    .default('linuxkit')
    .describe(
      "How the bootstrap ramdisk (dev/, init, nsm.ko) is archived: linuxkit = as nitro-cli's linuxkit writes it (aims at nitro-cli's PCR1 for the same blobs); reference = our canonical cpio with mtime 1."
    )
})

/** Parsed Nitro target options. */
export type NitroOptions = z.infer<typeof nitroOptions>

/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
export const NITRO_OUTPUTS = {
  eif: 'path of the Enclave Image File',
  pcr0: 'PCR0 (hex): kernel, cmdline and all ramdisks',
  pcr1: 'PCR1 (hex): kernel, cmdline and the bootstrap ramdisk',
  pcr2: 'PCR2 (hex): the customer ramdisks (the Go binary)',
  pcr8: 'PCR8 (hex) of the signing certificate; empty when unsigned'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link NITRO_OUTPUTS}. */
export type NitroOutput = keyof typeof NITRO_OUTPUTS
