// Why this file is long: one NSM attestation document: CBOR/COSE parsing and the certificate chain to the pinned AWS root are checked on the same decoded structure.
import { verify as verifySignature, X509Certificate } from 'node:crypto'
import { EnclaveBuildError } from '../../errors.js'
import { AWS_NITRO_ROOT_PEM, AWS_NITRO_ROOT_SHA256 } from './aws-nitro-root.js'
import {
  cborInteger,
  decodeCbor,
  isBytes,
  sigStructure,
  splitCoseSign1
} from './cose.js'
import {
  evidenceUnverified,
  hexOf,
  invalidEvidence,
  type Evidence
} from './types.js'
import { readExtensions, type CertificateExtensions } from './x509.js'

/** COSE algorithm identifier of ES384 (RFC 9053). */
const ES384 = -35

/** Options of {@link parseNitroDocument}. */
export interface NitroOptions {
  /** PEM of the root to trust instead of AWS's (tests, private setups). */
  rootPem?: string
  /**
   * When the chain must be valid. Leaf certificates live ~3 hours, so an
   * old document needs the time it was produced ("document": its own
   * timestamp, which the signature then vouches for); the default is now.
   */
  at?: Date | 'document'
  /**
   * The map holding the PCRs: "pcrs" in a Nitro Enclaves document,
   * "nitrotpm_pcrs" in a NitroTPM one (verify/evidence/nitrotpm.ts), which
   * is otherwise the same document signed through the same PKI.
   */
  pcrsKey?: 'pcrs' | 'nitrotpm_pcrs'
  /**
   * Accept a document from an enclave run with --debug-mode, whose PCRs
   * are all zero and whose memory the parent instance can read (default
   * no, as nitrite and AWS KMS conditions on PCRs).
   */
  allowDebug?: boolean
}

/** Throws EVIDENCE_INVALID (malformed) for this evidence type. */
function bad(detail: string): never {
  return invalidEvidence('nitro', detail)
}

/** Throws EVIDENCE_UNVERIFIED: well formed, but a check says no. */
function refused(detail: string): never {
  return evidenceUnverified('nitro', detail)
}

/** An optional byte-string field of at most `max` bytes, as hex or null. */
function optionalBytes(
  doc: Map<unknown, unknown>,
  key: string,
  max: number
): string | null {
  const v = doc.get(key)
  if (v === undefined || v === null) return null
  if (!isBytes(v) || v.length > max)
    bad(`"${key}" must be a byte string of at most ${max} bytes`)
  return hexOf(v)
}

/** Parses one DER certificate of the document, coded on failure. */
function certificate(der: unknown, what: string): X509Certificate {
  if (!isBytes(der) || der.length < 1 || der.length > 1024)
    bad(`${what} must be a DER certificate of 1..1024 bytes`)
  try {
    return new X509Certificate(der)
  } catch {
    return bad(`${what} is not a valid X.509 certificate`)
  }
}

/** The pinned root, after checking the embedded copy against its fingerprint. */
function pinnedRoot(rootPem: string | undefined): X509Certificate {
  let root: X509Certificate
  try {
    root = new X509Certificate(rootPem ?? AWS_NITRO_ROOT_PEM)
  } catch {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'the Nitro root given with --nitro-root is not a PEM certificate'
    )
  }
  if (rootPem === undefined && root.fingerprint256 !== AWS_NITRO_ROOT_SHA256)
    throw new EnclaveBuildError('INTERNAL', 'embedded AWS Nitro root changed')
  return root
}

/** A certificate's subject on one line, for messages. */
function subjectOf(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ')
}

/** The extensions of a certificate of the chain, coded with its subject. */
function extensionsOf(cert: X509Certificate): CertificateExtensions {
  try {
    return readExtensions(cert.raw)
  } catch (err) {
    if (err instanceof EnclaveBuildError)
      bad(`certificate "${subjectOf(cert)}": ${err.message}`)
    throw err
  }
}

/**
 * The RFC 5280 path constraints node:crypto leaves out (§4.2, §6.1.4):
 * no critical extension this code does not understand, no name
 * constraints (it cannot enforce them, and AWS's chain has none), every CA
 * allowed to sign certificates and to have the CAs below it, and the leaf
 * allowed to sign (it signs the COSE document). `path` runs leaf first.
 */
