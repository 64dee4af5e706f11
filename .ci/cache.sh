# shellcheck shell=bash
# Sourced by each .ci/<oracle>.sh (`source "$(dirname "$0")/cache.sh" "$@"`).
# What every oracle script does: it prints `export VAR=path` lines on stdout
# for what is there, and nothing else on stdout; what it did (cache hit,
# built, fetched) goes to stderr, and so does a `<name>: SKIP: why` line for
# what it could not install (.ci/run fails on it); it exits 0. Called with
# --installed it installs nothing and prints the exports of what is already
# there (scripts/test.sh runs every script that sources this file that way,
# so such a script must honour it).
#   ci_cache           where oracle builds live, shared by every run and clone on
#                      this machine: ${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci
#   ci_installed_only  set when the script was called with --installed
#   ci_name            the script's name (cosign for .ci/cosign.sh)
#   ci_say TEXT        prints "<name>: TEXT" on stderr
#   ci_build, ci_go_install      a tool built once into a folder of ci_cache
#   ci_apt_sources, ci_deb_file, ci_deb_unpack, ci_have
#                      files out of Debian packages, fetched by name and version
#                      through a private apt state and checked by sha256
ci_cache="${XDG_CACHE_HOME:-$HOME/.cache}/enclave-build-ci"
ci_installed_only=
if [ "${1:-}" = --installed ]; then ci_installed_only=1; fi
ci_name=$(basename "$0" .sh)
mkdir -p "$ci_cache"

ci_say() { echo "$ci_name: $*" >&2; }

# ci_build [--stale] DIR EXE WHAT SKIPS BUILD...
#   Makes the executable DIR/EXE once. When it is there: a cache hit (unless
#   --stale says the DIR there is out of date). Else, unless --installed, it
#   runs `BUILD... TMP` (its output on stderr) into a fresh folder TMP and
#   publishes TMP as DIR in one rename, so two runs building at once cannot
#   leave half a build. WHAT names the tool in messages; SKIPS says what
#   skips without it. Returns 0 when DIR/EXE is there afterwards.
ci_build() {
  local stale=
  if [ "$1" = --stale ]; then stale=1 && shift; fi
  local dir=$1 exe=$2 what=$3 skips=$4
  shift 4
  if [ -x "$dir/$exe" ] && [ -z "$stale" ]; then
    ci_say "cache hit: $what at $dir/$exe"
    return 0
  fi
  if [ -n "$ci_installed_only" ]; then
    ci_say "$what ${stale:+out of date, }not built (bash .ci/$ci_name.sh builds it)"
    return 1
  fi
  local tmp="$dir.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if "$@" "$tmp" >&2 && [ -x "$tmp/$exe" ]; then
    _ci_publish "$dir" "$exe" "$stale"
    ci_say "built $what into $dir/$exe"
    return 0
  fi
  rm -rf "$tmp"
  ci_say "SKIP: could not build $what; $skips"
  return 1
}

# _ci_publish DIR EXE STALE: moves DIR.tmp.$$ to DIR. A complete DIR another
# run published meanwhile is kept; a stale or incomplete one is replaced.
_ci_publish() {
  local dir=$1 tmp="$1.tmp.$$"
  if [ -x "$dir/$2" ] && [ -z "$3" ]; then
    rm -rf "$tmp"
    return 0
  fi
  if [ -e "$dir" ]; then mv -T "$dir" "$dir.old.$$" && rm -rf "$dir.old.$$"; fi
  mv -T "$tmp" "$dir"
}

# ci_go_install DIR EXE MODULE@VERSION SKIPS [CHECK]
#   ci_build of `go install MODULE@VERSION` through the Go module proxy, with
#   GOBIN the folder of EXE in DIR (EXE is bin/cosign or just crane). The
#   caller's environment passes on (CGO_ENABLED=0 ci_go_install ...); GOFLAGS
#   is cleared so a machine-wide setting cannot break a module-mode install.
#   CHECK, when given, runs with the built executable's path and must succeed.
ci_go_install() {
  ci_build "$1" "$2" "$3" "$4" _ci_go_install "$3" "$2" "${5:-}"
}
_ci_go_install() { # _ci_go_install MODULE@VERSION EXE CHECK TMP
  local target=$1 exe=$2 check=$3 tmp=$4
  command -v go >/dev/null || { echo "no go toolchain on PATH"; return 1; }
  mkdir -p "$(dirname "$tmp/$exe")" &&
    GOFLAGS='' GOBIN="$(dirname "$tmp/$exe")" go install "$target" 2>&1 &&
    { [ -z "$check" ] || "$check" "$tmp/$exe"; }
}

