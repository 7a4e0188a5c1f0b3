# Shared by mkroot-debian and mkimage: the package lists and the one
# mmdebstrap invocation both use to build a slim Debian bookworm root.
# Sourced, not executed; callers run under `set -euo pipefail`.
# shellcheck shell=bash

# Variables here are read by the scripts that source this file.
# shellcheck disable=SC2034
NSBOX_SUITE=bookworm

# Bump when the build recipe below changes in a way that changes the
# result: the stamp records it, so cached roots get rebuilt.
NSBOX_RECIPE=1

NSBOX_STAMP=etc/nsbox-rootfs

# The Go of the go image (nsbox_image_packages).
NSBOX_GO_VERSION=1.23

nsbox_die ()
{
  if [[ -n "${NSBOX_TICKER:-}" ]]; then
    kill "$NSBOX_TICKER" 2>/dev/null || true
    NSBOX_TICKER=""
    printf '\n' >&2
  fi
  printf '%s: error: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

nsbox_info ()
{
  printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# Progress on a terminal only: each stage on one line, redrawn every second
# with the time since the script started; off a terminal, or when
# nsbox_progress_init was told to be quiet, nothing.
NSBOX_PROGRESS=0
NSBOX_TICKER=""
NSBOX_STAGE=""

nsbox_progress_init ()
{
  local quiet="$1"
  NSBOX_START=$SECONDS
  if ((quiet == 0)) && [[ -t 2 ]]; then
    NSBOX_PROGRESS=1
  fi
}

nsbox_elapsed ()
{
  local t=$((SECONDS - ${NSBOX_START:-0}))
  printf '%d:%02d' $((t / 60)) $((t % 60))
}

# Start a stage (ending the one before).
nsbox_stage ()
{
  nsbox_stage_end ""
  ((NSBOX_PROGRESS)) || return 0
  NSBOX_STAGE="$*"
  (
    # The sleep in the background, so TERM ends the ticker at once.
    trap 'kill "$!" 2>/dev/null; exit 0' TERM
    while :; do
      printf '\r\033[K%s: [%s] %s' "${0##*/}" "$(nsbox_elapsed)" "$NSBOX_STAGE" >&2
      sleep 1 &
      wait "$!"
    done
  ) &
  NSBOX_TICKER=$!
}

# End the current stage, optionally with a last word on it.
nsbox_stage_end ()
{
  [[ -n "$NSBOX_TICKER" ]] || return 0
  kill "$NSBOX_TICKER" 2>/dev/null || true
  wait "$NSBOX_TICKER" 2>/dev/null || true
  NSBOX_TICKER=""
  printf '\r\033[K%s: [%s] %s%s\n' "${0##*/}" "$(nsbox_elapsed)" "$NSBOX_STAGE" "${1:+: $1}" >&2
}

# Test roots (mkroot-debian NAME). Comma-separated, as mmdebstrap --include.
nsbox_root_packages ()
{
  case "$1" in
    minimal) echo "" ;;
    python) echo "python3,python3-numpy" ;;
    python-full) echo "python3,python3-numpy,python3-pandas" ;;
    node) echo "nodejs" ;;
    go) echo "golang-go" ;;
    gcc) echo "gcc,libc6-dev" ;;
    *) return 1 ;;
  esac
}

NSBOX_ROOT_PRESETS="minimal python python-full node go gcc"

# Toolchain images (mkimage LANG): the newest toolchain Debian $NSBOX_SUITE
# has for each language.  PKG/SUITE takes a package from that suite: Go
# 1.23 from backports (bookworm's own golang-go is 1.19), by its versioned
# name so that a newer backport never changes the image unasked (mkimage
# links /usr/bin/go to it).  rustc-web is the current Rust that Debian keeps updated in bookworm for
# its browsers (rustc is 1.63).  Node stays at bookworm's 18 and Java at
# 17: neither backports nor updates carry newer ones.  esbuild transpiles
# TypeScript without type-checking (the fast policy); tsc stays for the
# checked one.
nsbox_image_packages ()
{
  case "$1" in
    python) echo "python3,python3-numpy,python3-pandas" ;;
    node) echo "nodejs,node-typescript,esbuild" ;;
    go) echo "golang-$NSBOX_GO_VERSION-go/$NSBOX_SUITE-backports" ;;
    gcc) echo "gcc,g++,libc6-dev" ;;
    rust) echo "rustc-web,libc6-dev" ;;
    java) echo "default-jdk-headless" ;;
    *) return 1 ;;
  esac
}

NSBOX_IMAGE_LANGS="python node go gcc rust java"

