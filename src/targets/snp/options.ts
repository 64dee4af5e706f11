import { cmdlineTextProblem } from '../../util/text.js'
import { z } from 'zod'
import { guestFeaturesProblem, vcpuSigProblem, vcpusProblem } from './limits.js'

/** A sha256 pin input. */
const sha256 = (name: string): z.ZodString =>
  z
    .string({ error: `${name} is required for target snp: the file's sha256` })
    .regex(
      /^[0-9a-fA-F]{64}$/,
      `${name} must be the 64-hex-digit sha256 of the file`
    )

/**
 * A check that adds `problem`'s message as an issue (the value already
 * matched its regex, so BigInt() cannot throw on it; a value that did not
 * is skipped here).
 */
const limit = (
  problem: (v: string) => string | undefined
): z.core.$ZodCheck<string> =>
  z.superRefine((v: string, ctx) => {
    let message: string | undefined
    try {
      message = problem(v)
    } catch {
      return // the regex reported it
    }
    if (message !== undefined) ctx.addIssue({ code: 'custom', message })
  })

/**
 * The action inputs of the SEV-SNP target (kebab-case, exactly as in
 * action.yml). Everything the launch digest depends on is an explicit input
 * and is recorded in the attestation; the firmware and the kernel are
 * pinned by sha256 so that a changed file fails the build instead of
 * silently changing the measurement.
 */
export const snpOptions = z.object({
  'snp-ovmf': z
    .string({ error: 'snp-ovmf is required for target snp' })
    .min(1, 'snp-ovmf is required for target snp')
    .describe(
      'Path of the OVMF firmware the guest boots (-bios); an AmdSev build, with the kernel-hashes section.'
    ),
  'snp-ovmf-sha256': sha256('snp-ovmf-sha256').describe(
    'sha256 of snp-ovmf; the build fails if the file differs.'
  ),
  'snp-kernel': z
    .string({ error: 'snp-kernel is required for target snp' })
    .min(1, 'snp-kernel is required for target snp')
    .describe('Path of the Linux bzImage booted directly (-kernel).'),
  'snp-kernel-sha256': sha256('snp-kernel-sha256').describe(
    'sha256 of snp-kernel; the build fails if the file differs.'
  ),
  'snp-cmdline': z
    .string()
    .refine((v) => cmdlineTextProblem(v) === undefined, {
      message: `snp-cmdline ${cmdlineTextProblem('\uFFFD')}`
    })
    .default('console=ttyS0')
    .describe(
      'Kernel command line (-append), byte for byte: its hash is measured.'
    ),
  'snp-vcpus': z
    .string()
    .regex(/^[1-9][0-9]*$/, {
      message: 'snp-vcpus must be a vCPU count such as 4',
      // the limit check below would report the same value again
      abort: true
    })
    .check(limit((v) => vcpusProblem(BigInt(v), 'snp-vcpus')))
    .default('1')
    .describe('Number of vCPUs (-smp); one VMSA page each is measured.'),
  'snp-vcpu-type': z
    .string()
    .check(
      limit((v) =>
        /^0x[0-9a-f]+$/i.test(v)
          ? vcpuSigProblem(BigInt(v), 'snp-vcpu-type')
          : undefined
      )
    )
    .default('EPYC-v4')
    .describe(
      'QEMU vCPU model (-cpu) as sev-snp-measure names it (EPYC-v4, EPYC-Rome, EPYC-Milan, EPYC-Genoa, EPYC-Turin...), or a CPUID signature like 0xa10f10.'
    ),
  'snp-vmm-type': z
    .string()
    .regex(/^(qemu|ec2|gce)$/i, 'snp-vmm-type must be QEMU, ec2 or gce')
    .default('QEMU')
    .describe(
      'Hypervisor whose VMSA reset state to measure: QEMU, ec2 or gce (case-insensitive).'
    ),
  'snp-guest-features': z
    .string()
    .regex(
      /^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/,
      'snp-guest-features must be a number like 0x1'
    )
    .check(limit((v) => guestFeaturesProblem(BigInt(v), 'snp-guest-features')))
    .default('0x1')
    .describe(
      'VMSA SEV_FEATURES: 0x1 (SNPActive) for host kernels >= 6.8; 0x21 adds DebugSwap (host kernels 6.6-6.7).'
    )
})

/** Parsed SNP target options. */
export type SnpOptions = z.infer<typeof snpOptions>

/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
export const SNP_OUTPUTS = {
  measurement: 'the SEV-SNP launch digest (hex)',
  'initrd-path': 'path of the initrd carrying the Go binary as /init',
  'qemu-options': 'the QEMU options to launch the guest with kernel hashes on'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link SNP_OUTPUTS}. */
export type SnpOutput = keyof typeof SNP_OUTPUTS
