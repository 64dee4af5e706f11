/**
 * A reusable offline Sigstore for tests: Fulcio (+ CT log), Rekor v1, an
 * RFC 3161 TSA and a GitHub Actions OIDC token endpoint, all on one loopback
 * HTTP server (nock 13 does not see fetch/undici, so real sockets are the
 * safe choice). The keys are ours, so a trusted root can be built from them
 * and bundles verified exactly as a user would verify real ones.
 *
 * The three quirks of @sigstore/mock 0.13 and how they are handled here
 * (see ../shared/examples/sigstore-offline/README.md):
 *  1. its Rekor logs the proposed dsse entry verbatim; real Rekor stores a
 *     canonical body, which is what verifiers check -> we canonicalize;
 *  2. its TSA encodes genTime with trailing zero milliseconds stripped,
 *     which @sigstore/core cannot parse -> the TSA clock is set to a whole
 *     second (rounded up, so it is never before the Fulcio leaf) per request;
 *  3. the checkpoint origin is the host given to initializeTLog, and must be
 *     a substring of the trusted root's tlog baseUrl -> both use REKOR_ORIGIN.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn
} from '@sigstore/mock'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  toTrustMaterial,
  Verifier,
  type VerificationPolicy
} from '@sigstore/verify'
import { githubOidcProvider } from '../src/attest/oidc.js'
import { signStatement, type SignedBundle } from '../src/attest/sign.js'
import type { Statement } from '../src/model/statement.js'

/** Checkpoint origin of the mock Rekor, and the tlog baseUrl in the root. */
export const REKOR_ORIGIN = 'https://rekor.mock.invalid'

/** The OIDC issuer GitHub Actions tokens carry. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

/** The claims of a GitHub Actions OIDC token that Fulcio copies into the certificate. */
export interface GitHubClaims {
  iss: string
  sub: string
  aud: string
  repository: string
  repository_owner: string
  repository_id: string
  repository_owner_id: string
  repository_visibility: string
  ref: string
  sha: string
  workflow: string
  workflow_ref: string
  workflow_sha: string
  job_workflow_ref: string
  job_workflow_sha: string
  event_name: string
  runner_environment: string
  run_id: string
  run_attempt: string
}

/** A release of acme/enclave-app at a fixed commit. */
export const DEFAULT_CLAIMS: GitHubClaims = (() => {
  const repository = 'acme/enclave-app'
  const sha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
  const workflowRef = `${repository}/.github/workflows/release.yml@refs/tags/v1.2.3`
  return {
    iss: GITHUB_ISSUER,
    // Real Fulcio derives the SAN from job_workflow_ref; the mock copies
    // `sub` verbatim as a URI SAN, so put the real SAN there.
    sub: `https://github.com/${workflowRef}`,
    aud: 'sigstore',
    repository,
    repository_owner: 'acme',
    repository_id: '123456',
    repository_owner_id: '7890',
    repository_visibility: 'public',
    ref: 'refs/tags/v1.2.3',
    sha,
    workflow: 'release',
    workflow_ref: workflowRef,
    workflow_sha: sha,
    job_workflow_ref: workflowRef,
    job_workflow_sha: sha,
    event_name: 'push',
    runner_environment: 'github-hosted',
    run_id: '42',
    run_attempt: '1'
  }
})()

/**
 * An unsigned (alg none) JWT with GitHub's claims. The mock Fulcio only
 * decodes it, so the certificate gets realistic extensions.
 */
