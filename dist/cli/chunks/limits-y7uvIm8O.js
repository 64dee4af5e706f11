/**
 * The values of an SNP guest's launch parameters that can exist, checked
 * the same way for the action's inputs and the command line's flags.
 * sev-snp-measure takes any Python int and measures
 * nonsense (`--vcpus -1` measures no VMSA at all, an 80-bit
 * `--guest-features` is cut to 64 bits); we refuse it instead.
 */
/** Largest vCPU count accepted (QEMU's own limit is far below). */
const MAX_VCPUS = 1 << 16;
/** CPUID leaf 1 EAX, the signature QEMU puts in each VMSA's RDX, is 32 bits. */
const MAX_VCPU_SIG = 0xffffffffn;
/** SEV_FEATURES is a 64-bit field of the VMSA. */
const MAX_GUEST_FEATURES = (1n << 64n) - 1n;
/** The problem with a vCPU count, or undefined. */
function vcpusProblem(n, name) {
    if (n < 1n || n > BigInt(MAX_VCPUS))
        return `${name} ${n} is not a vCPU count: give 1 to ${MAX_VCPUS}`;
    return undefined;
}
/** The problem with a CPUID signature, or undefined. */
function vcpuSigProblem(sig, name) {
    if (sig < 0n || sig > MAX_VCPU_SIG)
        return `${name} ${sig < 0n ? sig : `0x${sig.toString(16)}`} is not a CPUID signature (CPUID 1 EAX, 0 to 0xffffffff)`;
    return undefined;
}
/** The problem with SEV_FEATURES, or undefined. */
function guestFeaturesProblem(f, name) {
    if (f < 0n || f > MAX_GUEST_FEATURES)
        return `${name} ${f < 0n ? f : `0x${f.toString(16)}`} does not fit SEV_FEATURES (64 bits)`;
    return undefined;
}
/** The problem with family/model/stepping, or undefined (CPUID 1 EAX fields). */
function cpuidPartsProblem(family, model, stepping) {
    if (family < 0n || family > 0xfn + 0xffn)
        return `--vcpu-family ${family} is not a CPU family (0 to ${0xf + 0xff})`;
    if (model < 0n || model > 0xffn)
        return `--vcpu-model ${model} is not a CPU model (0 to 255)`;
    if (stepping < 0n || stepping > 0xfn)
        return `--vcpu-stepping ${stepping} is not a stepping (0 to 15)`;
    return undefined;
}

export { MAX_VCPUS as M, vcpuSigProblem as a, cpuidPartsProblem as c, guestFeaturesProblem as g, vcpusProblem as v };
