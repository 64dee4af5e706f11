/**
 * vCPU signatures: CPUID Fn0000_0001_EAX from family, model and stepping
 * (AMD CPUID specification #25481), and the QEMU CPU model names that
 * sev-snp-measure knows. QEMU puts the signature in RDX of the VMSA.
 */

/** The 32-bit signature; arithmetic as the reference's, on arbitrary integers. */
export function cpuSig(
  family: bigint,
  model: bigint,
  stepping: bigint
): bigint {
  let familyLow = family
  let familyHigh = 0n
  if (family > 0xfn) {
    familyLow = 0xfn
    familyHigh = (family - 0xfn) & 0xffn
  }
  const modelLow = model & 0xfn
  const modelHigh = (model >> 4n) & 0xfn
  const steppingLow = stepping & 0xfn
  return (
    (familyHigh << 20n) |
    (modelHigh << 16n) |
    (familyLow << 8n) |
    (modelLow << 4n) |
    steppingLow
  )
}

const EPYC = cpuSig(23n, 1n, 2n)
const ROME = cpuSig(23n, 49n, 0n)
const MILAN = cpuSig(25n, 1n, 1n)
const GENOA = cpuSig(25n, 17n, 0n)

/** QEMU builtin_x86_defs names → signature (names are case-sensitive, as in QEMU). */
export const CPU_SIGS: Readonly<Record<string, bigint>> = {
  EPYC: EPYC,
  'EPYC-v1': EPYC,
  'EPYC-v2': EPYC,
  'EPYC-IBPB': EPYC,
  'EPYC-v3': EPYC,
  'EPYC-v4': EPYC,
  'EPYC-Rome': ROME,
  'EPYC-Rome-v1': ROME,
  'EPYC-Rome-v2': ROME,
  'EPYC-Rome-v3': ROME,
  'EPYC-Milan': MILAN,
  'EPYC-Milan-v1': MILAN,
  'EPYC-Milan-v2': MILAN,
  'EPYC-Genoa': GENOA,
  'EPYC-Genoa-v1': GENOA,
  'EPYC-Turin': cpuSig(26n, 0n, 0n)
}

/** The signature of a named vCPU type, or undefined for an unknown name. */
export function vcpuSigOf(name: string): bigint | undefined {
  return Object.hasOwn(CPU_SIGS, name) ? CPU_SIGS[name] : undefined
}
