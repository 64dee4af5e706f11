#!/usr/bin/env bash
# Builds go-sev-guest's `check` tool (Google's SEV-SNP report verifier)
# through the Go module proxy into the machine's CI cache, once per version:
# the independent verifier __tests__/verify/snp-differential.test.ts
# compares against when SEV_GUEST_CHECK points at it:
#   eval "$(bash .ci/sev-guest-check.sh | grep '^export ')"
# With --installed it only reports a cached build. On failure it prints a
# visible SKIP line and exits 0: the tests then skip with their own message.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
VERSION=v0.14.1
dir="$ci_cache/sev-guest-check-$VERSION"
bin="$dir/bin/check"
if [ -x "$bin" ]; then
  echo "sev-guest-check: cache hit: go-sev-guest check $VERSION at $bin"
elif [ -n "$ci_installed_only" ]; then
  echo "sev-guest-check: not built (bash .ci/sev-guest-check.sh builds it)"
  exit 0
else
  rm -rf "$dir.tmp.$$" && mkdir -p "$dir.tmp.$$/bin"
  # GOFLAGS is cleared so a machine-wide setting cannot break a module-mode install.
  if GOFLAGS= GOBIN="$dir.tmp.$$/bin" go install \
    "github.com/google/go-sev-guest/tools/check@${VERSION}" >/dev/null 2>&1; then
    ci_publish "$dir"
    echo "sev-guest-check: built go-sev-guest check $VERSION into $bin"
  else
    rm -rf "$dir.tmp.$$"
    echo "sev-guest-check: SKIP: go install of go-sev-guest check ${VERSION} failed; the SNP differential tests will skip"
    exit 0
  fi
fi
echo "export SEV_GUEST_CHECK=$bin"
exit 0
