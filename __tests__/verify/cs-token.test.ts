import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  createHash,
  createPrivateKey,
  X509Certificate,
  type KeyObject
} from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose'
import {
  verifyCsToken,
  type CsTokenOptions
} from '../../src/verify/evidence/cs-token.js'
import {
  GOOGLE_CS_ROOT_PEM,
  GOOGLE_CS_ROOT_SHA256
} from '../../src/verify/evidence/google-cs-root.js'

// Tokens in the shape Google's attestation service issues (claims from the
// "Attestation token claims" reference; x5c = leaf, intermediate, root as
// PKI tokens carry it), signed by a test chain made with openssl here.

const AUD = 'https://verifier.example'
const DIGEST = 'sha256:' + 'ab'.repeat(32)
// the test chain is made now, valid ten years
const AT = new Date(Date.now() + 3_600_000)
const iat = Math.floor(AT.getTime() / 1000) - 60

function claims(over: Record<string, unknown> = {}): JWTPayload {
  return {
    aud: AUD,
    iss: 'https://confidentialcomputing.googleapis.com',
    sub: 'https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/i',
    iat,
    nbf: iat,
    exp: iat + 3600,
    eat_nonce: ['0123'],
    secboot: true,
    oemid: 11129,
    hwmodel: 'GCP_INTEL_TDX',
    swname: 'CONFIDENTIAL_SPACE',
    swversion: ['250301'],
    dbgstat: 'disabled-since-boot',
    submods: {
      confidential_space: {
        support_attributes: ['LATEST', 'STABLE', 'USABLE']
      },
      container: {
        image_reference: 'us-docker.pkg.dev/p/r/app@' + DIGEST,
        image_digest: DIGEST,
        restart_policy: 'Never',
        image_id: 'sha256:' + 'cd'.repeat(32),
        env: { HOSTNAME: 'h' },
        args: ['/app/server']
      },
      gce: {
        zone: 'us-central1-a',
        project_id: 'p',
        project_number: '1',
        instance_name: 'i',
        instance_id: '2'
      }
    },
    google_service_accounts: ['sa@p.iam.gserviceaccount.com'],
    ...over
  }
}

let dir: string
let leafKey: KeyObject
let x5c: string[]
let rootPem: string
let otherX5c: string[]

function openssl(...args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
}
const der = (f: string): string =>
  new X509Certificate(readFileSync(join(dir, f))).raw.toString('base64')

