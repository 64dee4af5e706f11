#!/usr/bin/env bash
# Builds go-sev-guest's `check` tool (Google's SEV-SNP report verifier)
# through the Go module proxy into the machine's CI cache, once per version:
# the independent verifier __tests__/verify/snp-differential.test.ts
# compares against when SEV_GUEST_CHECK points at it:
#   eval "$(bash .ci/sev-guest-check.sh)"
# With --installed it only reports a cached build. On failure it prints a
# visible SKIP line and exits 0: the tests then skip with their own message.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
VERSION=v0.14.1
dir="$ci_cache/sev-guest-check-$VERSION"
ci_go_install "$dir" bin/check "github.com/google/go-sev-guest/tools/check@${VERSION}" \
  "the SNP differential tests will skip" &&
  echo "export SEV_GUEST_CHECK=$dir/bin/check"
exit 0
