#!/usr/bin/env bash
# Installs go-sev-guest's `check` tool (Google's SEV-SNP report verifier)
# into .tools/bin (gitignored) through the Go module proxy, the independent
# verifier __tests__/verify/snp-differential.test.ts compares against when
# SEV_GUEST_CHECK points at it:
#   eval "$(bash .ci/sev-guest-check.sh | grep '^export ')"
# On failure it prints a visible SKIP line and exits 0: the tests then skip
# with their own message.
set -uo pipefail
VERSION=v0.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin/check"
stamp="$root/.tools/bin/check.version"
if ! [ -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$VERSION" ]; then
  mkdir -p "$root/.tools/bin"
  # GOFLAGS is cleared so a machine-wide setting cannot break a module-mode install.
  if GOFLAGS= GOBIN="$root/.tools/bin" go install \
    "github.com/google/go-sev-guest/tools/check@${VERSION}" >/dev/null 2>&1; then
    echo "$VERSION" >"$stamp"
    echo "sev-guest-check: installed go-sev-guest check ${VERSION} at $bin"
  else
    echo "sev-guest-check: SKIP: go install of go-sev-guest check ${VERSION} failed; the SNP differential tests will skip"
    exit 0
  fi
fi
echo "export SEV_GUEST_CHECK=$bin"
exit 0
