/**
 * The QEMU command-line options that launch a direct-boot SEV-SNP guest the
 * way the launch digest assumes: OVMF mapped below 4 GiB with -bios (not
 * pflash), the kernel-hashes table on, the same vCPU count and model.
 */

/** What the launch line depends on. */
export interface QemuLaunch {
  ovmf: string
  kernel: string
  initrd: string
  cmdline: string
  vcpus: number
  /** A QEMU CPU model name (EPYC-v4, EPYC-Milan...). */
  vcpuType: string
  /** C-bit position of the host (51 on Milan, Genoa and Turin). */
  cbitpos?: number
}

/** The options as an argument vector (no `qemu-system-x86_64` itself). */
export function qemuArgs(l: QemuLaunch): string[] {
  return [
    '-machine',
    'q35,confidential-guest-support=sev0,vmport=off',
    '-object',
    `sev-snp-guest,id=sev0,cbitpos=${l.cbitpos ?? 51},reduced-phys-bits=1,kernel-hashes=on`,
    '-cpu',
    l.vcpuType,
    '-smp',
    String(l.vcpus),
    '-bios',
    l.ovmf,
    '-kernel',
    l.kernel,
    '-initrd',
    l.initrd,
    '-append',
    l.cmdline
  ]
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

/** The options as one shell-ready string. */
export function qemuCommandLine(l: QemuLaunch): string {
  return qemuArgs(l).map(shellQuote).join(' ')
}
