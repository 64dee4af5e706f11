import type { Credentials } from '../oci/auth.js'
import type { FetchFn } from '../util/http.js'
import type { EvidenceInput } from './evidence-input.js'
import type { PolicyInput } from './policy.js'

/** Everything `verify` can be asked. */
export interface VerifyInput {
  /** Hex of the register; or derived from `evidence`. */
  measurement?: string
  evidence?: EvidenceInput
  /** Bundle files or directories, or oci:// artifacts the bundles are attached to. */
  bundles?: string[]
  /** Look the attestation up in this repository through the GitHub API. */
  lookup?: { repository: string; token?: string; apiUrl?: string }
  trustedRootPath?: string
  publicKeyPath?: string
  policy: PolicyInput
}

/** The outside world, injectable for tests. */
export interface VerifyDeps {
  fetch?: FetchFn
  now?: () => Date
  /** Sigstore's public trusted root (TUF by default). */
  tuf?: () => Promise<unknown>
  sleep?: (ms: number) => Promise<void>
  /** The login for an OCI registry (default: env and Docker's config.json). */
  registryCredentials?: (registry: string) => Promise<Credentials | undefined>
}
