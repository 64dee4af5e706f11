import { o as object, a as string, s as stringbool, _ as _enum, e as superRefine } from './schemas-BeVPcTnG.js';
import { c as cmdlineTextProblem } from './tdx-BS7SA3Ep.js';
import { g as guestFeaturesProblem, a as vcpuSigProblem, v as vcpusProblem } from './limits-y7uvIm8O.js';

/**
 * The problem with `path` as gramine-binary-path, or undefined when it is
 * an absolute file path inside the root. Shared by the input schema and the
 * target, so the action reports it before the build.
 */
function binaryPathProblem(path) {
    if (!path.startsWith('/'))
        return `gramine-binary-path must be absolute (such as /app/server), not ${JSON.stringify(path)}`;
    if (/[\0\n\r]/.test(path))
        return 'gramine-binary-path must not contain control characters';
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..'))
        return `gramine-binary-path ${JSON.stringify(path)} contains "..": give the plain path inside the enclave`;
    if (parts.length === 0 || path.endsWith('/'))
        return `gramine-binary-path ${JSON.stringify(path)} must name a file inside the enclave, such as /app/server`;
    return undefined;
}

/**
 * The action inputs the Gramine target reads (kebab-case, exactly as in
 * action.yml). The signing key is PEM text from a secret, never a path.
 */
const gramineOptions = object({
    'manifest-template': string()
        .min(1, 'manifest-template is required for target gramine')
        .describe('Path of the Gramine manifest template (Jinja, as for gramine-manifest), relative to the workspace.'),
    'gramine-vars': string()
        .default('')
        .describe('Template variables, one key=value per line (a bare key is True), like gramine-manifest -D. Built in: entrypoint (the binary path in the enclave) and arch_libdir (/lib/x86_64-linux-gnu).'),
    libpal: string()
        .default('')
        .describe('The libpal.so to measure with (pin it: MRENCLAVE depends on its bytes). Default: <gramine-pkglibdir>/sgx/libpal.so from gramine-root, else the installed one.'),
    'signing-key': string()
        .default('')
        .describe('PEM text of the RSA-3072 (exponent 3) enclave signing key, from a secret. Empty: a throw-away key is made, so MRSIGNER means nothing.'),
    'signing-key-passphrase': string()
        .default('')
        .describe('Passphrase of an encrypted signing-key.'),
    'gramine-binary-path': string()
        .superRefine((v, ctx) => {
        const problem = v === '' ? undefined : binaryPathProblem(v);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    })
        .default('')
        .describe('Absolute path where the built binary is placed in the enclave staging root. Default: /app/<binary name>.'),
    'gramine-root': string()
        .default('')
        .describe('A directory copied into the enclave staging root first (pinned Gramine files such as libsysdb.so and runtime/, configuration). Default: the installed Gramine PKGLIBDIR, when present.'),
    'gramine-ldd-skip-missing': stringbool()
        .default(false)
        .describe('true: ldd() in the template leaves a library missing from the enclave root out of its list, as gramine-manifest does (the enclave cannot load it). Default: such a library is an error naming it.'),
    'gramine-pkglibdir': string()
        .default('/usr/lib/x86_64-linux-gnu/gramine')
        .describe("Gramine's PKGLIBDIR as the manifest names it (gramine.libos, gramine.runtimedir()). Default: the Debian/Ubuntu package path.")
});
/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
const GRAMINE_OUTPUTS = {
    mrenclave: 'MRENCLAVE (hex), as the SGX hardware will report it',
    mrsigner: 'MRSIGNER (hex), sha256 of the signing key modulus',
    isvprodid: 'ISVPRODID from the manifest',
    isvsvn: 'ISVSVN from the manifest',
    debug: 'true when the enclave is a debug enclave',
    'manifest-sgx': 'path of the .manifest.sgx',
    sig: 'path of the .sig (SIGSTRUCT)'
};

/**
 * The action inputs of the Nitro Enclaves target (kebab-case, exactly as in
 * action.yml). AWS's platform blobs are paths, each optionally pinned; the
 * signing pair is PEM text from secrets (never paths, never logged).
 */
const pin = (name) => string()
    .regex(/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})?$/, `${name} must be a sha256 (64 hex) or a git blob id (40 hex)`)
    .default('');
