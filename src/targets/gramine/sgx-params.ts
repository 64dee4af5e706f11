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
  return {
    enclaveSize: parseSize(sgx.get('enclave_size')),
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