/** root → intermediate → leaf, RSA, valid around AT. */
function chain(prefix: string): void {
  const days = ['-days', '3650']
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${prefix}root.key`,
    '-out',
    `${prefix}root.pem`,
    '-subj',
    `/CN=${prefix}Test Confidential Space Root CA`,
    ...days,
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign'
  )
  writeFileSync(
    join(dir, 'ca.ext'),
    'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign\n'
  )
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n'
  )
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${prefix}int.key`,
    '-out',
    `${prefix}int.csr`,
    '-subj',
    `/CN=${prefix}Test Intermediate`
  )
  openssl(
    'x509',
    '-req',
    '-in',
    `${prefix}int.csr`,
    '-CA',
    `${prefix}root.pem`,
    '-CAkey',
    `${prefix}root.key`,
    '-CAcreateserial',
    '-out',
    `${prefix}int.pem`,
    ...days,
    '-extfile',
    'ca.ext'
  )
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${prefix}leaf.key`,
    '-out',
    `${prefix}leaf.csr`,
    '-subj',
    `/CN=${prefix}Test Signer`
  )
  openssl(
    'x509',
    '-req',
    '-in',
    `${prefix}leaf.csr`,
    '-CA',
    `${prefix}int.pem`,
    '-CAkey',
    `${prefix}int.key`,
    '-CAcreateserial',
    '-out',
    `${prefix}leaf.pem`,
    ...days,
    '-extfile',
    'leaf.ext'
  )
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-cs-'))
  chain('')
  chain('other-')
  leafKey = createPrivateKey(readFileSync(join(dir, 'leaf.key')))
  rootPem = readFileSync(join(dir, 'root.pem'), 'utf8')
  x5c = [der('leaf.pem'), der('int.pem'), der('root.pem')]
  otherX5c = [
    der('other-leaf.pem'),
    der('other-int.pem'),
    der('other-root.pem')
  ]
})

async function pki(
  c: JWTPayload,
  header: Record<string, unknown> = {},
  key: KeyObject = leafKey
): Promise<Buffer> {
  const jwt = await new SignJWT(c)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c, ...header })
    .sign(key)
  return Buffer.from(jwt)
}

const opts = (over: Partial<CsTokenOptions> = {}): CsTokenOptions => ({
  audience: AUD,
  at: AT,
  rootPem,
  ...over
})

describe('the pinned Google Confidential Space root', () => {
  it('is the certificate whose DER SHA-256 public verifiers pin and whose SHA-1 Google documents', () => {
    const c = new X509Certificate(GOOGLE_CS_ROOT_PEM)
    expect(createHash('sha256').update(c.raw).digest('hex')).toBe(
      GOOGLE_CS_ROOT_SHA256
    )
    expect(createHash('sha256').update(c.raw).digest('hex')).toBe(
      '148b293821bb0c6a317f413c8ba475814091cb22d49b9e3c94198db8e8f86c39'
    )
    expect(c.fingerprint).toBe(
      'B9:51:20:74:2C:24:E3:AA:34:04:2E:1C:3B:A3:AA:D2:8B:21:23:21'
    )
    expect(c.subject).toContain('CN=Confidential Space Root CA')
  })

  it('refuses a token whose chain ends in any other root (no --cs-root)', async () => {
    await expect(
      verifyCsToken(await pki(claims()), { audience: AUD, at: AT })
    ).rejects.toThrow(/not signed by the next/)
  })
})

describe('verify cs-token: PKI', () => {
  it('a good token yields IMAGE_DIGEST = submods.container.image_digest, signature verified', async () => {
    const ev = await verifyCsToken(await pki(claims()), opts())
    expect(ev.measurement).toEqual({
      name: 'IMAGE_DIGEST',
      algorithm: 'sha256',
      value: 'ab'.repeat(32)
    })
    expect(ev.evidenceSignature).toBe('verified')
    expect(ev.fields.tokenType).toBe('PKI')
    expect(ev.fields.imageReference).toBe('us-docker.pkg.dev/p/r/app@' + DIGEST)
  })

  it('a chain without the root in x5c is completed with the pinned root', async () => {
    const t = await pki(claims(), { x5c: x5c.slice(0, 2) })
    await expect(verifyCsToken(t, opts())).resolves.toBeDefined()
  })

  const mutations: [
    string,
    () => Promise<Buffer>,
    RegExp,
    Partial<CsTokenOptions>?
  ][] = [
    [
      'another audience',
      async () => pki(claims({ aud: 'https://other' })),
      /aud/
    ],
    [
      'another issuer',
      async () => pki(claims({ iss: 'https://evil.example' })),
      /iss/
    ],
    ['expired', async () => pki(claims({ exp: iat + 10 })), /expired/],
    ['not yet valid', async () => pki(claims({ nbf: iat + 7200 })), /nbf/],
    ['swname GCE', async () => pki(claims({ swname: 'GCE' })), /swname/],
    [
      'a debug image',
      async () => pki(claims({ dbgstat: 'enabled' })),
      /dbgstat/
    ],
    [
      'no STABLE support',
      async () =>
        pki(
          claims({
            submods: {
              ...(claims().submods as object),
              confidential_space: { support_attributes: [] }
            }
          })
        ),
      /STABLE/
    ],
    [
      'a shielded VM, not confidential',
      async () => pki(claims({ hwmodel: 'GCP_SHIELDED_VM' })),
      /hwmodel/
    ],
    [
      'no image digest',
      async () =>
        pki(
          claims({
            submods: {
              container: {},
              confidential_space: { support_attributes: ['STABLE'] }
            }
          })
        ),
      /image_digest/
    ],
    [
      'an overridden command',
      async () =>
        pki(
          claims({
            submods: {
              ...(claims().submods as Record<string, unknown>),
              container: {
                ...(claims().submods as Record<string, Record<string, unknown>>)
                  .container,
                cmd_override: ['sh']
              }
            }
          })
        ),
      /cmd_override/
    ],
    [
      'a chain to another root',
      async () =>
        pki(
          claims(),
          { x5c: otherX5c },
          createPrivateKey(readFileSync(join(dir, 'other-leaf.key')))
        ),
      /not signed by the next/
    ],
    [
      'the right chain, signed by another key',
      async () =>
        pki(
          claims(),
          {},
          createPrivateKey(readFileSync(join(dir, 'other-leaf.key')))
        ),
      /signature/
    ],
    [
      'x5c reversed',
      async () => pki(claims(), { x5c: [...x5c].reverse() }),
      /not signed by the next|not valid/
    ],
    [
      'claims changed after signing',
      async () => {
        const [h, , s] = (await pki(claims())).toString().split('.')
        const p = Buffer.from(
          JSON.stringify(
            claims({
              submods: {
                ...(claims().submods as object),
                container: { image_digest: 'sha256:' + 'ef'.repeat(32) }
              }
            })
          )
        ).toString('base64url')
        return Buffer.from(`${h}.${p}.${s}`)
      },
      /signature/
    ],
    [
      'alg none',
      () =>
        Promise.resolve(
          Buffer.from(
            `${Buffer.from('{"alg":"none","x5c":[]}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.AA`
          )
        ),
      /alg/
    ],
    ['not a JWT', () => Promise.resolve(Buffer.from('hello')), /compact JWS/],
    [
      'checked after the chain expired',
      async () => pki(claims({ exp: 2_000_000_000 })),
      /not valid at/,
      { at: new Date('2040-01-01T00:00:00Z') }
    ]
  ]
  for (const [name, make, why, over] of mutations)
    it(`refuses ${name}`, async () => {
      await expect(verifyCsToken(await make(), opts(over))).rejects.toThrow(why)
    })

  it('a signature segment that is not base64url is malformed evidence (EVIDENCE_INVALID), not a refusal', async () => {
    const [h, p] = (await pki(claims())).toString().split('.')
    // five characters: no byte string encodes to a length of 1 mod 4
    // (RFC 4648 §5), so no decoder can read it; RFC 7515 §7.1 makes each
    // segment base64url
    const err = await verifyCsToken(
      Buffer.from(`${h}.${p}.AAAAA`),
      opts()
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'EVIDENCE_INVALID' })
    expect((err as Error).message).toMatch(/malformed: .*signature/)
    // a well-formed signature that does not verify is still refused
    await expect(
      verifyCsToken(Buffer.from(`${h}.${p}.${'A'.repeat(342)}`), opts())
    ).rejects.toMatchObject({ code: 'EVIDENCE_POLICY_REJECTED' })
  })

  it('--cs-allow-debug and an empty support list accept what they say', async () => {
    const t = await pki(
      claims({
        dbgstat: 'enabled',
        submods: {
          ...(claims().submods as object),
          confidential_space: { support_attributes: [] }
        }
      })
    )
    await expect(
      verifyCsToken(t, opts({ allowDebug: true, support: [] }))
    ).resolves.toBeDefined()
  })
})

