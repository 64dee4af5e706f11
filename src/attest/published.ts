import type { SerializedBundle } from '@sigstore/bundle'
import { asEnclaveBuildError, EnclaveBuildError } from '../errors.js'
import type { Statement } from '../model/statement.js'
import { signStatement, type SignedBundle, type SignOptions } from './sign.js'
import {
  storeAttestation,
  type StoreOptions,
  type StoredAttestation
} from './store.js'

/**
 * What has already been made public during one attestation stage: a Rekor
 * entry cannot be taken back and a stored attestation stays until someone
 * deletes it. When a later step fails, the job must say what is out there
 * (the measurement attestation was stored, the
 * provenance failed, and nothing recorded the first). Each item is logged
 * and its action outputs set the moment it happens; a failure's message
 * then lists them all.
 */
export class PublishedRecord {
  private readonly items: string[] = []

  constructor(
    private readonly log: (message: string) => void,
    private readonly setOutput?: (name: string, value: string) => void
  ) {}

  /** Records (and logs, and outputs) one thing that is now public. */
  add(what: string, outputs: Record<string, string> = {}): void {
    this.items.push(what)
    this.log(`published: ${what}`)
    for (const [name, value] of Object.entries(outputs))
      this.setOutput?.(name, value)
  }

  /** `work`, whose failure is explained with what was published before it. */
  async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (err) {
      throw this.explain(err)
    }
  }

  /** What was published, in order. */
  list(): readonly string[] {
    return this.items
  }

  /**
   * `err` as a coded error whose message ends with what was already
   * published (unchanged when nothing was).
   */
  explain(err: unknown): EnclaveBuildError {
    const e = asEnclaveBuildError(err)
    if (this.items.length === 0) return e
    return new EnclaveBuildError(
      e.code,
      `${e.message}\nAlready published before this failure (not undone; a re-run publishes again):\n${this.items.map((i) => `- ${i}`).join('\n')}`,
      { cause: err }
    )
  }
}

/**
 * Stores the measurement attestation, then the provenance, recording each
 * (with its outputs) the moment it is stored; a failure of the second says
 * that the first is already out.
 */
export async function storeBoth(
  measurement: SerializedBundle,
  provenance: SerializedBundle,
  options: StoreOptions,
  published: PublishedRecord
): Promise<{ measurement: StoredAttestation; provenance: StoredAttestation }> {
  const m = await published.guard(storeAttestation(measurement, options))
  published.add(
    `the measurement attestation, stored on GitHub: ${m.url} (id ${m.id})`,
    { 'attestation-id': m.id, 'attestation-url': m.url }
  )
  const p = await published.guard(storeAttestation(provenance, options))
  published.add(
    `the provenance attestation, stored on GitHub: ${p.url} (id ${p.id})`,
    { 'provenance-attestation-id': p.id, 'provenance-attestation-url': p.url }
  )
  return { measurement: m, provenance: p }
}

/**
 * Signs the measurement statement, then the provenance; a keyless
 * signature on the public-good instance is a Rekor entry, recorded (with
 * the log-index output) as soon as it exists.
 */
export async function signBoth(
  measurement: Statement<unknown>,
  provenance: Statement<unknown>,
  options: SignOptions,
  published: PublishedRecord
): Promise<{ signed: SignedBundle; signedProvenance: SignedBundle }> {
  const signed = await signStatement(measurement, options)
  if (signed.logIndex)
    published.add(
      `the measurement statement's signature, Rekor log index ${signed.logIndex}`,
      { 'log-index': signed.logIndex }
    )
  const signedProvenance = await published.guard(
    signStatement(provenance, options)
  )
  if (signedProvenance.logIndex)
    published.add(
      `the provenance statement's signature, Rekor log index ${signedProvenance.logIndex}`
    )
  return { signed, signedProvenance }
}
