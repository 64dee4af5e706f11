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
#     proxy into the machine's CI cache, once per version (~5 minutes on 2
#     cores the first time, a cache hit afterwards in any clone).
# Prints `export NAME=path` lines to eval, says what each step did on stderr,
# and for what cannot be installed a visible SKIP line (exit 0): the tests then
# skip with their own message. With --installed it only reports what is
# already there.
#   eval "$(bash .ci/registry.sh)"
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
CUE_VERSION=v0.17.1
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.tools"

if ! command -v docker-registry >/dev/null || ! command -v htpasswd >/dev/null; then
  if [ -z "$ci_installed_only" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    ci_say "apt-get install docker-registry apache2-utils"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      docker-registry apache2-utils; } >"$root/.tools/registry-apt.log" 2>&1 ||
      tail -5 "$root/.tools/registry-apt.log" >&2
  fi
fi
if command -v docker-registry >/dev/null; then
  ci_say "installed: $(docker-registry --version 2>/dev/null | head -1)"
  echo "export REGISTRY_DISTRIBUTION=$(command -v docker-registry)"
elif [ -n "$ci_installed_only" ]; then
  ci_say "docker-registry not installed (bash .ci/registry.sh as root apt-installs it)"
else
  ci_say "SKIP: docker-registry (Debian package) is not installed; the distribution round trip and refusal tests will skip"
fi

dir="$ci_cache/cue-$CUE_VERSION"
ci_go_install "$dir" bin/cue "cuelang.org/go/cmd/cue@${CUE_VERSION}" \
  "the referrers API round trip will skip" &&
  echo "export REGISTRY_CUE=$dir/bin/cue"
exit 0