# The URI of the main Debian archive: $NSBOX_DEBIAN_MIRROR, else the first
# bookworm archive the host's apt uses (deb822 or one-line format), else
# deb.debian.org. The host's entry matters on machines whose only network
# is a local mirror or proxy.
nsbox_debian_mirror ()
{
  if [[ -n "${NSBOX_DEBIAN_MIRROR:-}" ]]; then
    echo "${NSBOX_DEBIAN_MIRROR%/}"
    return
  fi
  local uri=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    # deb822: stanzas separated by blank lines; take URIs of a stanza that
    # lists the plain suite.
    uri=$(awk -v suite="$NSBOX_SUITE" '
      /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u = ""; s = 0; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
      END { if (u != "" && s) print u }' /etc/apt/sources.list.d/debian.sources | head -n 1)
  fi
  if [[ -z "$uri" && -r /etc/apt/sources.list ]]; then
    uri=$(awk -v suite="$NSBOX_SUITE" '
      $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i + 1) == suite) { print $i; exit } break } }' \
      /etc/apt/sources.list)
  fi
  uri=${uri:-http://deb.debian.org/debian}
  echo "${uri%/}"
}

# The security archive: $NSBOX_DEBIAN_SECURITY_MIRROR, else next to the main
# archive (".../debian" -> ".../debian-security"), which is the layout of
# deb.debian.org and of most mirrors. NSBOX_DEBIAN_SECURITY_MIRROR=none
# leaves it out.
nsbox_debian_security_mirror ()
{
  if [[ -n "${NSBOX_DEBIAN_SECURITY_MIRROR:-}" ]]; then
    echo "${NSBOX_DEBIAN_SECURITY_MIRROR%/}"
    return
  fi
  echo "$(nsbox_debian_mirror)-security"
}

# Everything in a root that is not needed to run programs. dpkg never
# unpacks these paths, so they cost neither download-time disk nor layer
# size; copyright files stay (licences travel with the binaries).
NSBOX_DPKG_EXCLUDES=(
  'path-exclude=/usr/share/doc/*'
  'path-include=/usr/share/doc/*/copyright'
  'path-exclude=/usr/share/man/*'
  'path-exclude=/usr/share/info/*'
  'path-exclude=/usr/share/locale/*'
  'path-exclude=/usr/share/lintian/*'
  'path-exclude=/usr/share/linda/*'
  'path-exclude=/usr/share/bash-completion/*'
  'path-exclude=/usr/share/zsh/*'
  # Go's own compiler tests and the fixtures of its standard library tests
  # (42 MB of golang-1.19-src); building programs never reads them.
  'path-exclude=/usr/share/go-*/test/*'
  'path-exclude=/usr/share/go-*/src/*/testdata/*'
)

# Fails if anything is mounted at or below $1: removing or renaming such a
# tree would reach into the mounted file system.
nsbox_assert_unmounted ()
{
  local dir
  dir=$(realpath -m -- "$1")
  # mountinfo field 5 is the mount point, with spaces etc. octal-escaped.
  if awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    printf '%s: error: %s\n' "${0##*/}" "something is mounted at or below $dir; unmount it first" >&2
    return 1
  fi
}

# Remove a build directory we created. --one-file-system keeps rm from
# descending into a mount that appeared despite the check.
nsbox_remove_tree ()
{
  [[ -e "$1" ]] || return 0
  nsbox_assert_unmounted "$1" || return 1
  rm -rf --one-file-system -- "$1"
}

# Paths removed when the script exits, however it exits (set -e, signal).
NSBOX_CLEANUP=()

nsbox_cleanup ()
{
  local path
  if [[ -n "$NSBOX_TICKER" ]]; then
    kill "$NSBOX_TICKER" 2>/dev/null || true
    NSBOX_TICKER=""
    printf '\n' >&2
  fi
  for path in "${NSBOX_CLEANUP[@]}"; do
    nsbox_remove_tree "$path" || true
  done
  NSBOX_CLEANUP=()
}

nsbox_remove_on_exit ()
{
  NSBOX_CLEANUP+=("$1")
}

