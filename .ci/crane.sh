#!/usr/bin/env bash
# Installs crane (google/go-containerregistry) through the Go module proxy,
# an OCI reader this project did not write, for __tests__/oci/tools.test.ts:
#   eval "$(bash .ci/crane.sh)"   # prints export CRANE=...
# Cached under ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/crane-<version>/.
# On failure it prints "crane: SKIP: reason" and exits 0.
set -uo pipefail
CRANE_VERSION=v0.22.1
cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/crane-${CRANE_VERSION}"
bin="$cache/crane"
if [ -x "$bin" ]; then
  echo "crane: cache hit at $bin" >&2
  echo "export CRANE=$bin"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "crane: SKIP: no go toolchain"
  exit 0
fi
mkdir -p "$cache"
# GOFLAGS cleared: a machine-wide setting must not break a module-mode install.
if GOFLAGS= GOBIN="$cache" CGO_ENABLED=0 go install "github.com/google/go-containerregistry/cmd/crane@${CRANE_VERSION}" >&2; then
  echo "crane: built ${CRANE_VERSION} at $bin" >&2
  echo "export CRANE=$bin"
else
  echo "crane: SKIP: go install of crane ${CRANE_VERSION} failed"
fi
exit 0
