import { createHash } from 'node:crypto'
import { githubOidcProvider } from '../../src/attest/oidc.js'
import { signStatement, type SignedBundle } from '../../src/attest/sign.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import type { Statement } from '../../src/model/statement.js'
import type { MeasurementPredicate } from '../../src/model/predicate.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import type { Measurement, TargetResult } from '../../src/targets/target.js'
import type { MockSigstore } from '../sigstore-mock.js'

/*
 * Measurement attestations made by the real signing path (src/attest), for
 * the verifier's tests. The register values match the evidence builders in
 * ./evidence.ts, so a document built there verifies against a bundle here.
 */

const sha256 = (s: string): string =>
  createHash('sha256').update(s).digest('hex')

/** A measurement with its lookup digest computed the documented way. */
export function measurement(
  name: string,
  algorithm: 'sha256' | 'sha384',
  value: string
): Measurement {
  return {
    name,
    algorithm,
    value,
    lookupDigest:
      algorithm === 'sha256'
        ? value
        : createHash('sha256').update(Buffer.from(value, 'hex')).digest('hex')
  }
}

/** The registers of the default Nitro document of ./evidence.ts. */
export const NITRO = {
  PCR0: 'a0'.repeat(48),
  PCR1: 'a1'.repeat(48),
  PCR2: 'a2'.repeat(48),
  PCR8: 'a8'.repeat(48)
}
/** The registers of the default SGX quote of ./evidence.ts. */
export const SGX = { MRENCLAVE: 'aa'.repeat(32), MRSIGNER: 'bb'.repeat(32) }
/** The launch digest of the default SNP report of ./evidence.ts. */
export const SNP = { SNP_LAUNCH_DIGEST: '22'.repeat(48) }

/** The commit the mock's default GitHub token names. */
export const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

/** A Go build record as src/go writes one. */
export function buildRecord(): BuildRecord {
  return {
    schemaVersion: 1,
    goVersion: 'go1.24.3',
    goos: 'linux',
    goarch: 'amd64',
    package: '.',
    env: { CGO_ENABLED: '0' },
    args: ['build', '-trimpath', '-o', '/out/app', '.'],
    ldflags: '-s -w',
    tags: [],
    cgo: false,
    goamd64: 'v1',
    goSumSha256: null,
    binary: { path: '/out/app', sha256: sha256('binary'), size: 4096 },
    buildinfo: {
      goVersion: 'go1.24.3',
      path: 'example.com/app',
      main: { path: 'example.com/app', version: '(devel)' },
      deps: [],
      settings: { '-trimpath': 'true' }
    },
    source: {
      commit: COMMIT,
      commitTime: '2026-01-02T03:04:05Z',
      repository: 'https://github.com/acme/enclave-app'
    },
    reproducible: true
  }
}

/** A measurement statement for the given target and registers. */
export function statementFor(
  target: string,
  measurements: Measurement[],
  signer?: Record<string, string>
): Statement<MeasurementPredicate> {
  const result: TargetResult = {
    target,
    ...(signer ? { signer } : {}),
    artifacts: [
      { kind: 'image', path: '/out/app.img', sha256: sha256(target) }
    ],
    measurements,
    pinned: [],
    outputs: {},
    parameters: { vcpus: 2 }
  }
  return buildMeasurementStatement({
    result,
    build: buildRecord(),
    toolVersion: '0.1.0-test'
  })
}

/** The default statements per target. */
export const statements = {
  nitro: (): Statement<MeasurementPredicate> =>
    statementFor(
      'nitro',
      Object.entries(NITRO).map(([n, v]) => measurement(n, 'sha384', v))
    ),
  sgx: (): Statement<MeasurementPredicate> =>
    // As the Gramine target records them: MRSIGNER in `signer`.
    statementFor(
      'gramine',
      [measurement('MRENCLAVE', 'sha256', SGX.MRENCLAVE)],
      { mrsigner: SGX.MRSIGNER }
    ),
  snp: (): Statement<MeasurementPredicate> =>
    statementFor('snp', [
      measurement('SNP_LAUNCH_DIGEST', 'sha384', SNP.SNP_LAUNCH_DIGEST)
    ])
}

/** Signs keylessly through the mock: Fulcio + Rekor (public-good shape). */
export async function signKeyless(
  mock: MockSigstore,
  statement: Statement<unknown>
): Promise<SignedBundle> {
  return signStatement(statement, {
    mode: 'keyless',
    endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
    identityProvider: githubOidcProvider({
      env: {
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
      }
    }),
    retries: 0,
    timeoutMs: 5000
  })
}

/** Re-encodes a bundle's DSSE payload after `edit` (breaks the signature). */
export function tamperPayload(
  bundle: unknown,
  edit: (payload: string) => string
): unknown {
  const copy = JSON.parse(JSON.stringify(bundle)) as {
    dsseEnvelope: { payload: string }
  }
  const text = Buffer.from(copy.dsseEnvelope.payload, 'base64').toString('utf8')
  copy.dsseEnvelope.payload = Buffer.from(edit(text), 'utf8').toString('base64')
  return copy
}