trap nsbox_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build a root into DIR (must not exist) with the essential package set
# plus the comma-separated PACKAGES.
#
# --variant=essential: only Essential:yes packages (no apt, no perl beyond
#   perl-base, which Essential packages need) plus what PACKAGES depend on.
# merged-usr hook: /bin, /lib, /sbin are symlinks into /usr, set up by
#   mmdebstrap itself; without it bookworm pulls usrmerge and with it perl.
# Recommends are off so a package drags in only what it cannot run without.
# Root mode runs inside a private mount namespace: if the build is killed,
#   the kernel drops its /proc, /sys and /dev mounts with the namespace, so
#   no mount is left inside DIR.
nsbox_build_root ()
{
  local dir="$1" packages="$2"
  local mirror security mode
  mirror=$(nsbox_debian_mirror)
  security=$(nsbox_debian_security_mirror)

  command -v mmdebstrap >/dev/null || nsbox_die "mmdebstrap not found (apt-get install mmdebstrap)"
  [[ ! -e "$dir" ]] || nsbox_die "build directory $dir already exists"

  local -a args=(--variant=essential --format=directory
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
    --aptopt='APT::Install-Recommends "false"'
    --aptopt='APT::Install-Suggests "false"'
    --components=main)
  # update-alternatives fails when the directory of a slave link is
  # missing, and the excludes below leave no man directories (openjdk
  # links its man pages there). $1 is expanded by mmdebstrap's shell.
  # shellcheck disable=SC2016
  args+=(--essential-hook='mkdir -p "$1/usr/share/man/man1"')
  local opt
  for opt in "${NSBOX_DPKG_EXCLUDES[@]}"; do
    args+=(--dpkgopt="$opt")
  done
  [[ -z "$packages" ]] || args+=(--include="$packages")

  local -a sources=("deb $mirror $NSBOX_SUITE main" "deb $mirror $NSBOX_SUITE-updates main")
  [[ "$security" == none ]] || sources+=("deb $security $NSBOX_SUITE-security main")
  # Only when a package asks for it by name: backports are never taken
  # otherwise, and a local mirror may not carry them.
  [[ ",$packages," != *"/$NSBOX_SUITE-backports,"* ]] || sources+=("deb $mirror $NSBOX_SUITE-backports main")

  if [[ $EUID -eq 0 ]]; then
    mode=root
  else
    mode=unshare
  fi
  args+=(--mode="$mode")

  local -a cmd=(mmdebstrap "${args[@]}" "$NSBOX_SUITE" "$dir" "${sources[@]}")
  if [[ "$mode" == root ]]; then
    command -v unshare >/dev/null || nsbox_die "unshare not found (apt-get install util-linux)"
    cmd=(unshare --mount --propagation private -- "${cmd[@]}")
  fi
  if [[ "${NSBOX_MMDEBSTRAP_QUIET:-1}" == 0 ]]; then
    "${cmd[@]}" </dev/null ||
      nsbox_die "mmdebstrap failed building $dir (packages: ${packages:-none}, mirror: $mirror)"
  else
    # mmdebstrap and its hooks talk a lot; keep the log for failures.
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/nsbox-mmdebstrap.XXXXXX.log")
    nsbox_remove_on_exit "$log"
    if ! "${cmd[@]}" </dev/null >"$log" 2>&1; then
      tail -n 60 -- "$log" >&2
      rm -f -- "$log"
      nsbox_die "mmdebstrap failed building $dir (packages: ${packages:-none}, mirror: $mirror); NSBOX_MMDEBSTRAP_QUIET=0 shows all output"
    fi
    rm -f -- "$log"
  fi

  nsbox_trim_root "$dir"
}

# What mmdebstrap leaves that a sandbox root must not carry or need not.
nsbox_trim_root ()
{
  local dir="$1"
  nsbox_assert_unmounted "$dir" || exit 1
  # The sandbox mounts its own minimal /dev; device nodes in a root are an
  # attack surface if it is ever mounted without nodev.
  find "$dir/dev" -mindepth 1 -delete
  # The build host's resolver and name.
  : >"$dir/etc/resolv.conf"
  : >"$dir/etc/hostname"
  # Backups written by debconf and dpkg during the build; logs of the build.
  rm -f -- "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old
  find "$dir/var/log" -type f -size +0 -delete
  rm -rf -- "$dir/var/cache/apt" "$dir/var/lib/apt/lists"
  install -d -m 0755 "$dir/var/cache/apt" "$dir/var/lib/apt/lists"
  # Mount points the sandbox needs; mmdebstrap creates them, this makes
  # sure of it.
  install -d -m 0755 "$dir/proc" "$dir/sys" "$dir/dev"
  install -d -m 1777 "$dir/tmp"
  grep -q '^nobody:[^:]*:65534:65534:' "$dir/etc/passwd" ||
    nsbox_die "$dir/etc/passwd has no nobody user with uid 65534"
  grep -q '^nogroup:[^:]*:65534:' "$dir/etc/group" ||
    nsbox_die "$dir/etc/group has no nogroup group with gid 65534"
}

# The stamp that marks a complete root: written last into the build
# directory, so a root without it was never finished.
nsbox_stamp_text ()
{
  local name="$1" packages="$2"
  printf 'recipe=%s\nsuite=%s\nname=%s\npackages=%s\n' "$NSBOX_RECIPE" "$NSBOX_SUITE" "$name" "$packages"
}
