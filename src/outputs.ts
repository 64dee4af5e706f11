/**
 * Every output the action can set, with its description. action.yml is
 * generated from this list (scripts/gen-action.ts), so they cannot drift.
 */
export const OUTPUTS: Record<string, string> = {
  binary: 'Path of the built Go binary',
  sha256: 'sha256 of the built Go binary',
  'go-version': 'The Go toolchain that built it, e.g. go1.24.3',
  reproducible:
    'true when the rebuild check produced the same bytes; null when it did not run',
  'build-record':
    'Path of build-record.json: environment, flags, toolchain, go.sum digest, buildinfo'
}
