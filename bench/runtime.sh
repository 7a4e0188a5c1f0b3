#!/bin/bash
# runtime.sh - a container's start to exit through real engines, with
# nsbox-runtime, runc and crun as the engine's OCI runtime, in one run:
# `podman run --rm IMAGE true` and `ctr run --rm IMAGE ID true`, each
# runtime's runs interleaved, medians and ratios against runc.
#
# Usage (as root, from the build tree, after make):
#   bench/runtime.sh [-n RUNS]
# Environment: NSBOX_RUNTIME_BIN (default src/nsbox-runtime/nsbox-runtime),
#   NSBOX_TEST_ROOTS (default test-roots; the busybox root is the image).
# podman's storage, containerd's daemon and every runtime's state live in a
# scratch directory removed at the end, as in tests/runtime/run-engines.
# A runtime that refuses this host (crun 1.8 on a hybrid cgroup host) is
# named with its error, not timed.
set -euo pipefail

runs=21
while getopts n: opt; do
  case $opt in
    n) runs=$OPTARG ;;
    *) echo "usage: bench/runtime.sh [-n RUNS]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "runtime.sh: needs root" >&2; exit 2; }
nsbox=$(realpath "${NSBOX_RUNTIME_BIN:-src/nsbox-runtime/nsbox-runtime}")
root=$(realpath "${NSBOX_TEST_ROOTS:-test-roots}")/busybox
[ -x "$nsbox" ] && [ -d "$root" ] || { echo "runtime.sh: run from the build tree after make (and make check's roots)" >&2; exit 2; }

work=$(mktemp -d /tmp/nsbox-bench-runtime.XXXXXX)
printf '[engine]\nlock_type = "file"\n' > "$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
ns=nsbox-bench-$$
had_run_containerd=0
[ -e /run/containerd ] && had_run_containerd=1
containerd_pid=
cleanup ()
{
  set +e
  if [ -n "$containerd_pid" ]; then
    kill "$containerd_pid"
    wait "$containerd_pid"
  fi
  for _ in $(seq 100); do
    pgrep -f "(conmon|podman|containerd-shim).*$work" >/dev/null || break
    sleep 0.1
  done
  grep -o " $work[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf -- "$work"
  find /sys/fs/cgroup -depth -type d -path "*/$ns*" -exec rmdir {} + 2>/dev/null
  [ "$had_run_containerd" = 1 ] || rm -rf /run/containerd
}
trap cleanup EXIT

mkdir "$work/bin"
runtimes=()
for rt in nsbox-runtime runc crun; do
  bin=$nsbox
  [ "$rt" = nsbox-runtime ] || bin=$(command -v "$rt" || true)
  [ -n "$bin" ] || { echo "$rt: not installed, skipped"; continue; }
  printf '#!/bin/sh\nNSBOX_SECCOMP_CACHE_DIR=%s exec %s --root %s "$@"\n' "$work/seccomp-cache" "$bin" "$work/state-$rt" \
    > "$work/bin/$rt"
  chmod 0755 "$work/bin/$rt"
  runtimes+=("$rt")
done
nofile=$(ulimit -Hn)
podman_ () { podman --root "$work/storage" --runroot "$work/run" --tmpdir "$work/libpod" --storage-driver vfs \
  --cgroup-manager cgroupfs --events-backend none "$@"; }
ctr_ () { ctr -a "$work/containerd/sock" -n "$ns" "$@"; }
image=localhost/nsbox-bench-busybox
tar -C "$root" -c . | podman_ import -q - $image >/dev/null

mkdir -p "$work/containerd"
printf 'version = 2\nroot = "%s"\nstate = "%s"\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = "%s"\n' \
  "$work/containerd/root" "$work/containerd/state" "$work/containerd/sock" > "$work/containerd/config.toml"
containerd --config "$work/containerd/config.toml" > "$work/containerd/log" 2>&1 &
containerd_pid=$!
for _ in $(seq 100); do [ -S "$work/containerd/sock" ] && break; sleep 0.1; done
podman_ save -q --format oci-archive -o "$work/image.tar" $image
ctr_ images import "$work/image.tar" >/dev/null

# One run of ENGINE with RUNTIME; prints milliseconds, or fails.
one () # ENGINE RUNTIME N
{
  local t0 t1 status=0
  t0=$(date +%s%N)
  case $1 in
    podman) podman_ --runtime "$work/bin/$2" run --rm --cgroup-parent "/$ns" --network none --ulimit "nofile=$nofile:$nofile" \
      --ulimit nproc=4096:4096 $image true >/dev/null 2>"$work/err" || status=$? ;;
    ctr) ctr_ run --rm --runc-binary "$work/bin/$2" --runc-root "$work/state-ctr-$2" --cgroup "/$ns/c$3" \
      $image:latest "c-$2-$3" true >/dev/null 2>"$work/err" || status=$? ;;
  esac
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
  # A failed run is never a time.
  return "$status"
}

median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-8s %-14s %10s %10s\n' engine runtime "median ms" "/ runc"
for engine in podman ctr; do
  declare -A times=() refused=()
  for rt in "${runtimes[@]}"; do
    # A first run that must succeed, not timed (caches, the image's layers).
    one "$engine" "$rt" 0 >/dev/null || refused[$rt]=$(tail -1 "$work/err")
  done
  for i in $(seq "$runs"); do
    for rt in "${runtimes[@]}"; do
      [ -z "${refused[$rt]:-}" ] || continue
      times[$rt]+="$(one "$engine" "$rt" "$i" || { echo "$rt failed at run $i: $(tail -1 "$work/err")" >&2; exit 1; }) "
    done
  done
  base=
  [ -n "${times[runc]:-}" ] && base=$(echo "${times[runc]}" | tr ' ' '\n' | grep . | median)
  for rt in "${runtimes[@]}"; do
    if [ -n "${refused[$rt]:-}" ]; then
      printf '%-8s %-14s %10s   refused: %.90s\n' "$engine" "$rt" - "${refused[$rt]}"
      continue
    fi
    m=$(echo "${times[$rt]}" | tr ' ' '\n' | grep . | median)
    ratio=-
    [ -n "$base" ] && ratio=$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    printf '%-8s %-14s %10s %10s\n' "$engine" "$rt" "$m" "$ratio"
  done
  unset times refused
done
