#!/usr/bin/env bash
# Installs AWS's nitro-tpm-pcr-compute (crates.io 1.1.2, from aws/NitroTPM-Tools, with its own
# Cargo.lock) as the oracle of the NitroTPM PCR4/PCR7/PCR12 differential tests. The build spends
# about 10 minutes compiling aws-lc-sys on 2 CPUs, so the binary is kept in the user's cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/nitro-tpm-pcr-compute-1.1.2) and reused.
# With --installed it only reports a cached build. When it cannot be built, a SKIP line is
# printed, the script exits 0 and the tests skip with their own message (the committed vectors
# in __fixtures__/uki still run). Prints the env var.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
version=1.1.2
dir="$ci_cache/nitro-tpm-pcr-compute-$version"
# shellcheck disable=SC2317 # called by ci_build
build() { # build OUT
  command -v cargo >/dev/null &&
    timeout 3000 cargo install -q --locked nitro-tpm-pcr-compute --version "$version" --root "$1" >"$dir.log" 2>&1
}
ci_build "$dir" bin/nitro-tpm-pcr-compute "nitro-tpm-pcr-compute $version" \
  "see $dir.log; NitroTPM differential tests will skip" build &&
  echo "export NITRO_TPM_PCR_COMPUTE=$dir/bin/nitro-tpm-pcr-compute"
exit 0
