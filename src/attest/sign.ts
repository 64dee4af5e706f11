import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type IdentityProvider,
  type Witness
} from '@sigstore/sign'
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { EnclaveBuildError } from '../errors.js'
import { writeFileAtomic } from '../util/fs.js'
import { redact } from '../util/redact.js'
import { RecordingWitness } from './recording-witness.js'
import { KeySigner, loadPrivateKey } from './key.js'
import {
  INTOTO_PAYLOAD_TYPE,
  statementPayload,
  type Statement
} from '../model/statement.js'

/** Which Sigstore deployment signs. */
export type SigstoreInstance = 'public-good' | 'github'

/** Where the Sigstore services are; injectable so tests use the mock. */
export interface SigstoreEndpoints {
  fulcioURL: string
  /** Rekor v1 base URL: a transparency-log entry (public-good). */
  rekorURL?: string
  /** RFC 3161 TSA: a signed timestamp (GitHub's instance). */
  tsaURL?: string
}

/**
 * The endpoints of an instance. public-good: Fulcio + Rekor, public
 * entries. github: GitHub's private Fulcio + TSA, no public log (what
 * actions/attest uses for private repositories); GHE.com tenants have
 * their own hosts under the tenant domain.
 */
export function sigstoreEndpoints(
  instance: SigstoreInstance,
  githubServerUrl = 'https://github.com'
): SigstoreEndpoints {
  if (instance === 'public-good')
    return {
      fulcioURL: 'https://fulcio.sigstore.dev',
      rekorURL: 'https://rekor.sigstore.dev'
    }
  let host = 'github.com'
  try {
    host = new URL(githubServerUrl).hostname
  } catch {
    // keep github.com: a malformed GITHUB_SERVER_URL is GitHub's problem
  }
  const domain = host.endsWith('.ghe.com') ? host : 'githubapp.com'
  return {
    fulcioURL: `https://fulcio.${domain}`,
    tsaURL: `https://timestamp.${domain}`
  }
}

/** How to sign. */
export type SignOptions =
  | {
      mode: 'keyless'
      endpoints: SigstoreEndpoints
      identityProvider: IdentityProvider
      /** Per request (default 10 s). */
      timeoutMs?: number
      /** Retries per service call on 408/429/5xx (default 3). */
      retries?: number
    }
  | {
      mode: 'key'
      privateKeyPem: string
      password?: string
      /** How a message asks for the password (the caller's spelling). */
      passwordName?: string
    }

/** A signed bundle and the facts the summary shows. */
export interface SignedBundle {
  bundle: SerializedBundle
  /** PEM of the Fulcio leaf (keyless only). */
  certificatePem?: string
  /** Rekor log index (public-good only). */
  logIndex?: string
  /** Key hint (key mode only). */
  keyHint?: string
}

/**
 * Signs a statement as a DSSE envelope and returns a v0.3 bundle. Keyless:
 * OIDC token -> Fulcio certificate, plus a Rekor entry and/or a TSA
 * timestamp as witnesses. Key: the local key signs, no witness (air-gapped).
 */