const nitroOptions = object({
    'nitro-kernel': string({ error: 'nitro-kernel is required for target nitro' })
        .min(1, 'nitro-kernel is required for target nitro')
        .describe("Path of the enclave kernel (bzImage for x86_64, Image for aarch64), e.g. aws-nitro-enclaves-cli's blobs/x86_64/bzImage."),
    'nitro-kernel-sha256': pin('nitro-kernel-sha256').describe('Pin of nitro-kernel: its sha256, or its git blob id as GitHub lists it. The build fails if the file differs.'),
    'nitro-init': string({ error: 'nitro-init is required for target nitro' })
        .min(1, 'nitro-init is required for target nitro')
        .describe("Path of AWS's enclave init binary (blobs/<arch>/init)."),
    'nitro-init-sha256': pin('nitro-init-sha256').describe('Pin of nitro-init (sha256 or git blob id).'),
    'nitro-nsm': string({ error: 'nitro-nsm is required for target nitro' })
        .min(1, 'nitro-nsm is required for target nitro')
        .describe('Path of the NSM driver module (blobs/<arch>/nsm.ko).'),
    'nitro-nsm-sha256': pin('nitro-nsm-sha256').describe('Pin of nitro-nsm (sha256 or git blob id).'),
    'nitro-cmdline': string({ error: 'nitro-cmdline is required for target nitro' })
        .min(1, 'nitro-cmdline is required for target nitro')
        .describe('Path of the kernel command line file (blobs/<arch>/cmdline); trimmed as nitro-cli does.'),
    'nitro-cmdline-sha256': pin('nitro-cmdline-sha256').describe('Pin of nitro-cmdline (sha256 or git blob id).'),
    'nitro-cmd': string()
        .default('')
        .describe("The enclave program's argv, one argument per line (default: /<binary name>). Written to the ramdisk's cmd file."),
    'nitro-env': string()
        .default('')
        .describe('Environment of the enclave program, one KEY=value per line (default: PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin).'),
    'nitro-signing-certificate': string()
        .default('')
        .describe('PEM text of the X.509 certificate that signs PCR0 (gives PCR8), from a secret or a file read into a variable. Empty: unsigned.'),
    'nitro-signing-key': string()
        .default('')
        .describe('PEM text of the EC private key (P-256, P-384 or P-521) of nitro-signing-certificate, from a secret. Never logged.'),
    'nitro-eif-name': string()
        .regex(/^[A-Za-z0-9._-]+$/, 'nitro-eif-name must be a plain file name')
        .default('enclave.eif')
        .describe('File name of the EIF written to the output directory.'),
    'nitro-bootstrap-layout': _enum(['linuxkit', 'reference'])
        .default('linuxkit')
        .describe("How the bootstrap ramdisk (dev/, init, nsm.ko) is archived: linuxkit = as nitro-cli's linuxkit writes it (aims at nitro-cli's PCR1 for the same blobs); reference = our canonical cpio with mtime 1.")
});
/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
const NITRO_OUTPUTS = {
    eif: 'path of the Enclave Image File',
    pcr0: 'PCR0 (hex): kernel, cmdline and all ramdisks',
    pcr1: 'PCR1 (hex): kernel, cmdline and the bootstrap ramdisk',
    pcr2: 'PCR2 (hex): the customer ramdisks (the Go binary)',
    pcr8: 'PCR8 (hex) of the signing certificate; empty when unsigned'
};

/** Lines of K=V (blank lines ignored). */
const kvLines = (name) => string()
    .refine((v) => v
    .split('\n')
    .every((l) => l.trim() === '' || /^[^=\s][^=]*=/.test(l.trim())), `${name} takes one K=V per line`);
/**
 * The action inputs of the OCI image target: a reproducible single-platform
 * image of the Go binary for Confidential Space, Confidential Containers
 * and confidential ACI, and the values each of them measures.
 */
