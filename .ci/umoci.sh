#!/usr/bin/env bash
# Debian's umoci and skopeo: OCI image layout readers this project did not
# write, for __tests__/oci/tools.test.ts (they must open the layout `oci
# image` writes and agree on every digest). Installed with apt-get when
# running as root (CI), else used if already on PATH.
#   eval "$(bash .ci/umoci.sh)"   # prints export UMOCI=... SKOPEO=...
# With --installed it only reports what is on PATH. On failure it prints
# "umoci: SKIP: reason" and exits 0.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.tools"
if ! command -v umoci >/dev/null || ! command -v skopeo >/dev/null; then
  if [ -z "$ci_installed_only" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      umoci skopeo; } >"$root/.tools/umoci-apt.log" 2>&1 ||
      tail -5 "$root/.tools/umoci-apt.log" >&2
  fi
fi
for tool in umoci skopeo; do
  if command -v "$tool" >/dev/null; then
    ci_say "$("$tool" --version 2>/dev/null | head -1)"
    echo "export ${tool^^}=$(command -v "$tool")"
  elif [ -n "$ci_installed_only" ]; then
    ci_say "$tool not installed (bash .ci/umoci.sh as root apt-installs it)"
  else
    ci_say "SKIP: $tool (Debian package) is not installed; its OCI layout checks will skip"
  fi
done
exit 0
