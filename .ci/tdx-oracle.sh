#!/usr/bin/env bash
# Installs the oracles the TDX tests compare against into the machine's CI cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci, shared by every run and clone):
#   tdx-gce-oracle-<hash>/tdx-gce-oracle   our own 30-line Go program (.ci/tdx-oracle/main.go) calling
#                                          google/gce-tcb-verifier v0.3.1's tdx.MRTD, fetched from the
#                                          Go module proxy (pinned in .ci/tdx-oracle/go.sum); <hash>
#                                          is of main.go, go.mod and go.sum, so a change rebuilds it
#   debian-firmware/OVMF.inteltdx.ms.fd    Debian sid ovmf-inteltdx 2026.08+ds-2
#   debian-firmware/OVMF.fd                Debian trixie ovmf 2025.02-8+deb13u1 (OvmfPkgX64, TDX metadata)
#   debian-firmware/vmlinuz                Debian trixie linux-image-6.12.117+deb13-cloud-amd64 (signed bzImage)
#   lief-1.0.0/bin/python                  with LIEF 1.0.0 (PyPI), whose Authenticode SHA-384 checks RTMR1's kernel digest
# Firmware files are checked against their pinned sha256. dstack-mr (Dstack-TEE/dstack) is not
# published on crates.io, so its values are used as pinned vectors only. Each step says what it
# did (cache hit, built, fetched); one that fails prints a SKIP line and the script still exits 0.
# With --installed it only reports what is already there.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools"

# 1. gce-tcb-verifier through the Go module proxy.
src_hash=$(cat "$root/.ci/tdx-oracle/main.go" "$root/.ci/tdx-oracle/go.mod" "$root/.ci/tdx-oracle/go.sum" | sha256sum | cut -c1-16)
gce_dir="$ci_cache/tdx-gce-oracle-$src_hash"
gce="$gce_dir/tdx-gce-oracle"
if [ -x "$gce" ]; then
  echo "tdx-oracle: cache hit: gce-tcb-verifier v0.3.1 oracle at $gce"
elif [ -n "$ci_installed_only" ]; then
  echo "tdx-oracle: gce-tcb-verifier oracle not built (bash .ci/tdx-oracle.sh)"
else
  rm -rf "$gce_dir.tmp.$$" && mkdir -p "$gce_dir.tmp.$$"
  if (cd "$root/.ci/tdx-oracle" && GOFLAGS=-mod=readonly go build -o "$gce_dir.tmp.$$/tdx-gce-oracle" . >/dev/null 2>&1); then
    ci_publish "$gce_dir"
    echo "tdx-oracle: built gce-tcb-verifier v0.3.1 oracle into $gce"
  else
    rm -rf "$gce_dir.tmp.$$"
    echo "tdx-oracle: SKIP: could not build the gce-tcb-verifier oracle (Go module proxy?); GCE differential tests will skip"
  fi
fi

# 2. dstack-mr is not on crates.io (`cargo info dstack-mr`: not found): nothing to install;
#    the RTMR tests use its published algorithm and pinned vectors (__fixtures__/vectors/tdx).

# 3. Debian OVMF builds with TDX metadata, through a private apt state (as .ci/snp-oracle.sh).
apt_dir="$tools/tdx-apt"
cache="$ci_cache/debian-firmware"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$cache/debs"
cat >"$apt_dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o "Dir::State::Status=/dev/null"
  -o "APT::Architecture=amd64" -o "Debug::NoLocking=1")