const ociOptions = object({
    'oci-base': string()
        .default('')
        .refine((v) => v === '' ||
        v === 'scratch' ||
        /^(oci:\/\/)?[^/\s@]+\/[^\s@]+@sha256:[0-9a-f]{64}$/.test(v), 'oci-base must be pinned by digest, REGISTRY/NAME@sha256:<64 hex> (a tag can move, and the image would change with it); find the digest with `crane digest REGISTRY/NAME:TAG` or `docker buildx imagetools inspect REGISTRY/NAME:TAG`, or leave it empty for scratch')
        .describe("A registry image to build on, pinned by digest (REGISTRY/NAME@sha256:…; an index resolves to the binary's platform); empty or scratch: none. Login: ENCLAVE_BUILD_REGISTRY_USERNAME/_PASSWORD or docker login."),
    'oci-base-layout': string()
        .default('')
        .describe('A local OCI image layout to build on (its single image); empty means scratch.'),
    'oci-entrypoint': string()
        .default('')
        .describe('Where the binary goes in the image and runs from; empty means /app/<binary name>.'),
    'oci-env': kvLines('oci-env')
        .default('')
        .describe('Environment variables of the image, one K=V per line.'),
    'oci-labels': kvLines('oci-labels')
        .default('')
        .describe('Config labels, one K=V per line (Confidential Space reads tee.launch_policy.*).'),
    'oci-user': string()
        .default('')
        .describe('The user the entrypoint runs as (e.g. 65532); empty leaves it unset.'),
    'oci-compression': _enum(['none', 'gzip'])
        .default('none')
        .describe('Layer as plain tar, or gzip of stored blocks (byte-stable on any machine).'),
    'oci-initdata-files': kvLines('oci-initdata-files')
        .default('')
        .describe('Confidential Containers initdata entries, one NAME=PATH per line (policy.rego, aa.toml, cdh.toml); writes initdata.toml and its digest.'),
    'oci-initdata-algorithm': _enum(['sha256', 'sha384'])
        .default('sha384')
        .describe('Digest algorithm of the initdata document.'),
    'oci-aci-policy': _enum(['true', 'false'])
        .default('false')
        .describe('Also write the confidential ACI security policy (confcom shape) and its HOST_DATA.')
});
/** The action outputs of the OCI target. */
const OCI_OUTPUTS = {
    'image-layout': 'directory of the OCI image layout',
    'image-digest': 'sha256:… of the image manifest (what to pin and push)',
    'config-digest': 'sha256:… of the image config (Confidential Space image_id)',
    'diff-ids': 'layer diff IDs, comma-separated',
    'initdata-digest': 'CoCo initdata digest (hex), when oci-initdata-files is set',
    'aci-host-data': 'SHA-256 of the ACI policy (SNP HOST_DATA), when oci-aci-policy is true'
};

/** A sha256 pin input. */
const sha256$2 = (name) => string({ error: `${name} is required for target snp: the file's sha256` })
    .regex(/^[0-9a-fA-F]{64}$/, `${name} must be the 64-hex-digit sha256 of the file`);
/**
 * A check that adds `problem`'s message as an issue (the value already
 * matched its regex, so BigInt() cannot throw on it; a value that did not
 * is skipped here).
 */
const limit = (problem) => superRefine((v, ctx) => {
    let message;
    try {
        message = problem(v);
    }
    catch {
        return; // the regex reported it
    }
    if (message !== undefined)
        ctx.addIssue({ code: 'custom', message });
});
/**
 * The action inputs of the SEV-SNP target (kebab-case, exactly as in
 * action.yml). Everything the launch digest depends on is an explicit input
 * and is recorded in the attestation; the firmware and the kernel are
 * pinned by sha256 so that a changed file fails the build instead of
 * silently changing the measurement.
 */
