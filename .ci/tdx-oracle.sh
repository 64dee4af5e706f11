#!/usr/bin/env bash
# Installs the oracles the TDX tests compare against into the machine's CI cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci, shared by every run and clone):
#   lief-1.0.0/bin/python                  with LIEF 1.0.0 (PyPI), whose Authenticode SHA-384 checks RTMR1's kernel digest
#   debian-firmware/vmlinuz                Debian trixie linux-image-6.12.117+deb13-cloud-amd64 (signed bzImage)
#   tdx-gce-oracle-<hash>/tdx-gce-oracle   our own 30-line Go program (.ci/tdx-oracle/main.go) calling
#                                          google/gce-tcb-verifier v0.3.1's tdx.MRTD, fetched from the
#                                          Go module proxy (pinned in .ci/tdx-oracle/go.sum); <hash>
#                                          is of main.go, go.mod and go.sum, so a change rebuilds it
#   debian-firmware/OVMF.inteltdx.ms.fd    Debian sid ovmf-inteltdx 2026.08+ds-2
#   debian-firmware/OVMF.fd                Debian trixie ovmf 2025.02-8+deb13u1 (OvmfPkgX64, TDX metadata)
# Debian files are checked against their pinned sha256. dstack-mr (Dstack-TEE/dstack) is not
# published on crates.io (`cargo info dstack-mr`: not found), so its values are used as pinned
# vectors only (__fixtures__/vectors/tdx). Each step says what it did (cache hit, built,
# fetched); one that fails prints a SKIP line and the script still exits 0. Prints the env vars
# the tests read, for what is there. With --installed it only reports what is already there.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
ci_apt_sources "$root/.tools/tdx-apt" "debian sid" "debian trixie"
fw="$ci_cache/debian-firmware"

# 1. LIEF, an independent Authenticode implementation (PyPI).
venv="$ci_cache/lief-1.0.0"
if "$venv/bin/python" -c 'import lief' >/dev/null 2>&1; then
  ci_say "cache hit: LIEF 1.0.0 in $venv"
elif [ -n "$ci_installed_only" ]; then
  ci_say "LIEF not installed (bash .ci/tdx-oracle.sh)"
else
  rm -rf "$venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q 'lief==1.0.0' >/dev/null 2>&1; then
    ci_say "installed LIEF into $venv"
  else
    ci_say "SKIP: could not pip install lief; the Authenticode differential test will skip"
  fi
fi
"$venv/bin/python" -c 'import lief' >/dev/null 2>&1 && echo "export TDX_LIEF_PYTHON=$venv/bin/python"

# 2. A real signed kernel: only boot/vmlinuz is taken out of the package.
ci_deb_file linux-image-6.12.117+deb13-cloud-amd64 boot/vmlinuz-6.12.117+deb13-cloud-amd64 \
  ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0 "$fw/vmlinuz" \
  "the real-kernel test will skip" &&
  echo "export TDX_KERNEL=$fw/vmlinuz"

# 3. gce-tcb-verifier through the Go module proxy, from the module in .ci/tdx-oracle.
src_hash=$(cat "$root/.ci/tdx-oracle/main.go" "$root/.ci/tdx-oracle/go.mod" "$root/.ci/tdx-oracle/go.sum" | sha256sum | cut -c1-16)
gce_dir="$ci_cache/tdx-gce-oracle-$src_hash"
# shellcheck disable=SC2317 # called by ci_build
build() ( # build OUT
  cd "$root/.ci/tdx-oracle" && GOFLAGS=-mod=readonly go build -o "$1/tdx-gce-oracle" . 2>&1
)
ci_build "$gce_dir" tdx-gce-oracle "gce-tcb-verifier v0.3.1 oracle" \
  "GCE differential tests will skip (Go module proxy?)" build &&
  echo "export TDX_GCE_ORACLE=$gce_dir/tdx-gce-oracle"

# 4. Debian OVMF builds with TDX metadata, pinned by package and sha256.
ci_deb_file ovmf-inteltdx usr/share/ovmf/OVMF.inteltdx.ms.fd \
  a265075b4147a096109e501e76196df1ec8a18659c26f7401492c597ec88f312 "$fw/OVMF.inteltdx.ms.fd" \
  "its pinned test will skip (sid moved on?)" &&
  echo "export TDX_OVMF_INTELTDX=$fw/OVMF.inteltdx.ms.fd"
ci_deb_file ovmf=2025.02-8+deb13u1 usr/share/ovmf/OVMF.fd \
  14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db "$fw/OVMF.fd" \
  "its pinned test will skip" &&
  echo "export TDX_OVMF_TRIXIE=$fw/OVMF.fd"
exit 0
