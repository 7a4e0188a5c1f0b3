#!/bin/bash
# bench/stream.sh - a stream through a sandbox: SIZE bytes through
# `nsbox exec -i -- cat` against the same cat run directly, both between
# `head -c SIZE /dev/zero` and `wc -c`.  nsbox relays the stream in and out
# (the workload never gets the caller's descriptors): this is what that costs.
# See bench/README.md.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(cd -- "$here/.." && pwd)

size=1G
runs=5
nsbox=$top/src/nsbox/nsbox
rootfs=$top/test-roots/busybox

usage ()
{
  cat <<EOF
Usage: ${0##*/} [OPTIONS]

Streams SIZE bytes of zeros through \`nsbox exec -i -- cat\` and through the
root's own cat run directly, RUNS times each in turns, and prints the median
seconds, MB/s and the ratio nsbox / cat.  Run as root, after make.

Options:
  -s, --size SIZE     bytes to stream, head -c syntax (default $size)
  -n, --runs N        runs of each (default $runs)
      --nsbox PATH    the nsbox binary (default: the build tree's)
      --rootfs DIR    a root with /bin/cat (default: the build tree's test-roots/busybox)
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    -s|--size) size=$2; shift 2 ;;
    -n|--runs) runs=$2; shift 2 ;;
    --nsbox) nsbox=$2; shift 2 ;;
    --rootfs) rootfs=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "${0##*/}: run as root" >&2; exit 1; }
[ -x "$nsbox" ] || { echo "${0##*/}: no nsbox at $nsbox (make, or --nsbox)" >&2; exit 1; }
[ -x "$rootfs/bin/cat" ] || { echo "${0##*/}: no $rootfs/bin/cat (make check builds it, or --rootfs)" >&2; exit 1; }

state=$(mktemp -d /tmp/nsbox-stream.XXXXXX)
trap 'rm -rf "$state"' EXIT
bytes=$(head -c "$size" /dev/zero | wc -c)

# Seconds for one run of the pipeline "$@" between head and wc; checks the count.
one ()
{
  local start end got
  start=$(date +%s.%N)
  got=$(head -c "$size" /dev/zero | "$@" | wc -c)
  end=$(date +%s.%N)
  [ "$got" = "$bytes" ] || { echo "${0##*/}: $* passed $got of $bytes bytes" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

median ()
{
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

plain=() boxed=()
for ((i = 0; i < runs; i++)); do
  plain+=("$(one "$rootfs/bin/cat")")
  boxed+=("$(one "$nsbox" --root "$state" exec -i --rootfs "$rootfs" -- cat)")
done
p=$(printf '%s\n' "${plain[@]}" | median)
b=$(printf '%s\n' "${boxed[@]}" | median)
mb=$(echo "$bytes / 1048576" | bc -l)
printf 'stream of %s bytes, %d runs each, median\n' "$bytes" "$runs"
printf '  %-28s %7.3f s  %8.0f MB/s\n' "cat" "$p" "$(echo "$mb / $p" | bc -l)"
printf '  %-28s %7.3f s  %8.0f MB/s\n' "nsbox exec -i -- cat" "$b" "$(echo "$mb / $b" | bc -l)"
printf '  ratio nsbox / cat: %.2f\n' "$(echo "$b / $p" | bc -l)"