const snpOptions = object({
    'snp-ovmf': string({ error: 'snp-ovmf is required for target snp' })
        .min(1, 'snp-ovmf is required for target snp')
        .describe('Path of the OVMF firmware the guest boots (-bios); an AmdSev build, with the kernel-hashes section.'),
    'snp-ovmf-sha256': sha256$2('snp-ovmf-sha256').describe('sha256 of snp-ovmf; the build fails if the file differs.'),
    'snp-kernel': string({ error: 'snp-kernel is required for target snp' })
        .min(1, 'snp-kernel is required for target snp')
        .describe('Path of the Linux bzImage booted directly (-kernel).'),
    'snp-kernel-sha256': sha256$2('snp-kernel-sha256').describe('sha256 of snp-kernel; the build fails if the file differs.'),
    'snp-cmdline': string()
        .refine((v) => cmdlineTextProblem(v) === undefined, {
        message: `snp-cmdline ${cmdlineTextProblem('\uFFFD')}`
    })
        .default('console=ttyS0')
        .describe('Kernel command line (-append), byte for byte: its hash is measured.'),
    'snp-vcpus': string()
        .regex(/^[1-9][0-9]*$/, {
        message: 'snp-vcpus must be a vCPU count such as 4',
        // the limit check below would report the same value again
        abort: true
    })
        .check(limit((v) => vcpusProblem(BigInt(v), 'snp-vcpus')))
        .default('1')
        .describe('Number of vCPUs (-smp); one VMSA page each is measured.'),
    'snp-vcpu-type': string()
        .check(limit((v) => /^0x[0-9a-f]+$/i.test(v)
        ? vcpuSigProblem(BigInt(v), 'snp-vcpu-type')
        : undefined))
        .default('EPYC-v4')
        .describe('QEMU vCPU model (-cpu) as sev-snp-measure names it (EPYC-v4, EPYC-Rome, EPYC-Milan, EPYC-Genoa, EPYC-Turin...), or a CPUID signature like 0xa10f10.'),
    'snp-vmm-type': string()
        .regex(/^(qemu|ec2|gce)$/i, 'snp-vmm-type must be QEMU, ec2 or gce')
        .default('QEMU')
        .describe('Hypervisor whose VMSA reset state to measure: QEMU, ec2 or gce (case-insensitive).'),
    'snp-guest-features': string()
        .regex(/^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/, 'snp-guest-features must be a number like 0x1')
        .check(limit((v) => guestFeaturesProblem(BigInt(v), 'snp-guest-features')))
        .default('0x1')
        .describe('VMSA SEV_FEATURES: 0x1 (SNPActive) for host kernels >= 6.8; 0x21 adds DebugSwap (host kernels 6.6-6.7).')
});
/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
const SNP_OUTPUTS = {
    measurement: 'the SEV-SNP launch digest (hex)',
    'initrd-path': 'path of the initrd carrying the Go binary as /init',
    'qemu-options': 'the QEMU options to launch the guest with kernel hashes on'
};

/** A sha256 pin input. */
const sha256$1 = (name) => string({ error: `${name} is required for target tdx: the file's sha256` })
    .regex(/^[0-9a-fA-F]{64}$/, `${name} must be the 64-hex-digit sha256 of the file`);
/**
 * The action inputs of the Intel TDX target (kebab-case, as in action.yml).
 * Everything the measurements depend on is an explicit input recorded in
 * the attestation; firmware and kernel are pinned by sha256.
 */
const tdxOptions = object({
    'tdx-ovmf': string({ error: 'tdx-ovmf is required for target tdx' })
        .min(1, 'tdx-ovmf is required for target tdx')
        .describe('Path of the TDVF/OVMF firmware the TD boots (-bios), with TDX metadata.'),
    'tdx-ovmf-sha256': sha256$1('tdx-ovmf-sha256').describe('sha256 of tdx-ovmf; the build fails if the file differs.'),
    'tdx-kernel': string({ error: 'tdx-kernel is required for target tdx' })
        .min(1, 'tdx-kernel is required for target tdx')
        .describe('Path of the Linux bzImage (EFI stub) booted directly (-kernel).'),
    'tdx-kernel-sha256': sha256$1('tdx-kernel-sha256').describe('sha256 of tdx-kernel; the build fails if the file differs.'),
    'tdx-cmdline': string()
        .refine((v) => cmdlineTextProblem(v) === undefined, {
        message: `tdx-cmdline ${cmdlineTextProblem('\uFFFD')}`
    })
        .default('console=hvc0')
        .describe('Kernel command line (-append), byte for byte: RTMR2 measures it.'),
    'tdx-memory': string()
        .default('2G')
        .describe('Guest RAM (-m), e.g. 2G: the TD HOB (RTMR0) and the initrd address (RTMR1) depend on it.'),
    'tdx-qemu-version': string()
        .regex(/^\d+\.\d+\.\d+$/, 'tdx-qemu-version must be MAJOR.MINOR.PATCH')
        .default('9.1.0')
        .describe('QEMU version of the host: 8.x adds pages in two passes (MRTD), 9.x and later in one.'),
    'tdx-acpi-tables': string()
        .optional()
        .describe("QEMU's etc/acpi/tables fw_cfg blob for this VM; with tdx-acpi-rsdp and tdx-acpi-loader, RTMR0 is computed."),
    'tdx-acpi-rsdp': string()
        .optional()
        .describe("QEMU's etc/acpi/rsdp fw_cfg blob."),
    'tdx-acpi-loader': string()
        .optional()
        .describe("QEMU's etc/table-loader fw_cfg blob.")
});
/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
const TDX_OUTPUTS = {
    mrtd: 'MRTD (hex), the TD build-time measurement',
    rtmr0: 'RTMR0 (hex): TD HOB, firmware config and ACPI; empty without the tdx-acpi-* inputs',
    rtmr1: 'RTMR1 (hex): the kernel as QEMU patched it',
    rtmr2: 'RTMR2 (hex): the kernel command line and the initrd',
    'initrd-path': 'path of the initrd carrying the Go binary as /init'
};

