# Sourced by each .ci/<oracle>.sh (`source "$(dirname "$0")/cache.sh" "$@"`):
#   ci_cache           where oracle builds live, shared by every run and clone on
#                      this machine: ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci
#   ci_installed_only  set when the script was called with --installed: it then
#                      prints the export lines of what is already built and
#                      installs nothing (scripts/test.sh uses this mode)
#   ci_publish DIR     moves a finished build from DIR.tmp.$$ to DIR in one
#                      rename, so two runs building at once cannot leave half a build
ci_cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci"
ci_installed_only=
if [ "${1:-}" = --installed ]; then ci_installed_only=1; fi
mkdir -p "$ci_cache"
ci_publish() {
  local dir=$1
  if [ -e "$dir" ]; then rm -rf "$dir.tmp.$$"; else mv -T "$dir.tmp.$$" "$dir"; fi
}
