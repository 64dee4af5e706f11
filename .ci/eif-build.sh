#!/usr/bin/env bash
# Installs AWS's eif_build (crates.io 0.2.1 with the dependencies of its own
# Cargo.lock: aws-nitro-enclaves-image-format 0.3.0, the library that writes
# the bytes; newer releases of the library no longer build it) as the
# oracle of the Nitro differential tests, at .tools/eif-build/bin/eif_build
# (gitignored). The build takes minutes, so the binary is kept in the user's
# cache and reused by later runs on the same machine. When it cannot be
# built, a SKIP line is printed, the script exits 0 and the tests skip with
# their own message. Prints the env var the tests read.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=0.2.1
cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/eif_build-$version"
dest="$root/.tools/eif-build/bin"
mkdir -p "$dest"
if [ ! -x "$cache/bin/eif_build" ]; then
  if command -v cargo >/dev/null &&
    cargo install -q --locked eif_build --version "$version" --root "$cache" >"$root/.tools/eif-build.log" 2>&1; then
    echo "eif-build: built eif_build $version into $cache" >&2
  else
    echo "eif-build: SKIP: could not build eif_build $version (see .tools/eif-build.log); nitro differential tests will skip" >&2
    exit 0
  fi
fi
cp "$cache/bin/eif_build" "$dest/eif_build"
echo "export EIF_BUILD=$dest/eif_build"
