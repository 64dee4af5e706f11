#!/usr/bin/env bash
# Real OCI registries for __tests__/publish (the publish → referrers →
# verify round trip), each started by the tests on 127.0.0.1 at a free port
# with its own storage:
#   - Debian's docker-registry: the CNCF distribution registry 2.8. It has
#     no referrers API (distribution v3.1 has none either), so it is where
#     the referrers tag schema fallback runs; with apache2-utils' htpasswd
#     it also serves the read-only and login-required cases.
#   - `cue mod registry` (CUE's in-memory OCI registry, cuelabs.dev/go/oci):
#     it answers the referrers API and OCI-Subject. Built with the Go module
#     proxy into .tools/bin (~5 minutes on 2 cores the first time).
# Prints `export NAME=path` lines to eval, and for what cannot be installed
# a visible SKIP line (exit 0): the tests then skip with their own message.
#   eval "$(bash .ci/registry.sh | grep '^export ')"
set -uo pipefail
CUE_VERSION=v0.17.1
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.tools"

if ! command -v docker-registry >/dev/null || ! command -v htpasswd >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      docker-registry apache2-utils; } >"$root/.tools/registry-apt.log" 2>&1 ||
      tail -5 "$root/.tools/registry-apt.log" >&2
  fi
fi
if command -v docker-registry >/dev/null; then
  echo "registry: $(docker-registry --version 2>/dev/null | head -1)"
  echo "export REGISTRY_DISTRIBUTION=$(command -v docker-registry)"
else
  echo "registry: SKIP: docker-registry (Debian package) is not installed; the distribution round trip and refusal tests will skip"
fi

cue="$root/.tools/bin/cue"
if ! { [ -x "$cue" ] && "$cue" version 2>/dev/null | grep -q "${CUE_VERSION}"; }; then
  mkdir -p "$root/.tools/bin"
  # GOFLAGS is cleared so a machine-wide setting cannot break a module-mode install.
  GOFLAGS= GOBIN="$root/.tools/bin" go install "cuelang.org/go/cmd/cue@${CUE_VERSION}" ||
    echo "registry: go install of cue ${CUE_VERSION} failed" >&2
fi
if [ -x "$cue" ]; then
  echo "registry: cue ${CUE_VERSION} (cue mod registry: referrers API)"
  echo "export REGISTRY_CUE=$cue"
else
  echo "registry: SKIP: cue ${CUE_VERSION} is not installed; the referrers API round trip will skip"
fi
exit 0
