import { EnclaveBuildError } from '../../errors.js'
import { SGX_RSA_EXPONENT } from './constants.js'
import { signPkcs1Sha256, toLittleEndian, type SgxKey } from './key.js'
import { buildSigstruct, signingData, type Sigstruct } from './sigstruct.js'

/**
 * Signs a SIGSTRUCT in place of its MODULUS, EXPONENT, SIGNATURE, Q1 and Q2
 * fields. Q1 = floor(s^2 / n) and Q2 = floor((s^2 mod n) * s / n) let the CPU
 * verify the signature without a division.
 */
export function signSigstruct(tbs: Sigstruct, key: SgxKey): Sigstruct {
  const data = signingData(buildSigstruct(tbs))
  const s = signPkcs1Sha256(key, data)
  const n = key.modulus
  if (n === 0n)
    throw new EnclaveBuildError('KEY_INVALID', 'the key modulus is zero')
  const s2 = s * s
  const q1 = s2 / n
  const q2 = ((s2 % n) * s) / n
  return {
    ...tbs,
    modulus: toLittleEndian(n, 384),
    exponent: SGX_RSA_EXPONENT,
    signature: toLittleEndian(s, 384),
    q1: toLittleEndian(q1, 384),
    q2: toLittleEndian(q2, 384)
  }
}
