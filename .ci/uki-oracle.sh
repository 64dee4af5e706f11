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
set -uo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci/uki-inputs-1"
apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$cache/debs"
cat >"$apt_dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o "Dir::State::Status=/dev/null"
  -o "APT::Architecture=amd64" -o "Debug::NoLocking=1")
updated=
lists() { [ -n "$updated" ] || { apt-get "${apt_opts[@]}" update >/dev/null 2>&1 && updated=1; }; }
have() { [ -f "$cache/$2" ] && echo "$1  $cache/$2" | sha256sum -c --status; }

fetch() { # fetch PACKAGE=VERSION FILE-IN-DEB SHA256 OUT-NAME
  local pkg=$1 file=$2 sum=$3 out=$4
  if have "$sum" "$out"; then echo "uki-oracle: cache hit $out" >&2; return 0; fi
  if ! lists; then echo "uki-oracle: SKIP: apt-get update failed; tests needing $out will skip"; return 0; fi
  (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download "$pkg" >/dev/null 2>&1) || {
    echo "uki-oracle: SKIP: apt-get download $pkg failed; tests needing $out will skip"
    return 0
  }
  dpkg --fsys-tarfile "$cache"/debs/*.deb | tar -xO "./$file" >"$cache/$out.new" && mv "$cache/$out.new" "$cache/$out"
  rm -f "$cache"/debs/*.deb "$cache/$out.new"
  if have "$sum" "$out"; then
    echo "uki-oracle: fetched $out ($pkg)" >&2
  else
    echo "uki-oracle: SKIP: $out from $pkg is not the pinned sha256 $sum; tests needing it will skip"
    rm -f "$cache/$out"
  fi
}

fetch systemd-boot-efi=252.39-1~deb12u2 usr/lib/systemd/boot/efi/linuxx64.efi.stub \
  c62ae56ffaf49d1a61de4434f4f531dd1d4ed3b5aee46c934c56e3f809b22cc4 stub-252.efi
fetch systemd-boot-efi=257.13-1~deb13u1 usr/lib/systemd/boot/efi/linuxx64.efi.stub \
  9c623743834bb904a3cb941092cffc958c31230263ce896d332a75e9ec48aa85 stub-257.efi
fetch linux-image-6.1.0-57-cloud-amd64=6.1.192-3 boot/vmlinuz-6.1.0-57-cloud-amd64 \
  1a7ac0c40b10b98353b6f85fa9a0d4f2703287979567e19629d35ad2d777d124 vmlinuz-6.1
fetch linux-image-6.12.117+deb13-cloud-amd64 boot/vmlinuz-6.12.117+deb13-cloud-amd64 \
  ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0 vmlinuz-6.12
fetch shim-signed=1.51~1+deb12u1+16.1-2~deb12u1 usr/lib/shim/shimx64.efi.signed \
  0fc347af103ec1dfac6e3f184c0a5241a2ce756a0932b359c404d39c45423806 shimx64.efi
fetch systemd-ukify=257.13-1~deb13u1 usr/bin/ukify \
  d5ec6b35c1a5a53d25c6b0761b217e2a01bbcadbd666f4aa35dd460eb49a1b2f ukify

venv="$cache/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pefile' >/dev/null 2>&1; then
  if python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q 'pefile==2024.8.26' >/dev/null 2>&1; then
    echo "uki-oracle: installed pefile into $venv" >&2
  else
    echo "uki-oracle: SKIP: could not pip install pefile; the ukify comparison will skip"
  fi
fi

measure=/lib/systemd/systemd-measure
if [ ! -x "$measure" ] || ! "$measure" --version 2>/dev/null | grep -q '^systemd 252 '; then
  measure="$cache/systemd-measure"
  if [ ! -x "$measure" ]; then
    if lists && (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download systemd=252.39-1~deb12u2 >/dev/null 2>&1); then
      rm -rf "$cache/systemd" && mkdir -p "$cache/systemd" && dpkg -x "$cache"/debs/*.deb "$cache/systemd" && rm -f "$cache"/debs/*.deb
      printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$cache/systemd/usr/lib/x86_64-linux-gnu/systemd:$cache/systemd/lib/systemd:$cache/systemd/usr/lib/systemd" \
        "$(find "$cache/systemd" -name systemd-measure -type f | head -1)" >"$measure" && chmod +x "$measure"
    fi
  fi
  "$measure" --version >/dev/null 2>&1 || { echo "uki-oracle: SKIP: no runnable systemd-measure 252; PCR11 differential tests will skip"; measure=; }
fi

# systemd-measure 257 (trixie): it needs glibc 2.38+ and OpenSSL 3.4+, so it runs with trixie's own
# loader and libraries from a private folder (systemd and libsystemd-shared pinned by version).
m257="$cache/systemd-257"
measure257="$cache/systemd-measure-257"
if [ ! -x "$measure257" ]; then
  if lists; then
    rm -rf "$m257" && mkdir -p "$m257/debs"
    ok=1
    for p in systemd=257.13-1~deb13u1 libsystemd-shared=257.13-1~deb13u1 libc6/trixie libssl3t64/trixie \
      libacl1/trixie libblkid1/trixie libcap2/trixie libcrypt1/trixie libmount1/trixie libpam0g/trixie \
      libseccomp2/trixie libselinux1/trixie libpcre2-8-0/trixie; do
      (cd "$m257/debs" && apt-get "${apt_opts[@]}" download "$p" >/dev/null 2>&1) || ok=
    done
    if [ -n "$ok" ]; then
      for d in "$m257"/debs/*.deb; do dpkg -x "$d" "$m257/root"; done
      lib="$m257/root/usr/lib/x86_64-linux-gnu"
      printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' "$lib/ld-linux-x86-64.so.2" "$lib:$lib/systemd" \
        "$m257/root/usr/lib/systemd/systemd-measure" >"$measure257" && chmod +x "$measure257"
    fi
    rm -rf "$m257/debs"
  fi
fi
if [ -x "$measure257" ] && "$measure257" --version 2>/dev/null | grep -q '^systemd 257 '; then
  echo "uki-oracle: systemd-measure 257 ready" >&2
else
  echo "uki-oracle: SKIP: could not run trixie's systemd-measure 257; PCR11 vectors of 257 stubs run from the committed values only"
  measure257=
fi

echo "export UKI_STUB_252=$cache/stub-252.efi"
echo "export UKI_STUB_257=$cache/stub-257.efi"
echo "export UKI_KERNEL_61=$cache/vmlinuz-6.1"
echo "export UKI_KERNEL_612=$cache/vmlinuz-6.12"
echo "export UKI_SHIM=$cache/shimx64.efi"
if [ -f "$cache/ukify" ] && [ -x "$venv/bin/python" ]; then
  printf '#!/bin/sh\nexec %s %s "$@"\n' "$venv/bin/python" "$cache/ukify" >"$cache/ukify.sh" && chmod +x "$cache/ukify.sh"
  echo "export UKIFY=$cache/ukify.sh"
fi
[ -n "$measure" ] && echo "export SYSTEMD_MEASURE=$measure"
[ -n "$measure257" ] && echo "export SYSTEMD_MEASURE_257=$measure257"
exit 0