export function fakeGitHubToken(overrides: Partial<GitHubClaims> = {}): string {
  const b64 = (o: unknown): string =>
    Buffer.from(JSON.stringify(o)).toString('base64url')
  const claims = { ...DEFAULT_CLAIMS, ...overrides }
  if (overrides.job_workflow_ref && !overrides.sub)
    claims.sub = `https://github.com/${overrides.job_workflow_ref}`
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`
}

/** One request the mock server received. */
export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A running offline Sigstore. */
export interface MockSigstore {
  /** Fulcio base URL (the client appends /api/v2/signingCert). */
  fulcioURL: string
  /** Rekor v1 base URL (the client appends /api/v1/log/entries). */
  rekorURL: string
  /** Full TSA URL (a URL with a path is used as it is). */
  tsaURL: string
  /** Use as ACTIONS_ID_TOKEN_REQUEST_URL; serves {"value": token}. */
  oidcRequestURL: string
  /** Use as ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  oidcRequestToken: string
  /** The token the OIDC endpoint hands out. */
  token: string
  claims: GitHubClaims
  /** protobuf-specs TrustedRoot JSON built from the mock keys. */
  trustedRoot: Record<string, unknown>
  /** Everything the server received, in order. */
  requests: RecordedRequest[]
  /** Makes the next `n` requests whose path contains `pathPart` fail with `status`. */
  failNext(pathPart: string, status: number, n?: number): void
  close(): Promise<void>
}

/** Options of {@link startMockSigstore}. */
export interface MockSigstoreOptions {
  claims?: Partial<GitHubClaims>
}

/** A fresh P-256 key pair as KeyObjects. */
export function ecKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
}

/** Starts Fulcio, Rekor, TSA and the OIDC endpoint on 127.0.0.1. */
export async function startMockSigstore(
  options: MockSigstoreOptions = {}
): Promise<MockSigstore> {
  const caKeys = ecKeyPair()
  const ctlog = await initializeCTLog(caKeys)
  const ca = await initializeCA(caKeys, ctlog)
  // Mutated before each TSA request; see quirk 2 above.
  const tsaClock = new Date()
  const tsa = await initializeTSA(ecKeyPair(), tsaClock)
  const tlog = await initializeTLog(REKOR_ORIGIN, ecKeyPair())
  const claims = { ...DEFAULT_CLAIMS, ...options.claims }
  if (options.claims?.job_workflow_ref && !options.claims.sub)
    claims.sub = `https://github.com/${options.claims.job_workflow_ref}`
  const token = fakeGitHubToken(claims)
  const oidcRequestToken = 'oidc-request-token-for-tests'

  const fulcio = fulcioHandler(ca, { strict: true })
  const rekor = canonicalizingRekor(rekorHandler(tlog))
  const tsaInner = tsaHandler(tsa)
  const routes: Record<string, HandlerFn> = {
    [`/fulcio${fulcio.path}`]: fulcio.fn,
    [`/rekor/api/v1/log/entries`]: rekor,
    [`/tsa${tsaInner.path}`]: (body) => {
      tsaClock.setTime(Math.ceil(Date.now() / 1000) * 1000)
      return tsaInner.fn(body)
    }
  }
  const requests: RecordedRequest[] = []
  const failures: { part: string; status: number; left: number }[] = []

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = req.url ?? '/'
      requests.push({
        method: req.method ?? '',
        url,
        headers: req.headers,
        body
      })
      const failure = failures.find((f) => f.left > 0 && url.includes(f.part))
      if (failure) {
        failure.left--
        res.writeHead(failure.status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ message: `injected ${failure.status}` }))
        return
      }
      const path = url.split('?')[0]
      if (req.method === 'GET' && path === '/oidc/token') {
        if (req.headers.authorization !== `Bearer ${oidcRequestToken}`) {
          res.writeHead(401).end()
          return
        }
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ value: token }))
        return
      }
      const route = req.method === 'POST' ? routes[path] : undefined
      if (!route) {
        res.writeHead(404).end()
        return
      }
      route(body).then(
        ({ statusCode, response, contentType }) => {
          res.writeHead(statusCode, {
            'Content-Type': contentType ?? 'text/plain'
          })
          res.end(
            typeof response === 'string'
              ? response
              : Buffer.from(
                  response.buffer,
                  response.byteOffset,
                  response.byteLength
                )
          )
        },
        (err: unknown) => {
          res.writeHead(500).end(String(err))
        }
      )
    })
  })
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve())
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    fulcioURL: `${base}/fulcio`,
    rekorURL: `${base}/rekor`,
    tsaURL: `${base}/tsa${tsaInner.path}`,
    oidcRequestURL: `${base}/oidc/token?api-version=2.0`,
    oidcRequestToken,
    token,
    claims,
    trustedRoot: buildTrustedRoot({
      caRoot: ca.rootCertificate,
      ctlogKey: ctlog.publicKey,
      ctlogID: ctlog.logID,
      tlogKey: tlog.publicKey,
      tsaChain: [tsa.intCertificate, tsa.rootCertificate]
    }),
    requests,
    failNext(part, status, n = 1) {
      failures.push({ part, status, left: n })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The raw material of a trusted root. */
export interface TrustedRootKeys {
  caRoot: ArrayBufferView
  ctlogKey: Buffer
  ctlogID: ArrayBufferView
  tlogKey: Buffer
  tsaChain: ArrayBufferView[]
}

const bytes = (v: ArrayBufferView): Buffer =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength)

/**
 * A protobuf-specs TrustedRoot JSON (what `--trusted-root` of cosign, gh
 * and our verify take) from the mock keys.
 */
