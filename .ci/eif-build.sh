#!/usr/bin/env bash
# Builds AWS's eif_build (crates.io 0.2.1 with the dependencies of its own
# Cargo.lock: aws-nitro-enclaves-image-format 0.3.0, the library that writes
# the bytes; newer releases of the library no longer build it) as the
# oracle of the Nitro differential tests. The build takes minutes, so the
# binary is kept in the machine's CI cache and reused by every later run and
# clone. With --installed it only reports a cached build. When it cannot be
# built, a SKIP line is printed, the script exits 0 and the tests skip with
# their own message. Prints the env var the tests read.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
version=0.2.1
dir="$ci_cache/eif_build-$version"
# shellcheck disable=SC2317 # called by ci_build
build() { # build OUT
  mkdir -p "$root/.tools" && command -v cargo >/dev/null &&
    cargo install -q --locked eif_build --version "$version" --root "$1" >"$root/.tools/eif-build.log" 2>&1
}
ci_build "$dir" bin/eif_build "eif_build $version" \
  "see .tools/eif-build.log; nitro differential tests will skip" build &&
  echo "export EIF_BUILD=$dir/bin/eif_build"
exit 0