/** A sha256 pin input. */
const sha256 = (name) => string()
    .regex(/^[0-9a-fA-F]{64}$/, `${name} must be the 64-hex-digit sha256 of the file`);
/**
 * The action inputs of the UKI target (kebab-case, as in action.yml): a
 * unified kernel image whose initrd runs the Go binary as /init, and the
 * PCRs an AWS NitroTPM instance (and systemd-stub's PCR 11) will report.
 * The stub and the kernel are pinned by sha256.
 */
const ukiOptions = object({
    'uki-stub': string()
        .min(1, 'uki-stub is required for target uki')
        .describe("Path of the systemd-stub (e.g. Debian systemd-boot-efi's /usr/lib/systemd/boot/efi/linuxx64.efi.stub)."),
    'uki-stub-sha256': sha256('uki-stub-sha256').describe('sha256 of uki-stub; the build fails if the file differs.'),
    'uki-kernel': string()
        .min(1, 'uki-kernel is required for target uki')
        .describe('Path of the Linux kernel (EFI bzImage) for .linux.'),
    'uki-kernel-sha256': sha256('uki-kernel-sha256').describe('sha256 of uki-kernel; the build fails if the file differs.'),
    'uki-cmdline': string()
        .default('console=ttyS0')
        .describe('Kernel command line for .cmdline (whitespace runs collapse to one space, as ukify does).'),
    'uki-os-release': string()
        .optional()
        .describe('Path of an os-release file for .osrel (none by default).'),
    'uki-uname': string()
        .optional()
        .describe('Kernel release for .uname (none by default).'),
    'uki-sbat': string()
        .optional()
        .describe('Path of SBAT lines merged into .sbat (default: ukify\'s "uki,1,UKI,..." line).'),
    'uki-secure-boot-pk': string()
        .optional()
        .describe('Path of the PK variable (EFI signature list) of the AMI; with it PCR7 is computed for Secure Boot on and attested.'),
    'uki-secure-boot-kek': string()
        .optional()
        .describe('Path of the KEK variable contents.'),
    'uki-secure-boot-db': string()
        .optional()
        .describe('Path of the db variable contents (the CA that signs the UKI).'),
    'uki-secure-boot-dbx': string()
        .optional()
        .describe('Path of the dbx variable contents.')
});
/** The action outputs this target sets, each with its description. */
const UKI_OUTPUTS = {
    'uki-path': 'path of the unified kernel image',
    pcr4: 'NitroTPM PCR4 (SHA-384): the boot chain, as nitro-tpm-pcr-compute',
    pcr7: 'NitroTPM PCR7 (SHA-384): Secure Boot state and keys',
    pcr12: 'NitroTPM PCR12 (SHA-384): all zero, no command-line addons',
    'pcr11-sha256': "PCR11 (SHA-256) as the UKI's systemd-stub extends it",
    'pcr11-sha384': "PCR11 (SHA-384) as the UKI's systemd-stub extends it",
    'initrd-path': 'path of the initrd carrying the Go binary as /init'
};

/**
 * One registry entry, its schema and output names inferred (so that
 * `preflight` gets the parsed options of this target, and the output names
 * stay literal types).
 */
