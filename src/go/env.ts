/** The user's choices that shape the build environment. */
export interface EnvChoices {
  cgo: boolean
  goamd64: string
  goos: string
  goarch: string
}

/**
 * Variables passed through from the caller's environment: they decide where
 * things are fetched or stored, not what the bytes are. Everything else is
 * dropped so that a stray GOFLAGS or GOEXPERIMENT cannot change the build.
 */
const PASS_THROUGH = [
  'PATH',
  'HOME',
  'TMPDIR',
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GOINSECURE',
  'GOROOT',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
  'CC',
  'CXX'
]

/**
 * The explicit environment baseline that decides the bytes of the build.
 * It is recorded in the build record as is.
 */
export function baselineEnv(choices: EnvChoices): Record<string, string> {
  return {
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: choices.cgo ? '1' : '0',
    GOFLAGS: '',
    // An empty GOFLAGS still lets `go env -w GOFLAGS=...` (the user's go
    // env file) add flags such as -toolexec: the file is not read at all.
    GOENV: 'off',
    GOWORK: 'off',
    GOOS: choices.goos,
    GOARCH: choices.goarch,
    GOAMD64: choices.goamd64,
    GOEXPERIMENT: '',
    GO111MODULE: 'on'
  }
}

/** The full process environment for `go`: pass-through plus the baseline. */
export function processEnv(
  baseline: Record<string, string>,
  from: NodeJS.ProcessEnv,
  overrides: Record<string, string> = {}
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const name of PASS_THROUGH)
    if (from[name] !== undefined) env[name] = from[name]
  return { ...env, ...baseline, ...overrides }
}
