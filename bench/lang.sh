#!/bin/bash
# bench/lang.sh - the main job, timed: code in, result out, per language.
#
# For each program (Go hello world, Go importing net/http, C hello world),
# RUNS times each, median wall seconds of:
#   nsbox          nsbox exec --lang L --code F (checks, compile sandbox, run
#                  sandbox; the image's warm caches as the policy mounts them)
#   nsbox cached   the same with a compile cache (nsbox.conf compile_cache)
#                  already holding the artifact: no compile sandbox
#   bwrap, crun, runc   the same compile command then the program, in one
#                  sandbox each, on the same image's root (read-only), /tmp a
#                  tmpfs, no network: what a plain runtime does with the same
#                  toolchain (its cache cold: these runtimes have no overlay
#                  of the image's cache, so Go rebuilds what it imports)
# and the ratios of each to nsbox.  See bench/README.md.
#
# Usage (as root, from a built tree):
#   bench/lang.sh [--runs N] [--store DIR]
# The store must hold nsbox/go and nsbox/gcc (rootfs-tools/mkimage go --import,
# gcc --import; `make check` builds them into test-store-lang/).
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)
nsbox=${NSBOX:-$top/src/nsbox/nsbox}
runs=5
store=${NSBOX_STORE:-/var/lib/nsbox}

while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "lang.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $EUID -eq 0 ]] || { echo "lang.sh: run as root" >&2; exit 1; }
[[ -x "$nsbox" ]] || { echo "lang.sh: build first ($nsbox missing)" >&2; exit 1; }
for tool in bwrap crun runc jq python3; do
  command -v "$tool" >/dev/null || { echo "lang.sh: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d /var/tmp/nsbox-bench-lang.XXXXXX)
chmod 0755 "$work" # the code is bound into crun's and runc's sandboxes, read there by uid 65534
cleanup () { rm -rf -- "$work"; }
trap cleanup EXIT INT TERM
export NSBOX_STORE=$store NSBOX_CONFIG=$work/plain.conf
printf '{"policy_dir": "%s/policies/lang"}\n' "$top" >"$work/plain.conf"
printf '{"policy_dir": "%s/policies/lang", "compile_cache": {"dir": "%s/cache", "size": "256m"}}\n' \
  "$top" "$work" >"$work/cached.conf"
export NSBOX_SECCOMP_PROFILE_DIR=${NSBOX_SECCOMP_PROFILE_DIR:-$top/policies/seccomp}

cat >"$work/hello.go" <<'EOF'
package main

import "fmt"

func main() { fmt.Println("hello from go") }
EOF
cat >"$work/nethttp.go" <<'EOF'
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
)

func main() {
	b, _ := json.Marshal(map[string]int{"status": http.StatusOK})
	fmt.Println(string(b))
}
EOF
cat >"$work/hello.c" <<'EOF'
#include <stdio.h>
int main (void) { puts ("hello from c"); return 0; }
EOF

layer_of () { # IMAGE: its one layer's directory in the store
  local layers
  layers=$("$nsbox" image inspect "$1" | jq -r '.layers | length, .[0]')
  [[ "$(head -n1 <<<"$layers")" == 1 ]] || { echo "lang.sh: $1 has more than one layer" >&2; exit 1; }
  echo "$store/layers/$(tail -n1 <<<"$layers")"
}

now () { date +%s.%N; }
median () { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# time_runs NAME EXPECTED COMMAND...: RUNS timed runs whose stdout must hold EXPECTED.
time_runs () {
  local name=$1 expected=$2 start out
  shift 2
  for _ in $(seq "$runs"); do
    start=$(now)
    out=$("$@" 2>&1) || { echo "lang.sh: $name failed: $out" >&2; exit 1; }
    [[ "$out" == *"$expected"* ]] || { echo "lang.sh: $name printed: $out" >&2; exit 1; }
    echo "$(now) - $start" | bc -l
  done | median
}

# A bundle for crun and runc: the layer read-only, /tmp a tmpfs (exec, as the
# Go policy's compile step has it), no network, the policy's environment.
make_bundle () { # DIR ROOT SCRIPT ENV...
  local dir=$1 root=$2 script=$3
  shift 3
  mkdir -p "$dir"
  (cd "$dir" && runc spec)
  jq --arg root "$root" --arg script "$script" '
      .root = {path: $root, readonly: true}
      | .process.terminal = false
      | .process.args = ["sh", "-c", $script]
      | .process.env = (["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/tmp"] + $ARGS.positional)
      | .process.user = {uid: 65534, gid: 65534}
      | .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
                     options: ["nosuid", "nodev", "mode=1777", "size=512m"]},
                    {destination: "/srv", type: "bind", source: "'"$work"'", options: ["rbind", "ro"]}]
      | .linux.resources = {memory: {limit: 1073741824}, pids: {limit: 64}}' \
    "$dir/config.json" --args "$@" >"$dir/config.json.new"
  mv "$dir/config.json.new" "$dir/config.json"
}

