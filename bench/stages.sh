#!/bin/bash
# bench/stages.sh - where one `nsbox exec` spends its time, stage by stage.
#
# Builds a copy of this tree configured with --enable-stage-stamps (the
# NSBOX_STAMP calls in the source then record clock_gettime stamps at each
# stage of the parent, the child, the init and the workload in a shared page,
# dumped at exit), runs it RUNS times on the busybox root and prints the
# median time of each stage from the fork that started nsbox.  The tree
# itself is not touched and the stamps are never part of a normal build.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)
runs=300
fifo=0
extra=()

usage ()
{
  cat <<EOF
Usage: ${0##*/} [-n RUNS] [--fifo] [-- NSBOX-EXEC-OPTION...]

Per-stage medians of \`nsbox exec --rootfs BUSYBOX [OPTION...] -- /bin/true\`
(default $runs runs).  --fifo runs at SCHED_FIFO priority 10, which takes
the run queue of a busy machine out of the figures (it fails when nsbox puts
the sandbox into a v1 cpu cgroup: pass --cpus unlimited then).  Run as root.
A stage is wherever the source calls NSBOX_STAMP ("name") (src/libnsbox/base/stamp.h).
EOF
}

while (($#)); do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --fifo) fifo=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "${0##*/}: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "${0##*/}: run as root" >&2; exit 1; }
tmp=$(mktemp -d /var/tmp/nsbox-stages.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
# Each run is logged, as root's are by default, to a log of the bench's own.
printf '{"results_log": "%s/results.jsonl"}\n' "$tmp" >"$tmp/nsbox.conf"
export NSBOX_CONFIG=$tmp/nsbox.conf

git -C "$top" ls-files -z | (cd "$top" && xargs -0 tar -c) | tar -x -C "$tmp"
(cd "$tmp" && ./autogen.sh && ./configure --enable-stage-stamps && make -j"$(nproc)" src/nsbox/nsbox) \
  >"$tmp/build.log" 2>&1 ||
  { tail -20 "$tmp/build.log" >&2; exit 1; }
cc -O2 -o "$tmp/stagedrv" "$here/stagedrv.c"
"$top/rootfs-tools/mkroot-busybox" "$tmp/busybox"

env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp)
[ -d "$top/policies/seccomp" ] && env+=("NSBOX_SECCOMP_PROFILE_DIR=$top/policies/seccomp")
[ -d "$top/seccomp-cache" ] && env+=("NSBOX_SECCOMP_CACHE_DIR=$top/seccomp-cache")
prefix=(env -i "${env[@]}")
((fifo)) && prefix=(chrt -f 10 "${prefix[@]}")

echo "nsbox exec stages, $runs runs, load $(cut -d' ' -f1-3 /proc/loadavg)$( ((fifo)) && echo ", SCHED_FIFO")"
"${prefix[@]}" "$tmp/stagedrv" "$runs" "$tmp/stamps" "$tmp/src/nsbox/nsbox" exec --rootfs "$tmp/busybox" \
  "${extra[@]}" -- /bin/true
