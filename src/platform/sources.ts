/**
 * Real, obtainable platform files for the targets that boot a VM image,
 * each pinned by the Debian package that carries it (name, version, the
 * .deb's path in the archive and its sha256, as the suite's Packages index
 * lists them) and by the sha256 of the file inside. The same files the
 * project's CI oracles fetch (.ci/snp-oracle.sh, .ci/tdx-oracle.sh,
 * .ci/uki-oracle.sh). Debian's suites move on: a package that left the
 * mirror is still on snapshot.debian.org (pass it as the mirror).
 */

/** One platform file in place, with the action inputs that use it. */
export interface FetchedFile {
  input: string
  path: string
  sha256: string
  source: string
  /** True when the file was already there with the pinned sha256. */
  cached: boolean
}

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
  ],
  uki: [
    {
      input: 'uki-stub',
      name: 'linuxx64.efi.stub',
      // the stub ukify 257 lays out byte for byte (docs/uki.md)
      package: 'systemd-boot-efi',
      version: '257.13-1~deb13u1',
      suite: 'trixie',
      filename:
        'pool/main/s/systemd/systemd-boot-efi_257.13-1~deb13u1_amd64.deb',
      debSha256:
        '390ecdcef9bbb753f51bb6d8f696bdae2f1dbedde7239c49ccb2512f137a8933',
      member: 'usr/lib/systemd/boot/efi/linuxx64.efi.stub',
      sha256: '9c623743834bb904a3cb941092cffc958c31230263ce896d332a75e9ec48aa85'
    },
    { input: 'uki-kernel', ...KERNEL }
  ]
}

/** Where the other targets' platform files come from (no Debian package). */
export const PLATFORM_STEPS: Readonly<Record<string, string>> = {
  nitro:
    "AWS's enclave kernel, init, nsm.ko and cmdline are in no package registry; take them from an aws-nitro-enclaves-cli release (git clone --depth 1 --branch v1.5.0 https://github.com/aws/aws-nitro-enclaves-cli) or from Amazon Linux's aws-nitro-enclaves-cli-devel (/usr/share/nitro_enclaves/blobs), then run fetch-platform --target nitro --from <that checkout or folder>, which checks them against their pinned sha256; docs/nitro.md"
}

/**
 * Targets whose measurement takes no platform file that fetch-platform
 * could fetch, and why: asked for one of them, the command says so and
 * writes nothing (it is not an error: there is nothing missing to get).
 */
export const NO_PLATFORM_FILES: Readonly<Record<string, string>> = {
  oci: 'target oci needs no platform files: the image is the Go binary (with its loader and libraries from cgo-sysroot when it is a dynamic cgo binary) on the base image you pin (oci-base, oci-base-layout, or none), and no firmware, kernel or stub is measured with it; docs/containers.md',
  gramine:
    "target gramine needs no platform files from fetch-platform: MRENCLAVE covers Gramine's own libpal.so and runtime, which come from Gramine's release packages (packages.gramineproject.io) or the gramine Docker image at a digest, not from a Debian or AWS download; install Gramine on the runner, or point gramine-root at such a root and pin libpal; docs/gramine.md"
}

/** Every target fetch-platform answers for, in the order its help lists them. */
export const PLATFORM_TARGETS: readonly string[] = [
  ...Object.keys(PLATFORM_SOURCES),
  ...Object.keys(PLATFORM_STEPS),
  ...Object.keys(NO_PLATFORM_FILES)
]

/** One of AWS's Nitro blobs, as a known release ships it. */
export interface NitroBlob {
  /** The action input this file is for. */
  input: string
  /** Its file name in blobs/<arch>/ and in the output directory. */
  name: string
  sha256: string
  /** The git blob id in aws-nitro-enclaves-cli, where the set comes from there. */
  gitBlobId?: string
}

/** A set of Nitro blobs that one release ships, all four pinned. */
export interface NitroBlobSet {
  /** Where the set comes from, as printed with each file. */
  source: string
  blobs: NitroBlob[]
}

/**
 * The x86_64 blob sets whose sha256 are known from public sources. The
 * GitHub set (the same git blob ids at every tag v1.3.1 to v1.5.0): init,
 * nsm.ko and cmdline hashed here from the repository's own objects; bzImage
 * (over 4 MiB, not obtainable here) from public repositories that pin the
 * file at commit ec130adc, which has the same blob id, and whose values for
 * the other three equal ours (code index file ids 6830987479, 7261710963;
 * 55201595373 pins v1.4.4's as the same sha256). The Amazon Linux 2023 package's init and
 * nsm.ko are not GitHub's: its set is as a public repository recorded it
 * from an instance with aws-nitro-enclaves-cli 1.4.4-0.amzn2023 installed
 * (code index file ids 57509036760, 57663087428).
 */
export const NITRO_BLOB_SETS: readonly NitroBlobSet[] = [
  {
    source:
      'aws-nitro-enclaves-cli v1.5.0 (also v1.3.1 to v1.4.5) blobs/x86_64',
    blobs: [
      {
        input: 'nitro-kernel',
        name: 'bzImage',
        sha256:
          '210eda749c1308eb60671a579d24db5e8a3477cb7a247cf313c286b09fe2d857',
        gitBlobId: '1b7b48cfb6eab842005d3f80a46d0225a27f9fc2'
      },
      {
        input: 'nitro-init',
        name: 'init',
        sha256:
          '755e650b732777b798cb9ec243ee402bef4826f789cf01a1e453bb724207c005',
        gitBlobId: '122b5d1514316b1b553fb486445fe1482a48b8c8'
      },
      {
        input: 'nitro-nsm',
        name: 'nsm.ko',
        sha256:
          '48904e520db2541ca4378da29d85791749408febc81987ade56cc5c556bd90df',
        gitBlobId: '24cbfe5dd041b75d731bd3feda9748b75883be7f'
      },
      {
        input: 'nitro-cmdline',
        name: 'cmdline',
        sha256:
          '10d7d9dd205d4596d45997d17434f26207525f129d171a51f9859b1af9f4a07a',
        gitBlobId: 'b3b51ddf3555e116d0bb2b5d9354c93036868ab1'
      }
    ]
  },
  {
    source:
      'Amazon Linux 2023 aws-nitro-enclaves-cli-devel 1.4.4-0.amzn2023 /usr/share/nitro_enclaves/blobs',
    blobs: [
      {
        input: 'nitro-kernel',
        name: 'bzImage',
        sha256:
          '210eda749c1308eb60671a579d24db5e8a3477cb7a247cf313c286b09fe2d857'
      },
      {
        input: 'nitro-init',
        name: 'init',
        sha256:
          'c4acb866e8925c171b43517f3a88a6989f5a2da3a6d3e6594f75bedc6d116a27'
      },
      {
        input: 'nitro-nsm',
        name: 'nsm.ko',
        sha256:
          '6bd2b09422c2f2f58c6ecf1cfd55216bea9b99a6d591261a9eca40027291316b'
      },
      {
        input: 'nitro-cmdline',
        name: 'cmdline',
        sha256:
          '10d7d9dd205d4596d45997d17434f26207525f129d171a51f9859b1af9f4a07a'
      }
    ]
  }
]

/** The Debian mirror used unless another is given. */
export const DEFAULT_MIRROR = 'https://deb.debian.org/debian'
