// Why this file is long: Sigstore bundle verification: the trust material, the per-instance thresholds and the verifier share one Trust type and policy.
import { X509Certificate, type KeyObject } from 'node:crypto'
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { X509Certificate as SigstoreCertificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  toSignedEntity,
  toTrustMaterial,
  Verifier,
  type TrustMaterial,
  type VerifierOptions
} from '@sigstore/verify'
import { loadPublicKey } from '../model/key.js'
import { INTOTO_PAYLOAD_TYPE, type Statement } from '../model/statement.js'
import { EnclaveBuildError } from '../errors.js'
import { parsePayload } from './match.js'
import { signerIdentity, type SignerIdentity } from './policy.js'

/**
 * Sigstore verification of one bundle, on @sigstore/verify. This module is
 * the only one in verify/ that loads the Sigstore libraries.
 */

/** What bundles are checked against. */
export interface Trust {
  material: TrustMaterial
  /** Where the roots came from, for the output. */
  source: 'trusted-root' | 'tuf' | 'public-key'
  /** Hint of the --public-key, when one was given. */
  keyHint?: string
  hasRoot: boolean
}

/** Options of {@link loadTrust}. */
export interface TrustOptions {
  /** Parsed JSON of a protobuf-specs TrustedRoot (--trusted-root). */
  trustedRoot?: unknown
  /** PEM public key for key-signed bundles (--public-key). */
  publicKeyPem?: string
  /** Fetches Sigstore's public trusted root; by default through TUF. */
  tuf?: () => Promise<unknown>
}

/** Sigstore's public-good root, fetched and verified through TUF. */
async function tufRoot(): Promise<unknown> {
  const { getTrustedRoot } = await import('@sigstore/tuf')
  return TrustedRoot.toJSON(await getTrustedRoot())
}

function parseRoot(json: unknown): TrustedRoot {
  const media =
    typeof json === 'object' && json !== null
      ? (json as { mediaType?: unknown }).mediaType
      : undefined
  if (typeof media !== 'string' || !media.includes('trustedroot'))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the trusted root is not a Sigstore TrustedRoot JSON (mediaType application/vnd.dev.sigstore.trustedroot+json); get one with `gh attestation trusted-root` or from the Sigstore TUF repository'
    )
  try {
    return TrustedRoot.fromJSON(json)
  } catch (err) {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the trusted root cannot be read: ${(err as Error).message}`
    )
  }
}

/**
 * Builds the trust material once for all bundles: --trusted-root if given,
 * else Sigstore's public root through TUF (unless only a key was given).
 */
export async function loadTrust(options: TrustOptions): Promise<Trust> {
  const loaded =
    options.publicKeyPem !== undefined
      ? loadPublicKey(options.publicKeyPem)
      : undefined
  const key: KeyObject | undefined = loaded?.key
  const hint = loaded?.hint
  let source: Trust['source'] = 'trusted-root'
  let rootJson = options.trustedRoot
  if (rootJson === undefined && key === undefined) {
    source = 'tuf'
    try {
      rootJson = await (options.tuf ?? tufRoot)()
    } catch (err) {
      throw new EnclaveBuildError(
        'HTTP_ERROR',
        `cannot fetch Sigstore's trusted root through TUF (${(err as Error).message}); check the network, or pass --trusted-root FILE to verify offline`,
        { cause: err }
      )
    }
  }
  if (rootJson === undefined) source = 'public-key'
  const root = rootJson === undefined ? undefined : parseRoot(rootJson)
  const material = toTrustMaterial(
    root ?? TrustedRoot.fromJSON({}),
    (bundleHint: string) => {
      // An empty hint names no key; the one given is tried.
      if (key === undefined || (bundleHint !== '' && bundleHint !== hint))
        throw new EnclaveBuildError(
          'TRUST_ROOT_UNKNOWN',
          key === undefined
            ? `the bundle is signed with a key (hint ${bundleHint}); pass its public key with --public-key`
            : `the bundle is signed with key ${bundleHint}, not the --public-key (${hint})`
        )
      return { publicKey: key, validFor: () => true }
    }
  )
  return {
    material,
    source,
    ...(hint ? { keyHint: hint } : {}),
    hasRoot: root !== undefined
  }
}

/** A bundle whose signature checked out, with what it says. */
export interface VerifiedBundle {
  statement: Statement
  /** Who signed, from the certificate; absent for key-signed bundles. */
  signer?: SignerIdentity
  signedBy: 'certificate' | 'public-key'
  /** The Sigstore deployment the thresholds were chosen for. */
  instance: 'public-good' | 'github' | 'key'
  tlogEntries: number
  rfc3161Timestamps: number
}

/** DER of the leaf certificate, if the bundle has one. */
function leafDer(bundle: Bundle): Buffer | undefined {
  const c = bundle.verificationMaterial.content
  if (c.$case === 'certificate') return c.certificate.rawBytes
  if (c.$case === 'x509CertificateChain')
    return c.x509CertificateChain.certificates[0]?.rawBytes
  return undefined
}