export function buildTrustedRoot(
  keys: TrustedRootKeys
): Record<string, unknown> {
  const start = new Date(Date.now() - 3600_000).toISOString()
  const key = (raw: Buffer): Record<string, unknown> => ({
    rawBytes: raw.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start }
  })
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: REKOR_ORIGIN,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(keys.tlogKey),
        logId: {
          keyId: createHash('sha256').update(keys.tlogKey).digest('base64')
        }
      }
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.mock.invalid',
        certChain: {
          certificates: [{ rawBytes: bytes(keys.caRoot).toString('base64') }]
        },
        validFor: { start }
      }
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.mock.invalid',
        hashAlgorithm: 'SHA2_256',
        publicKey: key(keys.ctlogKey),
        logId: { keyId: bytes(keys.ctlogID).toString('base64') }
      }
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: 'https://tsa.mock.invalid',
        certChain: {
          certificates: keys.tsaChain.map((c) => ({
            rawBytes: bytes(c).toString('base64')
          }))
        },
        validFor: { start }
      }
    ]
  }
}

/**
 * Real Rekor v1 stores a dsse entry canonicalized (hashes + signatures, no
 * envelope) and verifiers check that form; the mock logs what it was sent.
 */
function canonicalizingRekor(inner: { fn: HandlerFn }): HandlerFn {
  const sha256 = (b: string | Buffer): string =>
    createHash('sha256').update(b).digest('hex')
  return async (body) => {
    const proposed = JSON.parse(body) as {
      kind: string
      spec: { proposedContent: { envelope: string; verifiers: string[] } }
    }
    if (proposed.kind !== 'dsse') return inner.fn(body)
    const envJSON = proposed.spec.proposedContent.envelope
    const env = JSON.parse(envJSON) as {
      payload: string
      signatures: { sig: string }[]
    }
    return inner.fn(
      JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: {
          envelopeHash: { algorithm: 'sha256', value: sha256(envJSON) },
          payloadHash: {
            algorithm: 'sha256',
            value: sha256(Buffer.from(env.payload, 'base64'))
          },
          signatures: env.signatures.map((s) => ({
            signature: s.sig,
            verifier: proposed.spec.proposedContent.verifiers[0]
          }))
        }
      })
    )
  }
}

/** DER UTF8String of `s`, how Fulcio extensions .8 and later are encoded. */
export function derUtf8(s: string): Buffer {
  const body = Buffer.from(s, 'utf8')
  if (body.length > 127) {
    const len = body.length
    return Buffer.concat([
      Buffer.from(
        len > 255 ? [0x0c, 0x82, len >> 8, len & 0xff] : [0x0c, 0x81, len]
      ),
      body
    ])
  }
  return Buffer.concat([Buffer.from([0x0c, body.length]), body])
}

/** The Fulcio extension OID 1.3.6.1.4.1.57264.1.<n> as a policy entry. */
export function fulcioOid(
  n: number,
  value: string
): {
  oid: { id: number[] }
  value: Buffer
} {
  return {
    oid: { id: [1, 3, 6, 1, 4, 1, 57264, 1, n] },
    value: n <= 6 ? Buffer.from(value, 'utf8') : derUtf8(value)
  }
}

/**
 * The identity policy a verifier of a GitHub release applies: SAN = the
 * release workflow, issuer = GitHub, repository (.12) and commit (.13).
 */
export function githubPolicy(
  claims: Pick<
    GitHubClaims,
    'job_workflow_ref' | 'repository' | 'sha'
  > = DEFAULT_CLAIMS
): VerificationPolicy {
  return {
    subjectAlternativeName: `https://github.com/${claims.job_workflow_ref}`,
    extensions: { issuer: GITHUB_ISSUER },
    oids: [
      fulcioOid(12, `https://github.com/${claims.repository}`),
      fulcioOid(13, claims.sha)
    ]
  }
}

/**
 * A @sigstore/verify Verifier over `trustedRoot`. `instance` picks the
 * thresholds gh uses: public-good needs a tlog entry and an SCT; github
 * (Fulcio + TSA) needs a signed timestamp only.
 */
export function mockVerifier(
  trustedRoot: Record<string, unknown>,
  instance: 'public-good' | 'github' = 'public-good'
): Verifier {
  const trust = toTrustMaterial(TrustedRoot.fromJSON(trustedRoot))
  return new Verifier(
    trust,
    instance === 'public-good'
      ? { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }
      : { tlogThreshold: 0, ctlogThreshold: 1, timestampThreshold: 1 }
  )
}

/**
 * Signs `statement` through the product's own signing path (src/attest)
 * against `mock`, as a GitHub Actions job with id-token: write would.
 * public-good: Fulcio + Rekor; github: Fulcio + TSA.
 */
export async function signWithMock(
  mock: MockSigstore,
  statement: Statement<unknown>,
  instance: 'public-good' | 'github' = 'public-good'
): Promise<SignedBundle> {
  return signStatement(statement, {
    mode: 'keyless',
    endpoints:
      instance === 'public-good'
        ? { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL }
        : { fulcioURL: mock.fulcioURL, tsaURL: mock.tsaURL },
    identityProvider: githubOidcProvider({
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
      }
    }),
    retries: 0,
    timeoutMs: 5000
  })
}