function tee(entry) {
    return entry;
}
/** Every target, in the order action.yml lists their inputs. */
const TARGETS = {
    gramine: tee({
        options: gramineOptions,
        secretInputs: ['signing-key', 'signing-key-passphrase'],
        outputs: GRAMINE_OUTPUTS,
        load: async () => (await import('./target-ChMGPzVs.js')).gramineTarget,
        preflight: async (o, c) => (await import('./preflight-5483wn18.js')).graminePreflight(o, c),
        publish: { binary: true },
        cli: {
            'gramine manifest': ['gramine/cli.js', 'gramineManifest'],
            'gramine sign': ['gramine/cli.js', 'gramineSign'],
            'gramine measure': ['gramine/cli.js', 'gramineMeasure'],
            'sgx sigstruct-view': ['gramine/cli-sgx.js', 'sigstructView'],
            'sgx gen-key': ['gramine/cli-sgx.js', 'genKey']
        }
    }),
    nitro: tee({
        options: nitroOptions,
        secretInputs: ['nitro-signing-key'],
        outputs: NITRO_OUTPUTS,
        // boots the worker thread that hashes PCR2 beside PCR0 (about 50 ms,
        // hidden behind the Go build)
        warmUpBeforeBuild: async () => {
            const { warmDigestWorker } = await import('./digest-worker-BWbgCEkR.js');
            void warmDigestWorker();
        },
        load: async () => (await import('./target-Bbd7heSk.js')).nitroTarget,
        preflight: async (o, c) => (await import('./preflight-CVCcdWzH.js')).nitroPreflight(o, c),
        // one module per verb: `nitro pcr` does not load the EIF writer
        cli: {
            'nitro build': ['nitro/cli/build.js', 'nitroBuild'],
            'nitro describe': ['nitro/cli/describe.js', 'nitroDescribe'],
            'nitro pcr': ['nitro/cli/pcr.js', 'nitroPcr'],
            'nitro pcr1': ['nitro/cli/pcr1.js', 'nitroPcr1']
        }
    }),
    snp: tee({
        options: snpOptions,
        secretInputs: [],
        outputs: SNP_OUTPUTS,
        load: async () => (await import('./target-Bn_t1JKs.js')).snpTarget,
        preflight: async (o, c) => (await import('./preflight-C7OtIlTp.js')).snpPreflight(o, c),
        cli: {
            'snp measure': ['snp/cli.js', 'snpMeasure'],
            'snp initrd': ['snp/cli.js', 'snpInitrd']
        }
    }),
    tdx: tee({
        options: tdxOptions,
        secretInputs: [],
        outputs: TDX_OUTPUTS,
        load: async () => (await import('./target-D_aVR0Uo.js')).tdxTarget,
        preflight: async (o, c) => (await import('./preflight-Ce8Kn2Ez.js')).tdxPreflight(o, c),
        cli: { 'tdx measure': ['tdx/cli.js', 'tdxMeasure'] }
    }),
    oci: tee({
        options: ociOptions,
        secretInputs: [],
        outputs: OCI_OUTPUTS,
        load: async () => (await import('./target-C7PXW_71.js')).ociTarget,
        preflight: async (o, c) => (await import('./preflight-D4hHHalJ.js')).ociPreflight(o, c)
    }),
    uki: tee({
        options: ukiOptions,
        secretInputs: [],
        outputs: UKI_OUTPUTS,
        load: async () => (await import('./target-BZpPr4b8.js')).ukiTarget,
        preflight: async (o, c) => (await import('./preflight-CChWqoNr.js')).ukiPreflight(o, c),
        cli: {
            'uki build': ['uki/cli.js', 'ukiBuild'],
            'uki measure': ['uki/cli.js', 'ukiMeasure'],
            'uki pcr11': ['uki/cli.js', 'ukiPcr11']
        }
    })
};
/** Every registered target name, in registry order. */
const TARGET_NAMES = Object.keys(TARGETS);
/** The registry entry of a target, typed loosely for generic callers. */
function targetEntry(name) {
    return TARGETS[name];
}
/**
 * The publish layout of a target by name (a predicate's or a result's
 * `target`, a string); an unknown name has the plain layout.
 */
function publishLayout(target) {
    const all = TARGETS;
    return all[target]?.publish ?? {};
}
/** Secret inputs of every target. */
const TARGET_SECRET_INPUTS = TARGET_NAMES.flatMap((n) => TARGETS[n].secretInputs);
/**
 * Starts the chosen target's warm-up work, if it has any, without waiting
 * for it (see {@link TargetEntry.warmUpBeforeBuild}). Never fails.
 */
async function warmUpTarget(name) {
    if (name === 'none')
        return;
    await targetEntry(name)
        .warmUpBeforeBuild?.()
        .catch(() => undefined);
}
/** Loads the named target and runs it with its parsed options. */
async function runTarget(name, options, ctx) {
    const target = await targetEntry(name).load();
    return target.run(ctx, options);
}

export { TARGET_SECRET_INPUTS as T, TARGET_NAMES as a, TARGETS as b, binaryPathProblem as c, publishLayout as p, runTarget as r, targetEntry as t, warmUpTarget as w };
