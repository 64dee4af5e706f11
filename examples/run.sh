#!/usr/bin/env bash
# The main job on the bundled example, as GitHub would run the action, but
# on this machine: examples/hello is built reproducibly once (with its
# rebuild check, in the first target's run; the other runs take the same
# bytes from the warm Go cache, checked against the first), prepared for
# each target (Gramine/SGX, Nitro, SEV-SNP, TDX, a unified kernel image for
# vTPM PCRs) and as an OCI image (scratch base) with the Confidential
# Containers initdata that goes with it; each measurement is attested with a
# freshly generated key (there is no GitHub OIDC here), and each
# attestation is verified from the measurement and the bundle alone.
#
# Platform files: SEV-SNP, TDX and the UKI use the real Debian firmware,
# systemd-stub and kernel, which `enclave-build fetch-platform` downloads
# once (37 MB of packages; 20 MB kept), checked against their pinned
# sha256, into a cache that later runs reuse offline. Where that is
# impossible (no network, the mirror moved on) the target falls back to
# generated stand-ins, labelled STAND-IN in its table. Nitro always uses
# stand-ins (AWS's blobs are in no package registry; docs/nitro.md), and
# Gramine's libpal and runtime are the test vectors' small files.
#
#   bash scripts/example.sh [OUTPUT-FOLDER]     (sets itself up on first use)
#
# The artefacts stay in OUTPUT-FOLDER (default: out/example/), one folder per
# target, with the action's full log beside them. In GitHub Actions
# (GITHUB_ACTIONS=true) the log goes to the job with its ::group:: folds;
# in a terminal only plain text is printed.
#   ENCLAVE_BUILD_PLATFORM_CACHE  the platform files' cache (default:
#                                 ${XDG_CACHE_HOME:-~/.cache}/enclave-build/platform)
#   ENCLAVE_BUILD_PLATFORM_MIRROR a Debian mirror root for fetch-platform
#                                 --mirror (e.g. snapshot.debian.org/archive/debian/<date>)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/dist/cli/index.js"
out=$(mkdir -p "${1:-$root/out/example}" && cd "${1:-$root/out/example}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/enclave_build_example_XXXXXX")
trap 'rm -rf "$work"' EXIT
in_actions() { [ "${GITHUB_ACTIONS:-}" = true ]; }
say() { printf '%s\n' "$*"; }
started=$SECONDS

# A folder of an earlier run is replaced; any other non-empty folder is not touched.
if [ -n "$(ls -A "$out")" ] && [ ! -f "$out/.enclave-build-example" ]; then
  say "$out is not empty and not an earlier example run: give another folder" >&2
  exit 2
fi
find "$out" -mindepth 1 -delete
: >"$out/.enclave-build-example"

# 1. The example as its own repository: a build records its commit and
#    refuses a dirty tree, so give it a clean, fixed one.
src="$work/hello"
cp -r "$root/examples/hello" "$src"
git_fixed() {
  GIT_AUTHOR_NAME=example GIT_AUTHOR_EMAIL=example@example.com \
    GIT_COMMITTER_NAME=example GIT_COMMITTER_EMAIL=example@example.com \
    GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
    git -C "$src" "$@"
}
git_fixed init -q -b main
git_fixed add -A
git_fixed commit -q -m "examples/hello"

# 2. An attestation key (stand-in for keyless signing with GitHub's OIDC);
#    the public half is kept so the verify commands below can be re-run.
node "$cli" attest gen-key --output "$work/attestation.key" --public-key "$out/attestation.pub" >/dev/null

