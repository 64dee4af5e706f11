#!/usr/bin/env bash
# The main job on the bundled example, in one command on a fresh clone:
# sets itself up on first use (Node 24 into .tools/, npm ci), then runs
# examples/run.sh. Artefacts are kept in out/example/ (or the folder given).
#   bash scripts/example.sh [OUTPUT-FOLDER]
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
exec bash "$_eb_root/examples/run.sh" "$@"
