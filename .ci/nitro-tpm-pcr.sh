#!/usr/bin/env bash
# Installs AWS's nitro-tpm-pcr-compute (crates.io 1.1.2, from aws/NitroTPM-Tools, with its own
# Cargo.lock) as the oracle of the NitroTPM PCR4/PCR7/PCR12 differential tests. The build spends
# about 10 minutes compiling aws-lc-sys on 2 CPUs, so the binary is kept in the user's cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/nitro-tpm-pcr-compute-1.1.2) and reused.
# When it cannot be built, a SKIP line is printed, the script exits 0 and the tests skip with
# their own message (the committed vectors in __fixtures__/uki still run). Prints the env var.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
version=1.1.2
cache="$ci_cache/nitro-tpm-pcr-compute-$version"
bin="$cache/bin/nitro-tpm-pcr-compute"
if [ -x "$bin" ]; then
  echo "nitro-tpm-pcr: cache hit $bin" >&2
elif [ -n "$ci_installed_only" ]; then
  exit 0
else
  mkdir -p "$cache"
  if command -v cargo >/dev/null &&
    timeout 3000 cargo install -q --locked nitro-tpm-pcr-compute --version "$version" --root "$cache" >"$cache.log" 2>&1; then
    echo "nitro-tpm-pcr: built nitro-tpm-pcr-compute $version into $cache" >&2
  else
    echo "nitro-tpm-pcr: SKIP: could not build nitro-tpm-pcr-compute $version (see $cache.log); NitroTPM differential tests will skip"
    exit 0
  fi
fi
echo "export NITRO_TPM_PCR_COMPUTE=$bin"
exit 0