# Runs dist/main/index.js like the runner does: inputs as INPUT_* variables,
# outputs through the GITHUB_OUTPUT file. Its log is kept in OUTDIR/log.txt;
# in Actions it is also shown, folded. Warnings are repeated as plain text.
run_action() { # run_action OUTDIR NAME=VALUE...
  local dir=$1 t0=$SECONDS status=0
  shift
  mkdir -p "$dir"
  if [ -z "$built_sha256" ]; then
    in_actions || say "  building: Go build, rebuild check in a fresh clone, target, attestation..."
  else
    # built and checked once: the Go cache gives the same binary at once
    set -- "$@" REBUILD-CHECK=false
    in_actions || say "  the same build (from the Go cache), target, attestation..."
  fi
  : >"$work/outputs" && : >"$work/summary.md" && : >"$work/state"
  local inputs=()
  for kv in "$@"; do inputs+=("INPUT_${kv%%=*}=${kv#*=}"); done
  env GITHUB_WORKSPACE="$src" RUNNER_TEMP="$work" GITHUB_OUTPUT="$work/outputs" \
    GITHUB_STEP_SUMMARY="$work/summary.md" GITHUB_STATE="$work/state" \
    "INPUT_OUTPUT-DIRECTORY=$dir" INPUT_OUTPUT=hello INPUT_CACHE=false \
    INPUT_SIGNING=key "INPUT_ATTESTATION-KEY=$(cat "$work/attestation.key")" \
    "${inputs[@]}" node "$root/dist/main/index.js" 2>&1 |
    grep -v '^::\(add-mask\|debug\)' >"$dir/log.txt" || true
  cp "$work/outputs" "$dir/outputs.txt"
  if in_actions; then
    cat "$dir/log.txt"
  else
    sed -n 's/^::warning[^:]*::/  warning: /p' "$dir/log.txt" | sed 's/%0A/ /g; s/%25/%/g'
  fi
  if grep -q '^::error' "$dir/log.txt"; then
    say "  FAILED after $((SECONDS - t0)) s:" >&2
    grep '^::error' "$dir/log.txt" | sed 's/^::error[^:]*::/  /; s/%0A/\n  /g' >&2
    say "  full log: $dir/log.txt" >&2
    status=1
  else
    say "  done in $((SECONDS - t0)) s"
    local sha
    sha=$(output "$dir" sha256)
    if [ -z "$built_sha256" ]; then
      built_sha256=$sha
    elif [ "$sha" != "$built_sha256" ]; then
      say "  the binary differs from the first build ($sha, not $built_sha256)" >&2
      status=1
    fi
  fi
  return $status
}
built_sha256=""
output() { # output OUTDIR NAME: one output of a run
  awk -v name="$2" '
    index($0, name "<<") == 1 { getline v; print v; exit }
    index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }' "$1/outputs.txt"
}
row() { printf '  %-22s %s\n' "$1" "$2"; }
file_row() { # file_row LABEL PATH
  row "$1" "$(realpath --relative-to="$PWD" "$2" 2>/dev/null || echo "$2") ($(stat -c %s "$2") bytes)"
}
standin() { row "$1" "STAND-IN: $2"; }
verify_line() { # verify_line OUTDIR MEASUREMENT-OUTPUT
  local m json
  m=$(output "$1" "$2")
  m=${m#sha256:} # an image digest output is sha256:<hex>; its measurement is the hex
  [ -n "$m" ] || { say "the action did not produce $2; see $1/log.txt" >&2; exit 1; }
  json=$(node "$cli" verify --measurement "$m" --bundle "$(output "$1" bundle-path)" \
    --public-key "$out/attestation.pub" --json 2>/dev/null) ||
    { say "  verify: FAILED" >&2; node "$cli" verify --measurement "$m" \
      --bundle "$(output "$1" bundle-path)" --public-key "$out/attestation.pub" >&2; exit 1; }
  printf '%s' "$json" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"))
    console.log(`  verify: OK, ${r.measurementName} was attested for commit ${r.sourceCommit.slice(0, 12)} (${r.target}, ${r.build.goVersion}; signed with attestation.pub)`)'
}
section() {
  if in_actions; then say "::group::$1"; else say "" && say "== $1"; fi
}
end_section() { if in_actions; then say "::endgroup::"; fi; }

# Real platform files for the targets whose files Debian packages, through
# fetch-platform into the cache: each file is kept only with its pinned
# sha256, and one already there is reused without the network. A target
# whose files cannot be had falls back to stand-ins (platform_kind=STAND-IN),
# loudly. Once the mirror cannot be reached the later targets only look in
# the cache (--from an empty folder: no .deb there, so nothing is
# downloaded), so an offline run does not wait for each target's retries.
cache=${ENCLAVE_BUILD_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build/platform}
declare -A platform_kind=() platform_why=()
platform_offline=""
fetch_platform() { # fetch_platform TARGET: writes $work/platform-TARGET.tsv
  local t=$1 args=(--target "$1" --output "$cache" --json) json
  if [ -n "$platform_offline" ]; then
    mkdir -p "$work/no-debs" && args+=(--from "$work/no-debs")
  elif [ -n "${ENCLAVE_BUILD_PLATFORM_MIRROR:-}" ]; then
    args+=(--mirror "$ENCLAVE_BUILD_PLATFORM_MIRROR")
  fi
  if json=$(node "$cli" fetch-platform "${args[@]}" 2>"$work/fetch-$t.err"); then
    printf '%s' "$json" | node -e '
      for (const f of JSON.parse(require("fs").readFileSync(0, "utf8")).files)
        console.log([f.input, f.path, f.sha256, f.cached, f.source].join("\t"))' >"$work/platform-$t.tsv"
    platform_kind[$t]=real
  else
    platform_kind[$t]=STAND-IN
    if [ -n "$platform_offline" ]; then
      platform_why[$t]="not in the cache, and $platform_offline"
    else
      platform_why[$t]="the download failed: $(sed -n 's/^error\[[A-Z_]*\]: //p' "$work/fetch-$t.err" | head -n 1)"
      # only a network failure stops the others' downloads; a package that
      # left the mirror (404, another sha256) concerns this target alone
      if grep -q 'cannot reach' "$work/fetch-$t.err"; then
        platform_offline="the mirror could not be reached for ${t}'s"
      fi
    fi
  fi
}
plat() { # plat TARGET INPUT COLUMN: 2 path, 3 sha256, 4 cached, 5 source
  awk -F'\t' -v i="$2" -v c="$3" '$1 == i { print $c }' "$work/platform-$1.tsv"
}
pin_for() { # pin_for TARGET INPUT PATH: the sha256 pin the action checks PATH against
  if [ "${platform_kind[$1]}" = real ]; then plat "$1" "$2" 3; else sha256sum "$3" | cut -c1-64; fi
}
real_row() { # real_row TARGET INPUT LABEL
  row "$3" "real: $(plat "$1" "$2" 5) (sha256 $(plat "$1" "$2" 3 | cut -c1-16)…, pinned)"
}
standin_row() { # standin_row TARGET LABEL WHAT
  row "$2" "STAND-IN: $3"
  [ -z "${platform_why[$1]:-}" ] ||
    row "" "(the real Debian files could not be had: ${platform_why[$1]})"
}

say "enclave-build example: examples/hello, one reproducible build + 6 targets (Gramine/SGX, Nitro, SEV-SNP, TDX, a UKI, an OCI image with CoCo initdata), attested and verified"
say "artefacts: $out"

section "Platform files: real ones from Debian (pinned by sha256), cached in $cache"
platform_started=$SECONDS
for t in snp tdx uki; do
  fetch_platform "$t"
  if [ "${platform_kind[$t]}" = real ]; then
    if grep -q $'\tfalse\t' "$work/platform-$t.tsv"; then how=downloaded; else how="from the cache"; fi
    row "$t" "real: $(cut -f5 "$work/platform-$t.tsv" | sed 's/:.*//' | paste -sd, | sed 's/,/, /g') ($how)"
  else
    row "$t" "STAND-IN: ${platform_why[$t]}"
    if in_actions; then
      say "::warning::$t uses STAND-IN platform files: ${platform_why[$t]}"
    else
      say "  warning: $t uses STAND-IN platform files: its measurements are of generated files, not Debian's" >&2
    fi
  fi
done
row "nitro" "STAND-IN: AWS's blobs are in no package registry (docs/nitro.md)"
row "gramine" "STAND-IN: libpal.so and runtime/ are the test vectors' small files"
say "  platform files in $((SECONDS - platform_started)) s"
end_section

section "Intel SGX with Gramine: manifest, SIGSTRUCT, MRENCLAVE"
gram="$out/gramine"
run_action "$gram" TARGET=gramine \
  "MANIFEST-TEMPLATE=$root/examples/gramine/hello.manifest.template" \
  "GRAMINE-VARS=log_level=error" \
  "GRAMINE-ROOT=$root/__fixtures__/vectors/gramine/rootfs"
row MRENCLAVE "$(output "$gram" mrenclave)"
row MRSIGNER "$(output "$gram" mrsigner) (throw-away signing key)"
row "ISVPRODID / ISVSVN" "$(output "$gram" isvprodid) / $(output "$gram" isvsvn)"
row "debug enclave" "$(output "$gram" debug)"
file_row "binary" "$(output "$gram" binary)"
file_row ".manifest.sgx" "$(output "$gram" manifest-sgx)"
file_row ".sig (SIGSTRUCT)" "$(output "$gram" sig)"
standin "libpal.so, runtime/" "the test vectors' small files, not a Gramine install (MRENCLAVE is of these)"
verify_line "$gram" mrenclave
end_section

section "AWS Nitro Enclaves: EIF, PCR0/1/2"
nitro="$out/nitro"
blobs="$root/examples/nitro/blobs"
pin() { sha256sum "$1" | cut -c1-64; }
run_action "$nitro" TARGET=nitro \
  "NITRO-KERNEL=$blobs/bzImage.standin" "NITRO-KERNEL-SHA256=$(pin "$blobs/bzImage.standin")" \
  "NITRO-INIT=$blobs/init.standin" "NITRO-INIT-SHA256=$(pin "$blobs/init.standin")" \
  "NITRO-NSM=$blobs/nsm.ko.standin" "NITRO-NSM-SHA256=$(pin "$blobs/nsm.ko.standin")" \
  "NITRO-CMDLINE=$blobs/cmdline" "NITRO-CMDLINE-SHA256=$(pin "$blobs/cmdline")"
for r in pcr0 pcr1 pcr2; do row "${r^^}" "$(output "$nitro" "$r")"; done
row PCR8 "$(output "$nitro" pcr8)$([ -z "$(output "$nitro" pcr8)" ] && echo '(unsigned EIF)')"
file_row "EIF" "$(output "$nitro" eif)"
standin "bzImage, init, nsm.ko" "generated bytes, not AWS's blobs, which no package registry carries (examples/nitro/README.md; fetch-platform --target nitro --from checks real ones, docs/nitro.md); the EIF does not boot"
verify_line "$nitro" pcr0
end_section

section "AMD SEV-SNP: initrd, launch digest"
snp="$out/snp"
if [ "${platform_kind[snp]}" = real ]; then
  snp_ovmf=$(plat snp snp-ovmf 2) snp_kernel=$(plat snp snp-kernel 2)
else
  standins="$snp/platform"
  bash "$root/bench/run-ts.sh" "$root/examples/snp/standins.ts" "$standins"
  snp_ovmf="$standins/OVMF.standin.fd" snp_kernel="$standins/bzImage.standin"
fi
run_action "$snp" TARGET=snp \
  "SNP-OVMF=$snp_ovmf" "SNP-OVMF-SHA256=$(pin_for snp snp-ovmf "$snp_ovmf")" \
  "SNP-KERNEL=$snp_kernel" "SNP-KERNEL-SHA256=$(pin_for snp snp-kernel "$snp_kernel")" \
  SNP-VCPUS=4 SNP-VCPU-TYPE=EPYC-v4 "SNP-CMDLINE=console=ttyS0"
row "launch digest" "$(output "$snp" measurement)"
row "vCPUs / type" "4 / EPYC-v4"
file_row "initrd" "$(output "$snp" initrd-path)"
if [ "${platform_kind[snp]}" = real ]; then
  real_row snp snp-ovmf "OVMF (AmdSev)"
  real_row snp snp-kernel "kernel"
else
  standin_row snp "OVMF, bzImage" "synthetic firmware and kernel in snp/platform/ (examples/snp/standins.ts); a guest cannot boot"
fi
row "QEMU options" "$(output "$snp" qemu-options)"
verify_line "$snp" measurement
end_section

section "Intel TDX: initrd, MRTD, RTMR1/2"
tdx="$out/tdx"
if [ "${platform_kind[tdx]}" = real ]; then
  tdx_ovmf=$(plat tdx tdx-ovmf 2) tdx_kernel=$(plat tdx tdx-kernel 2)
else
  standins="$tdx/platform"
  bash "$root/bench/run-ts.sh" "$root/examples/tdx/standins.ts" "$standins"
  tdx_ovmf="$standins/OVMF.tdx.standin.fd" tdx_kernel="$standins/bzImage.standin"
fi
run_action "$tdx" TARGET=tdx \
  "TDX-OVMF=$tdx_ovmf" "TDX-OVMF-SHA256=$(pin_for tdx tdx-ovmf "$tdx_ovmf")" \
  "TDX-KERNEL=$tdx_kernel" "TDX-KERNEL-SHA256=$(pin_for tdx tdx-kernel "$tdx_kernel")" \
  "TDX-CMDLINE=console=hvc0"
row MRTD "$(output "$tdx" mrtd)"
row RTMR0 "(left out: needs QEMU's ACPI blobs, the tdx-acpi-* inputs; docs/tdx.md)"
for r in rtmr1 rtmr2; do row "${r^^}" "$(output "$tdx" "$r")"; done
file_row "initrd" "$(output "$tdx" initrd-path)"
if [ "${platform_kind[tdx]}" = real ]; then
  real_row tdx tdx-ovmf "OVMF (TDVF)"
  real_row tdx tdx-kernel "kernel"
else
  standin_row tdx "OVMF, bzImage" "synthetic TDVF and kernel stub in tdx/platform/ (examples/tdx/standins.ts); a TD cannot boot"
fi
verify_line "$tdx" mrtd
end_section

section "Unified kernel image (vTPM: AWS NitroTPM, Google Cloud, Azure): UKI, PCR4/11/12"
uki="$out/uki"
uki_args=()
if [ "${platform_kind[uki]}" = real ]; then
  uki_stub=$(plat uki uki-stub 2) uki_kernel=$(plat uki uki-kernel 2)
  # the kernel's release, carried in .uname as docs/uki.md suggests
  uki_args+=("UKI-UNAME=$(plat uki uki-kernel 5 | sed 's/.*vmlinuz-//')")
else
  # the tests' synthetic PE files (__fixtures__/uki/SOURCE.md)
  uki_stub="$root/__fixtures__/uki/synthetic/stub-257.efi"
  uki_kernel="$root/__fixtures__/uki/synthetic/kernel.efi"
fi
run_action "$uki" TARGET=uki \
  "UKI-STUB=$uki_stub" "UKI-STUB-SHA256=$(pin_for uki uki-stub "$uki_stub")" \
  "UKI-KERNEL=$uki_kernel" "UKI-KERNEL-SHA256=$(pin_for uki uki-kernel "$uki_kernel")" \
  "UKI-CMDLINE=console=ttyS0" "${uki_args[@]}"
row "PCR4" "$(output "$uki" pcr4) (NitroTPM, Secure Boot off)"
row "PCR12" "$(output "$uki" pcr12)"
row "PCR11 (sha384)" "$(output "$uki" pcr11-sha384) (systemd-stub)"
row "PCR11 (sha256)" "$(output "$uki" pcr11-sha256)"
row "PCR7" "$(output "$uki" pcr7) (Secure Boot off, empty variables; not attested)"
file_row "UKI" "$(output "$uki" uki-path)"
file_row "initrd" "$(output "$uki" initrd-path)"
if [ "${platform_kind[uki]}" = real ]; then
  real_row uki uki-stub "systemd-stub"
  real_row uki uki-kernel "kernel"
else
  standin_row uki "stub, kernel" "the tests' synthetic PE stub and kernel (__fixtures__/uki/synthetic); the UKI does not boot"
fi
verify_line "$uki" pcr4
end_section

section "Confidential containers: OCI image, CoCo initdata"
oci="$out/oci"
coco="$root/__fixtures__/vectors/coco"
oci_started=$SECONDS
run_action "$oci" TARGET=oci OCI-COMPRESSION=gzip "OCI-INITDATA-FILES=aa.toml=$coco/caa-aa.toml
cdh.toml=$coco/caa-cdh.toml
policy.rego=$coco/caa-policy.rego"
row "image digest" "$(output "$oci" image-digest) (Confidential Space image_digest; scratch base, linux/amd64)"
row "config digest" "$(output "$oci" config-digest) (image_id)"
row "initdata (sha384)" "$(output "$oci" initdata-digest)"
initdata=$(node "$cli" coco initdata-digest "$oci/initdata.toml" --json)
field() { printf '%s' "$initdata" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8"))[process.argv[1]])' "$1"; }
row "SNP HOST_DATA" "$(field snpHostData) (the initdata digest, first 32 bytes)"
row "TDX MRCONFIGID" "$(field tdxMrConfigId)"
row "image layout" "$(realpath --relative-to="$PWD" "$(output "$oci" image-layout)" 2>/dev/null || output "$oci" image-layout)"
file_row "initdata.toml" "$oci/initdata.toml"
standin "initdata entries" "cloud-api-adaptor's test aa.toml, cdh.toml and policy.rego (__fixtures__/vectors/coco); put your KBS and policy there"
verify_line "$oci" image-digest
verify_line "$oci" initdata-digest
say "  containers section in $((SECONDS - oci_started)) s"
end_section

say ""
say "done in $((SECONDS - started)) s: 6 targets built, measured, attested and verified; artefacts kept in $out"
real_list=() standin_list=()
for t in snp tdx uki; do
  if [ "${platform_kind[$t]}" = real ]; then real_list+=("$t"); else standin_list+=("$t"); fi
done
standin_list+=(nitro gramine)
list() { local IFS=,; printf '%s' "${*:-none}" | sed 's/,/, /g'; }
say "platform files: real (Debian, pinned by sha256): $(list "${real_list[@]}"); STAND-IN: $(list "${standin_list[@]}")"
say "verify one again:  node $cli verify --measurement $(output "$nitro" pcr0) --bundle $(output "$nitro" bundle-path) --public-key $out/attestation.pub"
