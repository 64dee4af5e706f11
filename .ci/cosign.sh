#!/usr/bin/env bash
# Installs cosign (an independent Sigstore verifier, sigstore-go inside) into
# .tools/bin (gitignored) through the Go module proxy, for
# __tests__/attest/cosign.test.ts, which runs when COSIGN points at it:
#   bash .ci/cosign.sh && export COSIGN=$PWD/.tools/bin/cosign
# ~8 minutes on 2 cores the first time; a no-op when already installed.
# On failure it prints a visible SKIP line and exits 0: the tests then skip
# with their own message.
set -uo pipefail
COSIGN_VERSION=v2.6.5
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin/cosign"
if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "GitVersion:.*${COSIGN_VERSION}"; then
  echo "cosign: ${COSIGN_VERSION} already at $bin"
  exit 0
fi
mkdir -p "$root/.tools/bin"
# GOFLAGS is cleared so a machine-wide setting cannot break a module-mode install.
if GOFLAGS= GOBIN="$root/.tools/bin" go install \
  "github.com/sigstore/cosign/v2/cmd/cosign@${COSIGN_VERSION}"; then
  echo "cosign: installed ${COSIGN_VERSION} at $bin (export COSIGN=$bin)"
else
  echo "cosign: SKIP: go install of cosign ${COSIGN_VERSION} failed; the cosign tests will skip"
fi
exit 0
