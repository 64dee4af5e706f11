#!/usr/bin/env bash
# Debian's musl-tools (musl-gcc): the C toolchain of docs/cgo.md's static musl
# build, for __tests__/cgo/docs-commands.test.ts (the binary runs, and the
# build record names musl and the version Debian's package says). Installed
# with apt-get when running as root (CI), else used if already on PATH.
#   eval "$(bash .ci/musl.sh)"   # prints export MUSL_GCC=...
# With --installed it only reports what is on PATH. On failure it prints
# "musl: SKIP: reason" and exits 0.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.tools"
if ! command -v musl-gcc >/dev/null; then
  if [ -z "$ci_installed_only" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      musl-tools; } >"$root/.tools/musl-apt.log" 2>&1 ||
      tail -5 "$root/.tools/musl-apt.log" >&2
  fi
fi
if command -v musl-gcc >/dev/null; then
  ci_say "musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null)"
  echo "export MUSL_GCC=$(command -v musl-gcc)"
elif [ -n "$ci_installed_only" ]; then
  ci_say "musl-gcc not installed (bash .ci/musl.sh as root apt-installs it)"
else
  ci_say "SKIP: musl-gcc (Debian musl-tools) is not installed; the static musl build test will skip"
fi
exit 0