# ci_apt_sources STATE-DIR "ARCHIVE SUITE"...
#   The private apt state ci_deb_file and ci_deb_unpack download through: it
#   reads only `deb http://deb.debian.org/ARCHIVE SUITE main` for each pair
#   (signed by Debian's archive keys) and leaves the machine's own sources
#   alone. Nothing is written until a package is fetched.
ci_apt_sources() {
  ci_apt_dir=$1
  shift
  ci_apt_suites=("$@")
  ci_apt_opts=(-o "Dir::Etc::SourceList=$ci_apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$ci_apt_dir/lists" -o "Dir::Cache=$ci_apt_dir" -o "Dir::State::Status=/dev/null"
    -o "APT::Architecture=amd64" -o "Debug::NoLocking=1")
  ci_apt_updated=
}
# _ci_apt_lists: apt-get update of those sources, once a run.
_ci_apt_lists() {
  [ -z "$ci_apt_updated" ] || return 0
  local suite
  mkdir -p "$ci_apt_dir/lists/partial" "$ci_apt_dir/archives/partial" || return 1
  for suite in "${ci_apt_suites[@]}"; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/${suite% *} ${suite#* } main"
  done >"$ci_apt_dir/sources.list"
  apt-get "${ci_apt_opts[@]}" update >/dev/null 2>&1 && ci_apt_updated=1
}
# _ci_deb_download DIR PACKAGE...: apt-get download of each into DIR; on
# failure _ci_why says what failed.
_ci_deb_download() {
  local dir=$1 pkg
  shift
  _ci_apt_lists || { _ci_why="apt-get update of ${ci_apt_suites[*]} failed"; return 1; }
  for pkg in "$@"; do
    (cd "$dir" && apt-get "${ci_apt_opts[@]}" download "$pkg" >/dev/null 2>&1) ||
      { _ci_why="apt-get download $pkg failed"; return 1; }
  done
}

# ci_have SHA256 FILE: FILE is there and has that sha256.
ci_have() { [ -f "$2" ] && echo "$1  $2" | sha256sum -c --status; }

# ci_deb_file PACKAGE[=VERSION] PATH-IN-DEB SHA256 OUT SKIPS
#   OUT is the file PATH-IN-DEB of that Debian package, pinned by SHA256: a
#   cache hit when OUT is there with that sha256; else, unless --installed,
#   the package is downloaded, the file taken out of it and kept only with
#   that sha256. SKIPS says what skips without it. Returns 0 when OUT is there.
ci_deb_file() {
  local pkg=$1 file=$2 sum=$3 out=$4 skips=$5 tmp
  if ci_have "$sum" "$out"; then
    ci_say "cache hit: $out ($pkg)"
    return 0
  fi
  if [ -n "$ci_installed_only" ]; then
    ci_say "$out not fetched (bash .ci/$ci_name.sh fetches it)"
    return 1
  fi
  mkdir -p "$(dirname "$out")" && tmp=$(mktemp -d "$out.get.XXXXXX") || return 1
  _ci_why=
  if _ci_deb_download "$tmp" "$pkg"; then
    if ! dpkg --fsys-tarfile "$tmp"/*.deb | tar -xO "./$file" >"$tmp/file"; then
      _ci_why="could not take $file out of it"
    elif ci_have "$sum" "$tmp/file"; then
      mv "$tmp/file" "$out"
    else
      _ci_why="its $file has sha256 $(sha256sum "$tmp/file" | cut -c1-64), not the pinned $sum"
    fi
  fi
  rm -rf "$tmp"
  if [ -z "$_ci_why" ] && ci_have "$sum" "$out"; then
    ci_say "fetched $out ($pkg)"
    return 0
  fi
  ci_say "SKIP: no $out from $pkg: ${_ci_why:-not written}; $skips"
  return 1
}

# ci_deb_unpack DIR PACKAGE...
#   DIR becomes the contents of those Debian packages (dpkg -x of each, none
#   unless all of them downloaded): for tools pinned by package version, not
#   by sha256. Returns 1, after saying why, when one could not be fetched.
ci_deb_unpack() {
  local dir=$1 tmp deb
  shift
  rm -rf "$dir" && mkdir -p "$dir" && tmp=$(mktemp -d "$dir.get.XXXXXX") || return 1
  _ci_why=
  if _ci_deb_download "$tmp" "$@"; then
    for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$dir" || _ci_why="dpkg -x $deb failed"; done
  fi
  rm -rf "$tmp"
  [ -z "$_ci_why" ] || { ci_say "$_ci_why"; return 1; }
}
