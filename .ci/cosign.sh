#!/usr/bin/env bash
# Builds cosign (an independent Sigstore verifier, sigstore-go inside, the
# tool users run) through the Go module proxy into the machine's CI cache,
# once per version, for __tests__/attest/cosign.test.ts and
# __tests__/verify/cosign.test.ts, which run when COSIGN points at it:
#   eval "$(bash .ci/cosign.sh)"
# ~8 minutes on 2 cores the first time, a cache hit afterwards (any clone).
# With --installed it only reports a cached build. On failure it prints a
# visible SKIP line and exits 0: the tests then skip with their own message.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
COSIGN_VERSION=v2.6.5
dir="$ci_cache/cosign-$COSIGN_VERSION"
# The build must report the pinned version (go install records it).
# shellcheck disable=SC2317 # called by ci_go_install
version_ok() { "$1" version 2>/dev/null | grep -q "GitVersion:.*${COSIGN_VERSION}"; }
ci_go_install "$dir" bin/cosign "github.com/sigstore/cosign/v2/cmd/cosign@${COSIGN_VERSION}" \
  "the cosign tests will skip" version_ok &&
  echo "export COSIGN=$dir/bin/cosign"
exit 0
