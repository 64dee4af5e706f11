import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  verify
} from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  loadSgxKey,
  signPkcs1Sha256,
  toLittleEndian
} from '../../src/targets/sgx/key.js'
import { signSigstruct } from '../../src/targets/sgx/sign.js'
import { mrsigner, newSigstruct } from '../../src/targets/sgx/sigstruct.js'
import { codeOf, expected, KEY } from '../gramine/helpers.js'

const pem = readFileSync(KEY, 'utf8')

describe('SGX signing keys', () => {
  it('loads the vector key and gives its MRSIGNER', () => {
    const k = loadSgxKey(pem)
    expect(mrsigner(toLittleEndian(k.modulus, 384))).toBe(
      expected('g1-go-256M-t4-debug').mrsigner
    )
  })

  it('accepts PKCS#8 and encrypted PKCS#8 forms of the same key', () => {
    const key = createPrivateKey(pem)
    const pkcs8 = key.export({ format: 'pem', type: 'pkcs8' }).toString()
    const enc = key
      .export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: 'pw'
      })
      .toString()
    const n = loadSgxKey(pem).modulus
    expect(loadSgxKey(pkcs8).modulus).toBe(n)
    expect(loadSgxKey(enc, 'pw').modulus).toBe(n)
  })

  it('refuses a wrong passphrase, other sizes, exponents and key types', async () => {
    const enc = createPrivateKey(pem)
      .export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: 'pw'
      })
      .toString()
    expect(await codeOf(() => loadSgxKey(enc, 'nope'))).toBe('KEY_INVALID')
    expect(await codeOf(() => loadSgxKey(enc))).toBe('KEY_INVALID')
    const small = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicExponent: 3
    })
    expect(
      await codeOf(() =>
        loadSgxKey(small.privateKey.export({ format: 'pem', type: 'pkcs1' }))
      )
    ).toBe('KEY_INVALID')
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(
      await codeOf(() =>
        loadSgxKey(ec.privateKey.export({ format: 'pem', type: 'pkcs8' }))
      )
    ).toBe('KEY_INVALID')
    const pub = createPublicKey(pem).export({ format: 'pem', type: 'spki' })
    expect(await codeOf(() => loadSgxKey(pub))).toBe('KEY_INVALID')
  })

  it('refuses exponent 65537 at 3072 bits', async () => {
    const k = generateKeyPairSync('rsa', {
      modulusLength: 3072,
      publicExponent: 65537
    })
    const err = await codeOf(() =>
      loadSgxKey(k.privateKey.export({ format: 'pem', type: 'pkcs1' }))
    )
    expect(err).toBe('KEY_INVALID')
  })

  it('never crashes on garbage key text', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 300 }), (s, b) => {
        for (const input of [
          s,
          `-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(b).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`
        ]) {
          let code = 'NONE'
          try {
            loadSgxKey(input)
          } catch (err) {
            code = (err as { code?: string }).code ?? 'OTHER'
          }
          expect(code).toBe('KEY_INVALID')
        }
      }),
      { numRuns: 100 }
    )
  })

  it('signs PKCS#1 v1.5 SHA-256 and fills Q1/Q2 so that s^2 = q1*n + (q2*n + r)/s', () => {
    const key = loadSgxKey(pem)
    const data = Buffer.from('hello')
    const s = signPkcs1Sha256(key, data)
    const sigBytes = Buffer.from(s.toString(16).padStart(768, '0'), 'hex')
    expect(
      verify(
        'sha256',
        data,
        { key: createPublicKey(pem), padding: constants.RSA_PKCS1_PADDING },
        sigBytes
      )
    ).toBe(true)
    const tbs = newSigstruct({
      date: { year: 2026, month: 1, day: 1 },
      enclaveHash: new Uint8Array(32),
      isvProdId: 1,
      isvSvn: 2,
      attributeFlags: 4n,
      attributeXfrms: 3n,
      miscSelect: 0,
      attributeXfrmMask: 0n
    })
    const signed = signSigstruct(tbs, key)
    const le = (b: Uint8Array): bigint =>
      BigInt(`0x${Buffer.from(b).reverse().toString('hex')}`)
    const n = le(signed.modulus)
    const sig = le(signed.signature)
    expect(n).toBe(key.modulus)
    expect(le(signed.q1)).toBe((sig * sig) / n)
    expect(le(signed.q2)).toBe((((sig * sig) % n) * sig) / n)
    expect(signed.exponent).toBe(3)
  })
})
