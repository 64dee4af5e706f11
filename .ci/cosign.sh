#!/usr/bin/env bash
# Builds cosign (an independent Sigstore verifier, sigstore-go inside, the
# tool users run) through the Go module proxy into the machine's CI cache,
# once per version, for __tests__/attest/cosign.test.ts and
# __tests__/verify/cosign.test.ts, which run when COSIGN points at it:
#   eval "$(bash .ci/cosign.sh | grep '^export ')"
# ~8 minutes on 2 cores the first time, a cache hit afterwards (any clone).
# With --installed it only reports a cached build. On failure it prints a
# visible SKIP line and exits 0: the tests then skip with their own message.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
COSIGN_VERSION=v2.6.5
dir="$ci_cache/cosign-$COSIGN_VERSION"
bin="$dir/bin/cosign"
if [ -x "$bin" ]; then
  echo "cosign: cache hit: $COSIGN_VERSION at $bin"
elif [ -n "$ci_installed_only" ]; then
  echo "cosign: not built (bash .ci/cosign.sh builds it)"
  exit 0
else
  rm -rf "$dir.tmp.$$" && mkdir -p "$dir.tmp.$$/bin"
  # GOFLAGS is cleared so a machine-wide setting cannot break a module-mode install.
  if GOFLAGS= GOBIN="$dir.tmp.$$/bin" go install \
    "github.com/sigstore/cosign/v2/cmd/cosign@${COSIGN_VERSION}" &&
    "$dir.tmp.$$/bin/cosign" version 2>/dev/null | grep -q "GitVersion:.*${COSIGN_VERSION}"; then
    ci_publish "$dir"
    echo "cosign: built $COSIGN_VERSION into $bin"
  else
    rm -rf "$dir.tmp.$$"
    echo "cosign: SKIP: go install of cosign ${COSIGN_VERSION} failed; the cosign tests will skip"
    exit 0
  fi
fi
echo "export COSIGN=$bin"
exit 0
