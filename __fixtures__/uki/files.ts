import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** This folder. */
export const UKI_FIXTURES = join(process.cwd(), '__fixtures__', 'uki')

/** A committed fixture file of this folder. */
export function fixture(rel: string): Buffer {
  return readFileSync(join(UKI_FIXTURES, rel))
}

/** The sha256 each real input of .ci/uki-oracle.sh is pinned to. */
export const REAL_SHA256: Record<string, string> = {
  UKI_STUB_252:
    'c62ae56ffaf49d1a61de4434f4f531dd1d4ed3b5aee46c934c56e3f809b22cc4',
  UKI_STUB_257:
    '9c623743834bb904a3cb941092cffc958c31230263ce896d332a75e9ec48aa85',
  UKI_KERNEL_61:
    '1a7ac0c40b10b98353b6f85fa9a0d4f2703287979567e19629d35ad2d777d124',
  UKI_KERNEL_612:
    'ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0',
  UKI_SHIM: '0fc347af103ec1dfac6e3f184c0a5241a2ce756a0932b359c404d39c45423806'
}

const cache = new Map<string, Buffer | undefined>()

/** A real input named by its env var, or undefined when absent or not the pinned file. */
export function realInput(name: string): Buffer | undefined {
  if (cache.has(name)) return cache.get(name)
  const path = process.env[name] ?? ''
  let bytes: Buffer | undefined
  if (path && existsSync(path)) {
    const b = readFileSync(path)
    if (createHash('sha256').update(b).digest('hex') === REAL_SHA256[name])
      bytes = b
  }
  cache.set(name, bytes)
  return bytes
}

/** True when every real input of .ci/uki-oracle.sh is present. */
export const HAVE_REAL = Object.keys(REAL_SHA256).every(
  (n) => realInput(n) !== undefined
)

/**
 * A file named the way vectors.json names inputs: "$VAR" (a real input),
 * else a path relative to this folder. Undefined when a real one is absent.
 */
export function vectorFile(ref: string): Buffer | undefined {
  return ref.startsWith('$') ? realInput(ref.slice(1)) : fixture(ref)
}