# case NAME LANG FILE EXPECTED IMAGE SCRIPT ENV...
bench_case () {
  local name=$1 lang=$2 file=$3 expected=$4 image=$5 script=$6
  shift 6
  local root n c b cr rc
  root=$(layer_of "$image")
  n=$(time_runs "$name nsbox" "$expected" "$nsbox" exec --lang "$lang" --code "$work/$file")
  NSBOX_CONFIG=$work/cached.conf "$nsbox" exec --lang "$lang" --code "$work/$file" >/dev/null
  c=$(NSBOX_CONFIG=$work/cached.conf time_runs "$name nsbox cached" "$expected" \
    "$nsbox" exec --lang "$lang" --code "$work/$file")
  local -a bwrap_env=()
  for kv in "$@"; do bwrap_env+=(--setenv "${kv%%=*}" "${kv#*=}"); done
  b=$(time_runs "$name bwrap" "$expected" bwrap --ro-bind "$root" / --tmpfs /tmp --proc /proc --dev /dev \
    --ro-bind "$work" /srv --unshare-all --die-with-parent --clearenv --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin \
    --setenv HOME /tmp "${bwrap_env[@]}" --uid 65534 --gid 65534 -- sh -c "$script")
  make_bundle "$work/bundle-$name" "$root" "$script" "$@"
  cr=$(time_runs "$name crun" "$expected" "${crun[@]}" --root "$work/crun" run --bundle "$work/bundle-$name" "bench-$name-$$")
  rc=$(time_runs "$name runc" "$expected" runc --root "$work/runc" run --bundle "$work/bundle-$name" "bench-$name-$$")
  printf '%-14s %8.3f %8.3f %8.3f %8.3f %8.3f   %6.2f %6.2f %6.2f %6.2f\n' "$name" "$n" "$c" "$b" "$cr" "$rc" \
    "$(echo "$c / $n" | bc -l)" "$(echo "$b / $n" | bc -l)" "$(echo "$cr / $n" | bc -l)" "$(echo "$rc / $n" | bc -l)"
}

# crun 1.8 refuses a hybrid host (v1 controllers beside an empty cgroup2 at
# /sys/fs/cgroup/unified): there it runs where that mount is hidden (the
# unshare and umount cost a few ms of each run's seconds).
crun=(crun)
if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
  crun=(unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$0" "$@"' crun)
fi

go_env=(CGO_ENABLED=0 GOPROXY=off GO111MODULE=off GOFLAGS= GOCACHE=/tmp/go-cache GOPATH=/tmp/go GOTMPDIR=/tmp)
# The code at /srv: a directory the read-only root already has (bwrap and
# runc cannot make a mount point in it; nsbox's setup layer can).
go_script () { echo "go build -o /tmp/main /srv/$1 && /tmp/main"; }

echo "nsbox lang bench: $runs runs each, median wall seconds ($(nproc) CPUs, $(uname -r))"
printf '%-14s %8s %8s %8s %8s %8s   %6s %6s %6s %6s\n' program nsbox cached bwrap crun runc \
  cached/n bwrap/n crun/n runc/n
bench_case go-hello go hello.go "hello from go" nsbox/go "$(go_script hello.go)" "${go_env[@]}"
bench_case go-net-http go nethttp.go '"status":200' nsbox/go "$(go_script nethttp.go)" "${go_env[@]}"
bench_case c-hello c hello.c "hello from c" nsbox/gcc "gcc -O2 -o /tmp/main /srv/hello.c && /tmp/main"
