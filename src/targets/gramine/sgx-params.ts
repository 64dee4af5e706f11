import { EnclaveBuildError } from '../../errors.js'
import { enclaveAttributes, type EnclaveAttributes } from '../sgx/attributes.js'
import { pyTruthy } from './manifest.js'
import { describe, isTable, type TomlTable, type TomlValue } from './toml.js'

/**
 * The values gramine-sgx-sign reads from a (defaulted) manifest's [sgx]
 * table to lay out, measure and sign the enclave.
 */
export interface SgxParams {
  enclaveSize: number
  maxThreads: number
  edmm: boolean
  isvProdId: number
  isvSvn: number
  attributes: EnclaveAttributes
}

function invalid(message: string): never {
  throw new EnclaveBuildError('MANIFEST_INVALID', message)
}

// Python int(x, 0): optional sign, 0x/0o/0b prefixes, single underscores
// between digits, no leading zeros on decimals, surrounding whitespace.
const PY_INT =
  /^\s*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?[0-9])*)\s*$/

/** Gramine's parse_size: an integer literal with an optional K, M or G suffix (powers of 1024). */
export function parseSize(value: TomlValue | undefined): number {
  if (typeof value !== 'string')
    invalid(
      `sgx.enclave_size must be a string like "256M" or "4G", not ${describe(value)}`
    )
  let scale = 1n
  let digits = value
  const suffix = value.slice(-1)
  if (suffix === 'K' || suffix === 'M' || suffix === 'G') {
    scale = suffix === 'K' ? 1n << 10n : suffix === 'M' ? 1n << 20n : 1n << 30n
    digits = value.slice(0, -1)
  }
  const m = PY_INT.exec(digits)
  if (!m)
    invalid(
      `sgx.enclave_size ${JSON.stringify(value)} is not a size like "256M" or "4G"`
    )
  const body = m[2].replace(/_/g, '')
  const n =
    BigInt(/^0[0-9]/.test(body) ? '0' : body) *
    (m[1] === '-' ? -1n : 1n) *
    scale
  if (n <= 0n || n > BigInt(Number.MAX_SAFE_INTEGER))
    invalid(`sgx.enclave_size ${JSON.stringify(value)} is out of range`)
  return Number(n)
}

/**
 * The largest sgx.enclave_size a Gramine enclave can have: 1 TiB (what
 * Gramine itself defaults to with EDMM). SGX needs SECS.SIZE to be a power
 * of two no larger than 2^MaxEnclaveSize_64 (CPUID leaf 12H, EDX[15:8]; a
 * per-CPU limit, and ELRANGE must be canonical: below 2^47 on 4-level
 * paging). Gramine's loader is stricter: it maps the enclave at address 0
 * and refuses a range that reaches its debug-info page at 1 TiB (gramine
 * v1.9 pal/src/host/linux-sgx/host_main.c, "Enclave range collides with
 * shared memory or debug range"; DBGINFO_ADDR in sgx_gdb.h). A larger size
 * only made us hash for minutes (about 12 s per TiB) for an enclave that
 * can never start.
 */
export const MAX_ENCLAVE_SIZE = 2 ** 40

/** Refuses a size no Gramine enclave can have, before anything is hashed. */
export function checkEnclaveSize(size: number, text: string): void {
  if (size > MAX_ENCLAVE_SIZE)
    invalid(
      `sgx.enclave_size ${JSON.stringify(text)} is ${size / 2 ** 30} GiB, above the 1024G (1 TiB) a Gramine enclave can have: Gramine's loader maps the enclave at address 0 and refuses one reaching its debug page at 1 TiB, and SGX limits SECS.SIZE per CPU (CPUID 12H MaxEnclaveSize_64). Use a power of two up to "1024G"`
    )
}

function intIn(v: TomlValue | undefined, key: string, max: number): number {
  if (typeof v !== 'bigint' || v < 0n || v > BigInt(max))
    invalid(
      `sgx.${key} must be an integer from 0 to ${max}, not ${describe(v)}`
    )
  return Number(v)
}

/** Reads the SGX parameters; the manifest must have had applyDefaults run on it. */
export function sgxParams(manifest: TomlTable): SgxParams {
  const sgx = manifest.get('sgx')
  if (!isTable(sgx)) invalid('the manifest has no [sgx] table')
  const cpu = sgx.get('cpu_features')
  const size = sgx.get('enclave_size')
  const enclaveSize = parseSize(size)
  checkEnclaveSize(enclaveSize, size as string) // a string, or parseSize threw
  return {
    enclaveSize,
    // Far above what Gramine can run; bounds the TCS/TLS buffers built in memory.
    maxThreads: intIn(sgx.get('max_threads'), 'max_threads', 65536),
    edmm: pyTruthy(sgx.get('edmm_enable')),
    isvProdId: intIn(sgx.get('isvprodid'), 'isvprodid', 0xffff),
    isvSvn: intIn(sgx.get('isvsvn'), 'isvsvn', 0xffff),
    attributes: enclaveAttributes({
      debug: sgx.get('debug'),
      useExinfo: sgx.get('use_exinfo'),
      cpuFeatures: isTable(cpu) ? cpu : undefined
    })
  }
}
