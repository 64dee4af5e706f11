#!/usr/bin/env bash
# Runs a TypeScript file (a benchmark) straight from the sources with Node 24.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec node --experimental-transform-types --no-warnings --import "$here/register.mjs" "$@"
