#!/usr/bin/env bash
# Installs crane (google/go-containerregistry) through the Go module proxy,
# an OCI reader this project did not write, for __tests__/oci/tools.test.ts:
#   eval "$(bash .ci/crane.sh)"   # prints export CRANE=...
# Cached under ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/crane-<version>/.
# With --installed it only reports a cached build. On failure it prints
# "crane: SKIP: reason" and exits 0.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
CRANE_VERSION=v0.22.1
dir="$ci_cache/crane-${CRANE_VERSION}"
CGO_ENABLED=0 ci_go_install "$dir" crane "github.com/google/go-containerregistry/cmd/crane@${CRANE_VERSION}" \
  "the crane checks will skip" &&
  echo "export CRANE=$dir/crane"
exit 0