function checkPathConstraints(path: X509Certificate[]): void {
  path.forEach((cert, i) => {
    const name = subjectOf(cert)
    const ext = extensionsOf(cert)
    if (ext.criticalUnknown.length > 0)
      refused(
        `certificate "${name}" has critical extensions this verifier does not understand (${ext.criticalUnknown.join(', ')})`
      )
    if (ext.nameConstraints)
      refused(
        `certificate "${name}" has name constraints, which this verifier does not support`
      )
    if (i === 0) {
      if (ext.keyUsage && !ext.keyUsage.has('digitalSignature'))
        refused(
          `certificate "${name}" may not sign the document (keyUsage lacks digitalSignature)`
        )
      return
    }
    if (ext.keyUsage && !ext.keyUsage.has('keyCertSign'))
      refused(
        `certificate "${name}" may not sign certificates (keyUsage lacks keyCertSign)`
      )
    // path[1..i-1] are the CAs below this one; the leaf does not count.
    // Self-issued CAs count too (§6.1.4 skips them): stricter, and AWS's
    // chain has none.
    const pathLen = ext.basicConstraints?.pathLen
    if (pathLen !== undefined && i - 1 > pathLen)
      refused(
        `certificate "${name}" allows ${pathLen} intermediate CA(s) below it (pathLenConstraint) but has ${i - 1}`
      )
  })
}

/**
 * Checks leaf ← cabundle[n-1] ← … ← cabundle[0] = the pinned root: every
 * link signed by the next, every issuer a CA, every certificate valid at
 * `at`, and the path constraints of {@link checkPathConstraints}. The root
 * is compared by fingerprint, never trusted from the bundle.
 */
function verifyChain(
  leaf: X509Certificate,
  bundle: X509Certificate[],
  root: X509Certificate,
  at: Date
): void {
  if (bundle[0].fingerprint256 !== root.fingerprint256)
    throw new EnclaveBuildError(
      'TRUST_ROOT_UNKNOWN',
      `the Nitro document's certificate chain ends in "${subjectOf(bundle[0])}" (${bundle[0].fingerprint256}), not the pinned root ${root.fingerprint256}`
    )
  const path = [leaf, ...bundle.slice(1).reverse(), root]
  // First, so a CA whose keyUsage lacks keyCertSign is refused for that:
  // OpenSSL, behind X509Certificate.ca, calls it "not a CA".
  checkPathConstraints(path)
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]
    if (at < cert.validFromDate || at > cert.validToDate)
      refused(
        `certificate "${subjectOf(cert)}" is not valid at ${at.toISOString()} (valid ${cert.validFromDate.toISOString()} to ${cert.validToDate.toISOString()})`
      )
    if (i === path.length - 1) break
    const issuer = path[i + 1]
    if (!issuer.ca) refused(`certificate "${subjectOf(issuer)}" is not a CA`)
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
      refused(
        `certificate "${subjectOf(cert)}" is not signed by "${subjectOf(issuer)}"`
      )
  }
}

/** The PCR map: 1..32 entries, index 0..31, 32/48/64-byte values. */
function readPcrs(v: unknown): Map<number, string> {
  if (!(v instanceof Map) || v.size < 1 || v.size > 32)
    bad('"pcrs" must be a map of 1 to 32 entries')
  const pcrs = new Map<number, string>()
  for (const [key, value] of v as Map<unknown, unknown>) {
    const k = cborInteger(key)
    if (k === undefined || k < 0 || k > 31)
      bad(`PCR index ${String(key)} is not in 0..31`)
    if (pcrs.has(k)) bad(`PCR${k} is given twice`)
    if (!isBytes(value) || ![32, 48, 64].includes(value.length))
      bad(`PCR${k} must be 32, 48 or 64 bytes`)
    pcrs.set(k, hexOf(value))
  }
  return pcrs
}

/**
 * Parses and verifies a Nitro attestation document (COSE_Sign1 over a CBOR
 * map, ES384): the document fields, the certificate chain up to the pinned
 * AWS root, and the signature. Returns PCR0 as the measurement and all PCRs
 * as registers. Anything malformed is EVIDENCE_INVALID, a check that fails
 * EVIDENCE_UNVERIFIED; a chain to another root is TRUST_ROOT_UNKNOWN.
 */
