#!/usr/bin/env bash
# The tests, in one command on a fresh clone: sets itself up on first use
# (Node 24 into .tools/, npm ci), then runs jest. Arguments go to jest,
# e.g. bash scripts/test.sh __tests__/publish
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cd "$_eb_root"
exec npm test -- "$@"