fetch() { # fetch PACKAGE[=VERSION] FILE-IN-DEB SHA256 OUT-NAME
  local pkg=$1 file=$2 sum=$3 out=$4
  if [ -f "$cache/$out" ] && echo "$sum  $cache/$out" | sha256sum -c --status; then return 0; fi
  (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download "$pkg" >/dev/null 2>&1) || {
    echo "tdx-oracle: SKIP: apt-get download $pkg failed; the real-firmware test for $out will skip"
    return 0
  }
  local x="$cache/x-$out"
  rm -rf "$x" && mkdir -p "$x" && dpkg -x "$cache"/debs/*.deb "$x" && cp "$x/$file" "$cache/$out.new" &&
    mv "$cache/$out.new" "$cache/$out"
  rm -rf "$x" "$cache"/debs/*.deb
  if echo "$sum  $cache/$out" | sha256sum -c --status; then
    echo "tdx-oracle: fetched $out ($pkg)"
  else
    echo "tdx-oracle: SKIP: $out from $pkg has sha256 $(sha256sum "$cache/$out" | cut -c1-64), not the documented $sum (sid moved on?); its pinned test will skip"
  fi
}

have() { [ -f "$cache/$2" ] && echo "$1  $cache/$2" | sha256sum -c --status; }
updated=
lists() { [ -n "$updated" ] || { apt-get "${apt_opts[@]}" update >/dev/null 2>&1 && updated=1; }; }
TDX_SUM=a265075b4147a096109e501e76196df1ec8a18659c26f7401492c597ec88f312
TRIXIE_SUM=14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db
if have $TDX_SUM OVMF.inteltdx.ms.fd && have $TRIXIE_SUM OVMF.fd; then
  echo "tdx-oracle: cache hit: Debian OVMF images in $cache"
elif [ -n "$ci_installed_only" ]; then
  echo "tdx-oracle: Debian OVMF images not fetched (bash .ci/tdx-oracle.sh)"
elif lists; then
  fetch ovmf-inteltdx usr/share/ovmf/OVMF.inteltdx.ms.fd $TDX_SUM OVMF.inteltdx.ms.fd
  fetch ovmf=2025.02-8+deb13u1 usr/share/ovmf/OVMF.fd $TRIXIE_SUM OVMF.fd
else
  echo "tdx-oracle: SKIP: apt-get update of the sid/trixie lists failed; real-firmware tests will skip"
fi

# 4. A real signed kernel: only boot/vmlinuz is taken out of the package.
KERNEL_SUM=ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0
KPKG=linux-image-6.12.117+deb13-cloud-amd64
if have $KERNEL_SUM vmlinuz; then
  echo "tdx-oracle: cache hit: $KPKG's vmlinuz in $cache"
elif [ -n "$ci_installed_only" ]; then
  echo "tdx-oracle: vmlinuz not fetched (bash .ci/tdx-oracle.sh)"
else
  if lists && (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download "$KPKG" >/dev/null 2>&1) &&
    dpkg --fsys-tarfile "$cache"/debs/*.deb | tar -xO "./boot/vmlinuz-6.12.117+deb13-cloud-amd64" >"$cache/vmlinuz.new" &&
    mv "$cache/vmlinuz.new" "$cache/vmlinuz" && have $KERNEL_SUM vmlinuz; then
    echo "tdx-oracle: fetched vmlinuz ($KPKG)"
  else
    echo "tdx-oracle: SKIP: could not fetch $KPKG's vmlinuz with the documented sha256; the real-kernel test will skip"
  fi
  rm -f "$cache"/debs/*.deb "$cache/vmlinuz.new"
fi

# 5. LIEF, an independent Authenticode implementation (PyPI).
venv="$ci_cache/lief-1.0.0"
if "$venv/bin/python" -c 'import lief' >/dev/null 2>&1; then
  echo "tdx-oracle: cache hit: LIEF 1.0.0 in $venv"
elif [ -n "$ci_installed_only" ]; then
  echo "tdx-oracle: LIEF not installed (bash .ci/tdx-oracle.sh)"
else
  rm -rf "$venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q 'lief==1.0.0' >/dev/null 2>&1; then
    echo "tdx-oracle: installed LIEF into $venv"
  else
    echo "tdx-oracle: SKIP: could not pip install lief; the Authenticode differential test will skip"
  fi
fi

# Only what is there: a missing oracle is then missing from the environment too.
"$venv/bin/python" -c 'import lief' >/dev/null 2>&1 && echo "export TDX_LIEF_PYTHON=$venv/bin/python"
have $KERNEL_SUM vmlinuz && echo "export TDX_KERNEL=$cache/vmlinuz"
[ -x "$gce" ] && echo "export TDX_GCE_ORACLE=$gce"
have $TDX_SUM OVMF.inteltdx.ms.fd && echo "export TDX_OVMF_INTELTDX=$cache/OVMF.inteltdx.ms.fd"
have $TRIXIE_SUM OVMF.fd && echo "export TDX_OVMF_TRIXIE=$cache/OVMF.fd"
exit 0