export function parseNitroDocument(
  bytes: Uint8Array,
  options: NitroOptions = {}
): Evidence {
  const root = pinnedRoot(options.rootPem)
  let cose: ReturnType<typeof splitCoseSign1>
  let header: unknown
  let doc: unknown
  try {
    cose = splitCoseSign1(bytes)
    if (typeof cose === 'string') return bad(cose)
    header = decodeCbor(cose.protectedHeader)
    doc = decodeCbor(cose.payload)
  } catch (err) {
    if (err instanceof EnclaveBuildError) throw err
    return bad(`not valid CBOR (${(err as Error).message})`)
  }
  if (
    !(header instanceof Map) ||
    header.size !== 1 ||
    cborInteger([...header.keys()][0]) !== 1 ||
    cborInteger([...header.values()][0]) !== ES384
  )
    bad('the COSE protected header is not {1: -35} (ES384)')
  if (!(doc instanceof Map)) return bad('the payload is not a CBOR map')
  const moduleId = doc.get('module_id') as unknown
  // AWS writes the millisecond time as an 8-byte unsigned integer.
  const timestamp = cborInteger(doc.get('timestamp'))
  if (typeof moduleId !== 'string' || moduleId === '')
    bad('"module_id" must be a non-empty text string')
  if (doc.get('digest') !== 'SHA384') bad('"digest" must be "SHA384"')
  if (timestamp === undefined || timestamp < 1)
    return bad('"timestamp" must be a positive integer (ms since the epoch)')
  const pcrs = readPcrs(doc.get(options.pcrsKey ?? 'pcrs'))
  const leaf = certificate(doc.get('certificate'), '"certificate"')
  const caBundle = doc.get('cabundle') as unknown
  if (!Array.isArray(caBundle) || caBundle.length < 1)
    bad('"cabundle" must be a non-empty array')
  const bundle = (caBundle as unknown[]).map((c, i) =>
    certificate(c, `cabundle[${i}]`)
  )
  const publicKey = optionalBytes(doc, 'public_key', 1024)
  const userData = optionalBytes(doc, 'user_data', 1024)
  const nonce = optionalBytes(doc, 'nonce', 1024)
  const pcr0 = pcrs.get(0) ?? ''
  if (pcr0.length !== 96 && (options.pcrsKey ?? 'pcrs') === 'pcrs')
    return bad('PCR0 is missing or not 48 bytes')

  const at = options.at === 'document' ? new Date(timestamp) : options.at
  verifyChain(leaf, bundle, root, at ?? new Date())
  const key = leaf.publicKey
  if (key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')
    bad('the signing certificate does not hold a P-384 key')
  if (cose.signature.length !== 96)
    bad('an ES384 signature is 96 bytes (r ‖ s)')
  const signed = sigStructure(cose.protectedHeader, cose.payload)
  const ok = verifySignature(
    'sha384',
    signed,
    { key, dsaEncoding: 'ieee-p1363' },
    cose.signature
  )
  if (!ok)
    refused('the COSE signature does not verify with the signing certificate')

  // AWS zeroes every PCR of an enclave started in debug mode.
  const debug = (options.pcrsKey ?? 'pcrs') === 'pcrs' && /^0+$/.test(pcr0)
  if (debug && !options.allowDebug)
    throw new EnclaveBuildError(
      'EVIDENCE_POLICY_REJECTED',
      'the Nitro enclave runs in debug mode (PCR0 is all zeros): its parent instance can read its memory and its console; refuse it, or accept it with --nitro-allow-debug'
    )
  const registers = [...pcrs.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, v]) => v.length === 96)
    .map(([i, value]) => ({
      name: `PCR${i}`,
      algorithm: 'sha384' as const,
      value
    }))
  return {
    type: 'nitro',
    measurement: { name: 'PCR0', algorithm: 'sha384', value: pcr0 },
    registers,
    evidenceSignature: 'verified',
    fields: {
      moduleId,
      timestamp: new Date(timestamp).toISOString(),
      digest: 'SHA384',
      debug,
      pcrs: Object.fromEntries(
        [...pcrs.entries()]
          .sort(([a], [b]) => a - b)
          .map(([i, v]) => [String(i), v])
      ),
      publicKey,
      userData,
      nonce,
      certificate: subjectOf(leaf),
      root: root.fingerprint256
    }
  }
}
