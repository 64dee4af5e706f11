#!/usr/bin/env bash
# Builds the hcsshim layer-hash oracle: .ci/hcsshim/main.go (ours, ten lines)
# linked against github.com/Microsoft/hcsshim's ext4/tar2ext4 from the Go
# module proxy, for __tests__/aci/layer-hash-oracle.test.ts:
#   eval "$(bash .ci/hcsshim.sh)"   # prints export HCSSHIM_ROOTHASH=...
# Cached under ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/hcsshim-<version>/.
# On failure it prints "hcsshim: SKIP: reason" and exits 0.
set -uo pipefail
HCSSHIM_VERSION=v0.15.0
here=$(cd "$(dirname "$0")" && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/hcsshim-${HCSSHIM_VERSION}"
bin="$cache/roothash"
if [ -x "$bin" ] && cmp -s "$here/hcsshim/main.go" "$cache/src/main.go"; then
  echo "hcsshim: cache hit at $bin" >&2
  echo "export HCSSHIM_ROOTHASH=$bin"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "hcsshim: SKIP: no go toolchain"
  exit 0
fi
rm -rf "$cache/src" && mkdir -p "$cache/src"
cp "$here/hcsshim/main.go" "$cache/src/main.go"
cd "$cache/src" || exit 0
# GOFLAGS cleared: a machine-wide setting must not break a module-mode build.
if GOFLAGS= go mod init enclave-build-ci/hcsshim-roothash >&2 &&
  GOFLAGS= go get "github.com/Microsoft/hcsshim@${HCSSHIM_VERSION}" >&2 &&
  GOFLAGS= CGO_ENABLED=0 go build -trimpath -o "$bin" . >&2; then
  echo "hcsshim: built ${HCSSHIM_VERSION} at $bin" >&2
  echo "export HCSSHIM_ROOTHASH=$bin"
else
  echo "hcsshim: SKIP: go build against hcsshim ${HCSSHIM_VERSION} failed"
fi
exit 0
