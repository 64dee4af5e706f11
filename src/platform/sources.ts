/**
 * Real, obtainable platform files for the targets that boot a VM image,
 * each pinned by the Debian package that carries it (name, version, the
 * .deb's path in the archive and its sha256, as the suite's Packages index
 * lists them) and by the sha256 of the file inside. The same files the
 * project's CI oracles fetch (.ci/snp-oracle.sh, .ci/tdx-oracle.sh).
 * Debian's sid moves on: a package that left the mirror is still on
 * snapshot.debian.org (pass it as the mirror).
 */

/** One file of a target's platform, from one Debian package. */
export interface DebianSource {
  /** The action input this file is for (its -sha256 twin gets `sha256`). */
  input: string
  /** File name written to the output directory. */
  name: string
  package: string
  version: string
  suite: string
  /** Path of the .deb under the mirror root (the Packages index's Filename). */
  filename: string
  debSha256: string
  /** Path of the file inside the package's data archive. */
  member: string
  sha256: string
}

const KERNEL: Omit<DebianSource, 'input'> = {
  name: 'vmlinuz',
  package: 'linux-image-6.12.117+deb13-cloud-amd64',
  version: '6.12.117-1',
  suite: 'trixie',
  filename:
    'pool/main/l/linux-signed-amd64/linux-image-6.12.117+deb13-cloud-amd64_6.12.117-1_amd64.deb',
  debSha256: 'e9893e5295d0549b8852611f12a4b8b5f6cc4b8128dcc2086b9847793b904ab7',
  member: 'boot/vmlinuz-6.12.117+deb13-cloud-amd64',
  sha256: 'ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0'
}

/** The platform files of each target that has Debian-packaged ones. */
export const PLATFORM_SOURCES: Readonly<Record<string, DebianSource[]>> = {
  snp: [
    {
      input: 'snp-ovmf',
      name: 'OVMF.amdsev.fd',
      // the AmdSev build (kernel-hashes section) is packaged in sid only;
      // bookworm and trixie have no ovmf-amdsev
      package: 'ovmf-amdsev',
      version: '2026.08+ds-2',
      suite: 'sid',
      filename: 'pool/main/e/edk2/ovmf-amdsev_2026.08+ds-2_all.deb',
      debSha256:
        '92c9b6d15e4eeb371938c3f99080c1a8fc057dfd6bc0509d37f8b615e9edebfb',
      member: 'usr/share/ovmf/OVMF.amdsev.fd',
      sha256: '3e4fd0b3fe3b2dbe481c3d9e99418a034174f26cbe1f55aa212b0f18c12d2d6f'
    },
    { input: 'snp-kernel', ...KERNEL }
  ],
  tdx: [
    {
      input: 'tdx-ovmf',
      name: 'OVMF.inteltdx.ms.fd',
      package: 'ovmf-inteltdx',
      version: '2026.08+ds-2',
      suite: 'sid',
      filename: 'pool/main/e/edk2/ovmf-inteltdx_2026.08+ds-2_all.deb',
      debSha256:
        '87123a9bf4dc1af7bbc48257a9b3db5933ff695167476d4fa48b705da1011fb1',
      member: 'usr/share/ovmf/OVMF.inteltdx.ms.fd',
      sha256: 'a265075b4147a096109e501e76196df1ec8a18659c26f7401492c597ec88f312'
    },
    { input: 'tdx-kernel', ...KERNEL }
  ]
}

/** Where the other targets' platform files come from (no Debian package). */
export const PLATFORM_STEPS: Readonly<Record<string, string>> = {
  nitro:
    "AWS publishes the enclave kernel, init, nsm.ko and cmdline in aws-nitro-enclaves-cli's blobs/<arch>/ (a release tag, e.g. v1.4.2): git clone --depth 1 --branch <tag> https://github.com/aws/aws-nitro-enclaves-cli, take blobs/x86_64/{bzImage,init,nsm.ko,bzImage.config,cmdline}, and pin each with nitro-*-sha256 (or the git blob id GitHub lists); docs/nitro.md",
  gramine:
    "Gramine's libpal.so and runtime come from its release packages (packages.gramineproject.io, or the gramine Docker image at a digest); point gramine-root at that root and pin libpal; docs/gramine.md"
}

/** The Debian mirror used unless another is given. */
export const DEFAULT_MIRROR = 'https://deb.debian.org/debian'
