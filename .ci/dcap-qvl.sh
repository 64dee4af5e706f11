#!/usr/bin/env bash
# Installs dcap-qvl (Phala's DCAP quote verifier, Rust, through its PyPI
# bindings) into a venv in .tools/ (gitignored), the independent verifier
# __tests__/verify/dcap-differential.test.ts compares against when
# DCAP_QVL_PYTHON points at the venv's python:
#   eval "$(bash .ci/dcap-qvl.sh | grep '^export ')"
# On failure it prints a visible SKIP line and exits 0: the tests then skip
# with their own message.
set -uo pipefail
DCAP_QVL_VERSION=0.7.0
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/dcap-venv"
if ! "$venv/bin/python" -c "import dcap_qvl, importlib.metadata as m; assert m.version('dcap-qvl') == '$DCAP_QVL_VERSION'" 2>/dev/null; then
  if ! { python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install -q "dcap-qvl==$DCAP_QVL_VERSION" >/dev/null 2>&1; }; then
    echo "dcap-qvl: SKIP: could not pip install dcap-qvl==$DCAP_QVL_VERSION; the DCAP differential tests will skip"
    exit 0
  fi
  echo "dcap-qvl: installed $DCAP_QVL_VERSION into $venv"
fi
echo "export DCAP_QVL_PYTHON=$venv/bin/python"
exit 0