describe('verify cs-token: OIDC with a JWKS', () => {
  it('verifies with the right key and refuses with another or none', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256')
    const other = await generateKeyPair('RS256')
    const jwk = {
      ...(await exportJWK(publicKey)),
      kid: 'k1',
      alg: 'RS256',
      use: 'sig'
    }
    const otherJwk = {
      ...(await exportJWK(other.publicKey)),
      kid: 'k1',
      alg: 'RS256',
      use: 'sig'
    }
    const t = Buffer.from(
      await new SignJWT(claims())
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
        .sign(privateKey)
    )
    const ev = await verifyCsToken(t, {
      audience: AUD,
      at: AT,
      jwks: { keys: [jwk] }
    })
    expect(ev.fields.tokenType).toBe('OIDC')
    await expect(
      verifyCsToken(t, { audience: AUD, at: AT, jwks: { keys: [otherJwk] } })
    ).rejects.toThrow(/signature/)
    await expect(verifyCsToken(t, { audience: AUD, at: AT })).rejects.toThrow(
      /--cs-jwks/
    )
  })
})

describe('verify: a Confidential Space token → the published attestation → the commit', () => {
  it('the token’s image_digest finds the oci target’s IMAGE_DIGEST attestation; another digest finds none', async () => {
    const { startMockSigstore } =
      await import('../../__fixtures__/sigstore-mock.js')
    const { COMMIT, measurement, signKeyless, statementFor } =
      await import('../../__fixtures__/verify/attestation.js')
    const { runVerify } = await import('../../src/verify/run.js')
    const mock = await startMockSigstore()
    try {
      const trusted = join(dir, 'trusted_root.json')
      writeFileSync(trusted, JSON.stringify(mock.trustedRoot))
      const bundle = join(dir, 'oci.sigstore.json')
      const st = statementFor('oci', [
        measurement('IMAGE_DIGEST', 'sha256', 'ab'.repeat(32))
      ])
      writeFileSync(
        bundle,
        JSON.stringify((await signKeyless(mock, st)).bundle)
      )
      writeFileSync(join(dir, 'token.jwt'), await pki(claims()))
      const verify = (token: string) =>
        runVerify(
          {
            bundles: [bundle],
            trustedRootPath: trusted,
            policy: { repository: 'acme/enclave-app' },
            evidence: {
              type: 'cs-token',
              path: join(dir, token),
              cs: { audience: AUD, rootPath: join(dir, 'root.pem') }
            }
          },
          { now: () => AT }
        )
      await expect(verify('token.jwt')).resolves.toMatchObject({
        verified: true,
        measurement: 'ab'.repeat(32),
        measurementName: 'IMAGE_DIGEST',
        sourceCommit: COMMIT
      })
      const other = claims()
      ;(
        other.submods as Record<string, Record<string, unknown>>
      ).container.image_digest = 'sha256:' + '99'.repeat(32)
      writeFileSync(join(dir, 'other.jwt'), await pki(other))
      await expect(verify('other.jwt')).rejects.toThrow()
      writeFileSync(
        join(dir, 'aud.jwt'),
        await pki(claims({ aud: 'https://someone-else' }))
      )
      await expect(verify('aud.jwt')).rejects.toThrow(/aud/)
    } finally {
      await mock.close()
    }
  })
})
