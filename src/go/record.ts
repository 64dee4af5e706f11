/**
 * Everything that decided the bytes of a Go build. With -trimpath the binary
 * does not carry -ldflags, so the attestation carries this record instead.
 */
export interface BuildRecord {
  /** Bumped when the shape changes. */
  schemaVersion: 1
  /** `go version` of the toolchain that built, e.g. "go1.24.3". */
  goVersion: string
  goos: string
  goarch: string
  /** The main package as given, e.g. "." or "./cmd/server". */
  package: string
  /** The environment variables we set explicitly (the baseline). */
  env: Record<string, string>
  /** The full argument list after `go`, e.g. ["build", "-trimpath", ...]. */
  args: string[]
  ldflags: string
  tags: string[]
  cgo: boolean
  goamd64: string
  /** sha256 of go.sum, or null when the module has no dependencies. */
  goSumSha256: string | null
  binary: { path: string; sha256: string; size: number }
  /** `go version -m` of the binary, as key/value settings plus module lines. */
  buildinfo: BuildInfo
  source: { commit: string; commitTime: string; repository?: string }
  /** true/false after a rebuild check, null when none ran. */
  reproducible: boolean | null
}

/** The parsed output of `go version -m`. */
export interface BuildInfo {
  goVersion: string
  path: string
  main: { path: string; version: string; sum?: string }
  deps: { path: string; version: string; sum?: string }[]
  settings: Record<string, string>
}
