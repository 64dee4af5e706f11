#!/usr/bin/env bash
# The main job on the bundled example, as GitHub would run the action, but
# on this machine: examples/hello is built reproducibly (with its rebuild
# check), prepared for each TEE (Gramine/SGX, Nitro, SEV-SNP) with the
# clearly labelled stand-in platform files under examples/, its measurement
# is attested with a freshly generated key (there is no GitHub OIDC here),
# and each attestation is verified from the measurement and the bundle alone.
#
#   npm run example            (after: bash scripts/setup.sh; source scripts/env.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/dist/cli/index.js"
work=$(mktemp -d "${TMPDIR:-/tmp}/enclave_build_example_XXXXXX")
trap 'rm -rf "$work"' EXIT

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

# 2. An attestation key (stand-in for keyless signing with GitHub's OIDC).
node "$cli" attest gen-key --output "$work/attestation.key" --public-key "$work/attestation.pub" >/dev/null

# Runs dist/main/index.js like the runner does: inputs as INPUT_* variables,
# outputs through the GITHUB_OUTPUT file.
run_action() { # run_action OUTDIR NAME=VALUE...
  local out=$1
  shift
  mkdir -p "$out"
  : >"$out/outputs" && : >"$out/summary.md" && : >"$out/state"
  local inputs=()
  for kv in "$@"; do inputs+=("INPUT_${kv%%=*}=${kv#*=}"); done
  env GITHUB_WORKSPACE="$src" RUNNER_TEMP="$work" GITHUB_OUTPUT="$out/outputs" \
    GITHUB_STEP_SUMMARY="$out/summary.md" GITHUB_STATE="$out/state" \
    "INPUT_OUTPUT-DIRECTORY=$out" INPUT_OUTPUT=hello INPUT_CACHE=false \
    INPUT_SIGNING=key "INPUT_ATTESTATION-KEY=$(cat "$work/attestation.key")" \
    "${inputs[@]}" node "$root/dist/main/index.js" | grep -v '^::\(add-mask\|debug\)' || true
}
output() { # output OUTDIR NAME: reads one output of a run
  awk -v name="$2" '
    index($0, name "<<") == 1 { getline v; print v; exit }
    index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }' "$1/outputs"
}
check() { # check OUTDIR MEASUREMENT-OUTPUT
  local out=$1 m
  m=$(output "$out" "$2")
  [ -n "$m" ] || { echo "the action did not produce $2; see above" >&2; exit 1; }
  echo "== verify $2 $m from the bundle alone"
  node "$cli" verify --measurement "$m" --bundle "$(output "$out" bundle-path)" \
    --public-key "$work/attestation.pub" --json
}

echo "== Gramine (Intel SGX): manifest, SIGSTRUCT, MRENCLAVE"
# GRAMINE-ROOT: the test vectors' stand-in Gramine files (a small test
# libpal.so and libsysdb.so), not a real Gramine installation.
gram="$work/gramine"
run_action "$gram" TARGET=gramine \
  "MANIFEST-TEMPLATE=$root/examples/gramine/hello.manifest.template" \
  "GRAMINE-VARS=log_level=error" \
  "GRAMINE-ROOT=$root/__fixtures__/vectors/gramine/rootfs"
check "$gram" mrenclave

echo "== AWS Nitro Enclaves (stand-in blobs): EIF, PCR0/1/2"
blobs="$root/examples/nitro/blobs"
run_action "$work/nitro" TARGET=nitro \
  "NITRO-KERNEL=$blobs/bzImage.standin" "NITRO-INIT=$blobs/init.standin" \
  "NITRO-NSM=$blobs/nsm.ko.standin" "NITRO-CMDLINE=$blobs/cmdline"
check "$work/nitro" pcr0

echo "== AMD SEV-SNP (stand-in firmware and kernel): initrd, launch digest"
snp="$work/snp-standins"
bash "$root/bench/run-ts.sh" "$root/examples/snp/standins.ts" "$snp"
run_action "$work/snp" TARGET=snp \
  "SNP-OVMF=$snp/OVMF.standin.fd" "SNP-OVMF-SHA256=$(sha256sum "$snp/OVMF.standin.fd" | cut -c1-64)" \
  "SNP-KERNEL=$snp/bzImage.standin" "SNP-KERNEL-SHA256=$(sha256sum "$snp/bzImage.standin" | cut -c1-64)" \
  SNP-VCPUS=4 SNP-VCPU-TYPE=EPYC-v4 "SNP-CMDLINE=console=ttyS0"
check "$work/snp" measurement
echo "== QEMU options for the SNP guest:"
output "$work/snp" qemu-options

echo "== done: every measurement was built, attested and verified"
