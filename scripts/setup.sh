#!/usr/bin/env bash
# Optional: the set-up scripts/example.sh and scripts/test.sh do on first
# use (Node 24 from the npm registry into .tools/, then npm ci). Afterwards,
# to use that Node in your shell: source scripts/env.sh
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
echo "set up with node $(node --version); to use it in this shell: source scripts/env.sh"
