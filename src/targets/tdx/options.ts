import { cmdlineTextProblem } from '../../util/text.js'
import { z } from 'zod'

/** A sha256 pin input. */
const sha256 = (name: string): z.ZodString =>
  z
    .string({ error: `${name} is required for target tdx: the file's sha256` })
    .regex(
      /^[0-9a-fA-F]{64}$/,
      `${name} must be the 64-hex-digit sha256 of the file`
    )

/**
 * The action inputs of the Intel TDX target (kebab-case, as in action.yml).
 * Everything the measurements depend on is an explicit input recorded in
 * the attestation; firmware and kernel are pinned by sha256.
 */
export const tdxOptions = z.object({
  'tdx-ovmf': z
    .string({ error: 'tdx-ovmf is required for target tdx' })
    .min(1, 'tdx-ovmf is required for target tdx')
    .describe(
      'Path of the TDVF/OVMF firmware the TD boots (-bios), with TDX metadata.'
    ),
  'tdx-ovmf-sha256': sha256('tdx-ovmf-sha256').describe(
    'sha256 of tdx-ovmf; the build fails if the file differs.'
  ),
  'tdx-kernel': z
    .string({ error: 'tdx-kernel is required for target tdx' })
    .min(1, 'tdx-kernel is required for target tdx')
    .describe(
      'Path of the Linux bzImage (EFI stub) booted directly (-kernel).'
    ),
  'tdx-kernel-sha256': sha256('tdx-kernel-sha256').describe(
    'sha256 of tdx-kernel; the build fails if the file differs.'
  ),
  'tdx-cmdline': z
    .string()
    .refine((v) => cmdlineTextProblem(v) === undefined, {
      message: `tdx-cmdline ${cmdlineTextProblem('\uFFFD')}`
    })
    .default('console=hvc0')
    .describe(
      'Kernel command line (-append), byte for byte: RTMR2 measures it.'
    ),
  'tdx-memory': z
    .string()
    .default('2G')
    .describe(
      'Guest RAM (-m), e.g. 2G: the TD HOB (RTMR0) and the initrd address (RTMR1) depend on it.'
    ),
  'tdx-qemu-version': z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'tdx-qemu-version must be MAJOR.MINOR.PATCH')
    .default('9.1.0')
    .describe(
      'QEMU version of the host: 8.x adds pages in two passes (MRTD), 9.x and later in one.'
    ),
  'tdx-acpi-tables': z
    .string()
    .optional()
    .describe(
      "QEMU's etc/acpi/tables fw_cfg blob for this VM; with tdx-acpi-rsdp and tdx-acpi-loader, RTMR0 is computed."
    ),
  'tdx-acpi-rsdp': z
    .string()
    .optional()
    .describe("QEMU's etc/acpi/rsdp fw_cfg blob."),
  'tdx-acpi-loader': z
    .string()
    .optional()
    .describe("QEMU's etc/table-loader fw_cfg blob.")
})

/** Parsed TDX target options. */
export type TdxOptions = z.infer<typeof tdxOptions>

/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
export const TDX_OUTPUTS = {
  mrtd: 'MRTD (hex), the TD build-time measurement',
  rtmr0:
    'RTMR0 (hex): TD HOB, firmware config and ACPI; empty without the tdx-acpi-* inputs',
  rtmr1: 'RTMR1 (hex): the kernel as QEMU patched it',
  rtmr2: 'RTMR2 (hex): the kernel command line and the initrd',
  'initrd-path': 'path of the initrd carrying the Go binary as /init'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link TDX_OUTPUTS}. */
export type TdxOutput = keyof typeof TDX_OUTPUTS
