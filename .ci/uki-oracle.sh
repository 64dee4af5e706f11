#!/usr/bin/env bash
# Fetches the real inputs and the oracles of the UKI tests, pinned by Debian version and sha256,
# into ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/uki-inputs-1/ (reused by later runs):
#   stub-252.efi      bookworm systemd-boot-efi 252.39-1~deb12u2   usr/lib/systemd/boot/efi/linuxx64.efi.stub
#   stub-257.efi      trixie   systemd-boot-efi 257.13-1~deb13u1   usr/lib/systemd/boot/efi/linuxx64.efi.stub
#   vmlinuz-6.1       bookworm linux-image-6.1.0-57-cloud-amd64 6.1.192-3 (signed)   boot/vmlinuz-…
#   vmlinuz-6.12      trixie   linux-image-6.12.117+deb13-cloud-amd64 (signed)       boot/vmlinuz-…
#   shimx64.efi       bookworm shim-signed 1.51~1+deb12u1+16.1-2~deb12u1 usr/lib/shim/shimx64.efi.signed
#   ukify             trixie   systemd-ukify 257.13-1~deb13u1      usr/bin/ukify (a Python script)
#   venv/             Python venv with pefile 2024.8.26 (PyPI), which ukify needs
#   systemd-measure   bookworm systemd 252 (/lib/systemd/systemd-measure when installed, else from the deb)
#   systemd-measure-257  trixie systemd 257.13-1~deb13u1 with trixie's libc and libraries (private loader)
# Each failing step prints a SKIP line and the script still exits 0; the tests that need it skip.
# Prints the env vars the tests read, for what is there. With --installed it only reports what is
# already there.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
cache="$ci_cache/uki-inputs-1"
ci_apt_sources "$cache/apt" "debian bookworm" "debian-security bookworm-security" "debian trixie"

# pinned VAR PACKAGE=VERSION FILE-IN-DEB SHA256 OUT-NAME: a real input, exported as VAR.
pinned() {
  ci_deb_file "$2" "$3" "$4" "$cache/$5" "tests needing $5 will skip" &&
    { [ -z "$1" ] || echo "export $1=$cache/$5"; }
}
pinned UKI_STUB_252 systemd-boot-efi=252.39-1~deb12u2 usr/lib/systemd/boot/efi/linuxx64.efi.stub \
  c62ae56ffaf49d1a61de4434f4f531dd1d4ed3b5aee46c934c56e3f809b22cc4 stub-252.efi
pinned UKI_STUB_257 systemd-boot-efi=257.13-1~deb13u1 usr/lib/systemd/boot/efi/linuxx64.efi.stub \
  9c623743834bb904a3cb941092cffc958c31230263ce896d332a75e9ec48aa85 stub-257.efi
pinned UKI_KERNEL_61 linux-image-6.1.0-57-cloud-amd64=6.1.192-3 boot/vmlinuz-6.1.0-57-cloud-amd64 \
  1a7ac0c40b10b98353b6f85fa9a0d4f2703287979567e19629d35ad2d777d124 vmlinuz-6.1
pinned UKI_KERNEL_612 linux-image-6.12.117+deb13-cloud-amd64 boot/vmlinuz-6.12.117+deb13-cloud-amd64 \
  ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0 vmlinuz-6.12
pinned UKI_SHIM shim-signed=1.51~1+deb12u1+16.1-2~deb12u1 usr/lib/shim/shimx64.efi.signed \
  0fc347af103ec1dfac6e3f184c0a5241a2ce756a0932b359c404d39c45423806 shimx64.efi
pinned "" systemd-ukify=257.13-1~deb13u1 usr/bin/ukify \
  d5ec6b35c1a5a53d25c6b0761b217e2a01bbcadbd666f4aa35dd460eb49a1b2f ukify && have_ukify=1

venv="$cache/venv"
if "$venv/bin/python" -c 'import pefile' >/dev/null 2>&1; then
  ci_say "cache hit: pefile in $venv"
elif [ -n "$ci_installed_only" ]; then
  ci_say "pefile not installed (bash .ci/uki-oracle.sh installs it)"
elif python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q 'pefile==2024.8.26' >/dev/null 2>&1; then
  ci_say "installed pefile into $venv"
else
  ci_say "SKIP: could not pip install pefile; the ukify comparison will skip"
fi
# ukify runs with that venv's python.
if [ -n "${have_ukify:-}" ] && [ -x "$venv/bin/python" ]; then
  if [ -z "$ci_installed_only" ]; then
    printf '#!/bin/sh\nexec %s %s "$@"\n' "$venv/bin/python" "$cache/ukify" >"$cache/ukify.sh" && chmod +x "$cache/ukify.sh"
  fi
  [ -x "$cache/ukify.sh" ] && echo "export UKIFY=$cache/ukify.sh"
fi

# systemd-measure 252: the machine's own when it is 252, else bookworm's, unpacked.
measure=/lib/systemd/systemd-measure
if ! "$measure" --version 2>/dev/null | grep -q '^systemd 252 '; then
  measure="$cache/systemd-measure"
  if [ ! -x "$measure" ] && [ -z "$ci_installed_only" ] && ci_deb_unpack "$cache/systemd" systemd=252.39-1~deb12u2; then
    printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$cache/systemd/usr/lib/x86_64-linux-gnu/systemd:$cache/systemd/lib/systemd:$cache/systemd/usr/lib/systemd" \
      "$(find "$cache/systemd" -name systemd-measure -type f | head -1)" >"$measure" && chmod +x "$measure"
  fi
  if ! "$measure" --version >/dev/null 2>&1; then
    if [ -n "$ci_installed_only" ]; then
      ci_say "systemd-measure 252 not installed (bash .ci/uki-oracle.sh)"
    else
      ci_say "SKIP: no runnable systemd-measure 252; PCR11 differential tests will skip"
    fi
    measure=
  fi
fi
[ -n "$measure" ] && echo "export SYSTEMD_MEASURE=$measure"

# systemd-measure 257 (trixie): it needs glibc 2.38+ and OpenSSL 3.4+, so it runs with trixie's own
# loader and libraries from a private folder (systemd and libsystemd-shared pinned by version).
m257="$cache/systemd-257"
measure257="$cache/systemd-measure-257"
if [ ! -x "$measure257" ] && [ -z "$ci_installed_only" ] &&
  ci_deb_unpack "$m257/root" systemd=257.13-1~deb13u1 libsystemd-shared=257.13-1~deb13u1 libc6/trixie \
    libssl3t64/trixie libacl1/trixie libblkid1/trixie libcap2/trixie libcrypt1/trixie libmount1/trixie \
    libpam0g/trixie libseccomp2/trixie libselinux1/trixie libpcre2-8-0/trixie; then
  lib="$m257/root/usr/lib/x86_64-linux-gnu"
  printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' "$lib/ld-linux-x86-64.so.2" "$lib:$lib/systemd" \
    "$m257/root/usr/lib/systemd/systemd-measure" >"$measure257" && chmod +x "$measure257"
fi
if [ -x "$measure257" ] && "$measure257" --version 2>/dev/null | grep -q '^systemd 257 '; then
  ci_say "systemd-measure 257 ready"
  echo "export SYSTEMD_MEASURE_257=$measure257"
elif [ -n "$ci_installed_only" ]; then
  ci_say "systemd-measure 257 not installed (bash .ci/uki-oracle.sh)"
else
  ci_say "SKIP: could not run trixie's systemd-measure 257; PCR11 vectors of 257 stubs run from the committed values only"
fi
exit 0
