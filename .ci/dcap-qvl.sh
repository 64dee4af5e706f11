#!/usr/bin/env bash
# Installs dcap-qvl (Phala's DCAP quote verifier, Rust, through its PyPI
# bindings) into a venv in the machine's CI cache, once per version: the
# independent verifier __tests__/verify/dcap-differential.test.ts compares
# against when DCAP_QVL_PYTHON points at the venv's python:
#   eval "$(bash .ci/dcap-qvl.sh)"
# With --installed it only reports a cached venv. On failure it prints a
# visible SKIP line and exits 0: the tests then skip with their own message.
set -uo pipefail
source "$(dirname "$0")/cache.sh" "$@"
DCAP_QVL_VERSION=0.7.0
venv="$ci_cache/dcap-qvl-$DCAP_QVL_VERSION"
if "$venv/bin/python" -c "import dcap_qvl" 2>/dev/null; then
  ci_say "cache hit: $DCAP_QVL_VERSION in $venv"
elif [ -n "$ci_installed_only" ]; then
  ci_say "not installed (bash .ci/dcap-qvl.sh installs it)"
  exit 0
else
  # A venv is not relocatable: it is built in place, then marked complete by
  # the import check above succeeding.
  rm -rf "$venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install -q "dcap-qvl==$DCAP_QVL_VERSION" >/dev/null 2>&1; then
    ci_say "installed $DCAP_QVL_VERSION into $venv"
  else
    rm -rf "$venv"
    ci_say "SKIP: could not pip install dcap-qvl==$DCAP_QVL_VERSION; the DCAP differential tests will skip"
    exit 0
  fi
fi
echo "export DCAP_QVL_PYTHON=$venv/bin/python"
exit 0
