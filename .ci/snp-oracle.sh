#!/usr/bin/env bash
# Installs the oracles the SEV-SNP tests compare against into the machine's CI cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci, shared by every run and clone):
#   sev-snp-measure-0.0.13/bin/sev-snp-measure   virtee's reference tool (PyPI)
#   debian-firmware/OVMF.amdsev.fd               Debian sid ovmf-amdsev (direct boot, kernel hashes)
#   debian-firmware/OVMF.fd                      Debian trixie ovmf 2025.02-8+deb13u1
# Firmware files are kept under their name and checked against their pinned sha256.
# Each step says what it did (cache hit, installed, fetched); one that fails prints a
# visible SKIP line and the script still exits 0: the tests that need the missing piece
# skip with their own message. Prints the env vars the tests read, for what is there.
# With --installed it only reports what is already there.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
root=$(cd "$(dirname "$0")/.." && pwd)

# 1. sev-snp-measure in a venv
venv="$ci_cache/sev-snp-measure-0.0.13"
if [ -x "$venv/bin/sev-snp-measure" ]; then
  ci_say "cache hit: sev-snp-measure 0.0.13 in $venv"
elif [ -n "$ci_installed_only" ]; then
  ci_say "sev-snp-measure not installed (bash .ci/snp-oracle.sh)"
else
  rm -rf "$venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install -q 'sev-snp-measure==0.0.13' >/dev/null 2>&1; then
    ci_say "installed sev-snp-measure into $venv"
  else
    rm -rf "$venv"
    ci_say "SKIP: could not pip install sev-snp-measure; differential tests will skip"
  fi
fi
[ -x "$venv/bin/sev-snp-measure" ] && echo "export SEV_SNP_MEASURE=$venv/bin/sev-snp-measure"

# 2. Debian OVMF builds, pinned by package and sha256.
ci_apt_sources "$root/.tools/snp-apt" "debian sid" "debian trixie"
fw="$ci_cache/debian-firmware"
ci_deb_file ovmf-amdsev usr/share/ovmf/OVMF.amdsev.fd \
  3e4fd0b3fe3b2dbe481c3d9e99418a034174f26cbe1f55aa212b0f18c12d2d6f "$fw/OVMF.amdsev.fd" \
  "its real-firmware test will skip (sid moved on?)" &&
  echo "export SNP_OVMF_AMDSEV=$fw/OVMF.amdsev.fd"
ci_deb_file ovmf=2025.02-8+deb13u1 usr/share/ovmf/OVMF.fd \
  14954040cc754ade0c625ac3470ea46d4c14318b5b1396de4ef77090203d76db "$fw/OVMF.fd" \
  "its real-firmware test will skip" &&
  echo "export SNP_OVMF_TRIXIE=$fw/OVMF.fd"
exit 0
