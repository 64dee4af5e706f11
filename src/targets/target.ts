import type { BuildRecord } from '../go/record.js'

/** A file the target produced (or pinned), identified by its digest. */
export interface Artifact {
  /** What the file is, e.g. "manifest-sgx", "sigstruct", "eif", "initrd". */
  kind: string
  path: string
  sha256: string
}

/** An input the measurement depends on that the user must pin. */
export interface PinnedInput {
  /** e.g. "libpal", "kernel", "init", "nsm.ko", "ovmf". */
  name: string
  path: string
  sha256: string
}

/** One value the hardware will report. */
export interface Measurement {
  /** e.g. "MRENCLAVE", "MRSIGNER", "PCR0", "SNP_LAUNCH_DIGEST". */
  name: string
  /** "sha256" or "sha384". */
  algorithm: 'sha256' | 'sha384'
  /** Lower-case hex, as the hardware reports it. */
  value: string
  /**
   * The sha256 digest under which the attestation is stored and found. For
   * sha256 measurements it is the value itself; for sha384 ones it is
   * sha256 over the raw 48 bytes (see docs/predicate.md).
   */
  lookupDigest: string
}

/** What every target returns to the pipeline; attest/ and verify/ see only this. */
export interface TargetResult {
  target: string
  artifacts: Artifact[]
  measurements: Measurement[]
  /** The identity of whoever signed the enclave (MRSIGNER, PCR8 cert digest...). */
  signer?: Record<string, string>
  pinned: PinnedInput[]
  /** Action outputs this target sets, by output name. */
  outputs: Record<string, string>
  /** Extra facts for the predicate (vcpus, cmdline, template variables...). */
  parameters: Record<string, unknown>
}

/** The context a target gets from the pipeline. */
export interface TargetContext {
  build: BuildRecord
  /** Absolute path of the built Go binary. */
  binaryPath: string
  /** Directory where the target writes its artefacts. */
  outDir: string
  /** Commit time of the source, used wherever a timestamp is needed. */
  commitTime: Date
  /** Logging that never sees secrets. */
  log: (message: string) => void
  warn: (message: string) => void
}

/** One TEE. Implementations live in src/targets/<tee>/target.ts. */
export interface Target<Options> {
  name: string
  run(ctx: TargetContext, options: Options): Promise<TargetResult>
}
