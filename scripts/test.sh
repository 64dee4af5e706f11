#!/usr/bin/env bash
# The tests, in one command on a fresh clone: sets itself up on first use
# (Node 24 into .tools/, npm ci), then runs jest. Arguments go to jest,
# e.g. bash scripts/test.sh __tests__/publish
#
# The differential suites read their oracle from env vars (COSIGN,
# REGISTRY_DISTRIBUTION, SEV_SNP_MEASURE, …). Whatever is already installed
# is found here and exported, without installing anything: every
# .ci/<oracle>.sh sources .ci/cache.sh and knows `--installed`, in which it
# prints the export lines of what it has already built or fetched (in the
# machine's CI cache) or on PATH, or says how to install it. A var already
# set in the environment wins. Suites whose oracle is missing are skipped by
# name; `bash .ci/<oracle>.sh` installs one.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cd "$_eb_root"
for script in .ci/*.sh; do
  # Only a script that sources cache.sh is sure to know --installed.
  if [ "$script" = .ci/cache.sh ] || ! grep -q '/cache\.sh" "\$@"' "$script"; then continue; fi
  while IFS= read -r line; do
    case $line in
    "export "*=*)
      var=${line#export }
      var=${var%%=*}
      # Only plain names; the value is taken verbatim, never evaluated.
      [[ $var =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
      if [ -z "${!var:-}" ]; then
        export "$var=${line#export "$var"=}"
        echo "oracle: $var=${!var}" >&2
      fi
      ;;
    *) echo "oracle: $line" >&2 ;;
    esac
  done < <(bash "$script" --installed 2>&1 || true)
done
exec npm test -- "$@"