export async function signStatement(
  statement: Statement<unknown>,
  options: SignOptions
): Promise<SignedBundle> {
  const data = statementPayload(statement)
  if (options.mode === 'key') {
    const key = loadPrivateKey(
      options.privateKeyPem,
      options.password,
      options.passwordName
    )
    const bundle = await new DSSEBundleBuilder({
      signer: new KeySigner(key),
      witnesses: []
    }).create({ data, type: INTOTO_PAYLOAD_TYPE })
    const json = bundleToJSON(bundle)
    // The DSSE keyid is optional and outside the signed bytes. Verifiers
    // find the key through verificationMaterial.publicKey.hint; cosign
    // (sigstore-go) compares a non-empty keyid with its own key id format
    // and then rejects the signature, so leave it empty as cosign does.
    for (const sig of json.dsseEnvelope?.signatures ?? []) sig.keyid = ''
    return { bundle: json, keyHint: key.hint }
  }
  const fetchOptions = {
    timeout: options.timeoutMs ?? 10_000,
    retry: { retries: options.retries ?? 3, factor: 2, minTimeout: 1000 }
  }
  const { endpoints } = options
  if (!endpoints.rekorURL && !endpoints.tsaURL)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'keyless signing needs a Rekor or a TSA URL as witness'
    )
  const witnesses: Witness[] = []
  let rekor: RecordingWitness | undefined
  if (endpoints.rekorURL)
    witnesses.push(
      (rekor = new RecordingWitness(
        new RekorWitness({
          rekorBaseURL: endpoints.rekorURL,
          // Re-running a job re-signs the same statement: Rekor answers 409,
          // and the existing entry is as good as a new one.
          fetchOnConflict: true,
          ...fetchOptions
        }),
        endpoints.rekorURL
      ))
    )
  if (endpoints.tsaURL)
    witnesses.push(
      new TSAWitness({ tsaBaseURL: endpoints.tsaURL, ...fetchOptions })
    )
  // the token, remembered so that no error can show it
  const tokens: string[] = []
  const signer = new FulcioSigner({
    identityProvider: {
      getToken: async () => {
        const token = await options.identityProvider.getToken()
        tokens.push(token)
        return token
      }
    },
    fulcioBaseURL: endpoints.fulcioURL,
    ...fetchOptions
  })
  let json: SerializedBundle
  try {
    const bundle = await new DSSEBundleBuilder({ signer, witnesses }).create({
      data,
      type: INTOTO_PAYLOAD_TYPE
    })
    json = bundleToJSON(bundle)
  } catch (err) {
    const e = signingError(err, endpoints)
    const published = await rekor?.published()
    const message = redact(
      published === undefined
        ? e.message
        : `${e.message}. Already public: the Rekor entry ${published} (a transparency-log entry cannot be withdrawn; a re-run finds it again)`,
      tokens
    )
    throw e instanceof EnclaveBuildError
      ? new EnclaveBuildError(e.code, message, { cause: err })
      : new EnclaveBuildError('SIGNING_FAILED', message, { cause: err })
  }
  const material = json.verificationMaterial
  // bundleToJSON leaves empty arrays out, whatever its type says.
  const entry = (
    material.tlogEntries as typeof material.tlogEntries | undefined
  )?.[0]
  const raw =
    material.certificate?.rawBytes ??
    material.x509CertificateChain?.certificates[0]?.rawBytes
  return {
    bundle: json,
    ...(raw ? { certificatePem: toPem(raw) } : {}),
    ...(entry ? { logIndex: entry.logIndex } : {})
  }
}

/** Writes `<dir>/<name>.sigstore.json` atomically; returns the path. */
export async function writeBundle(
  path: string,
  bundle: SerializedBundle
): Promise<string> {
  await writeFileAtomic(path, `${JSON.stringify(bundle)}\n`)
  return path
}

function toPem(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** Turns a @sigstore/sign failure into a message naming the service. */
function signingError(err: unknown, endpoints: SigstoreEndpoints): Error {
  if (err instanceof EnclaveBuildError) return err
  const code = (err as { code?: string }).code ?? ''
  const cause = (err as { cause?: unknown }).cause
  const inner = cause instanceof EnclaveBuildError ? cause : undefined
  if (inner) return inner
  const detail = [
    (err as Error).message,
    cause instanceof Error ? cause.message : undefined
  ]
    .filter(Boolean)
    .join(': ')
  const service = code.startsWith('CA_')
    ? `Fulcio (${endpoints.fulcioURL})`
    : code.startsWith('TLOG_')
      ? `Rekor (${endpoints.rekorURL})`
      : code.startsWith('TSA_')
        ? `the timestamp authority (${endpoints.tsaURL})`
        : code.startsWith('IDENTITY_')
          ? 'the OIDC token provider'
          : 'Sigstore'
  return new EnclaveBuildError(
    'SIGNING_FAILED',
    `signing failed at ${service}: ${detail}; if the service is down re-run the job later, or attest with signing: key`,
    { cause: err }
  )
}
