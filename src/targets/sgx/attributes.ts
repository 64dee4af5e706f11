import { EnclaveBuildError } from '../../errors.js'
import {
  SGX_FLAGS_DEBUG,
  SGX_FLAGS_MODE64BIT,
  SGX_MISCSELECT_EXINFO,
  SGX_XFRM_AMX,
  SGX_XFRM_AVX,
  SGX_XFRM_AVX512,
  SGX_XFRM_LEGACY,
  SGX_XFRM_MASK_CONST,
  SGX_XFRM_MPX,
  SGX_XFRM_PKRU
} from './constants.js'

/**
 * ATTRIBUTES, ATTRIBUTEMASK.XFRM and MISCSELECT of an enclave from its SGX
 * settings, as Gramine v1.6+ computes them (python/graminelibos/sgx_sign.py
 * get_enclave_attributes).
 */

/** The inputs, already read from the manifest's [sgx] table. */
export interface SgxSettings {
  /** Only a literal `true` counts, as in Gramine. */
  debug: unknown
  useExinfo: unknown
  /** sgx.cpu_features, or undefined when absent. */
  cpuFeatures?: Map<string, unknown>
}

/** What goes into SIGSTRUCT. */
export interface EnclaveAttributes {
  flags: bigint
  xfrm: bigint
  xfrmMask: bigint
  miscSelect: number
}

// Order matters: avx512 (0xe4) contains the AVX bit, so avx512 = "disabled"
// after avx = "required" clears AVX again. Gramine behaves the same way.
const FEATURES: [string, bigint][] = [
  ['avx', SGX_XFRM_AVX],
  ['avx512', SGX_XFRM_AVX512],
  ['amx', SGX_XFRM_AMX]
]
const SECURE_FEATURES: [string, bigint][] = [
  ['mpx', SGX_XFRM_MPX],
  ['pkru', SGX_XFRM_PKRU]
]

function applyFeatures(
  features: Map<string, unknown>,
  table: [string, bigint][],
  start: { xfrm: bigint; mask: bigint },
  hardening: boolean
): { xfrm: bigint; mask: bigint } {
  let { xfrm, mask } = start
  for (const [name, bits] of table) {
    if (!features.has(name)) continue
    const value = features.get(name)
    if (value === 'required') {
      xfrm |= bits
      mask |= bits
    } else if (value === 'disabled') {
      xfrm &= ~bits
      mask |= bits
    } else if (hardening || value !== 'unspecified') {
      const allowed = hardening
        ? '"required" or "disabled"'
        : '"required", "disabled" or "unspecified"'
      throw new EnclaveBuildError(
        'MANIFEST_INVALID',
        `sgx.cpu_features.${name} has a disallowed value ${JSON.stringify(String(value))}; use ${allowed}`
      )
    }
  }
  return { xfrm, mask }
}

/** Computes the attributes Gramine's signer puts into SIGSTRUCT. */
export function enclaveAttributes(s: SgxSettings): EnclaveAttributes {
  let flags = SGX_FLAGS_MODE64BIT
  if (s.debug === true) flags |= SGX_FLAGS_DEBUG
  const miscSelect = s.useExinfo === true ? SGX_MISCSELECT_EXINFO : 0
  let acc = { xfrm: SGX_XFRM_LEGACY, mask: SGX_XFRM_MASK_CONST }
  if (s.cpuFeatures) {
    acc = applyFeatures(s.cpuFeatures, FEATURES, acc, false)
    acc = applyFeatures(s.cpuFeatures, SECURE_FEATURES, acc, true)
  }
  // ~bits on a bigint is negative; keep the 64-bit view SIGSTRUCT stores.
  const u64 = (v: bigint): bigint => BigInt.asUintN(64, v)
  return { flags, xfrm: u64(acc.xfrm), xfrmMask: u64(acc.mask), miscSelect }
}
