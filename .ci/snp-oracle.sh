#!/usr/bin/env bash
# Installs the oracles the SEV-SNP tests compare against into the machine's CI cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci, shared by every run and clone):
#   sev-snp-measure-0.0.13/bin/sev-snp-measure   virtee's reference tool (PyPI)
#   debian-firmware/OVMF.amdsev.fd               Debian sid ovmf-amdsev (direct boot, kernel hashes)
#   debian-firmware/OVMF.fd                      Debian trixie ovmf 2025.02-8+deb13u1
# Firmware files are kept under their name and checked against their pinned sha256.
# Each step says what it did (cache hit, installed, fetched); one that fails prints a
# visible SKIP line and the script still exits 0: the tests that need the missing piece
# skip with their own message. Prints the env vars the tests read.
# With --installed it only reports what is already there.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools"

# 1. sev-snp-measure in a venv
venv="$ci_cache/sev-snp-measure-0.0.13"
if [ -x "$venv/bin/sev-snp-measure" ]; then
  echo "snp-oracle: cache hit: sev-snp-measure 0.0.13 in $venv"
elif [ -n "$ci_installed_only" ]; then
  echo "snp-oracle: sev-snp-measure not installed (bash .ci/snp-oracle.sh)"
else
  rm -rf "$venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install -q 'sev-snp-measure==0.0.13' >/dev/null 2>&1; then
    echo "snp-oracle: installed sev-snp-measure into $venv"
  else
    rm -rf "$venv"
    echo "snp-oracle: SKIP: could not pip install sev-snp-measure; differential tests will skip"
  fi
fi

# 2. Debian OVMF builds, fetched with apt-get download through a private apt state
#    (the machine's own sources are left alone) and unpacked with dpkg -x.
apt_dir="$tools/snp-apt"
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
    echo "snp-oracle: SKIP: apt-get download $pkg failed; the real-firmware test for $out will skip"
    return 0
  }
  local x="$cache/x-$out"
  rm -rf "$x" && mkdir -p "$x" && dpkg -x "$cache"/debs/*.deb "$x" && cp "$x/$file" "$cache/$out.new" &&
    mv "$cache/$out.new" "$cache/$out"
  rm -rf "$x" "$cache"/debs/*.deb
  if echo "$sum  $cache/$out" | sha256sum -c --status; then
    echo "snp-oracle: fetched $out ($pkg)"
  else
    echo "snp-oracle: SKIP: $out from $pkg has sha256 $(sha256sum "$cache/$out" | cut -c1-64), not the documented $sum (sid moved on?); its test will skip"
  fi
}

have() { [ -f "$cache/$2" ] && echo "$1  $cache/$2" | sha256sum -c --status; }
AMDSEV_SUM=3e4fd0b3fe3b2dbe481c3d9e99418a034174f26cbe1f55aa212b0f18c12d2d6f
TRIXIE_SUM=14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db
if have $AMDSEV_SUM OVMF.amdsev.fd && have $TRIXIE_SUM OVMF.fd; then
  echo "snp-oracle: cache hit: Debian OVMF images in $cache"
elif [ -n "$ci_installed_only" ]; then
  echo "snp-oracle: Debian OVMF images not fetched (bash .ci/snp-oracle.sh)"
elif apt-get "${apt_opts[@]}" update >/dev/null 2>&1; then
  fetch ovmf-amdsev usr/share/ovmf/OVMF.amdsev.fd $AMDSEV_SUM OVMF.amdsev.fd
  fetch ovmf=2025.02-8+deb13u1 usr/share/ovmf/OVMF.fd $TRIXIE_SUM OVMF.fd
else
  echo "snp-oracle: SKIP: apt-get update of the sid/trixie lists failed; real-firmware tests will skip"
fi

# Only what is there: a missing oracle is then missing from the environment too.
[ -x "$venv/bin/sev-snp-measure" ] && echo "export SEV_SNP_MEASURE=$venv/bin/sev-snp-measure"
have $AMDSEV_SUM OVMF.amdsev.fd && echo "export SNP_OVMF_AMDSEV=$cache/OVMF.amdsev.fd"
have $TRIXIE_SUM OVMF.fd && echo "export SNP_OVMF_TRIXIE=$cache/OVMF.fd"
exit 0
