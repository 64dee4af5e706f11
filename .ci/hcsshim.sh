#!/usr/bin/env bash
# Builds the hcsshim layer-hash oracle: .ci/hcsshim/main.go (ours, ten lines)
# linked against github.com/Microsoft/hcsshim's ext4/tar2ext4 from the Go
# module proxy, for __tests__/aci/layer-hash-oracle.test.ts:
#   eval "$(bash .ci/hcsshim.sh)"   # prints export HCSSHIM_ROOTHASH=...
# Cached under ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/hcsshim-<version>/
# with the main.go it was built from (a changed main.go is rebuilt). With
# --installed it only reports a cached build. On failure it prints
# "hcsshim: SKIP: reason" and exits 0.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
HCSSHIM_VERSION=v0.15.0
here=$(cd "$(dirname "$0")" && pwd)
dir="$ci_cache/hcsshim-${HCSSHIM_VERSION}"
# build OUT: OUT/src is a module of main.go requiring hcsshim, OUT/roothash its build.
# GOFLAGS cleared: a machine-wide setting must not break a module-mode build.
# shellcheck disable=SC2317 # called by ci_build
build() (
  command -v go >/dev/null || { echo "no go toolchain on PATH"; exit 1; }
  mkdir -p "$1/src" && cp "$here/hcsshim/main.go" "$1/src/main.go" && cd "$1/src" &&
    GOFLAGS='' go mod init enclave-build-ci/hcsshim-roothash 2>&1 &&
    GOFLAGS='' go get "github.com/Microsoft/hcsshim@${HCSSHIM_VERSION}" 2>&1 &&
    GOFLAGS='' CGO_ENABLED=0 go build -trimpath -o "$1/roothash" . 2>&1
)
stale=()
if [ -e "$dir" ] && ! cmp -s "$here/hcsshim/main.go" "$dir/src/main.go"; then stale=(--stale); fi
ci_build "${stale[@]}" "$dir" roothash "the tar2ext4 root hash of hcsshim ${HCSSHIM_VERSION}" \
  "the hcsshim layer-hash tests will skip" build &&
  echo "export HCSSHIM_ROOTHASH=$dir/roothash"
exit 0