/**
 * The checks gh applies per instance, chosen from the leaf certificate's
 * issuer (undefined: key-signed). A public-good bundle needs an SCT, a tlog
 * entry and a timestamp; one from GitHub's own Fulcio (issuer organisation
 * "GitHub, Inc.") has no Rekor entry, only an RFC 3161 timestamp.
 */
export function thresholdsFor(issuer: string | undefined): {
  instance: VerifiedBundle['instance']
  options: VerifierOptions
} {
  if (issuer === undefined)
    return {
      instance: 'key',
      options: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
    }
  if (/(^|\n|, )O=GitHub, Inc\.(\n|,|$)/.test(issuer))
    return {
      instance: 'github',
      options: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }
    }
  return {
    instance: 'public-good',
    options: { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }
  }
}

/**
 * True when the trust material knows the bundle's anchors: a CA that signed
 * the leaf, and every tlog it names. Used to tell "unknown root" from "bad
 * signature" after @sigstore/verify refused.
 */
function anchorsKnown(bundle: Bundle, trust: Trust, leaf?: Buffer): boolean {
  if (leaf) {
    let issued: boolean
    try {
      const cert = SigstoreCertificate.parse(Buffer.from(leaf))
      issued = trust.material.certificateAuthorities.some((ca) =>
        ca.certChain.some((c) => cert.verify(c))
      )
    } catch {
      issued = false
    }
    if (!issued) return false
  }
  return bundle.verificationMaterial.tlogEntries.every((e) =>
    trust.material.tlogs.some(
      (t) => e.logId !== undefined && t.logID.equals(e.logId.keyId)
    )
  )
}

/** Turns a @sigstore/verify refusal into our codes. */
function refusal(
  err: unknown,
  instance: string,
  bundle: Bundle,
  trust: Trust,
  leaf: Buffer | undefined,
  name: string
): EnclaveBuildError {
  if (err instanceof EnclaveBuildError) return err
  const detail = (err as Error).message
  if (/^expected \d+ (tlog entries|SCTs|timestamps)/.test(detail))
    return new EnclaveBuildError(
      'SIGNATURE_INVALID',
      `${name}: ${detail}, which a ${instance} bundle must have; it was not logged or timestamped as Sigstore requires`,
      { cause: err }
    )
  if (!anchorsKnown(bundle, trust, leaf))
    return new EnclaveBuildError(
      'TRUST_ROOT_UNKNOWN',
      `${name}: signed under a Sigstore root the verifier does not trust (${detail}); pass --trusted-root for the instance that signed it (\`gh attestation trusted-root\` for GitHub's)`,
      { cause: err }
    )
  return new EnclaveBuildError(
    'SIGNATURE_INVALID',
    `${name}: the signature does not verify (${detail}); the bundle was altered or is not the one the workflow produced`,
    { cause: err }
  )
}

/**
 * Verifies one bundle (parsed JSON) against the trust material: the
 * signature, the certificate chain, SCT, tlog inclusion and timestamps. It
 * does not apply the identity policy; see policy.ts.
 */
export function verifyBundle(
  json: unknown,
  trust: Trust,
  name = 'bundle'
): VerifiedBundle {
  let bundle: Bundle
  try {
    bundle = bundleFromJSON(json)
  } catch (err) {
    throw new EnclaveBuildError(
      'SIGNATURE_INVALID',
      `${name} is not a Sigstore bundle: ${(err as Error).message}`
    )
  }
  if (bundle.content.$case !== 'dsseEnvelope')
    throw new EnclaveBuildError(
      'SIGNATURE_INVALID',
      `${name} signs a blob, not an attestation (no DSSE envelope)`
    )
  const envelope = bundle.content.dsseEnvelope
  const der = leafDer(bundle)
  let leaf: X509Certificate | undefined
  try {
    leaf = der ? new X509Certificate(der) : undefined
  } catch {
    throw new EnclaveBuildError(
      'SIGNATURE_INVALID',
      `${name}: the signing certificate cannot be parsed`
    )
  }
  if (leaf && !trust.hasRoot)
    throw new EnclaveBuildError(
      'TRUST_ROOT_UNKNOWN',
      `${name} is signed with a Sigstore certificate, but only --public-key was given; add --trusted-root or drop --public-key to use Sigstore's public root`
    )
  const { instance, options } = thresholdsFor(leaf?.issuer)
  let identity
  try {
    identity = new Verifier(trust.material, options).verify(
      toSignedEntity(bundle)
    ).identity
  } catch (err) {
    throw refusal(err, instance, bundle, trust, der, name)
  }
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE)
    throw new EnclaveBuildError(
      'MEASUREMENT_NOT_SUBJECT',
      `${name}: the payload is "${envelope.payloadType}", not an in-toto statement`
    )
  return {
    statement: parsePayload(envelope.payload, name),
    ...(leaf && identity ? { signer: signerIdentity(identity) } : {}),
    signedBy: leaf ? 'certificate' : 'public-key',
    instance,
    tlogEntries: bundle.verificationMaterial.tlogEntries.length,
    rfc3161Timestamps:
      bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps
        .length ?? 0
  }
}
