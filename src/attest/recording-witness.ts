import type { Witness } from '@sigstore/sign'

/**
 * A witness that remembers what it testified: the witnesses run together,
 * and when the timestamp authority fails after Rekor accepted the entry,
 * the error must still name that public entry.
 */
export class RecordingWitness implements Witness {
  private done: Promise<unknown> = Promise.resolve()
  private material?: Awaited<ReturnType<Witness['testify']>>

  constructor(
    private readonly inner: Witness,
    private readonly baseURL: string
  ) {}

  testify: Witness['testify'] = (signature, publicKey) => {
    const p = this.inner.testify(signature, publicKey)
    this.done = p.then(
      (m) => (this.material = m),
      () => undefined
    )
    return p
  }

  /** The entry Rekor accepted ("logIndex N at URL"), once it has answered. */
  async published(): Promise<string | undefined> {
    // Rekor may still be answering when another witness failed
    await Promise.race([
      this.done,
      new Promise((r) => setTimeout(r, 15_000).unref())
    ])
    const entry = this.material?.tlogEntries?.[0]
    if (entry === undefined) return undefined
    return `logIndex ${entry.logIndex} (${this.baseURL}/api/v1/log/entries?logIndex=${entry.logIndex})`
  }
}
